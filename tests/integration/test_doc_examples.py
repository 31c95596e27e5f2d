"""The SQL examples of the README and docs/analysts.md print what the warehouse built from the bundled
inputs holds: a build by `pkit run --run-id dev`, then `scripts/refresh-doc-examples --check`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pkit.config import PROJECT_ROOT

pytestmark = pytest.mark.slow


def test_the_docs_sql_examples_print_what_the_bundled_build_holds(project_copy) -> None:
    env = {
        **os.environ,
        "PKIT_DOCUMENTS_DIR": str(project_copy.documents_dir),
        "PKIT_OFFICIAL_DIR": str(project_copy.official_dir),
        "PKIT_WAREHOUSE_DIR": str(project_copy.warehouse_dir),
    }
    pkit = Path(sys.executable).parent / "pkit"
    run = subprocess.run(
        [str(pkit), "run", "--run-id", "dev"], env=env, capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    check = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "scripts" / "refresh-doc-examples"),
            "--check",
            str(project_copy.published_db),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, (
        "the docs' SQL examples no longer print what the build holds: run "
        "`.venv/bin/python scripts/refresh-doc-examples` on a build of the bundled inputs\n" + check.stderr
    )
    assert "0 example(s) stale" in check.stderr
