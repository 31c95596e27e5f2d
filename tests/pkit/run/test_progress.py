"""`pkit follow` (make run's live output): each stage as it starts and ends with its duration and counts,
quarantined inputs and progress as they happen, a line at least every heartbeat while a stage runs, and
an end when the followed process ends (a zombie counts as ended)."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time

from pkit.run.ledger import InputEvent, Ledger
from pkit.run.progress import follow, process_alive


def test_a_run_is_told_as_it_happens(tmp_path) -> None:
    since = time.time() - 1
    done = threading.Event()

    def run() -> None:
        ledger = Ledger(tmp_path, "night")
        with ledger.stage("ingest_documents") as stage:
            ledger.write("progress", {"stage": "ingest_documents", "done": 500, "of": 1000, "unit": "files"})
            ledger.input(
                InputEvent("documents", "bad.txt", None, 0, "quarantined", reason="the file is empty")
            )
            stage.update(rows=1234, files=1000)
        with ledger.stage("dbt_build") as stage:
            time.sleep(0.6)  # a long stage: heartbeats while it runs
            stage.update(models=31, mode="full")
        done.set()

    out = io.StringIO()
    writer = threading.Thread(target=run)
    writer.start()
    follow(tmp_path, since, lambda: not done.is_set(), out=out, heartbeat_s=0.2, poll_s=0.05)
    writer.join()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("→ ingest_documents")
    assert "   ingest_documents: 500 of 1,000 files" in lines
    assert any(line.startswith("   quarantined bad.txt: the file is empty") for line in lines)
    assert any(line.startswith("✓ ingest_documents") and "rows 1,234" in line for line in lines)
    assert any("still running: dbt_build" in line for line in lines), lines
    assert lines[-1].startswith("✓ dbt_build") and "mode full" in lines[-1]


def test_an_older_ledger_is_not_replayed(tmp_path) -> None:
    old = Ledger(tmp_path, "yesterday")
    with old.stage("publish"):
        pass
    out = io.StringIO()
    follow(tmp_path, time.time() + 5, lambda: False, out=out)
    assert out.getvalue() == ""


def test_a_process_that_ended_is_not_alive_even_before_it_is_reaped() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    for _ in range(100):  # ended, not yet waited for: a zombie
        if not process_alive(child.pid):
            break
        time.sleep(0.05)
    assert not process_alive(child.pid)
    child.wait()
