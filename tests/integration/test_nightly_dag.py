"""The nightly DAG end to end with the real tools: ``airflow dags test`` on a temporary AIRFLOW_HOME,
real extraction, real GX checkpoints, real ``dbt build`` on DuckDB, the real publish.

One module-scoped run on copies of the bundled inputs; later tests change the inputs and run again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pkit.config import Settings

pytestmark = pytest.mark.slow


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def nightly(tmp_path_factory, project_copy_factory, airflow_cli) -> tuple[Settings, Path]:
    tmp = tmp_path_factory.mktemp("nightly")
    settings = project_copy_factory(tmp)
    home = tmp / "airflow_home"
    airflow_cli.migrate(home, settings)
    proc = airflow_cli.dags_test(home, settings, "2026-11-20T02:00:00+05:00")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
    return settings, home


def _summary(settings: Settings) -> dict:
    return json.loads((settings.reports_dir / "latest" / "summary.json").read_text())


def _query(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_first_run_publishes_every_input_with_a_report(nightly):
    settings, _ = nightly
    summary = _summary(settings)
    assert summary["outcome"]["status"] == "published"
    assert summary["input_counts"] == {"loaded": 10}
    assert summary["checks_failed"] == 0 and summary["checks_passed"] >= 7 + 4
    assert summary["dbt_tests"] > 20 and summary["dbt_tests_failed"] == 0
    assert (settings.reports_dir / "latest" / "index.html").exists()
    # the dbt docs of the published build, linked from the report
    docs = settings.warehouse_dir / "docs"
    assert {"index.html", "manifest.json", "catalog.json", "build.json"} <= {p.name for p in docs.iterdir()}
    assert ">dbt docs</a>" in (settings.reports_dir / "latest" / "index.html").read_text(encoding="utf-8")
    schemas = {r[0] for r in _query(settings, "select distinct schema_name from duckdb_tables()")}
    assert {"staging", "marts", "audit"} <= schemas
    statuses = dict(_query(settings, "select status, count(*) from audit.inputs group by all"))
    assert statuses == {"loaded": 10}
    stages = {r[0] for r in _query(settings, "select stage from audit.stages where status = 'success'")}
    assert {"ingest_documents", "ingest_parks", "check_raw", "dbt_build", "check_marts"} <= stages


def test_rerun_with_bad_inputs_quarantines_them_and_keeps_the_warehouse_byte_identical(nightly, airflow_cli):
    settings, home = nightly
    before = _sha(settings.published_db)
    (settings.documents_dir / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    parks = settings.official_dir / "parks.csv"
    parks.write_text(parks.read_text().replace(",13400,", ",-13400,", 1))
    proc = airflow_cli.dags_test(home, settings, "2026-11-21T02:00:00+05:00")
    assert proc.returncode == 0, proc.stdout[-4000:]
    summary = _summary(settings)
    assert summary["outcome"]["status"] == "unchanged"
    quarantined = {q["file"]: q["reason"] for q in summary["quarantined"]}
    assert set(quarantined) == {"photo.txt", "parks.csv"}
    assert "PNG image" in quarantined["photo.txt"]
    assert "parks.csv" in quarantined["parks.csv"] and "rows: 2" in quarantined["parks.csv"]
    assert summary["input_counts"] == {"skipped": 9, "quarantined": 2}
    assert _sha(settings.published_db) == before
    html = (settings.reports_dir / "latest" / "index.html").read_text()
    assert "photo.txt" in html and "Nothing new to publish" in html


def test_a_failing_dbt_test_fails_the_run_and_leaves_the_published_file_alone(nightly, tmp_path, airflow_cli):
    settings, home = nightly
    before = _sha(settings.published_db)
    project = tmp_path / "dbt_project"
    shutil.copytree(
        settings.dbt_project_dir, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")
    )
    (project / "tests").mkdir(exist_ok=True)
    (project / "tests" / "assert_no_park_above_one_thousand_jobs.sql").write_text(
        "-- deliberately wrong, to prove a failing test stops publication\n"
        "select park_name, jobs from {{ source('official', 'official_parks') }} where jobs > 1000\n"
    )
    proc = airflow_cli.dags_test(
        home, settings, "2026-11-22T02:00:00+05:00", PKIT_DBT_PROJECT_DIR=str(project)
    )
    assert proc.returncode != 0
    assert _sha(settings.published_db) == before
    summary = _summary(settings)
    assert summary["outcome"]["status"] == "failed"
    assert "assert_no_park_above_one_thousand_jobs" in summary["outcome"]["message"]
    failed = [r["unique_id"] for r in summary["dbt_failures"]]
    assert any("assert_no_park_above_one_thousand_jobs" in f for f in failed)
    assert summary["dbt_samples"], "the report shows sample offending rows"
    assert not list(settings.candidates_dir.rglob("*.duckdb.wal"))
