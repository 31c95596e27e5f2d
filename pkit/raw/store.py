"""The raw layer on disk: append-only Parquet, one file per accepted load, written atomically.

Loads are first written to a landing folder of the run; the raw checks then promote each one into
``raw/<table>/<load_id>.parquet`` (an ``os.replace``: the file appears whole or not at all) or send it
to quarantine. dbt reads ``raw/<table>/*.parquet``; the zero-row ``_schema.parquet`` of each table
keeps that glob valid before the first load.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from pkit.raw.schema import RAW_TABLES, ddl_columns

SCHEMA_FILE = "_schema.parquet"
_LOAD_ID = re.compile(r"^[a-z_]+-\d{8}T\d{6}\d*Z-[0-9a-f]{16}$")


def new_load_id(table: str, content_sha256: str, now: datetime | None = None) -> str:
    """``<table>-<UTC timestamp>-<content hash prefix>``: sorts by time, names its content."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{table}-{stamp}-{content_sha256[:16]}"


def load_sha_prefix(load_id: str) -> str:
    return load_id.rsplit("-", 1)[-1]


def ensure_schema_files(raw_dir: Path) -> None:
    """Write the zero-row ``_schema.parquet`` of every raw table (idempotent), and write it again when
    the contract gained a column: loads written before it lack the column, and dbt's
    ``union_by_name`` read finds it only in some file of the table."""
    with duckdb.connect() as con:
        for table in RAW_TABLES:
            target = raw_dir / table / SCHEMA_FILE
            if target.exists() and _columns(con, target) == [c.name for c in RAW_TABLES[table]]:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"create or replace temp table t ({ddl_columns(table)})")
            _copy_atomically(con, "select * from t", target)


def _columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    try:
        return [
            r[0] for r in con.execute(f"describe select * from read_parquet('{sql_path(path)}')").fetchall()
        ]
    except duckdb.Error:
        return []  # unreadable: written again


def write_parquet(frame: pd.DataFrame, table: str, target: Path) -> int:
    """Write ``frame`` as ``table``'s raw schema (columns cast and ordered) to ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    columns = RAW_TABLES[table]
    missing = [c.name for c in columns if c.name not in frame.columns]
    if missing:
        raise ValueError(f"frame for {table} lacks column(s) {missing}; see pkit/raw/schema.py")
    select = ", ".join(f'cast("{c.name}" as {c.type}) as "{c.name}"' for c in columns)
    with duckdb.connect() as con:
        con.register("frame", frame)
        _copy_atomically(con, f"select {select} from frame", target)
    return len(frame)


def _copy_atomically(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    con.execute(f"copy ({query}) to '{sql_path(tmp)}' (format parquet, compression zstd)")
    os.replace(tmp, target)


def sql_path(path: Path) -> str:
    # Paths are ours (configured folders + generated names), never document text; quotes are escaped anyway.
    return str(path).replace("'", "''")


def read_parquet(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    select = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    with duckdb.connect() as con:
        return con.execute(f"select {select} from read_parquet('{sql_path(path)}')").df()


def load_files(raw_dir: Path, table: str) -> list[Path]:
    """Accepted loads of ``table``, oldest first."""
    folder = raw_dir / table
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.parquet") if p.name != SCHEMA_FILE)


def latest_load_id(raw_dir: Path, table: str) -> str | None:
    files = load_files(raw_dir, table)
    return files[-1].stem if files else None


def known_doc_ids(raw_dir: Path) -> dict[str, str]:
    """Every document already in the raw layer (by content hash), with the inbox path it was first
    loaded from: those are not read again, and a new file with the same bytes is named as its copy."""
    if not load_files(raw_dir, "documents"):
        return {}
    glob = sql_path(raw_dir / "documents" / "*.parquet")
    with duckdb.connect() as con:
        rows = con.execute(
            f"select doc_id, arg_min(source_path, (ingested_at, source_path)) from read_parquet('{glob}') "
            "group by doc_id"
        ).fetchall()
    return {doc_id: path for doc_id, path in rows}


def promote(landing_file: Path, raw_dir: Path, table: str) -> Path:
    """Move a checked landing file into the raw layer (same filesystem: an atomic rename), with its
    SHA-256 recorded beside it (``<load>.parquet.sha256``) for ``damaged_loads``."""
    target = raw_dir / table / landing_file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    seal = checksum_path(target)
    tmp = seal.with_name(f".{seal.name}.tmp-{os.getpid()}")
    tmp.write_text(file_sha256(landing_file) + "\n", encoding="ascii")
    os.replace(landing_file, target)
    os.replace(tmp, seal)
    return target


def checksum_path(load_file: Path) -> Path:
    return load_file.with_name(load_file.name + ".sha256")


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def damaged_loads(raw_dir: Path) -> list[tuple[str, Path, str]]:
    """(table, file, why) of every raw load whose bytes are not the ones promoted. A load promoted
    before checksums were recorded has none and is trusted."""
    damaged = []
    for table in RAW_TABLES:
        for path in load_files(raw_dir, table):
            seal = checksum_path(path)
            try:
                recorded = seal.read_text(encoding="ascii").strip()
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError) as err:
                damaged.append((table, path, f"its checksum file is unreadable ({err})"))
                continue
            if file_sha256(path) != recorded:
                damaged.append(
                    (table, path, "its SHA-256 differs from the one recorded when it was promoted")
                )
    return damaged


def raw_fingerprint(raw_dir: Path) -> list[str]:
    """Names of every accepted load: what a build is made of (loads are immutable once written)."""
    return sorted(f"{table}/{path.name}" for table in RAW_TABLES for path in load_files(raw_dir, table))
