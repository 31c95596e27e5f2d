"""Fixtures for a private copy of the project's inputs and an empty warehouse, per test or per module.

Registered as a pytest plugin by ``tests/conftest.py``; tests ask for fixtures, never import helpers.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pkit.config import PROJECT_ROOT, Settings


def _copy_project(root: Path) -> Settings:
    docs = root / "inbox" / "documents"
    official = root / "inbox" / "official"
    shutil.copytree(PROJECT_ROOT / "data" / "documents", docs)
    official.mkdir(parents=True)
    for csv in (PROJECT_ROOT / "data" / "official").glob("*.csv"):
        shutil.copy(csv, official / csv.name)
    return Settings.from_env(
        {
            "PKIT_HOME": str(PROJECT_ROOT),
            "PKIT_DOCUMENTS_DIR": str(docs),
            "PKIT_OFFICIAL_DIR": str(official),
            "PKIT_WAREHOUSE_DIR": str(root / "warehouse"),
        }
    )


@pytest.fixture(scope="session")
def project_copy_factory() -> Callable[[Path], Settings]:
    """``make(folder) -> Settings``: copies of the bundled inputs and an empty warehouse in ``folder``
    (for module- or session-scoped fixtures, which cannot use ``project_copy``)."""
    return _copy_project


@pytest.fixture
def project_copy(tmp_path: Path) -> Settings:
    """Settings pointing at copies of the bundled inputs and an empty warehouse in ``tmp_path``."""
    return _copy_project(tmp_path)
