"""One run at a time per warehouse: real processes racing on one warehouse folder, a holder killed with
SIGKILL, and two real ``pkit run`` started together."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from pkit.config import Settings

PKIT = str(Path(sys.executable).parent / "pkit")

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pkit.run.lock import RunLocked, run_lock
    warehouse, run_id, wait_s, hold_s = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    try:
        with run_lock(warehouse, run_id, wait_s, whole_run=True):
            print("locked", flush=True)
            time.sleep(hold_s)
    except RunLocked as err:
        print(f"refused: {err}", flush=True)
        sys.exit(75)
    """
)


def _hold(warehouse: Path, run_id: str, wait_s: float, hold_s: float) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", HOLD, str(warehouse), run_id, str(wait_s), str(hold_s)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _wait_locked(proc: subprocess.Popen) -> None:
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"


def test_two_processes_racing_exactly_one_holds_the_other_refuses_naming_it(tmp_path):
    a, b = _hold(tmp_path, "run-a", 0.5, 3), _hold(tmp_path, "run-b", 0.5, 3)
    outs = {name: p.communicate(timeout=30)[0] for name, p in (("run-a", a), ("run-b", b))}
    codes = {name: p.returncode for name, p in (("run-a", a), ("run-b", b))}
    assert sorted(codes.values()) == [0, 75], (codes, outs)
    winner = next(n for n, c in codes.items() if c == 0)
    loser = next(n for n, c in codes.items() if c == 75)
    winner_pid = (a if winner == "run-a" else b).pid
    assert outs[winner].strip() == "locked"
    refusal = outs[loser]
    assert refusal.startswith("refused: another pkit run is using the warehouse"), refusal
    assert f"run '{winner}'" in refusal and f"pid {winner_pid}" in refusal and "since 20" in refusal


def test_a_second_run_waits_for_the_first_to_finish(tmp_path):
    first = _hold(tmp_path, "first", 0, 1.5)
    _wait_locked(first)
    t0 = time.monotonic()
    second = _hold(tmp_path, "second", 30, 0)
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 0 and out.strip() == "locked"
    assert time.monotonic() - t0 > 0.5  # it waited for the first rather than running beside it
    first.communicate(timeout=30)


def test_a_holder_killed_with_sigkill_leaves_the_lock_free(tmp_path):
    holder = _hold(tmp_path, "doomed", 0, 600)
    _wait_locked(holder)
    blocked = _hold(tmp_path, "blocked", 0.3, 0)
    out, _ = blocked.communicate(timeout=30)
    assert blocked.returncode == 75 and "'doomed'" in out and f"pid {holder.pid}" in out
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    after = _hold(tmp_path, "after", 0, 0)  # no waiting: the kernel released the lock with the process
    out, _ = after.communicate(timeout=30)
    assert after.returncode == 0 and out.strip() == "locked", out


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PKIT_FAULT", None)
    env.update(
        PKIT_DOCUMENTS_DIR=str(settings.documents_dir),
        PKIT_OFFICIAL_DIR=str(settings.official_dir),
        PKIT_WAREHOUSE_DIR=str(settings.warehouse_dir),
        **extra,
    )
    return env


def test_pkit_run_refuses_while_another_run_holds_the_warehouse_and_writes_nothing(project_copy):
    settings = project_copy
    holder = _hold(settings.warehouse_dir, "nightly-holder", 0, 600)
    try:
        _wait_locked(holder)
        proc = subprocess.run(
            [PKIT, "run", "--run-id", "second"],
            env=_env(settings, PKIT_RUN_LOCK_WAIT_S="1"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 75, proc.stderr[-3000:]
    assert "run refused: another pkit run is using the warehouse" in proc.stderr
    assert "'nightly-holder'" in proc.stderr and f"pid {holder.pid}" in proc.stderr
    written = sorted(p.name for p in settings.warehouse_dir.iterdir())
    assert written == ["run.lock"] or set(written) <= {"run.lock", "README.md"}, written


@pytest.mark.slow
def test_two_pkit_runs_started_together_one_publishes_the_other_refuses(project_copy):
    settings = project_copy
    env = _env(settings, PKIT_RUN_LOCK_WAIT_S="1")
    runs = [
        subprocess.Popen(
            [PKIT, "run", "--run-id", rid], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for rid in ("race-a", "race-b")
    ]
    results = [(p.wait(timeout=600), *p.communicate()) for p in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 75], [(c, err[-2000:]) for c, _, err in results]
    refused = next(err for code, _, err in results if code == 75)
    assert "run refused" in refused and "whole run" in refused
    published = next(json.loads(out) for code, out, _ in results if code == 0)
    assert published["status"] == "published"
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_documents").fetchone()[0] == 5
    assert not settings.candidates_dir.exists() or not any(settings.candidates_dir.iterdir())
