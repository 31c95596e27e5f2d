"""A run killed with SIGKILL takes its children with it: dbt (started through ``pkit.run.children``) and
the extraction pool's workers (``die_with_parent`` as initializer) end with their parent, no orphan left."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from pkit.run.progress import process_alive

PARENT = """
import os, subprocess, sys, time, multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pkit.run import children

def own_pid():
    return os.getpid()

if __name__ == "__main__":
    child = subprocess.Popen(children.command("sleep", "300"))
    pool = ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=children.die_with_parent
    )
    print(child.pid, pool.submit(own_pid).result(), flush=True)
    time.sleep(300)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_killed_parent_takes_dbt_and_the_extraction_workers_with_it(tmp_path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(process_alive(p) for p in pids)
    finally:
        parent.kill()
        parent.wait()
    # the kernel signals at once; the loop only waits for the processes to be gone
    for _ in range(200):
        if not any(process_alive(p) for p in pids):
            break
        time.sleep(0.05)
    survivors = [p for p in pids if process_alive(p)]
    for pid in survivors:  # never leave them to the rest of the suite
        subprocess.run(["kill", "-9", str(pid)], check=False)
    assert not survivors, f"orphans outlived their killed parent: {survivors}"
