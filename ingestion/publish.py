"""Stage 6: write the ``audit`` schema into the checked candidate and swap it in atomically.

``os.replace`` of a closed, checkpointed DuckDB file over ``warehouse/pkit.duckdb`` is atomic on one
filesystem: readers that open the path afterwards get the new file, readers already open keep the
old one (its inode lives until they close). Nothing ever writes to the published path in place.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ingestion.faults import crash_point
from ingestion.ledger import read_all
from ingestion.run_context import RunContext

log = logging.getLogger(__name__)


def write_audit(con: duckdb.DuckDBPyConnection, ctx: RunContext, fingerprint: str) -> None:
    """The ``audit`` schema: every run's inputs, stages and checks (from the ledger) and this build."""
    events = read_all(ctx.settings.ledger_dir)
    frames = {
        "inputs": _frame(
            events,
            "input",
            ["source", "file", "sha256", "bytes", "status", "load_id", "rows", "reason", "warnings"],
        ),
        "stages": _frame(
            events, "stage", ["stage", "status", "started_at", "seconds", "cpu_seconds", "rows"]
        ),
        "checks": _frame(events, "check", ["suite", "target", "success", "evaluated", "failed", "failures"]),
    }
    con.execute("create schema if not exists audit")
    for name, frame in frames.items():
        con.register("frame", frame)
        con.execute(f"create or replace table audit.{name} as select * from frame")
        con.unregister("frame")
    con.execute(
        "create or replace table audit.build_info as select ? as run_id, ? as fingerprint, "
        "cast(? as timestamptz) as published_at",
        [ctx.run_id, fingerprint, datetime.now(UTC)],
    )
    con.execute(
        """
        create or replace table audit.row_counts as
        select schema_name, table_name, estimated_size as row_count
        from duckdb_tables() where schema_name in ('staging', 'intermediate', 'marts')
        """
    )


_TYPES = {
    "seconds": "float64",
    "cpu_seconds": "float64",
    "rows": "Int64",
    "bytes": "Int64",
    "evaluated": "Int64",
    "failed": "Int64",
    "success": "boolean",
}


def _frame(events: list[dict[str, Any]], kind: str, columns: list[str]) -> pd.DataFrame:
    rows = []
    for e in events:
        if e["kind"] != kind:
            continue
        row = {"run_id": e["run_id"], "recorded_at": e["at"]}
        for c in columns:
            value = e.get(c)
            row[c] = json.dumps(value, default=str) if isinstance(value, list | dict) else value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["run_id", "recorded_at", *columns])
    for column, dtype in _TYPES.items():
        if column in frame:
            frame[column] = frame[column].astype(dtype)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].astype("string")
    # ISO8601, not a format inferred from the first row: ledgers written before timestamps were fixed
    # to microseconds hold both "…:09+00:00" and "…:09.123456+00:00"
    frame["recorded_at"] = pd.to_datetime(frame["recorded_at"], utc=True, format="ISO8601")
    return frame


def publish(ctx: RunContext, candidate: Path, fingerprint: str) -> Path:
    """Finish the candidate (audit schema, checkpoint, fsync) and atomically replace the published file."""
    target = ctx.settings.published_db
    with ctx.ledger.stage("publish") as stage:
        with duckdb.connect(str(candidate)) as con:
            write_audit(con, ctx, fingerprint)
            crash_point("publish:after_audit")
            con.execute("checkpoint")
        _fsync(candidate)
        crash_point("publish:before_replace")
        os.replace(candidate, target)
        _fsync(target.parent)
        stage["bytes"] = target.stat().st_size
    log.info("published %s", target)
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
