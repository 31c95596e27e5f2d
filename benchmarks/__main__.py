"""``python -m benchmarks`` (``make bench``): see ``--help``; sizes also from ``BENCH_DOCS``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from benchmarks.runner import DEFAULT_SIZES, BenchConfig, run_bench
from pkit.config import quiet_telemetry


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        value = int(float(part[:-1]) * 1000) if part.lower().endswith("k") else int(part)
        if value < 1:
            raise argparse.ArgumentTypeError(f"a corpus size must be at least 1, got {part!r}")
        sizes.append(value)
    if not sizes:
        raise argparse.ArgumentTypeError("no corpus size given")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    default = os.environ.get("BENCH_DOCS") or ",".join(map(str, DEFAULT_SIZES))
    p.add_argument(
        "--docs",
        type=parse_sizes,
        default=parse_sizes(default),
        help=f"corpus sizes, comma-separated (env BENCH_DOCS; default {default}); 10k = 10000",
    )
    p.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", "7")))
    p.add_argument("--work-dir", type=Path, help="where inboxes and warehouses go (default: a temp folder)")
    p.add_argument("--out-dir", type=Path, help="where the JSON result goes (default: <warehouse>/bench)")
    p.add_argument("--keep", action="store_true", help="keep each size's inbox and warehouse")
    p.add_argument("--no-floor", action="store_true", help="skip timing the bare tools")
    p.add_argument("--no-airflow", action="store_true", help="skip the Airflow part of the floor")
    p.add_argument("--no-incremental", action="store_true", help="skip the +1 %% and no-op runs")
    p.add_argument("--no-queries", action="store_true", help="skip timing analysts' queries")
    p.add_argument("--no-extraction", action="store_true", help="skip timing the extractor alone")
    p.add_argument("--no-bundled", action="store_true", help="skip the run on the bundled inputs")
    p.add_argument("--query-repeats", type=int, default=20)
    p.add_argument("--official-vintages", type=int, default=3, help="mean reports per period and measure")
    p.add_argument("--workers", type=int, help="processes generating the corpus (default: cores, max 8)")
    p.add_argument("--timeout", type=float, default=6 * 3600, help="seconds allowed per pipeline run")
    return p


def main(argv: list[str] | None = None) -> int:
    quiet_telemetry()
    args = build_parser().parse_args(argv)
    config = BenchConfig(
        sizes=args.docs,
        seed=args.seed,
        work_dir=args.work_dir,
        out_dir=args.out_dir,
        keep=args.keep,
        floor=not args.no_floor,
        airflow=not args.no_airflow,
        incremental=not args.no_incremental,
        queries=not args.no_queries,
        extraction=not args.no_extraction,
        bundled=not args.no_bundled,
        query_repeats=args.query_repeats,
        official_vintages=args.official_vintages,
        timeout=args.timeout,
        workers=args.workers,
    )
    result = run_bench(config)
    failed = [s["documents"] for s in result.get("sizes", []) if s["full"]["status"] != "published"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
