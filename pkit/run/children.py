"""Child processes die with the run: a run killed with SIGKILL leaves no dbt or extraction worker behind.

Why: after a kill, a run's ``dbt build`` and its extraction workers used to live on as orphans (90 MB
each, some for minutes), still writing into a candidate nobody would publish. On Linux the kernel can
send a signal to a process when its parent dies (``prctl(PR_SET_PDEATHSIG)``); it survives ``exec``.

* ``die_with_parent()`` is the initializer of the extraction pool's workers.
* ``python -m pkit.run.children PROGRAM ARGS...`` sets it and then ``exec``s the program (dbt): unlike a
  ``preexec_fn``, this is safe in a process that holds threads (an Airflow worker).

Elsewhere than Linux both are no-ops: the run still works, and orphans are possible there.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent ends (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return  # not permitted here (a seccomp profile): run on, as on other systems
    if os.getppid() != parent:  # the parent died before the request was made: nobody will reap us
        os._exit(1)


def command(program: str, *args: str) -> list[str]:
    """``[python, -m, pkit.run.children, program, *args]``: run ``program`` so that it dies with us."""
    return [sys.executable, "-m", "pkit.run.children", program, *args]


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m pkit.run.children PROGRAM [ARGS...]")
    die_with_parent()
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
