"""What each published build changed: ``audit.changes``, written into the candidate by ``publish()``.

Before the candidate replaces the published file, the published file (the previous build) is attached
read-only and four marts are compared on their keys:

* ``marts.fct_facts`` (``fact_id``): facts the previous build did not have are ``new_fact``;
* ``marts.fct_ict_exports_vintages`` (``vintage_id``): reported official values not there before are
  ``new_vintage``;
* ``marts.fct_ict_exports_monthly`` (``month_measure_id``) and ``marts.fct_ict_exports_fiscal_year``
  (``fiscal_year_measure_id``): a current ``value_usd_mn`` that differs is ``revised`` (old and new value,
  with the source of each), a row not there before is ``added``;
* a row of any of the four that the previous build had and this one lacks is ``removed``.

A mart the previous build did not have at all (the first build ever, or an older build from before the
mart existed) gets one ``baseline`` row with its row count instead of one row per fact or value, so the
first build does not flood the table with everything the warehouse holds.

The table is the history of every published build: the previous file's rows are carried into the
candidate (a candidate built from empty has none, an incremental one is a copy holding them all
already), keyed by the publish they belong to, ``(run_id, published_at)``, so nothing is doubled.

Only the key columns, ``value_usd_mn``, ``source_title``, ``source_url``, ``published_date`` and the
fact columns named in ``MARTS`` are read, and a column either file lacks reads as null: the marts gain
columns in other work and an older build may lack some. Nothing here may stop a publish: a failure
logs a warning and records nothing (``record_changes`` never raises).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

PREVIOUS = "pkit_previous"  # the catalog name the published file is attached under

# The columns of audit.changes, in order (docs/analysts.md, "What changed since a date").
COLUMNS: tuple[tuple[str, str], ...] = (
    ("run_id", "varchar"),
    ("published_at", "timestamptz"),
    ("previous_run_id", "varchar"),
    ("change_kind", "varchar"),
    ("mart", "varchar"),
    ("key", "varchar"),
    ("subject", "varchar"),
    ("metric", "varchar"),
    ("period", "varchar"),
    ("unit", "varchar"),
    ("old_value", "double"),
    ("new_value", "double"),
    ("old_source_title", "varchar"),
    ("old_source_url", "varchar"),
    ("old_published_date", "date"),
    ("new_source_title", "varchar"),
    ("new_source_url", "varchar"),
    ("new_published_date", "date"),
    ("note", "varchar"),
)


@dataclass(frozen=True)
class Mart:
    """How one mart is compared: its key, and which of its columns fill each column of audit.changes."""

    table: str
    key: str
    new_kind: str  # what a row the previous build lacked is called
    revisions: bool  # compare the current value of rows present in both builds
    subject: str
    period: str
    value: str
    source_title: str
    source_url: str | None
    published_date: str
    metric: str | None = None
    unit: str | None = None  # a column name
    unit_literal: str | None = None  # or the unit every row has


MARTS: tuple[Mart, ...] = (
    Mart(
        "fct_facts",
        "fact_id",
        "new_fact",
        revisions=False,  # the fact id is a hash of the value itself: a changed value is a new fact
        subject="subject",
        metric="metric",
        period="period",
        value="value",
        unit="unit",
        source_title="file_name",  # the document the fact was first seen in (dim_documents has more)
        source_url=None,
        published_date="doc_published_date",
    ),
    Mart(
        "fct_ict_exports_vintages",
        "vintage_id",
        "new_vintage",
        revisions=False,  # a vintage is one reported value: a new report is a new vintage
        subject="measure",
        period="period",
        value="value_usd_mn",
        unit_literal="usd_mn",
        source_title="source_title",
        source_url="source_url",
        published_date="published_date",
    ),
    Mart(
        "fct_ict_exports_monthly",
        "month_measure_id",
        "added",
        revisions=True,
        subject="measure",
        period="period_month",
        value="value_usd_mn",
        unit_literal="usd_mn",
        source_title="source_title",
        source_url="source_url",
        published_date="published_date",
    ),
    Mart(
        "fct_ict_exports_fiscal_year",
        "fiscal_year_measure_id",
        "added",
        revisions=True,
        subject="measure",
        period="fiscal_year",
        value="value_usd_mn",
        unit_literal="usd_mn",
        source_title="source_title",
        source_url="source_url",
        published_date="published_date",
    ),
)


def record_changes(con: duckdb.DuckDBPyConnection, previous_db: Path) -> int:
    """Carry the published history of ``audit.changes`` into the candidate ``con`` and add this build's
    changes against ``previous_db``; returns the number of rows added for this build.

    Call it after ``audit.build_info`` is written (its ``run_id`` and ``published_at`` name this
    publish). Never raises: a failure logs a warning and leaves this build's changes unrecorded.
    """
    try:
        run_id, published_at = con.execute("select run_id, published_at from audit.build_info").fetchone()
        _create_table(con)
    except Exception as exc:  # nothing here may stop a publish
        log.warning("audit.changes not written: %s", exc)
        return 0
    if not previous_db.exists():
        return _in_transaction(con, "first build", lambda: _first_build(con, run_id, published_at))
    try:
        con.execute(f"attach '{_quote(previous_db)}' as {PREVIOUS} (read_only)")
    except Exception as exc:  # an unreadable previous file must not stop a publish
        log.warning("audit.changes not written: the published file could not be opened: %s", exc)
        return 0
    try:
        # two steps, so the history survives a failure to compare this build
        _in_transaction(con, "history", lambda: _carry_history(con))
        return _in_transaction(con, "comparison", lambda: _compare(con, run_id, published_at))
    finally:
        try:
            con.execute(f"detach {PREVIOUS}")
        except Exception as exc:  # not worth failing a publish over
            log.warning("could not detach the previous build: %s", exc)


def _in_transaction(con: duckdb.DuckDBPyConnection, what: str, step: Callable[[], int]) -> int:
    """Run ``step`` all or nothing; a failure is a warning and 0 rows."""
    con.begin()
    try:
        count = step()
    except Exception as exc:  # nothing here may stop a publish
        con.rollback()
        log.warning("audit.changes: %s not recorded: %s", what, exc)
        return 0
    con.commit()
    return count


def _create_table(con: duckdb.DuckDBPyConnection) -> None:
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
    con.execute("create schema if not exists audit")
    con.execute(f"create table if not exists audit.changes ({columns})")
    # an incremental candidate is a copy of a build whose table may predate a column
    have = _columns(con, con.execute("select current_database()").fetchone()[0], "audit", "changes")
    for name, kind in COLUMNS:
        if name not in have:
            con.execute(f"alter table audit.changes add column {name} {kind}")


def _carry_history(con: duckdb.DuckDBPyConnection) -> int:
    """Make the candidate's history the published one: add the publishes it lacks (a candidate built
    from empty lacks them all) and drop rows of publishes that never happened (an earlier attempt at
    publishing this candidate that stopped before the swap)."""
    previous = _columns(con, PREVIOUS, "audit", "changes")
    if not previous:  # a build from before audit.changes: no history, so no row here was published
        con.execute("delete from audit.changes")
        return 0
    con.execute(
        f"""
        delete from audit.changes as c where not exists (
            select 1 from {PREVIOUS}.audit.changes as p
            where p.run_id = c.run_id and p.published_at = c.published_at
        )
        """
    )
    common = ", ".join(name for name, _ in COLUMNS if name in previous)
    con.execute(
        f"""
        insert into audit.changes by name
        select {common} from {PREVIOUS}.audit.changes as p
        where not exists (
            select 1 from audit.changes as c where c.run_id = p.run_id and c.published_at = p.published_at
        )
        """
    )
    return 0


def _first_build(con: duckdb.DuckDBPyConnection, run_id: str, published_at: object) -> int:
    # nothing was published before, so no earlier publish's rows can be valid here
    con.execute("delete from audit.changes")
    current = con.execute("select current_database()").fetchone()[0]
    return sum(_baseline(con, mart, current, run_id, published_at, None) for mart in MARTS)


def _compare(con: duckdb.DuckDBPyConnection, run_id: str, published_at: object) -> int:
    current = con.execute("select current_database()").fetchone()[0]
    previous_run = None
    if _columns(con, PREVIOUS, "audit", "build_info") >= {"run_id"}:
        row = con.execute(f"select run_id from {PREVIOUS}.audit.build_info limit 1").fetchone()
        previous_run = row[0] if row else None
    # this publish's rows, if an earlier attempt on this candidate wrote them, are written again
    con.execute("delete from audit.changes where run_id = ? and published_at = ?", [run_id, published_at])
    added = 0
    for mart in MARTS:
        new_columns = _columns(con, current, "marts", mart.table)
        old_columns = _columns(con, PREVIOUS, "marts", mart.table)
        if mart.key not in new_columns:
            log.info("audit.changes: %s is not in this build, not compared", mart.table)
            continue
        if mart.key not in old_columns:  # an older build, from before this mart
            added += _baseline(con, mart, current, run_id, published_at, previous_run)
            continue
        added += _diff(con, mart, current, new_columns, old_columns, run_id, published_at, previous_run)
    return added


def _baseline(
    con: duckdb.DuckDBPyConnection,
    mart: Mart,
    current: str,
    run_id: str,
    published_at: object,
    previous_run: str | None,
) -> int:
    """One summary row for a mart with nothing to compare with (not one row per value it holds)."""
    if mart.key not in _columns(con, current, "marts", mart.table):
        return 0
    rows = con.execute(f"select count(*) from marts.{mart.table}").fetchone()[0]
    con.execute(
        "insert into audit.changes (run_id, published_at, previous_run_id, change_kind, mart, note) "
        "values (?, ?, ?, 'baseline', ?, ?)",
        [
            run_id,
            published_at,
            previous_run,
            mart.table,
            f"first published build of {mart.table}: {rows} rows, not listed one by one",
        ],
    )
    return 1


def _diff(
    con: duckdb.DuckDBPyConnection,
    mart: Mart,
    current: str,
    new_columns: set[str],
    old_columns: set[str],
    run_id: str,
    published_at: object,
    previous_run: str | None,
) -> int:
    def side(columns: set[str], catalog: str) -> str:
        def pick(column: str | None, cast: str = "varchar") -> str:
            # a column this build lacks reads as null, so a mart's schema may grow or differ by build
            return f"cast({column} as {cast})" if column and column in columns else f"cast(null as {cast})"

        unit = pick(mart.unit) if mart.unit else f"'{mart.unit_literal}'" if mart.unit_literal else "null"
        return f"""
            select
                cast({mart.key} as varchar) as key,
                {pick(mart.subject)} as subject,
                {pick(mart.metric)} as metric,
                {pick(mart.period)} as period,
                {unit} as unit,
                {pick(mart.value, "double")} as value,
                {pick(mart.source_title)} as source_title,
                {pick(mart.source_url)} as source_url,
                try_cast({pick(mart.published_date)} as date) as published_date
            from {catalog}.marts.{mart.table}
        """

    revised = "or new.value is distinct from old.value" if mart.revisions else ""
    before = con.execute("select count(*) from audit.changes").fetchone()[0]
    con.execute(
        f"""
        insert into audit.changes by name
        with new as ({side(new_columns, current)}), old as ({side(old_columns, PREVIOUS)})
        select
            ? as run_id,
            cast(? as timestamptz) as published_at,
            ? as previous_run_id,
            case
                when old.key is null then '{mart.new_kind}'
                when new.key is null then 'removed'
                else 'revised'
            end as change_kind,
            '{mart.table}' as mart,
            coalesce(new.key, old.key) as key,
            coalesce(new.subject, old.subject) as subject,
            coalesce(new.metric, old.metric) as metric,
            coalesce(new.period, old.period) as period,
            coalesce(new.unit, old.unit) as unit,
            old.value as old_value,
            new.value as new_value,
            old.source_title as old_source_title,
            old.source_url as old_source_url,
            old.published_date as old_published_date,
            new.source_title as new_source_title,
            new.source_url as new_source_url,
            new.published_date as new_published_date,
            cast(null as varchar) as note
        from new full outer join old on new.key = old.key
        where old.key is null or new.key is null {revised}
        """,
        [run_id, published_at, previous_run],
    )
    return con.execute("select count(*) from audit.changes").fetchone()[0] - before


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> set[str]:
    """The columns of ``catalog.schema.table``; empty when there is no such table."""
    return {
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns "
            "where table_catalog = ? and table_schema = ? and table_name = ?",
            [catalog, schema, table],
        ).fetchall()
    }


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
