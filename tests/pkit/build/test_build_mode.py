"""When a night's build may start from the published file, and why not when it may not."""

from __future__ import annotations

from pkit.build.candidate import incremental_blocker

LOADS = ["documents/documents-20261101T000000000000Z-aa.parquet", "official_parks/official_parks-x.parquet"]
PUBLISHED = {"code_fingerprint": "code-1", "loads": LOADS[:1]}


def test_same_code_and_more_loads_is_incremental(monkeypatch):
    monkeypatch.delenv("PKIT_FULL_REFRESH", raising=False)
    assert incremental_blocker(PUBLISHED, "code-1", LOADS) is None


def test_each_reason_for_a_build_from_empty(monkeypatch):
    monkeypatch.delenv("PKIT_FULL_REFRESH", raising=False)
    assert "no published warehouse" in incremental_blocker(None, "code-1", LOADS)
    assert "build code" in incremental_blocker(PUBLISHED, "code-2", LOADS)
    assert "does not list its raw loads" in incremental_blocker(
        {"code_fingerprint": "code-1", "loads": None}, "code-1", LOADS
    )
    gone = incremental_blocker(PUBLISHED, "code-1", LOADS[1:])
    assert "1 raw load(s) of the published build are gone" in gone and LOADS[0] in gone
    monkeypatch.setenv("PKIT_FULL_REFRESH", "1")
    assert "PKIT_FULL_REFRESH" in incremental_blocker(PUBLISHED, "code-1", LOADS)
