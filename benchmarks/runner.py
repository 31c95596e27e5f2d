"""The benchmark run: floor, then per size generate → full run → +1 % run → no-op run → queries.

Every size gets its own inbox and warehouse under a work folder (a temporary one unless ``--work-dir``
is given), removed afterwards unless ``--keep``. The result is one JSON document, saved under
``<warehouse>/bench/<timestamp>.json`` and printed as tables along the way.
"""

from __future__ import annotations

import itertools
import json
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import output
from benchmarks.analyst import time_queries
from benchmarks.budgets import measure_budgets
from benchmarks.corpus import CorpusSpec, write_corpus
from benchmarks.extraction import measure_extraction, measure_linearity
from benchmarks.floor import measure_floor, run_floor_seconds
from benchmarks.machine import machine_info
from benchmarks.official_tables import OfficialSpec, write_official
from benchmarks.pipeline_run import RunMeasure, Workspace, run_pipeline, storage
from pkit.config import PROJECT_ROOT, Settings

DEFAULT_SIZES = (1000, 10000)


@dataclass
class BenchConfig:
    sizes: list[int] = field(default_factory=lambda: list(DEFAULT_SIZES))
    seed: int = 7
    work_dir: Path | None = None
    out_dir: Path | None = None
    keep: bool = False
    floor: bool = True
    airflow: bool = True
    incremental: bool = True
    queries: bool = True
    extraction: bool = True
    bundled: bool = True
    query_repeats: int = 20
    extraction_sample: int = 1000  # documents the extractor is timed on
    linearity_chars: int = 500_000  # the extractor is timed on this much text and ten times as much
    official_vintages: int = 3
    timeout: float = 6 * 3600
    workers: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in vars(self).items()}


def overhead(full: RunMeasure, floor: dict[str, Any]) -> dict[str, Any]:
    floor_s = run_floor_seconds(floor, full.checkpoints)
    if floor_s is None or full.status != "published":
        return {"floor_seconds": floor_s}
    extra = full.wall_seconds - floor_s
    return {
        "floor_seconds": round(floor_s, 3),
        "overhead_seconds": round(extra, 3),
        "overhead_ms_per_doc": round(extra / full.new_documents * 1000, 3) if full.new_documents else None,
        "wall_over_floor": round(full.wall_seconds / floor_s, 2) if floor_s else None,
    }


def marginal_costs(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-document cost between consecutive sizes (the slope, free of fixed costs), overall and per stage."""
    done = [s for s in sizes if s.get("full", {}).get("status") == "published"]
    slopes = []
    for small, big in itertools.pairwise(done):
        docs = big["documents"] - small["documents"]
        if docs <= 0:
            continue
        stages_small = {s["stage"]: s for s in small["full"]["stages"]}
        per_stage = {}
        for stage in big["full"]["stages"]:
            before = stages_small.get(stage["stage"])
            if before is not None:
                per_stage[stage["stage"]] = round((stage["seconds"] - before["seconds"]) / docs * 1000, 4)
        slopes.append(
            {
                **_scenario_slopes(small, big, docs),
                "from_documents": small["documents"],
                "to_documents": big["documents"],
                "ms_per_doc": round(
                    (big["full"]["wall_seconds"] - small["full"]["wall_seconds"]) / docs * 1000, 4
                ),
                "stage_ms_per_doc": per_stage,
                "peak_rss_mb_per_1k_docs": _rss_slope(small, big, docs),
            }
        )
    return slopes


def _scenario_slopes(small: dict[str, Any], big: dict[str, Any], docs: int) -> dict[str, Any]:
    """How the +1 % and no-op runs, and the storage, grow per document already in the warehouse."""
    out: dict[str, Any] = {}
    for scenario in ("incremental", "noop"):
        a, b = small.get(scenario, {}).get("wall_seconds"), big.get(scenario, {}).get("wall_seconds")
        out[f"{scenario}_ms_per_inbox_doc"] = round((b - a) / docs * 1000, 4) if a and b else None
    a_st, b_st = small.get("storage_after_full"), big.get("storage_after_full")
    if a_st and b_st:
        for key in ("published_bytes", "ledger_bytes"):
            out[f"{key}_per_doc"] = round((b_st[key] - a_st[key]) / docs, 1)
        raw_a, raw_b = sum(a_st["raw_bytes"].values()), sum(b_st["raw_bytes"].values())
        out["raw_bytes_per_doc"] = round((raw_b - raw_a) / docs, 1)
    return out


def _rss_slope(small: dict[str, Any], big: dict[str, Any], docs: int) -> float | None:
    a, b = small["full"].get("peak_tree_rss_mb"), big["full"].get("peak_tree_rss_mb")
    return round((b - a) / docs * 1000, 2) if a is not None and b is not None else None


def bench_size(size: int, config: BenchConfig, work: Path, floor: dict[str, Any]) -> dict[str, Any]:
    ws = Workspace(work / f"docs-{size}")
    shutil.rmtree(ws.root, ignore_errors=True)
    spec = CorpusSpec(seed=config.seed)
    corpus = write_corpus(ws.documents, size, spec, workers=config.workers)
    official_rows = write_official(
        ws.official, OfficialSpec(seed=config.seed, vintages=config.official_vintages)
    )
    result: dict[str, Any] = {"documents": size, "corpus": corpus.as_dict(), "official_rows": official_rows}
    output.print_corpus(result)
    official_bytes = sum(p.stat().st_size for p in ws.official.glob("*.csv"))
    full = run_pipeline(ws, "full", f"bench-full-{size}", size, corpus.bytes, config.timeout, official_bytes)
    result["full"] = full.as_dict()
    result["storage_after_full"] = storage(ws.warehouse)
    result["overhead"] = overhead(full, floor)
    output.print_run(full, result["overhead"])
    output.print_storage(result["storage_after_full"], size)
    if config.incremental and full.status == "published":
        new = max(1, math.ceil(size / 100))
        added = write_corpus(ws.documents, new, spec, start=size, workers=config.workers)
        incremental = run_pipeline(ws, "incremental", f"bench-incr-{size}", new, added.bytes, config.timeout)
        result["incremental"] = incremental.as_dict()
        output.print_run(incremental)
        noop = run_pipeline(ws, "noop", f"bench-noop-{size}", 0, 0, config.timeout)
        result["noop"] = noop.as_dict()
        output.print_run(noop)
    if config.queries:
        result["queries"] = time_queries(ws.warehouse / "pkit.duckdb", config.query_repeats)
        output.print_queries(result["queries"])
    if not config.keep:
        shutil.rmtree(ws.root, ignore_errors=True)
    else:
        result["work_dir"] = str(ws.root)
    return result


def bench_bundled(config: BenchConfig, work: Path, floor: dict[str, Any]) -> dict[str, Any]:
    """The nightly refresh of the repository's own inputs (data/), against the bare-tool floor."""
    ws = Workspace(work / "bundled")
    shutil.rmtree(ws.root, ignore_errors=True)
    shutil.copytree(PROJECT_ROOT / "data" / "documents", ws.documents)
    ws.official.mkdir(parents=True)
    for csv in (PROJECT_ROOT / "data" / "official").glob("*.csv"):
        shutil.copy(csv, ws.official / csv.name)
    docs = sorted(p for p in ws.documents.iterdir() if p.is_file())
    size = sum(p.stat().st_size for p in docs)
    official_bytes = sum(p.stat().st_size for p in ws.official.glob("*.csv"))
    full = run_pipeline(ws, "full", "bench-bundled", len(docs), size, config.timeout, official_bytes)
    result = {"documents": len(docs), "full": full.as_dict(), "overhead": overhead(full, floor)}
    output.print_bundled(full, result["overhead"])
    if not config.keep:
        shutil.rmtree(ws.root, ignore_errors=True)
    return result


def run_bench(config: BenchConfig) -> dict[str, Any]:
    started = datetime.now(UTC)
    work = config.work_dir or Path(tempfile.mkdtemp(prefix="pkit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "started_at": started.isoformat(),
        "config": config.as_dict(),
        "machine": machine_info(work),
    }
    output.print_header(result)
    try:
        floor: dict[str, Any] = {}
        if config.floor:
            floor = measure_floor(work / "floor", airflow=config.airflow)
            output.print_floor(floor)
        result["floor"] = floor
        if config.bundled:
            result["bundled"] = bench_bundled(config, work, floor)
        result["budgets"] = measure_budgets(result.get("bundled"))
        output.print_budgets(result["budgets"])
        result["sizes"] = [bench_size(size, config, work, floor) for size in config.sizes]
        result["marginal"] = marginal_costs(result["sizes"])
        if config.extraction:
            result["extraction"] = measure_extraction(CorpusSpec(seed=config.seed), config.extraction_sample)
            result["extraction"]["linearity"] = measure_linearity(
                CorpusSpec(seed=config.seed), config.linearity_chars
            )
            output.print_extraction(result["extraction"])
    finally:
        if not config.keep and config.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    result["finished_at"] = datetime.now(UTC).isoformat()
    path = save(result, config.out_dir or Settings.from_env().warehouse_dir / "bench", started)
    output.print_summary(result, path)
    return result


def save(result: dict[str, Any], out_dir: Path, started: datetime) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return path
