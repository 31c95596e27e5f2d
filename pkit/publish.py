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

from pkit.build.changes import record_changes
from pkit.build.seal import install_seal, prepare_seal
from pkit.run.context import RunContext
from pkit.run.faults import crash_point
from pkit.run.ledger import read_ledger_from

log = logging.getLogger(__name__)

# where `dbt build --store-failures` writes failing rows (dbt's default: <target schema>_dbt_test__audit)
TEST_FAILURES_SCHEMA = "dbt_test__audit"


def write_audit(con: duckdb.DuckDBPyConnection, ctx: RunContext, build: dict[str, Any]) -> None:
    """The ``audit`` schema: every run's inputs, stages and checks (from the ledger) and this build.

    An incremental candidate holds the published build's audit already, and ledger files only grow:
    what each file held when last copied (``audit.ledger_files``, the offset after its last complete
    line) is not read again, only the lines appended since. A file that is new, or shorter than its
    offset, is read whole and replaces its runs' rows.
    """
    con.execute("create schema if not exists audit")
    con.execute("create table if not exists audit.ledger_files (file varchar, bytes bigint)")
    copied: dict[str, int] = dict(con.execute("select file, bytes from audit.ledger_files").fetchall())
    events: list[dict[str, Any]] = []
    replaced_runs: set[str] = set()
    offsets: dict[str, int] = {}
    for path in sorted(ctx.settings.ledger_dir.glob("*.jsonl")):
        start = copied.get(path.name, 0)
        size = path.stat().st_size
        if size == start:
            continue
        whole = path.name not in copied or size < start
        new_events, offsets[path.name] = read_ledger_from(path, 0 if whole else start)
        if whole:
            replaced_runs.update(e["run_id"] for e in new_events)
        events.extend(new_events)
    frames = {
        "inputs": _frame(
            events,
            "input",
            ["source", "file", "sha256", "bytes", "status", "load_id", "rows", "reason", "warnings", "files"],
        ),
        "stages": _frame(
            events, "stage", ["stage", "status", "started_at", "seconds", "cpu_seconds", "rows"]
        ),
        "checks": _frame(events, "check", ["suite", "target", "success", "evaluated", "failed", "failures"]),
    }
    tables = {
        r[0]
        for r in con.execute("select table_name from duckdb_tables() where schema_name = 'audit'").fetchall()
    }
    for name, frame in frames.items():
        con.register("frame", frame)
        if name in tables:
            con.execute(
                f"delete from audit.{name} where run_id in (select unnest(?::varchar[]))",
                [sorted(replaced_runs)],
            )
            con.execute(f"insert into audit.{name} by name select * from frame")
        else:
            con.execute(f"create table audit.{name} as select * from frame")
        con.unregister("frame")
    if offsets:
        con.execute(
            "delete from audit.ledger_files where file in (select unnest(?::varchar[]))", [list(offsets)]
        )
        con.executemany(
            "insert into audit.ledger_files values (?, ?)", [list(item) for item in offsets.items()]
        )
    con.execute(
        "create or replace table audit.build_info as select ? as run_id, ? as fingerprint, "
        "cast(? as timestamptz) as published_at, ? as code_fingerprint, ? as build_mode",
        [
            ctx.run_id,
            build["fingerprint"],
            datetime.now(UTC),
            build.get("code_fingerprint"),
            build.get("mode"),
        ],
    )
    # what the next night's incremental build starts from (pkit/build/candidate.py)
    con.execute("create or replace table audit.build_loads (load varchar)")
    if build.get("loads"):
        con.executemany("insert into audit.build_loads values (?)", [[name] for name in build["loads"]])
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
    "files": "Int64",
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


def publish(ctx: RunContext, candidate: Path, build: dict[str, Any]) -> Path:
    """Finish the candidate (audit schema and ``audit.changes`` against the published file, checkpoint,
    fsync) and atomically replace the published file."""
    target = ctx.settings.published_db
    with ctx.ledger.stage("publish") as stage:
        with duckdb.connect(str(candidate)) as con:
            write_audit(con, ctx, build)
            # what this build changes against the file it replaces; never raises (a warning at worst)
            stage["changes"] = record_changes(con, target)
            # dbt's stored test failures (one table per test, a few hundred) served the run's report;
            # analysts never query them, so they are not published
            con.execute(f"drop schema if exists {TEST_FAILURES_SCHEMA} cascade")
            crash_point("publish:after_audit")
            con.execute("checkpoint")
        _fsync(candidate)
        seal = prepare_seal(candidate, target, ctx.run_id)
        crash_point("publish:before_replace")
        os.replace(candidate, target)
        install_seal(seal, target)
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
