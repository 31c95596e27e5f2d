"""The floor: what the bare tools cost on this machine with (almost) nothing to do.

- Airflow: ``airflow dags test`` of no-op DAGs (one task; and the nightly's shape, 12 task
  instances with a mapped ingest) on a temporary AIRFLOW_HOME after ``airflow db migrate``.
- dbt: ``dbt build`` of the project on empty sources (only the ``_schema.parquet`` files), cold and
  warm (partial parse), with the same environment and flags as the pipeline's build.
- Great Expectations: import, first checkpoint (file context creation) and warm checkpoints of a real
  suite on an empty frame, in a fresh process (``python -m benchmarks.floor gx DIR``).

A pipeline run's floor is then dbt's cold empty build plus GX's import and first checkpoint plus one
warm empty checkpoint per further checkpoint the run made; whatever the run takes beyond that is the
cost of the data (and of the pipeline's own code).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from pkit.config import PROJECT_ROOT, Settings, quiet_telemetry

BIN = Path(sys.executable).parent
_RUN_DURATION = re.compile(r"run_duration=([0-9.]+)")

NOOP_DAGS = '''"""No-op DAGs for the benchmark's floor: Airflow's own cost per run and per task instance."""

import pendulum
from airflow.sdk import dag, task

START = pendulum.datetime(2026, 1, 1, tz="UTC")


@dag(dag_id="bench_noop_single", schedule=None, start_date=START, catchup=False)
def bench_noop_single():
    @task
    def noop():
        return None

    noop()


@dag(dag_id="bench_noop_shaped", schedule=None, start_date=START, catchup=False)
def bench_noop_shaped():
    """The shape of pkit_nightly: plan, a mapped ingest over six sources, five stages, a report."""

    @task
    def plan_sources():
        return ["documents", "monthly", "ytd", "fiscal_year", "parks", "programs"]

    @task
    def ingest_source(source):
        return [source]

    @task
    def check_raw(landed):
        return len(landed)

    @task
    def dbt_build(_):
        return "built"

    @task
    def check_marts(_):
        return 0

    @task
    def publish(_):
        return "published"

    @task(trigger_rule="all_done")
    def report():
        return None

    published = publish(check_marts(dbt_build(check_raw(ingest_source.expand(source=plan_sources())))))
    published >> report()


bench_noop_single()
bench_noop_shaped()
'''


def _timed_run(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 900) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as err:
        return {"seconds": round(time.perf_counter() - t0, 3), "ok": False, "error": str(err)}
    result: dict[str, Any] = {"seconds": round(time.perf_counter() - t0, 3), "ok": proc.returncode == 0}
    duration = _RUN_DURATION.findall(proc.stdout + proc.stderr)
    if duration:  # Airflow's own DagRun duration, without the CLI's start-up
        result["dag_run_seconds"] = round(float(duration[-1]), 3)
    if proc.returncode != 0:
        result["error"] = (proc.stdout[-1500:] + proc.stderr[-1500:]).strip()
    return result


def airflow_floor(work: Path) -> dict[str, Any]:
    airflow = BIN / "airflow"
    if not airflow.exists():
        return {"skipped": "no airflow executable beside this Python"}
    home, dags = work / "airflow_home", work / "dags"
    dags.mkdir(parents=True, exist_ok=True)
    (dags / "bench_noop.py").write_text(NOOP_DAGS, encoding="utf-8")
    env = dict(os.environ)
    quiet_telemetry(env)
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(dags),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__UNIT_TEST_MODE="False",
    )
    home.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"db_migrate": _timed_run([str(airflow), "db", "migrate"], env, work)}
    if not out["db_migrate"]["ok"]:
        return out
    for dag_id, task_instances in (("bench_noop_single", 1), ("bench_noop_shaped", 12)):
        result = _timed_run([str(airflow), "dags", "test", dag_id], env, work)
        result["task_instances"] = task_instances
        out[dag_id] = result
    return out


def dbt_floor(work: Path) -> dict[str, Any]:
    from pkit.build.candidate import dbt_env, dbt_executable
    from pkit.raw import store as raw_store
    from pkit.run.context import RunContext

    settings = Settings.from_env({**os.environ, "PKIT_WAREHOUSE_DIR": str(work / "warehouse")})
    if not (settings.dbt_project_dir / "dbt_project.yml").exists():
        return {"skipped": f"no dbt project at {settings.dbt_project_dir}"}
    raw_store.ensure_schema_files(settings.raw_dir)
    ctx = RunContext(settings, "bench-floor", date.today())
    out: dict[str, Any] = {}
    for attempt in ("cold", "warm"):
        database = work / f"floor-{attempt}.duckdb"
        args = [dbt_executable(), "build", "--no-use-colors", "--store-failures"]
        out[attempt] = _timed_run(args, dbt_env(ctx, database), settings.dbt_project_dir)
    return out


def gx_floor(work: Path, checkpoints: int = 5) -> dict[str, Any]:
    args = [sys.executable, "-m", "benchmarks.floor", "gx", str(work / "gx"), str(checkpoints)]
    env = dict(os.environ)
    quiet_telemetry(env)
    proc = subprocess.run(args, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _gx_child(gx_dir: Path, checkpoints: int) -> dict[str, Any]:
    """In a fresh process: GX import, first checkpoint (context creation) and warm ones, on an empty frame."""
    t0 = time.perf_counter()
    import pandas as pd

    from pkit.expectations import raw_official
    from pkit.expectations.raw_checks import official_frame
    from pkit.expectations.runner import Checker
    from pkit.ingestion.official import CONTRACTS_BY_TABLE

    imported = time.perf_counter() - t0
    table = "official_ict_exports_monthly"
    columns = ["source_row", *CONTRACTS_BY_TABLE[table].header]
    frame = official_frame(table, pd.DataFrame({c: pd.Series([], dtype="object") for c in columns}))
    checker = Checker(gx_dir)
    timings = []
    for _ in range(checkpoints + 1):
        t = time.perf_counter()
        checker.validate(
            "bench_floor_empty",
            raw_official.expectations_for(table, date.today()),
            frame,
            target="empty",
            id_column="source_row",
        )
        # a bare checkpoint as GX runs one by default: with its data-docs update
        checker.build_docs()
        timings.append(time.perf_counter() - t)
    return {
        "import_seconds": round(imported, 3),
        "first_checkpoint_seconds": round(timings[0], 3),
        "checkpoint_seconds": round(statistics.median(timings[1:]), 3),
        "expectations": len(raw_official.expectations_for(table, date.today())),
    }


def measure_floor(work: Path, *, airflow: bool = True) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    floor: dict[str, Any] = {"gx": gx_floor(work / "gx-floor"), "dbt": dbt_floor(work / "dbt-floor")}
    floor["airflow"] = airflow_floor(work / "airflow-floor") if airflow else {"skipped": "--no-airflow"}
    return floor


def run_floor_seconds(floor: dict[str, Any], checkpoints: int) -> float | None:
    """The floor of one pipeline run that made ``checkpoints`` GX checkpoints (None if not measurable)."""
    gx, dbt = floor.get("gx", {}), floor.get("dbt", {})
    cold = dbt.get("cold", {})
    if "checkpoint_seconds" not in gx or not cold.get("ok"):
        return None
    gx_seconds = gx["import_seconds"] + gx["first_checkpoint_seconds"]
    return cold["seconds"] + gx_seconds + max(0, checkpoints - 1) * gx["checkpoint_seconds"]


if __name__ == "__main__":
    if sys.argv[1:2] == ["gx"]:
        import logging

        logging.disable(logging.WARNING)
        print(json.dumps(_gx_child(Path(sys.argv[2]), int(sys.argv[3]))))
