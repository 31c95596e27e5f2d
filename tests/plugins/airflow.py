"""The ``airflow_cli`` fixture: the real Airflow command line on a temporary AIRFLOW_HOME (child processes).

A child process keeps Airflow's configuration (read once, at import) away from the test process,
and is what ``make run`` does too. Registered as a pytest plugin by ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pkit.config import PROJECT_ROOT, Settings

BIN = Path(sys.executable).parent


def airflow_env(airflow_home: Path, settings: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AIRFLOW_HOME=str(airflow_home),
        AIRFLOW__CORE__DAGS_FOLDER=str(PROJECT_ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        SCARF_ANALYTICS="false",
        DO_NOT_TRACK="1",
        PKIT_HOME=str(settings.home),
        PKIT_DOCUMENTS_DIR=str(settings.documents_dir),
        PKIT_OFFICIAL_DIR=str(settings.official_dir),
        PKIT_WAREHOUSE_DIR=str(settings.warehouse_dir),
        PKIT_DBT_PROJECT_DIR=str(settings.dbt_project_dir),
    )
    env.update(extra)
    return env


def migrate(airflow_home: Path, settings: Settings) -> None:
    airflow_home.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(BIN / "airflow"), "db", "migrate"],
        env=airflow_env(airflow_home, settings),
        check=True,
        capture_output=True,
    )


def dags_test(
    airflow_home: Path, settings: Settings, logical_date: str, **extra: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "airflow"), "dags", "test", "pkit_nightly", logical_date],
        env=airflow_env(airflow_home, settings, **extra),
        capture_output=True,
        text=True,
        timeout=900,
    )


class AirflowCli:
    """What the Airflow tests need: the venv's ``bin``, an environment, ``db migrate``, ``dags test``."""

    bin = BIN
    env = staticmethod(airflow_env)
    migrate = staticmethod(migrate)
    dags_test = staticmethod(dags_test)


@pytest.fixture(scope="session")
def airflow_cli() -> AirflowCli:
    return AirflowCli()
