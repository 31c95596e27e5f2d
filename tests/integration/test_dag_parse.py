"""The DAG file parses without errors and wires the stages in the documented order.

How fast it parses is a budget of ``make bench`` (``benchmarks/budgets.py``), not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys

from pkit.config import PROJECT_ROOT

PROBE = r"""
import json
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=r"{folder}")
dag = bag.dags["pkit_nightly"]
print(json.dumps({{
    "errors": {{k: str(v) for k, v in bag.import_errors.items()}},
    "tasks": {{t.task_id: sorted(t.upstream_task_ids) for t in dag.tasks}},
    "schedule": str(dag.timetable),
    "catchup": dag.catchup,
    "max_active_runs": dag.max_active_runs,
    "tz": str(dag.timezone),
    "trigger_rules": {{t.task_id: getattr(t.trigger_rule, "value", t.trigger_rule) for t in dag.tasks}},
    "retries": {{t.task_id: t.retries for t in dag.tasks}},
}}))
"""


def test_dag_parses_with_the_stages_in_order(tmp_path):
    env_home = {"AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(folder=PROJECT_ROOT / "dags")],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **env_home},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["errors"] == {}
    tasks = info["tasks"]
    assert tasks["ingest_source"] == ["plan_sources"]
    assert tasks["check_raw"] == ["ingest_source"]
    assert tasks["dbt_build"] == ["check_raw"]
    assert tasks["check_marts"] == ["dbt_build"]
    assert tasks["publish"] == ["check_marts", "dbt_build"]
    assert tasks["dbt_docs"] == ["publish"]
    assert tasks["export"] == ["dbt_docs"]
    assert tasks["report"] == ["export"]
    assert "export" in tasks["fail_run"]
    assert info["trigger_rules"]["report"] == "all_done"
    assert info["trigger_rules"]["fail_run"] == "one_failed"
    assert "0 2 * * *" in info["schedule"] and "Karachi" in info["schedule"]
    assert info["catchup"] is False and info["max_active_runs"] == 1
    assert "Karachi" in info["tz"]
    assert info["retries"]["ingest_source"] >= 1
    # idempotent stages survive a lost worker; publish (its candidate is gone once swapped in) does not retry
    idempotent = ("check_raw", "dbt_build", "check_marts", "dbt_docs", "export")
    assert all(info["retries"][t] >= 1 for t in idempotent)
    assert info["retries"]["publish"] == 0
