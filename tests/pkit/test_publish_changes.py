"""``audit.changes``: what each published build changed against the one it replaced, kept as a history
across publishes. Real DuckDB files through ``publish()``; the marts are small stand-ins with the
columns the comparison reads (and some it must ignore)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pkit.build.changes import record_changes
from pkit.config import Settings
from pkit.publish import publish, write_audit
from pkit.run.context import RunContext

SBP = ("SBP monthly ICT exports", "https://www.sbp.org.pk/ict-2025-10.xlsx", "2025-11-18")
SBP_REVISED = ("SBP monthly ICT exports (revised)", "https://www.sbp.org.pk/ict-2025-11.xlsx", "2025-12-17")
PSEB = ("PSEB annual report", "https://pseb.org.pk/annual-2025.pdf", "2025-08-20")


def _marts() -> dict[str, list[dict[str, Any]]]:
    """The first build's marts: two facts, three vintages, three months, one fiscal year."""
    return {
        "fct_facts": [
            _fact("f1", "Arfa Software Technology Park", "tenant_count", 260, "count", "as of 2025-03"),
            _fact("f2", "Pakistan ICT exports", "export_value", 3.81e9, "USD", "FY2024-25"),
        ],
        "fct_ict_exports_vintages": [
            _vintage("v-2025-08", "2025-08", 298.0, SBP),
            _vintage("v-2025-09", "2025-09", 366.0, SBP),
            _vintage("v-2025-10", "2025-10", 300.0, SBP),
        ],
        "fct_ict_exports_monthly": [
            _month("2025-08", 298.0, SBP),
            _month("2025-09", 366.0, SBP),
            _month("2025-10", 300.0, SBP),
        ],
        "fct_ict_exports_fiscal_year": [
            {
                "fiscal_year_measure_id": "FY2024-25:ict_exports",
                "fiscal_year": "FY2024-25",
                "measure": "ict_exports",
                "value_usd_mn": 3810.0,
                **_source(PSEB),
            }
        ],
    }


def _source(source: tuple[str, str, str]) -> dict[str, Any]:
    return {"source_title": source[0], "source_url": source[1], "published_date": source[2]}


def _fact(fact_id: str, subject: str, metric: str, value: float, unit: str, period: str) -> dict[str, Any]:
    return {
        "fact_id": fact_id,
        "subject": subject,
        "metric": metric,
        "value": value,
        "unit": unit,
        "period": period,
        "kind": "level",  # a column the comparison does not read
        "file_name": f"{fact_id}.txt",
        "doc_published_date": "2025-09-01",
    }


def _vintage(vintage_id: str, period: str, value: float, source: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "vintage_id": vintage_id,
        "grain": "month",
        "period": period,
        "measure": "ict_exports",
        "value_usd_mn": value,
        **_source(source),
    }


def _month(period: str, value: float, source: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "month_measure_id": f"{period}:ict_exports",
        "period_month": period,
        "measure": "ict_exports",
        "value_usd_mn": value,
        "yoy_growth_pct": 10.0,
        **_source(source),
    }


def _second_marts() -> dict[str, list[dict[str, Any]]]:
    """The second build: October revised (300 → 310, a newer SBP release), its vintage and a new fact
    added, and August gone from the monthly mart."""
    marts = _marts()
    marts["fct_facts"].append(
        _fact("f3", "National Incubation Center Lahore", "startups_incubated", 120, "count", "2025")
    )
    marts["fct_ict_exports_vintages"].append(_vintage("v-2025-10-r", "2025-10", 310.0, SBP_REVISED))
    marts["fct_ict_exports_monthly"] = [
        _month("2025-09", 366.0, SBP),
        _month("2025-10", 310.0, SBP_REVISED),
    ]
    return marts


def _candidate(path: Path, marts: dict[str, list[dict[str, Any]]]) -> Path:
    """A checked candidate built from empty: only the marts (no audit schema yet)."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        _write_marts(con, marts)
    return path


def _write_marts(con: duckdb.DuckDBPyConnection, marts: dict[str, list[dict[str, Any]]]) -> None:
    for table, rows in marts.items():
        columns = list(rows[0])
        types = {c: "double" if isinstance(rows[0][c], float | int) else "varchar" for c in columns}
        for c in ("published_date", "doc_published_date"):
            if c in types:
                types[c] = "date"
        con.execute(
            f"create or replace table marts.{table} (" + ", ".join(f"{c} {types[c]}" for c in columns) + ")"
        )
        con.executemany(
            f"insert into marts.{table} values ({', '.join('?' for _ in columns)})",
            [[row.get(c) for c in columns] for row in rows],
        )


def _publish(settings: Settings, run_id: str, candidate: Path) -> None:
    publish(RunContext.create(run_id, settings=settings), candidate, {"fingerprint": run_id})


def _changes(settings: Settings, where: str = "true") -> list[dict[str, Any]]:
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        result = con.execute(
            f"select * from audit.changes where {where} order by run_id, change_kind, mart, key"
        )
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _kinds(rows: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return sorted((r["run_id"], r["change_kind"], r["mart"], r["key"]) for r in rows)


@pytest.fixture
def settings(project_copy: Settings) -> Settings:
    project_copy.warehouse_dir.mkdir(parents=True)
    return project_copy


def test_the_first_build_records_one_baseline_row_per_mart(settings: Settings) -> None:
    _publish(settings, "first", _candidate(settings.warehouse_dir / "c1.duckdb", _marts()))
    rows = _changes(settings)
    assert {(r["change_kind"], r["mart"]) for r in rows} == {
        ("baseline", "fct_facts"),
        ("baseline", "fct_ict_exports_vintages"),
        ("baseline", "fct_ict_exports_monthly"),
        ("baseline", "fct_ict_exports_fiscal_year"),
    }
    assert len(rows) == 4, "the first build lists no fact or value one by one"
    notes = {r["mart"]: r["note"] for r in rows}
    assert "3 rows" in notes["fct_ict_exports_vintages"] and "2 rows" in notes["fct_facts"]
    assert {r["run_id"] for r in rows} == {"first"}
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        published_at = con.execute("select published_at from audit.build_info").fetchone()[0]
    assert {r["published_at"] for r in rows} == {published_at}


def test_a_second_build_records_revisions_new_rows_and_removals(settings: Settings) -> None:
    _publish(settings, "first", _candidate(settings.warehouse_dir / "c1.duckdb", _marts()))
    _publish(settings, "second", _candidate(settings.warehouse_dir / "c2.duckdb", _second_marts()))
    rows = _changes(settings, "run_id = 'second'")
    assert _kinds(rows) == [
        ("second", "new_fact", "fct_facts", "f3"),
        ("second", "new_vintage", "fct_ict_exports_vintages", "v-2025-10-r"),
        ("second", "removed", "fct_ict_exports_monthly", "2025-08:ict_exports"),
        ("second", "revised", "fct_ict_exports_monthly", "2025-10:ict_exports"),
    ]
    revised = next(r for r in rows if r["change_kind"] == "revised")
    assert (revised["old_value"], revised["new_value"]) == (300.0, 310.0)
    assert (revised["subject"], revised["period"], revised["unit"]) == ("ict_exports", "2025-10", "usd_mn")
    assert (revised["old_source_title"], revised["old_source_url"]) == SBP[:2]
    assert (revised["new_source_title"], revised["new_source_url"]) == SBP_REVISED[:2]
    assert (str(revised["old_published_date"]), str(revised["new_published_date"])) == (
        SBP[2],
        SBP_REVISED[2],
    )
    assert {r["previous_run_id"] for r in rows} == {"first"}
    removed = next(r for r in rows if r["change_kind"] == "removed")
    assert (removed["old_value"], removed["new_value"], removed["period"]) == (298.0, None, "2025-08")
    fact = next(r for r in rows if r["change_kind"] == "new_fact")
    assert (fact["subject"], fact["metric"], fact["new_value"], fact["unit"]) == (
        "National Incubation Center Lahore",
        "startups_incubated",
        120.0,
        "count",
    )
    vintage = next(r for r in rows if r["change_kind"] == "new_vintage")
    assert (vintage["new_value"], vintage["new_source_url"]) == (310.0, SBP_REVISED[1])
    assert len(_changes(settings, "run_id = 'first'")) == 4, "the first build's rows are kept"


def test_a_third_build_keeps_the_history_and_adds_its_own(settings: Settings) -> None:
    _publish(settings, "first", _candidate(settings.warehouse_dir / "c1.duckdb", _marts()))
    _publish(settings, "second", _candidate(settings.warehouse_dir / "c2.duckdb", _second_marts()))
    history = _changes(settings)
    third = _second_marts()
    third["fct_ict_exports_fiscal_year"].append(
        {
            "fiscal_year_measure_id": "FY2025-26:ict_exports",
            "fiscal_year": "FY2025-26",
            "measure": "ict_exports",
            "value_usd_mn": None,  # the running year has no total yet
            **_source(PSEB),
        }
    )
    # a candidate built from empty: it holds no audit.changes, the history comes from the published file
    _publish(settings, "third", _candidate(settings.warehouse_dir / "c3.duckdb", third))
    rows = _changes(settings)
    assert _kinds([r for r in rows if r["run_id"] != "third"]) == _kinds(history)
    assert _kinds([r for r in rows if r["run_id"] == "third"]) == [
        ("third", "added", "fct_ict_exports_fiscal_year", "FY2025-26:ict_exports")
    ]
    assert {r["previous_run_id"] for r in rows if r["run_id"] == "third"} == {"second"}


def test_an_incremental_candidate_holding_the_history_gets_no_duplicates(settings: Settings) -> None:
    _publish(settings, "first", _candidate(settings.warehouse_dir / "c1.duckdb", _marts()))
    _publish(settings, "second", _candidate(settings.warehouse_dir / "c2.duckdb", _second_marts()))
    history = _changes(settings)
    # an incremental candidate is a copy of the published file (audit.changes included), then dbt
    candidate = settings.warehouse_dir / "c3.duckdb"
    shutil.copy(settings.published_db, candidate)
    third = _second_marts()
    third["fct_facts"].append(_fact("f4", "Pakistan ICT exports", "export_value", 3.2e9, "USD", "FY2023-24"))
    with duckdb.connect(str(candidate)) as con:
        _write_marts(con, third)
    _publish(settings, "third", candidate)
    rows = _changes(settings)
    assert _kinds([r for r in rows if r["run_id"] != "third"]) == _kinds(history)
    assert _kinds([r for r in rows if r["run_id"] == "third"]) == [("third", "new_fact", "fct_facts", "f4")]
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        duplicates = con.execute(
            "select count(*) from (select run_id, published_at, change_kind, mart, key from audit.changes "
            "group by all having count(*) > 1)"
        ).fetchone()[0]
    assert duplicates == 0


def test_an_older_previous_build_without_a_mart_or_columns_still_publishes(settings: Settings) -> None:
    older = _marts()
    del older["fct_ict_exports_vintages"]  # a build from before the vintages mart
    for row in older["fct_ict_exports_monthly"]:
        del row["source_url"]  # and before the monthly mart named its source's address
    _publish(settings, "older", _candidate(settings.warehouse_dir / "c1.duckdb", older))
    with duckdb.connect(str(settings.published_db)) as con:
        con.execute("drop table audit.changes")  # written before audit.changes existed
    newer = _second_marts()
    for row in newer["fct_ict_exports_monthly"]:
        row["selection_rule"] = "latest_published"  # a column added on main; ignored
    _publish(settings, "newer", _candidate(settings.warehouse_dir / "c2.duckdb", newer))
    rows = _changes(settings)
    assert _kinds(rows) == [
        ("newer", "baseline", "fct_ict_exports_vintages", None),
        ("newer", "new_fact", "fct_facts", "f3"),
        ("newer", "removed", "fct_ict_exports_monthly", "2025-08:ict_exports"),
        ("newer", "revised", "fct_ict_exports_monthly", "2025-10:ict_exports"),
    ]
    revised = next(r for r in rows if r["change_kind"] == "revised")
    assert revised["old_source_url"] is None and revised["new_source_url"] == SBP_REVISED[1]


def test_a_previous_file_that_cannot_be_read_does_not_block_publishing(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.published_db.write_bytes(b"not a duckdb file" * 1000)
    with caplog.at_level(logging.WARNING, logger="pkit.build.changes"):
        _publish(settings, "after-corruption", _candidate(settings.warehouse_dir / "c.duckdb", _marts()))
    assert "audit.changes not written" in caplog.text
    assert _changes(settings) == []
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        assert con.execute("select run_id from audit.build_info").fetchone() == ("after-corruption",)


def test_a_retried_publish_keeps_no_rows_of_the_attempt_that_was_not_published(settings: Settings) -> None:
    _publish(settings, "first", _candidate(settings.warehouse_dir / "c1.duckdb", _marts()))
    candidate = _candidate(settings.warehouse_dir / "c2.duckdb", _second_marts())
    ctx = RunContext.create("second", settings=settings)
    with duckdb.connect(str(candidate)) as con:  # an attempt that stopped after the audit, before the swap
        write_audit(con, ctx, {"fingerprint": "second"})
        assert record_changes(con, settings.published_db) == 4
    publish(ctx, candidate, {"fingerprint": "second"})
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        publishes = con.execute(
            "select run_id, count(distinct published_at), count(*) from audit.changes group by 1 order by 1"
        ).fetchall()
        published_at = con.execute("select published_at from audit.build_info").fetchone()[0]
        (kept,) = con.execute(
            "select distinct published_at from audit.changes where run_id = 'second'"
        ).fetchone()
    assert publishes == [("first", 1, 4), ("second", 1, 4)]
    assert kept == published_at, "the rows are the published attempt's"
