"""A raw load's SHA-256 is recorded when it is promoted; a load whose bytes change afterwards is found
before the next build and moved to quarantine with the reason, so it cannot fail every night's build."""

from __future__ import annotations

import pandas as pd

from pkit.build.candidate import quarantine_damaged_loads
from pkit.raw import store as raw_store
from pkit.raw.schema import RAW_TABLES
from pkit.run.context import RunContext


def _promote_one(settings, name: str = "official_parks-20261201T000000000000Z-0123456789abcdef"):
    columns = [c.name for c in RAW_TABLES["official_parks"]]
    landing = settings.warehouse_dir / "landing" / f"{name}.parquet"
    raw_store.write_parquet(pd.DataFrame([dict.fromkeys(columns)]), "official_parks", landing)
    return raw_store.promote(landing, settings.raw_dir, "official_parks")


def test_a_promoted_load_verifies_until_its_bytes_change(project_copy) -> None:
    load = _promote_one(project_copy)
    assert raw_store.checksum_path(load).exists()
    assert raw_store.damaged_loads(project_copy.raw_dir) == []
    with load.open("r+b") as fh:
        fh.seek(load.stat().st_size // 2)
        fh.write(b"\xff\x00\xff")
    [(table, path, why)] = raw_store.damaged_loads(project_copy.raw_dir)
    assert table == "official_parks" and path == load and "SHA-256 differs" in why


def test_a_damaged_load_is_quarantined_with_its_reason(project_copy) -> None:
    load = _promote_one(project_copy)
    load.write_bytes(b"PAR1 not a parquet file any more")
    ctx = RunContext.create("night", settings=project_copy)
    assert quarantine_damaged_loads(ctx) == [f"official_parks/{load.name}"]
    assert not load.exists() and not raw_store.checksum_path(load).exists()
    [event] = [e for e in ctx.ledger.events("input") if e["status"] == "quarantined"]
    assert event["file"] == f"raw/official_parks/{load.name}" and "damaged" in event["reason"]
    kept = list(project_copy.quarantine_dir.rglob("original.parquet"))
    assert [p.read_bytes() for p in kept] == [b"PAR1 not a parquet file any more"]


def test_a_load_promoted_before_checksums_existed_is_trusted(project_copy) -> None:
    load = _promote_one(project_copy)
    raw_store.checksum_path(load).unlink()
    assert raw_store.damaged_loads(project_copy.raw_dir) == []


def test_a_schema_file_of_an_older_contract_is_written_again(project_copy) -> None:
    """A raw table that gained a column: its zero-row schema file is rewritten, so dbt's union_by_name
    read finds the column even when every load predates it."""
    import duckdb

    raw = project_copy.raw_dir
    raw_store.ensure_schema_files(raw)
    schema = raw / "documents" / raw_store.SCHEMA_FILE
    with duckdb.connect() as con:  # the documents schema file as written before `url` existed
        con.execute(f"copy (select 'x' as doc_id) to '{schema}' (format parquet)")
    raw_store.ensure_schema_files(raw)
    with duckdb.connect() as con:
        columns = [r[0] for r in con.execute(f"describe select * from '{schema}'").fetchall()]
    assert columns == [c.name for c in RAW_TABLES["documents"]] and "url" in columns
