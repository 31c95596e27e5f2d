"""Time budgets the tests used to assert, measured here instead (a loaded CI machine is no stopwatch).

- DAG parse: ``DagBag`` of ``dags/`` in a fresh process, Airflow imported before the clock starts
  (budget 2 s: the scheduler re-parses the file every 30 s).
- dbt build: the bundled inputs' ``dbt_build`` stage (budget 45 s), taken from the bundled run.
- Fetch give-up: a server on 127.0.0.1 that answers after 3 s, fetched with a 0.3 s timeout and two
  attempts, must fall back to the bundled snapshot within 2 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pkit.config import PROJECT_ROOT, quiet_telemetry

BUDGETS_S = {"dag_parse": 2.0, "dbt_build_bundled": 45.0, "fetch_give_up": 2.0}

_PARSE_PROBE = r"""
import json, sys, time
from airflow.dag_processing.dagbag import DagBag  # Airflow itself is imported before the clock starts
t0 = time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t0, "errors": len(bag.import_errors)}))
"""


def dag_parse_seconds(repeats: int = 3) -> dict[str, Any]:
    """Best of ``repeats`` parses of the project's DAG folder, each in a new process."""
    env = dict(os.environ)
    quiet_telemetry(env)
    samples = []
    with tempfile.TemporaryDirectory(prefix="pkit-parse-") as home:
        env.update(AIRFLOW_HOME=home, AIRFLOW__CORE__LOAD_EXAMPLES="False")
        for _ in range(repeats):
            proc = subprocess.run(
                [sys.executable, "-c", _PARSE_PROBE, str(PROJECT_ROOT / "dags")],
                capture_output=True,
                text=True,
                env=env,
                timeout=600,
            )
            if proc.returncode != 0:
                return {"error": proc.stderr[-2000:]}
            samples.append(json.loads(proc.stdout.strip().splitlines()[-1])["seconds"])
    return {"seconds": round(min(samples), 3), "samples": [round(s, 3) for s in samples]}


def fetch_give_up_seconds() -> dict[str, Any]:
    """How long a fetch takes to give up on a server that answers after 3 s (timeout 0.3 s, 2 tries)."""
    from pkit.ingestion.fetch import fetch_source

    stop = threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            stop.wait(3.0)
            self.send_response(200)
            self.end_headers()

    class Quiet(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass

    httpd = Quiet(("127.0.0.1", 0), Slow)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory(prefix="pkit-fetch-") as tmp:
            fallback = Path(tmp) / "parks.csv"
            fallback.write_text("park,city\n", encoding="utf-8")
            started = time.monotonic()
            result = fetch_source(
                "parks",
                f"http://127.0.0.1:{httpd.server_address[1]}/parks.csv",
                Path(tmp) / "landing",
                fallback,
                enabled=True,
                timeout_s=0.3,
                retries=2,
                backoff_s=0.01,
            )
            seconds = time.monotonic() - started
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
    return {"seconds": round(seconds, 3), "status": result.status}


def measure_budgets(bundled: dict[str, Any] | None) -> dict[str, Any]:
    """Each budget with its measured value and whether it is met (``None`` when not measured)."""
    measured: dict[str, dict[str, Any]] = {
        "dag_parse": dag_parse_seconds(),
        "fetch_give_up": fetch_give_up_seconds(),
    }
    stages = {s["stage"]: s for s in (bundled or {}).get("full", {}).get("stages", [])}
    if "dbt_build" in stages:
        measured["dbt_build_bundled"] = {"seconds": stages["dbt_build"]["seconds"]}
    out = {}
    for name, budget in BUDGETS_S.items():
        entry = measured.get(name, {})
        seconds = entry.get("seconds")
        out[name] = {**entry, "budget_seconds": budget, "met": None if seconds is None else seconds <= budget}
    return out
