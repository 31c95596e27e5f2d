"""The benchmark's arithmetic and plumbing, without running the pipeline (no timing assertions)."""

from __future__ import annotations

import duckdb
import pytest

from benchmarks.__main__ import build_parser, parse_sizes
from benchmarks.analyst import percentile, time_queries
from benchmarks.corpus import CorpusGenerator, CorpusSpec
from benchmarks.extraction import planted_recall
from benchmarks.floor import NOOP_DAGS, run_floor_seconds
from benchmarks.pipeline_run import stage_measures
from benchmarks.queries import QUERIES, AnalystQuery
from benchmarks.runner import marginal_costs


def _stage(name: str, seconds: float, cpu: float, rows: int, status: str = "success") -> dict:
    return {
        "kind": "stage",
        "stage": name,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows": rows,
        "status": status,
    }


def test_stage_measures_group_the_ledger_and_add_child_cpu():
    events = [
        _stage("ingest_documents", 10.0, 2.0, 1000),
        _stage("ingest_ict_exports_monthly", 0.5, 0.4, 1920),
        _stage("ingest_parks", 0.5, 0.4, 156),
        _stage("check_raw", 4.0, 3.5, 6),
        {"kind": "check", "suite": "x"},
        _stage("dbt_build", 8.0, 0.1, 5000),
        _stage("check_marts", 2.0, 1.9, 800, status="failed"),
    ]
    child = {
        "ingest_documents": {"seconds": 10.1, "cpu_seconds": 2.0, "child_cpu_seconds": 15.0},
        "dbt_build": {"seconds": 8.1, "cpu_seconds": 0.1, "child_cpu_seconds": 7.5},
        "report": {"seconds": 1.5, "cpu_seconds": 1.2, "child_cpu_seconds": 0.0},
    }
    measures = stage_measures(events, child, docs=1000, nbytes=3_000_000, official_bytes=2_000_000)
    stages = {s.stage: s for s in measures}
    assert list(stages) == [
        "ingest_documents",
        "ingest_official",
        "check_raw",
        "dbt_build",
        "check_marts",
        "report",
    ]
    assert stages["ingest_official"].seconds == 1.0
    assert stages["ingest_official"].rows == 2076
    assert stages["ingest_official"].docs_per_s is None  # rated by the CSV bytes, not documents
    assert stages["ingest_official"].mb_per_s == 2.0
    assert stages["ingest_documents"].cpu_seconds == 17.0  # own 2 s + the extraction pool's 15 s
    assert stages["dbt_build"].cpu_seconds == 7.6
    assert stages["ingest_documents"].docs_per_s == 100.0
    assert stages["ingest_documents"].mb_per_s == 0.3
    assert stages["check_marts"].status == "failed"
    assert stages["report"].seconds == 1.5


def test_stage_measures_without_documents_give_no_rates():
    stages = stage_measures([_stage("dbt_build", 1.0, 0.1, 0)], {}, docs=0, nbytes=0)
    assert stages[0].docs_per_s is None and stages[0].mb_per_s is None


def test_percentile_is_nearest_rank():
    samples = [float(i) for i in range(1, 21)]
    assert percentile(samples, 95) == 19.0
    assert percentile(samples, 50) == 10.0
    assert percentile([3.0], 95) == 3.0


def test_queries_run_skip_and_fail_politely(tmp_path):
    db = tmp_path / "pkit.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.t as select range as x from range(100)")
    queries = (
        AnalystQuery("ok", "sum", "select sum(x) from marts.t", ("marts.t",)),
        AnalystQuery("absent", "missing", "select 1 from marts.nope", ("marts.nope",)),
        AnalystQuery("broken", "bad column", "select y from marts.t", ("marts.t",)),
    )
    result = time_queries(db, repeats=3, queries=queries)
    by_name = {q["name"]: q for q in result["queries"]}
    assert by_name["ok"]["rows"] == 1 and by_name["ok"]["p95_ms"] >= by_name["ok"]["p50_ms"]
    assert by_name["absent"]["skipped"] == "absent: marts.nope"
    assert "Binder Error" in by_name["broken"]["error"]
    assert by_name["scan:marts.t"]["rows"] == 100


def test_queries_without_a_warehouse_are_skipped(tmp_path):
    assert "skipped" in time_queries(tmp_path / "none.duckdb")


def test_every_listed_query_names_its_tables():
    names = [q.name for q in QUERIES]
    assert len(names) == len(set(names))
    for query in QUERIES:
        assert query.tables and all("." in t for t in query.tables)
        assert all(t in query.sql for t in query.tables)


def test_sizes_from_flag_and_environment(monkeypatch):
    assert parse_sizes("1000, 10k,100000") == [1000, 10000, 100000]
    with pytest.raises(Exception, match="at least 1"):
        parse_sizes("0")
    monkeypatch.setenv("BENCH_DOCS", "20,40")
    assert build_parser().parse_args([]).docs == [20, 40]
    assert build_parser().parse_args(["--docs", "5"]).docs == [5]


def test_floor_of_a_run():
    floor = {
        "gx": {"import_seconds": 3.0, "first_checkpoint_seconds": 0.5, "checkpoint_seconds": 0.25},
        "dbt": {"cold": {"seconds": 4.0, "ok": True}},
    }
    assert run_floor_seconds(floor, checkpoints=9) == pytest.approx(3.0 + 4.0 + 0.5 + 8 * 0.25)
    assert run_floor_seconds({"gx": floor["gx"], "dbt": {"skipped": "no project"}}, 9) is None


def test_marginal_cost_is_the_slope_between_sizes():
    def size(docs: int, wall: float, dbt: float, rss: float, noop: float, raw: int) -> dict:
        stages = [{"stage": "dbt_build", "seconds": dbt}]
        full = {"status": "published", "wall_seconds": wall, "stages": stages, "peak_tree_rss_mb": rss}
        store = {"raw_bytes": {"documents": raw}, "published_bytes": raw // 2, "ledger_bytes": raw // 10}
        return {"documents": docs, "full": full, "noop": {"wall_seconds": noop}, "storage_after_full": store}

    small, big = (
        size(1000, 30.0, 8.0, 500.0, 4.0, 1_000_000),
        size(11000, 130.0, 18.0, 700.0, 6.0, 11_000_000),
    )
    (slope,) = marginal_costs([small, big])
    assert slope["ms_per_doc"] == 10.0
    assert slope["stage_ms_per_doc"] == {"dbt_build": 1.0}
    assert slope["peak_rss_mb_per_1k_docs"] == 20.0
    assert slope["noop_ms_per_inbox_doc"] == 0.2
    assert slope["incremental_ms_per_inbox_doc"] is None
    assert slope["raw_bytes_per_doc"] == 1000.0
    assert slope["published_bytes_per_doc"] == 500.0


def test_planted_recall_matches_unit_and_value_once():
    doc = CorpusGenerator(CorpusSpec(seed=3)).document(0)
    exact = [{"unit": f.figure.unit, "value": f.figure.value} for f in doc.facts]
    assert planted_recall(doc, exact) == (len(doc.facts), len(doc.facts))
    assert planted_recall(doc, []) == (0, len(doc.facts))
    wrong_unit = [{"unit": "days", "value": f.figure.value} for f in doc.facts]
    assert planted_recall(doc, wrong_unit)[0] == 0


def test_noop_dags_parse():
    compile(NOOP_DAGS, "bench_noop.py", "exec")
