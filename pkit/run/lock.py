"""One run at a time per warehouse: an ``flock`` on ``warehouse/run.lock``.

The kernel releases an ``flock`` when the last descriptor of its open file closes, so a crash (even
SIGKILL) cannot leave the lock held: there is no pid file to go stale. The holder writes who it is
(pid, run id, since when) into the file after locking, so a second run can say whom it waited for.

``pkit run`` holds the lock for the whole run; each Airflow task that writes holds it for the task
(``pkit.pipeline.stage``). Within one process the lock is re-entrant: ``run_all`` holds it and the
stages it calls find it held.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = "run.lock"


class RunLocked(RuntimeError):
    """Another run holds the warehouse's run lock; the message names it."""


@dataclass
class _Held:
    path: Path
    fd: int
    run_id: str
    whole_run: bool
    depth: int = 1


_held: dict[Path, _Held] = {}


def lock_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / LOCK_NAME


def holder(warehouse_dir: Path) -> dict | None:
    """What the current holder wrote into the lock file (None: unreadable or not written yet)."""
    try:
        text = lock_path(warehouse_dir).read_text(encoding="utf-8")
        return json.loads(text) if text.strip() else None
    except (OSError, ValueError):
        return None


def describe(info: dict | None) -> str:
    if not info:
        return "another process (it has not written its name yet)"
    return (
        f"run {info.get('run_id')!r} (pid {info.get('pid')} on {info.get('host')}, "
        f"{'whole run' if info.get('whole_run') else 'one task'}, since {info.get('since')})"
    )


def held_here(warehouse_dir: Path) -> _Held | None:
    """The lock as this process holds it, if it does."""
    return _held.get(warehouse_dir.resolve())


@contextlib.contextmanager
def run_lock(warehouse_dir: Path, run_id: str, wait_s: float, *, whole_run: bool = False) -> Iterator[None]:
    """Hold the warehouse's run lock; wait up to ``wait_s`` seconds for it, then raise ``RunLocked``."""
    key = warehouse_dir.resolve()
    mine = _held.get(key)
    if mine is not None:  # re-entrant within this process
        mine.depth += 1
        try:
            yield
        finally:
            mine.depth -= 1
        return
    key.mkdir(parents=True, exist_ok=True)
    path = key / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait_s)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise
            if time.monotonic() >= deadline:
                raise RunLocked(
                    f"another pkit run is using the warehouse {key}: {describe(holder(key))}. "
                    f"Waited {wait_s:g} s (PKIT_RUN_LOCK_WAIT_S / PKIT_TASK_LOCK_WAIT_S); "
                    "run again when it has finished."
                )
            time.sleep(0.1)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "run_id": run_id,
            "whole_run": whole_run,
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        _held[key] = _Held(path, fd, run_id, whole_run)
        try:
            yield
        finally:
            del _held[key]
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)  # the next reader sees no stale holder
    finally:
        os.close(fd)  # releases the flock


#: A folder (candidate, landing) of an Airflow run, whose tasks hold the lock one at a time, counts as
#: another live run's until it is this old: a DAG run is not expected to last longer.
STALE_TASK_RUN_S = 24 * 3600
OWNER_FILE = "owner.json"


def claim(folder: Path, run_id: str, warehouse_dir: Path) -> None:
    """Mark ``folder`` as this run's: whether the run holds the lock throughout (``pkit run``) or per
    task (Airflow), so another run's clean-up knows whether it may still be live."""
    mine = held_here(warehouse_dir)
    folder.mkdir(parents=True, exist_ok=True)
    owner = {"run_id": run_id, "pid": os.getpid(), "whole_run": bool(mine and mine.whole_run)}
    (folder / OWNER_FILE).write_text(json.dumps(owner), encoding="utf-8")


def may_be_live(folder: Path) -> bool:
    """Whether ``folder`` (of another run) may belong to a run still going, seen under the lock.

    A ``pkit run`` holds the lock for its whole run, so its folders are a crash's leftovers once we hold
    the lock; an Airflow run's live on between its tasks, until ``STALE_TASK_RUN_S`` old."""
    try:
        owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
        age = time.time() - folder.stat().st_mtime
    except (OSError, ValueError):
        return False
    return not owner.get("whole_run") and age < STALE_TASK_RUN_S
