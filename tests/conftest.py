"""Shared test set-up: nothing phones home; fixtures come from the plugins in ``tests/plugins/``."""

from __future__ import annotations

import os

from pkit.config import quiet_telemetry

quiet_telemetry()
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")

pytest_plugins = ["tests.plugins.project", "tests.plugins.airflow"]
