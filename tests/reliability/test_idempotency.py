"""Running twice changes nothing; a failed run, re-run after its cause is fixed, completes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion import raw_store
from ingestion.build import BuildFailed, build_candidate
from ingestion.pipeline import run_all
from ingestion.run_context import RunContext

pytestmark = pytest.mark.slow


def _env(monkeypatch, settings, **extra) -> None:
    for key, value in {
        "PKIT_DOCUMENTS_DIR": settings.documents_dir,
        "PKIT_OFFICIAL_DIR": settings.official_dir,
        "PKIT_WAREHOUSE_DIR": settings.warehouse_dir,
        **extra,
    }.items():
        monkeypatch.setenv(key, str(value))


def mart_checksums(database: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent content checksum of every mart."""
    with duckdb.connect(str(database), read_only=True) as con:
        sql = "select table_name from duckdb_tables() where schema_name = 'marts'"
        tables = [r[0] for r in con.execute(sql).fetchall()]
        return {
            t: con.execute(
                "select count(*), md5(coalesce(string_agg(cast(r as varchar), '|'"
                f" order by cast(r as varchar)), '')) from marts.{t} as r"
            ).fetchone()
            for t in sorted(tables)
        }


def _raw_rows(settings) -> dict[str, int]:
    with duckdb.connect() as con:
        return {
            table: con.execute(
                f"select count(*) from read_parquet('{settings.raw_dir / table / '*.parquet'}')"
            ).fetchone()[0]
            for table in ("documents", "document_facts", "official_parks")
        }


def test_second_run_on_the_same_inputs_changes_nothing(project_copy, monkeypatch):
    _env(monkeypatch, project_copy)
    assert run_all("first")["status"] == "published"
    published = project_copy.published_db
    before, raw_before = mart_checksums(published), _raw_rows(project_copy)
    assert run_all("second")["status"] == "unchanged"
    assert _raw_rows(project_copy) == raw_before, "no duplicated raw rows"
    # A forced rebuild from the same raw layer gives the same marts, row for row.
    build = build_candidate(RunContext.create("rebuild", settings=project_copy), force=True)
    assert mart_checksums(Path(build.candidate)) == before
    assert mart_checksums(published) == before
    assert len(raw_store.load_files(project_copy.raw_dir, "documents")) == 1


def test_a_failed_run_rerun_after_the_fix_completes(project_copy, monkeypatch, tmp_path):
    broken = tmp_path / "dbt_project"
    shutil.copytree(project_copy.dbt_project_dir, broken, ignore=shutil.ignore_patterns("target", "logs"))
    model = broken / "models" / "staging" / "official" / "stg_official__parks.sql"
    model.write_text(model.read_text().replace("{{ source('raw', 'official_parks') }}", "no_such_relation"))
    _env(monkeypatch, project_copy, PKIT_DBT_PROJECT_DIR=broken)
    with pytest.raises(BuildFailed, match="stg_official__parks"):
        run_all("nightly-1")
    assert not project_copy.published_db.exists()
    _env(monkeypatch, project_copy, PKIT_DBT_PROJECT_DIR=project_copy.dbt_project_dir)
    assert run_all("nightly-1")["status"] == "published"
    with duckdb.connect(str(project_copy.published_db), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_parks").fetchone()[0] > 0
        runs = con.execute("select count(distinct run_id) from audit.inputs").fetchone()[0]
    assert runs == 1
