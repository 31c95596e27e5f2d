"""Fail points for the fault-injection tests: ``PKIT_FAULT=<point>`` kills this process there.

A real ``SIGKILL`` at a named point (no clean-up, no ``finally``) is what a crash, an OOM kill or a
lost worker does; naming the point makes the test deterministic. Unset in production: a no-op.
"""

from __future__ import annotations

import os
import signal

from pkit.config import Settings


def crash_point(point: str) -> None:
    if Settings.current().fault == point:
        os.kill(os.getpid(), signal.SIGKILL)
