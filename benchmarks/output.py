"""The benchmark's printed tables (the JSON file holds everything; this is what a person reads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.pipeline_run import RunMeasure


def _say(text: str = "") -> None:
    print(text, flush=True)


def _num(value: float | None, fmt: str = ".2f") -> str:
    return "-" if value is None else format(value, fmt)


def print_header(result: dict[str, Any]) -> None:
    m, v = result["machine"], result["machine"]["versions"]
    cores = f"{m['logical_cores']} logical cores ({m.get('physical_cores') or '?'} physical)"
    _say(f"pkit bench — {result['started_at'][:19]} UTC — commit {m.get('git_commit') or '?'}")
    _say(f"  {m['cpu_model']}, {cores}, {m.get('memory_gb')} GB RAM, {m['os']}")
    _say(
        f"  Python {m['python']}, duckdb {v.get('duckdb')}, dbt-core {v.get('dbt-core')}, "
        f"dbt-duckdb {v.get('dbt-duckdb')}, GX {v.get('great-expectations')}, "
        f"Airflow {v.get('apache-airflow')}"
    )


def _gx_line(gx: dict[str, Any]) -> str:
    if "checkpoint_seconds" not in gx:
        return f"not measured: {gx.get('error') or gx.get('skipped')}"
    return (
        f"import {gx['import_seconds']:.2f} s, first checkpoint {gx['first_checkpoint_seconds']:.2f} s, "
        f"then {gx['checkpoint_seconds']:.2f} s each (empty frame, {gx['expectations']} expectations)"
    )


def _dbt_line(dbt: dict[str, Any]) -> str:
    if "cold" not in dbt:
        return f"not measured: {dbt.get('skipped')}"
    cold, warm = dbt["cold"], dbt["warm"]
    state = "" if cold["ok"] else f" (FAILED: {cold.get('error', '')[-300:]})"
    return f"build on empty sources: cold {cold['seconds']:.2f} s, warm {warm['seconds']:.2f} s{state}"


def _airflow_line(air: dict[str, Any]) -> str:
    if "bench_noop_single" not in air:
        return f"not measured: {air.get('skipped') or air.get('db_migrate', {}).get('error', '')[-300:]}"
    parts = []
    for dag_id, label in (("bench_noop_single", "1 task"), ("bench_noop_shaped", "nightly's shape")):
        r = air[dag_id]
        ok = "" if r["ok"] else " FAILED"
        parts.append(f"{label} {r['seconds']:.2f} s (DagRun {_num(r.get('dag_run_seconds'))} s){ok}")
    return f"dags test: {'; '.join(parts)}; db migrate {air['db_migrate']['seconds']:.2f} s"


def print_floor(floor: dict[str, Any]) -> None:
    _say("\nFloor: the bare tools on this machine")
    _say(f"  GX        {_gx_line(floor.get('gx', {}))}")
    _say(f"  dbt       {_dbt_line(floor.get('dbt', {}))}")
    _say(f"  Airflow   {_airflow_line(floor.get('airflow', {}))}")


def print_corpus(size: dict[str, Any]) -> None:
    c = size["corpus"]
    kinds = ", ".join(f"{k} {n:,}" for k, n in c["by_type"].items())
    rate = c["files"] / c["seconds"] if c["seconds"] else 0
    official = sum(size["official_rows"].values())
    _say(
        f"\n== {size['documents']:,} documents: {c['bytes'] / 1e6:.1f} MB ({kinds}; "
        f"mean {c['mean_bytes']:,} B), generated in {c['seconds']:.1f} s ({rate:,.0f} docs/s); "
        f"official rows {official:,}"
    )


def print_run(run: RunMeasure, overhead: dict[str, Any] | None = None) -> None:
    rss = f"peak RSS {_num(run.peak_rss_mb, '.0f')} MB (process tree {_num(run.peak_tree_rss_mb, '.0f')} MB)"
    _say(
        f"{run.scenario} run (+{run.new_documents:,} docs): {run.status} in {run.wall_seconds:.1f} s wall "
        f"(imports {_num(run.import_seconds)} s), {rss}, {run.checkpoints} GX checkpoints"
    )
    if run.scenario == "noop" and run.status != "unchanged":
        _say("  ! the no-op run rebuilt: the raw layer or the build code changed between runs")
    if run.message:
        message = run.message if len(run.message) <= 900 else f"{run.message[:450]} … {run.message[-450:]}"
        _say(f"  ! {message}")
    _say(f"  {'stage':<20}{'wall s':>9}{'cpu s':>9}{'rows':>10}{'docs/s':>10}{'MB/s':>9}")
    for s in run.stages:
        flag = "" if s.status == "success" else f"  ({s.status})"
        _say(
            f"  {s.label:<20}{s.seconds:>9.2f}{s.cpu_seconds:>9.2f}{s.rows:>10,}"
            f"{_num(s.docs_per_s, ',.0f'):>10}{_num(s.mb_per_s):>9}{flag}"
        )
    if overhead and overhead.get("overhead_seconds") is not None:
        _say(
            f"  floor {overhead['floor_seconds']:.1f} s (dbt empty build + GX import and empty checkpoints); "
            f"above it: +{overhead['overhead_seconds']:.1f} s = "
            f"{_num(overhead['overhead_ms_per_doc'])} ms/doc; wall = {overhead['wall_over_floor']}x floor"
        )


def print_bundled(run: RunMeasure, overhead: dict[str, Any]) -> None:
    _say(f"\n== bundled inputs (data/): {run.new_documents} documents and the official tables")
    print_run(run, overhead)


def print_storage(store: dict[str, Any], documents: int) -> None:
    raw = sum(store["raw_bytes"].values())
    docs = store["raw_bytes"].get("documents", 0) + store["raw_bytes"].get("document_facts", 0)
    _say(
        f"  on disk: raw {raw / 1e6:.1f} MB ({docs / max(documents, 1):,.0f} B/doc for documents + facts), "
        f"published {store['published_bytes'] / 1e6:.1f} MB, ledger {store['ledger_bytes'] / 1e6:.1f} MB, "
        f"GX docs {store['gx_bytes'] / 1e6:.1f} MB"
    )


def print_queries(queries: dict[str, Any]) -> None:
    if "skipped" in queries:
        _say(f"  queries: skipped ({queries['skipped']})")
        return
    _say(
        f"  analysts' queries on the published file ({queries['database_mb']} MB, "
        f"open {queries['connect_p50_ms']} ms):"
    )
    for q in queries["queries"]:
        if "p95_ms" in q:
            timing = f"p50 {q['p50_ms']:>8.2f} ms  p95 {q['p95_ms']:>8.2f} ms"
            _say(f"    {q['name']:<44} {timing}  rows {q['rows']:,}")
        else:
            _say(f"    {q['name']:<44} {q.get('skipped') or q.get('error')}")


def print_extraction(extraction: dict[str, Any]) -> None:
    _say(
        f"\nExtraction, one process: {_num(extraction['mb_per_s'])} MB/s of text "
        f"({_num(extraction['docs_per_s'], ',.0f')} docs/s over {extraction['documents']:,} docs), "
        f"{extraction['facts_per_doc']} facts/doc, planted facts found {extraction['planted_recall']}; "
        f"bytes to text {extraction['parse_mb_per_s']} MB/s"
    )
    linear = extraction.get("linearity")
    if linear:
        line = linear["single_line"]
        _say(
            f"Extraction, 10x the text: {line['ratio']}x the time on one {line['chars_x1']:,}-character line "
            f"({line['seconds_x1']} s -> {line['seconds_x10']} s); hostile inputs (separators, signs, cue "
            f"words repeated): worst ratio {linear['worst_hostile_ratio']}x (linear is ~10x)"
        )


def print_budgets(budgets: dict[str, Any]) -> None:
    _say("\n== time budgets (measured here, not asserted by the tests)")
    for name, entry in budgets.items():
        verdict = {True: "met", False: "MISSED", None: "not measured"}[entry["met"]]
        seconds = _num(entry.get("seconds"), ".3f")
        _say(f"  {name:<20} {seconds:>8} s  (budget {entry['budget_seconds']} s) {verdict}")


def print_summary(result: dict[str, Any], path: Path) -> None:
    _say("\nSummary")
    header = ("documents", "full s", "+1% s", "no-op s", "peak RSS MB", "tree RSS MB", "ms/doc")
    _say("  " + "".join(f"{h:>12}" for h in header))
    for size in result.get("sizes", []):
        full, inc, noop = size["full"], size.get("incremental", {}), size.get("noop", {})
        cells = (
            f"{size['documents']:,}",
            f"{full['wall_seconds']:.1f}",
            _num(inc.get("wall_seconds"), ".1f"),
            _num(noop.get("wall_seconds"), ".1f"),
            _num(full.get("peak_rss_mb"), ".0f"),
            _num(full.get("peak_tree_rss_mb"), ".0f"),
            f"{full['wall_seconds'] / size['documents'] * 1000:.2f}",
        )
        status = "" if full["status"] == "published" else f"  ({full['status']})"
        _say("  " + "".join(f"{c:>12}" for c in cells) + status)
    for slope in result.get("marginal", []):
        _say(
            f"  marginal cost {slope['from_documents']:,} → {slope['to_documents']:,} docs: "
            f"{slope['ms_per_doc']:.3f} ms/doc; peak tree RSS "
            f"+{_num(slope['peak_rss_mb_per_1k_docs'])} MB per 1k docs"
        )
        _say(
            f"    per document already in the warehouse: no-op run "
            f"+{_num(slope.get('noop_ms_per_inbox_doc'), '.3f')} ms, +1 % run "
            f"+{_num(slope.get('incremental_ms_per_inbox_doc'), '.3f')} ms; raw "
            f"{_num(slope.get('raw_bytes_per_doc'), ',.0f')} B, published "
            f"{_num(slope.get('published_bytes_per_doc'), ',.0f')} B, ledger "
            f"{_num(slope.get('ledger_bytes_per_doc'), ',.0f')} B"
        )
    _say(f"  saved {path}")
