"""One pipeline run in its own process: ``python -m benchmarks.child RUN_ID OUT.json``.

The environment (set by the parent) points the run at the benchmark's inbox and warehouse. Besides
the ledger's own stage events, this records per pipeline stage the CPU time of child processes
(dbt, the extraction pool), which ``time.process_time`` in the ledger does not see, the report's
time (the report writes no stage event), and the peak resident memory of the whole process tree.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _children_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def _timed(name: str, record: dict[str, dict[str, float]], fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
        try:
            return fn(*args, **kwargs)
        finally:
            key = name if name != "stage" else str(args[1])
            entry = record.setdefault(key, {"seconds": 0.0, "cpu_seconds": 0.0, "child_cpu_seconds": 0.0})
            entry["seconds"] += time.perf_counter() - t0
            entry["cpu_seconds"] += time.process_time() - c0
            entry["child_cpu_seconds"] += _children_cpu() - k0

    return wrapper


def run(run_id: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        from pkit import pipeline
    except Exception as err:  # a pipeline module missing or broken: report it like a failed run
        message = f"importing the pipeline: {type(err).__name__}: {err}"
        return {
            "run_id": run_id,
            "outcome": {"status": "failed", "message": message},
            "traceback": traceback.format_exc()[-4000:],
        }
    imported = time.perf_counter() - t0
    stages: dict[str, dict[str, float]] = {}
    pipeline.stage = _timed("stage", stages, pipeline.stage)  # type: ignore[assignment]
    pipeline.report = _timed("report", stages, pipeline.report)  # type: ignore[assignment]
    result: dict[str, Any] = {"run_id": run_id, "import_seconds": round(imported, 3)}
    t1 = time.perf_counter()
    try:
        outcome = pipeline.run_all(run_id)
        result["outcome"] = {k: v for k, v in outcome.items() if k != "errors"}
    except Exception as err:  # the bench reports a failed run rather than dying with it
        result["outcome"] = {"status": "failed", "message": f"{type(err).__name__}: {err}"}
        result["traceback"] = traceback.format_exc()[-4000:]
    result["run_seconds"] = round(time.perf_counter() - t1, 3)
    result["stages"] = {k: {m: round(v, 3) for m, v in e.items()} for k, e in stages.items()}
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_seconds"] = round(own.ru_utime + own.ru_stime, 3)
    result["child_cpu_seconds"] = round(kids.ru_utime + kids.ru_stime, 3)
    # ru_maxrss is in KiB on Linux; the children figure is the largest single (waited-for) descendant.
    result["maxrss_self_mb"] = round(own.ru_maxrss / 1024, 1)
    result["maxrss_children_mb"] = round(kids.ru_maxrss / 1024, 1)
    return result


def main(argv: list[str]) -> int:
    run_id, out = argv[0], Path(argv[1])
    log_file = out.with_suffix(".log")
    logging.basicConfig(
        filename=log_file, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    result = run(run_id)
    result["log"] = str(log_file)
    out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0 if result["outcome"].get("status") in {"published", "unchanged"} else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
