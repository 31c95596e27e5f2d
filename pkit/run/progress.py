"""What a run is doing, as it does it: the run's ledger followed live and told as one line per event.

``make run`` starts the DAG (its full log goes to a file) and runs ``pkit follow`` beside it, so the
terminal shows each stage as it starts and ends, with its duration and counts, every quarantined input,
and the documents read so far; when nothing happens for ``heartbeat_s`` a line says which stage is
still running and for how long. Airflow's log stays the full record; this is what a person watches.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from pkit.run.ledger import read_ledger_from

_COUNTS = ("rows", "files", "files_read", "models", "tests", "mode", "changes", "bytes")


def describe(event: dict[str, Any], running: dict[str, float], now: float) -> str | None:
    """One line for a ledger event (None: not worth a line); keeps ``running`` (stage -> start time)."""
    kind, stage = event.get("kind"), event.get("stage")
    if kind == "stage_start":
        running[stage] = now
        return f"→ {stage} …"
    if kind == "stage":
        running.pop(stage, None)
        seconds = event.get("seconds") or 0
        if event.get("status") == "failed":
            return f"✗ {stage} failed after {seconds:.1f} s"
        counts = ", ".join(
            f"{key.replace('_', ' ')} {_short(event[key])}"
            for key in _COUNTS
            if event.get(key) not in (None, 0, "")
        )
        return f"✓ {stage} {seconds:.1f} s" + (f" ({counts})" if counts else "")
    if kind == "progress":
        return f"   {stage}: {event.get('done', 0):,} of {event.get('of', 0):,} {event.get('unit', 'items')}"
    if kind == "input" and event.get("status") == "quarantined":
        return f"   quarantined {event.get('file')}: {str(event.get('reason'))[:160]}"
    if kind == "error":
        return f"✗ {stage}: {str(event.get('message'))[:400]}"
    if kind == "docs":
        return f"✓ dbt docs {event.get('status')} {event.get('seconds') or 0:.1f} s"
    if kind == "fetch":
        return (
            f"   fetch {event.get('source', '')}: {str(event.get('message', event.get('status', '')))[:160]}"
        )
    return None


def _short(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dict | list):
        return f"{len(value):,}"
    return str(value)


def process_alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie (ended, its parent shell not yet waiting) counts as ended."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (not Linux): the signal test above is all there is
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def follow(
    ledger_dir: Path,
    since: float,
    alive: Callable[[], bool],
    out: TextIO = sys.stdout,
    heartbeat_s: float = 10.0,
    poll_s: float = 0.5,
) -> None:
    """Print the events of the ledgers written since ``since`` (epoch seconds) until ``alive()`` is
    false, then the last of them."""
    offsets: dict[Path, int] = {}
    running: dict[str, float] = {}
    last_line = last_event = time.monotonic()
    while True:
        still_running = alive()  # asked before the last read: nothing written before the end is missed
        now = time.monotonic()
        for path in sorted(ledger_dir.glob("*.jsonl")) if ledger_dir.is_dir() else []:
            if path not in offsets and path.stat().st_mtime < since:
                continue
            events, offsets[path] = read_ledger_from(path, offsets.get(path, 0))
            for event in events:
                line = describe(event, running, now)
                last_event = now
                if line:
                    print(line, file=out, flush=True)
                    last_line = now
        if not still_running:
            return
        if now - last_line >= heartbeat_s:
            busy = ", ".join(f"{stage} ({now - start:.0f} s)" for stage, start in running.items())
            busy = busy or f"between stages ({now - last_event:.0f} s since the last event)"
            print(f"   … still running: {busy}", file=out, flush=True)
            last_line = now
        time.sleep(poll_s)
