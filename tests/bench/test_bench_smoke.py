"""A tiny benchmark end to end: 20 documents through the real pipeline, +1 document, a no-op run.

Skipped while the pipeline cannot run here (the extractor or the dbt project missing). No timing is
asserted: only that every number the report promises is there.
"""

from __future__ import annotations

import importlib
import json

import pytest

from ingestion.bench.floor import gx_floor
from ingestion.bench.runner import BenchConfig, run_bench
from ingestion.config import Settings

pytestmark = pytest.mark.slow


def _pipeline_missing() -> str | None:
    for module, name in (("ingestion.extract", "extract_facts"), ("ingestion.pipeline", "run_all")):
        try:
            getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as err:
            return f"{module}.{name} is not importable: {err}"
    project = Settings.from_env().dbt_project_dir / "dbt_project.yml"
    return None if project.exists() else f"no dbt project at {project}"


def test_gx_floor_in_a_fresh_process(tmp_path):
    floor = gx_floor(tmp_path, checkpoints=2)
    assert {"import_seconds", "first_checkpoint_seconds", "checkpoint_seconds"} <= set(floor), floor


def test_tiny_bench_end_to_end(tmp_path, capsys):
    missing = _pipeline_missing()
    if missing:
        pytest.skip(missing)
    config = BenchConfig(
        sizes=[20],
        seed=3,
        work_dir=tmp_path / "work",
        out_dir=tmp_path / "out",
        floor=False,
        query_repeats=2,
        extraction_sample=30,
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
    assert "Summary" in capsys.readouterr().out
