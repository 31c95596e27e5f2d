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


def test_the_incremental_selection_names_sources_dbt_declares():
    """``--select source:<source>.<table>+`` must name a source table of _sources.yml: a selector that
    names none makes dbt build nothing ("Nothing to do"), and the night published a copy without its loads."""
    import yaml

    from pkit.build.candidate import _downstream_of_new_loads
    from pkit.config import PROJECT_ROOT
    from pkit.raw.schema import RAW_TABLES

    declared = yaml.safe_load((PROJECT_ROOT / "dbt_project/models/staging/_sources.yml").read_text())
    names = {f"source:{s['name']}.{t['name']}+" for s in declared["sources"] for t in s["tables"]}
    loads = [f"{table}/{table}-20261101T000000000000Z-aa.parquet" for table in RAW_TABLES]
    selection = _downstream_of_new_loads(loads, {"loads": []})
    assert selection[0] == "--select"
    selectors = [s for s in selection[1:] if s != "--full-refresh"]
    assert len(selectors) == len(RAW_TABLES) and set(selectors) <= names, set(selectors) - names
