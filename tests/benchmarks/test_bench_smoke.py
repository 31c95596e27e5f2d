"""A tiny benchmark end to end: the bundled inputs, then 20 generated documents through the real
pipeline, +1 document, a no-op run. No timing is asserted: only that every number the report promises
is there.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.floor import gx_floor
from benchmarks.runner import BenchConfig, run_bench

pytestmark = pytest.mark.slow


def test_gx_floor_in_a_fresh_process(tmp_path):
    floor = gx_floor(tmp_path, checkpoints=2)
    assert {"import_seconds", "first_checkpoint_seconds", "checkpoint_seconds"} <= set(floor), floor


def test_tiny_bench_end_to_end(tmp_path, capsys):
    config = BenchConfig(
        sizes=[20],
        seed=3,
        work_dir=tmp_path / "work",
        out_dir=tmp_path / "out",
        floor=False,
        query_repeats=2,
        extraction_sample=30,
        linearity_chars=20_000,
    )
    run_bench(config)
    (saved,) = (tmp_path / "out").glob("*.json")
    result = json.loads(saved.read_text())
    assert result["machine"]["cpu_model"]
    (size,) = result["sizes"]
    full = size["full"]
    assert full["status"] == "published", full["message"]
    stages = {s["stage"]: s for s in full["stages"]}
    expected = {"ingest_documents", "ingest_official", "check_raw", "dbt_build", "check_marts", "publish"}
    assert expected | {"report"} <= set(stages)
    assert stages["ingest_documents"]["rows"] == 20
    assert full["peak_rss_mb"] and full["checkpoints"] > 0
    assert size["incremental"]["status"] == "published"
    assert size["incremental"]["stages"][0]["rows"] == 1  # one new document of 1 %
    assert size["noop"]["status"] == "unchanged"
    assert "queries" in size["queries"]
    answered = [q for q in size["queries"]["queries"] if "p95_ms" in q]
    assert any(q["name"].startswith("scan:marts.") for q in answered)
    assert result["extraction"]["documents"] == 30 and result["extraction"]["mb_per_s"]
    linearity = result["extraction"]["linearity"]
    assert linearity["single_line"]["chars_x1"] == 20_000 and linearity["worst_hostile_ratio"] > 0
    bundled = result["bundled"]
    assert bundled["documents"] == 5 and bundled["full"]["status"] == "published", bundled["full"]["message"]
    budgets = result["budgets"]
    assert set(budgets) == {"dag_parse", "dbt_build_bundled", "fetch_give_up"}
    for name, entry in budgets.items():  # measured and judged, whatever the verdict on this machine
        assert entry["seconds"] > 0 and entry["met"] in (True, False), (name, entry)
    assert budgets["fetch_give_up"]["status"] == "failed"  # it gave up and fell back
    out = capsys.readouterr().out
    assert "Summary" in out and "time budgets" in out
