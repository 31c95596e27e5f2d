"""Running twice changes nothing; a failed run, re-run after its cause is fixed, completes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pkit.build.candidate import BuildFailed, build_candidate
from pkit.build.seal import verify_published
from pkit.pipeline import run_all
from pkit.raw import store as raw_store
from pkit.run.context import RunContext
from pkit.run.ledger import read_ledger_file

pytestmark = pytest.mark.slow


def _env(monkeypatch, settings, **extra) -> None:
    for key, value in {
        "PKIT_DOCUMENTS_DIR": settings.documents_dir,
        "PKIT_OFFICIAL_DIR": settings.official_dir,
        "PKIT_WAREHOUSE_DIR": settings.warehouse_dir,
        **extra,
    }.items():
        monkeypatch.setenv(key, str(value))


def mart_checksums(database: Path, schemas: tuple[str, ...] = ("marts",)) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent content checksum of every table of ``schemas``."""
    with duckdb.connect(str(database), read_only=True) as con:
        names = ", ".join(f"'{s}'" for s in schemas)
        sql = f"select schema_name || '.' || table_name from duckdb_tables() where schema_name in ({names})"
        tables = [r[0] for r in con.execute(sql).fetchall()]
        return {
            t: con.execute(
                "select count(*), md5(coalesce(string_agg(cast(r as varchar), '|'"
                f" order by cast(r as varchar)), '')) from {t} as r"
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
    with duckdb.connect(str(published), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    assert schemas == {"staging", "intermediate", "marts", "audit"}, (
        "dbt's stored test failures not published"
    )
    before, raw_before = mart_checksums(published), _raw_rows(project_copy)
    assert run_all("second")["status"] == "unchanged"
    assert _raw_rows(project_copy) == raw_before, "no duplicated raw rows"
    # A forced rebuild from the same raw layer gives the same marts, row for row.
    build = build_candidate(RunContext.create("rebuild", settings=project_copy), force=True)
    assert mart_checksums(Path(build.candidate)) == before
    assert mart_checksums(published) == before
    assert len(raw_store.load_files(project_copy.raw_dir, "documents")) == 1

    # Bytes overwritten in the middle of the published file: the next night does not call it unchanged
    # (nor copy it forward) but rebuilds it from the raw layer, with the same marts.
    with published.open("r+b") as fh:
        fh.seek(published.stat().st_size // 2)
        fh.write(b"\x00corrupted\x00" * 64)
    assert run_all("after-corruption")["status"] == "published"
    [stage] = [
        e
        for e in read_ledger_file(project_copy.ledger_dir / "after-corruption.jsonl")
        if e["kind"] == "stage" and e["stage"] == "dbt_build"
    ]
    assert "SHA-256 differs" in stage["published_damaged"] and stage["mode"] == "full"
    assert verify_published(published) is None
    assert mart_checksums(published) == before


def _assert_same_as_a_build_from_empty(settings, run_id: str) -> None:
    """Every staging, intermediate and mart table of the published build equals a build from empty."""
    layers = ("staging", "intermediate", "marts")
    incremental = mart_checksums(settings.published_db, layers)
    build = build_candidate(RunContext.create(run_id, settings=settings), force=True)
    assert build.mode == "full"
    assert mart_checksums(Path(build.candidate), layers) == incremental


RESTATEMENT = """IT exports hit a record
Published: January 5, 2025
Key achievements include record IT exports of $3.223 billion in FY 2023-24, reflecting a 24% increase.
"""


def test_an_incremental_night_builds_what_a_full_build_would(project_copy, monkeypatch, tmp_path):
    """Night 2 grows night 1's warehouse with dbt's incremental models; a build from empty agrees, table
    for table, including a fact restated by a new, earlier-published document (its first mention moves)."""
    _env(monkeypatch, project_copy)
    held = sorted(project_copy.documents_dir.iterdir())[1]
    shutil.move(held, tmp_path / held.name)
    assert run_all("night-1")["status"] == "published"
    shutil.move(tmp_path / held.name, held)
    (project_copy.documents_dir / "restated.txt").write_text(RESTATEMENT)
    assert run_all("night-2")["status"] == "published"

    published = project_copy.published_db
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select build_mode from audit.build_info").fetchone()[0] == "incremental"
        restated = con.execute(
            "select mention_count, doc_count, file_name from marts.fct_facts"
            " where metric = 'it_exports' and value = 3223000000 and period = 'FY2023-24' and kind = 'actual'"
        ).fetchall()
    assert restated == [(2, 2, "restated.txt")]
    with duckdb.connect(str(published), read_only=True) as con:
        # the audit grew by night 2's ledger, and night 1's events written after its publish
        audit = dict(con.execute("select run_id, count(*) from audit.stages group by all").fetchall())
    ledger = {
        run: sum(
            1 for e in read_ledger_file(project_copy.ledger_dir / f"{run}.jsonl") if e["kind"] == "stage"
        )
        for run in ("night-1", "night-2")
    }
    assert audit["night-1"] == ledger["night-1"]
    # the publish stage itself, and the stages after it (the exports), end after the audit is written
    after_publish = {"publish", "export"}
    late = sum(
        1
        for e in read_ledger_file(project_copy.ledger_dir / "night-2.jsonl")
        if e["kind"] == "stage" and e["stage"] in after_publish
    )
    assert late == 2
    assert audit["night-2"] == ledger["night-2"] - late

    _assert_same_as_a_build_from_empty(project_copy, "rebuild")

    # night 3: new official snapshots (November 2024 revised from 324 to 340, a park's jobs) are added
    # to a copy too; the models they feed are rebuilt from empty there: a claim of 324 no longer agrees
    monthly = project_copy.official_dir / "ict_exports_monthly.csv"
    monthly.write_text(
        monthly.read_text().replace(
            "2024-11,FY2024-25,ict_exports,324,", "2024-11,FY2024-25,ict_exports,340,"
        )
    )
    parks = project_copy.official_dir / "parks.csv"
    parks.write_text(parks.read_text().replace(",,13400,", ",,13500,", 1))
    assert run_all("night-3")["status"] == "published"
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select build_mode from audit.build_info").fetchone()[0] == "incremental"
        statuses = con.execute(
            "select status from marts.fct_export_claims_vs_official"
            " where period = '2024-11' and claim_value_usd_mn = 324"
        ).fetchall()
    assert statuses == [("conflicting",)]
    _assert_same_as_a_build_from_empty(project_copy, "rebuild-3")

    # a new load of documents already built (their facts extracted again) is not added incrementally
    facts = raw_store.load_files(project_copy.raw_dir, "document_facts")[0]
    load_id = raw_store.new_load_id("documents", "f" * 64)
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * replace ('{load_id}' as load_id, now() as ingested_at)"
            f" from read_parquet('{facts}')) to '{facts.with_name(load_id + '.parquet')}' (format parquet)"
        )
    build = build_candidate(RunContext.create("re-extracted", settings=project_copy))
    assert build.mode == "full" and "were built before" in build.mode_reason


def test_a_failed_run_rerun_after_the_fix_completes(project_copy, monkeypatch, tmp_path):
    broken = tmp_path / "dbt_project"
    shutil.copytree(project_copy.dbt_project_dir, broken, ignore=shutil.ignore_patterns("target", "logs"))
    model = broken / "models" / "staging" / "official" / "stg_official__parks.sql"
    source = "{{ source('official', 'official_parks') }}"
    assert source in model.read_text()  # else the fault below would not be injected
    model.write_text(model.read_text().replace(source, "no_such_relation"))
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
