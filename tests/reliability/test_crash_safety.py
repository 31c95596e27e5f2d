"""SIGKILL at every stage: the published warehouse stays openable and unchanged, and the next run
finishes the job without manual clean-up. Real ``pkit run`` processes, real files."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pkit.config import Settings

pytestmark = pytest.mark.slow
PKIT = str(Path(sys.executable).parent / "pkit")
CRASH_POINTS = [
    "ingest:after_landing",
    "check_raw:between_promotions",
    "dbt_build:during",
    "publish:after_audit",
    "publish:before_replace",
]


def _run(settings: Settings, run_id: str, fault: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        PKIT_DOCUMENTS_DIR=str(settings.documents_dir),
        PKIT_OFFICIAL_DIR=str(settings.official_dir),
        PKIT_WAREHOUSE_DIR=str(settings.warehouse_dir),
        PKIT_FAULT_DELAY="3",
    )
    env.pop("PKIT_FAULT", None)
    if fault:
        env["PKIT_FAULT"] = fault
    return subprocess.run(
        [PKIT, "run", "--run-id", run_id], env=env, capture_output=True, text=True, timeout=600
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _documents(settings: Settings) -> int:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        return con.execute("select count(*) from marts.dim_documents").fetchone()[0]


def test_a_crash_at_any_stage_leaves_the_published_file_alone_and_the_next_run_recovers(project_copy):
    settings = project_copy
    first = _run(settings, "baseline")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    published = _sha(settings.published_db)
    assert _documents(settings) == 5
    # New input, so every later run has something to build and publish.
    (settings.documents_dir / "new.txt").write_text(
        "ISLAMABAD: IT exports rose to $298 million in October 2025, up 12% from a year earlier.\n"
    )
    for n, point in enumerate(CRASH_POINTS):
        proc = _run(settings, f"crash-{n}", point)
        assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, proc.stderr[-2000:])
        assert _sha(settings.published_db) == published, f"published file changed by a crash at {point}"
        assert _documents(settings) == 5  # still openable, still the old version
    recovered = _run(settings, "recovery")
    assert recovered.returncode == 0, recovered.stdout[-3000:] + recovered.stderr[-3000:]
    assert _documents(settings) == 6
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        duplicates = con.execute(
            "select count(*) from (select doc_id from marts.dim_documents"
            " group by doc_id having count(*) > 1)"
        ).fetchone()[0]
    assert duplicates == 0
    assert not settings.candidates_dir.exists() or [p.name for p in settings.candidates_dir.iterdir()] == []
    assert not (settings.landing_dir.exists() and any(settings.landing_dir.rglob("*.parquet")))
