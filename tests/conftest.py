"""Shared test set-up: nothing phones home, and every test gets its own warehouse folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ingestion.config import PROJECT_ROOT, Settings, quiet_telemetry

quiet_telemetry()
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")


def make_project_copy(tmp_path: Path) -> Settings:
    docs = tmp_path / "inbox" / "documents"
    official = tmp_path / "inbox" / "official"
    shutil.copytree(PROJECT_ROOT / "data" / "documents", docs)
    official.mkdir(parents=True)
    for csv in (PROJECT_ROOT / "data" / "official").glob("*.csv"):
        shutil.copy(csv, official / csv.name)
    return Settings.from_env(
        {
            "PKIT_HOME": str(PROJECT_ROOT),
            "PKIT_DOCUMENTS_DIR": str(docs),
            "PKIT_OFFICIAL_DIR": str(official),
            "PKIT_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        }
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Settings:
    """Settings pointing at copies of the bundled inputs and an empty warehouse in ``tmp_path``."""
    return make_project_copy(tmp_path)
