"""The report's charts (pkit.report.charts) on small hand-made marts: what each draws, and that an empty,
missing or broken mart gives a page that says so instead of failing the report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pkit.build.docs import ensure_docs, generate_docs
from pkit.config import Settings
from pkit.report import charts
from pkit.report.page import write_report
from pkit.run.context import RunContext

MARTS = {
    "fct_ict_exports_monthly": """
        select * from (values
            ('2024-06', date '2024-06-01', 'FY2023-24', 'ict_exports', 298.0, 10.0, 'SBP',
             timestamp '2024-07-18', 'SBP monthly', 'SBP', false, null),
            ('2024-07', date '2024-07-01', 'FY2024-25', 'ict_exports', 286.0, 24.0, 'SBP',
             timestamp '2024-08-18', 'SBP monthly', 'SBP', true, 'Jul..this month add up to 286'),
            ('2024-09', date '2024-09-01', 'FY2024-25', 'ict_exports', 292.0, null, 'PBS', null, 'PBS', 'PBS',
             false, null),
            ('2024-09', date '2024-09-01', 'FY2024-25', 'computer_services_exports', 200.0, null, 'PBS', null,
             'PBS', 'PBS', false, null))
        as t(period_month, month_start, fiscal_year, measure, value_usd_mn, yoy_growth_pct, publisher,
             published_date, source_title, series_basis, is_flagged, flag_reason)""",
    "fct_ict_exports_fiscal_year": """
        select * from (values
            ('FY2023-24', 'ict_exports', 3223.0, 'SBP', timestamp '2024-07-18', 11, null, null),
            ('FY2024-25', 'ict_exports', null, null, null, 3, 'Jul-Sep FY2024-25', 876.0),
            ('FY2023-24', 'computer_services_exports', 2650.0, 'SBP', null, 2, null, null))
        as t(fiscal_year, measure, value_usd_mn, publisher, published_date, months_available,
             latest_ytd_period, latest_ytd_usd_mn)""",
    "fct_targets": """
        select * from (values
            ('Pakistan ICT exports', 'export_target', 'USD', 'FY2024-25', 'fiscal_year', date '2025-06-30',
             4.2e9, true, 3.81e9, 'FY2024-25', date '2025-07-18', 'fiscal_year_total', 'missed', 90.7),
            ('Pakistan ICT exports', 'export_target', 'USD', 'FY2024-25', 'fiscal_year', date '2025-06-30',
             3.8e9, false, 3.81e9, 'FY2024-25', date '2025-07-18', 'fiscal_year_total', 'met', 100.3),
            ('Pakistan ICT exports', 'export_target', 'USD', 'by 2030', 'deadline', date '2030-12-31',
             15e9, true, 3.81e9, 'FY2024-25', date '2025-07-18', 'last_fiscal_year_total_by_deadline',
             'in_progress', 25.4),
            ('Pakistan ICT exports', 'export_target', 'USD', null, null, null,
             30e9, true, null, null, null, null, 'not_comparable', null),
            ('e-Rozgaar', 'centres', 'count', 'by 2027', 'deadline', date '2027-12-31',
             250.0, true, 40.0, null, date '2025-01-01', 'latest_actual_to_date', 'in_progress', 16.0),
            ('DigiSkills.pk', 'trainings', 'count', 'by 2020-08', 'deadline', date '2020-08-31',
             1e6, true, 1e6, 'as of 2020-05', date '2020-05-31', 'latest_actual_by_deadline', 'met', 100.0),
            ('NIC', 'startups', 'count', 'by 2021', 'deadline', date '2021-12-31',
             1e3, true, 700.0, '2021-11', date '2021-11-30', 'latest_actual_by_deadline', 'missed', 70.0),
            ('DEEP', 'broadband_permit_days', 'days', null, null, null,
             65.0, true, null, null, null, null, 'not_comparable', null))
        as t(subject, metric, unit, period, period_type, deadline_date, target_value, is_latest_version,
             actual_value, actual_period, actual_as_of, actual_basis, status, attainment_pct)""",
    "dim_parks": """
        select * from (values
            ('karachi-it-park', 'park', 'Karachi'),
            ('software-technology-parks', 'park_network', null),
            ('stp-bannu', 'park', 'Bannu'))
        as t(park_id, park_level, city)""",
    "fct_park_metrics": """
        select * from (values
            ('m1', 'karachi-it-park', 'Karachi IT Park', 'area_sqft', 'projection', 1120000.0, null,
             date '2025-02-14'),
            ('m2', 'karachi-it-park', 'Karachi IT Park', 'jobs_created', 'projection', 13400.0, null,
             date '2025-02-14'),
            ('m3', 'karachi-it-park', 'Karachi IT Park', 'status', 'actual', null, 'Under development',
             date '2025-02-14'),
            ('m4', 'software-technology-parks', 'Software Technology Parks', 'professionals', 'actual',
             18000.0, null, date '2025-07-19'),
            ('m5', 'software-technology-parks', 'Software Technology Parks', 'companies_hosted', 'actual',
             350.0, null, date '2025-02-14'),
            ('m6', 'stp-bannu', 'STP Bannu', 'status', 'actual', null, 'MoU signed', date '2021-06-17'))
        as t(park_metric_id, park_id, park_name, metric, kind, value, value_text, as_of)""",
}


def make_warehouse(path: Path, *, empty: bool = False, skip: tuple[str, ...] = ()) -> Path:
    """A published-like file: the marts above (``empty``: same columns, no rows) and audit.build_info."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create schema audit")
        con.execute(
            "create table audit.build_info as select 'run-7' as run_id, 'fp' as fingerprint, "
            "timestamptz '2026-01-02 03:04:05+00' as published_at"
        )
        for name, sql in MARTS.items():
            if name in skip:
                continue
            extra = {
                "fct_park_metrics": ", true as is_latest, 'official' as source_kind",
                "fct_ict_exports_monthly": ", 'latest_release' as selection_rule, "
                "null::varchar as growth_basis, null::date as release_date",
                "fct_targets": ", null::varchar as publisher, null::varchar as file_name, "
                "null::varchar as source_title, 'official' as source_kind, null::date as announced_on",
            }.get(name, "")
            con.execute(
                f"create table marts.{name} as select *{extra} from ({sql}) {'limit 0' if empty else ''}"
            )
    return path


def test_fiscal_year_helpers():
    assert charts.fiscal_year_label(2023) == "FY2023-24"
    assert charts.fiscal_year_label(1999) == "FY1999-00"
    assert charts.fiscal_year_start("FY2024-25") == 2024
    # 'by 2023' (31 Dec 2023): the last fiscal year ended by then is FY2022-23
    assert charts.last_fiscal_year_ended_by(date(2023, 12, 31)) == 2022
    assert charts.last_fiscal_year_ended_by(date(2029, 6, 30)) == 2028  # by FY2028-29
    assert charts.last_fiscal_year_ended_by(date(2029, 6, 29)) == 2027


def test_each_chart_draws_what_the_marts_hold(tmp_path):
    db = make_warehouse(tmp_path / "pkit.duckdb")
    with duckdb.connect(str(db), read_only=True) as con:
        monthly = charts.exports_monthly(con)
        fiscal, undated = charts.exports_fiscal_year(con)
        parks = charts.park_capacity(charts.park_latest(con))
        status = charts.park_status_rows(charts.park_latest(con))
        programs, without_actual = charts.program_targets(con)
    # monthly: ict_exports only, one trace per series, a gap month and a flagged month in the note
    by_series = {t.name: t for t in monthly.data}
    assert list(by_series["SBP series (current value)"].y) == [298.0, 286.0]
    assert list(by_series["PBS series (current value)"].y) == [292.0]
    assert list(by_series["SBP series (current value)"].marker.line.color) == ["rgba(0,0,0,0)", charts.RED]
    assert "1 of 4 months have no reported value" in monthly.layout.title.text
    assert "1 months outlined in red" in monthly.layout.title.text
    # fiscal year: the total, the running year's year-to-date, targets by kind; the undated one counted
    traces = {t.name: t for t in fiscal.data}
    assert list(traces["reported total"].x) == ["FY2023-24"] and list(traces["reported total"].y) == [3223.0]
    assert list(traces["year so far (no total yet)"].y) == [876.0]
    assert list(traces["target for the year"].y) == [4200.0]
    assert list(traces["earlier announced target"].y) == [3800.0]
    # a target years beyond the data is named in the note instead of stretching the axis to 2029-30
    assert not any(n.startswith("target 'by'") for n in traces)
    assert "later targets, not drawn: US$ 15.0 bn (by 2030)" in fiscal.layout.title.text
    assert list(traces["reported total"].text) == ["3,223"]  # values labelled
    assert undated == 1
    assert list(fiscal.layout.xaxis.categoryarray) == [charts.fiscal_year_label(y) for y in range(2023, 2025)]
    # parks: achieved apart from planned; jobs falls back to a network's professionals
    bars = {t.name: t for t in parks.data}
    assert list(bars["area, sq ft: planned"].y) == ["Karachi IT Park"] and list(
        bars["area, sq ft: planned"].x
    ) == [1120000.0]
    assert "area, sq ft: achieved (exists)" not in bars  # a park under construction has built nothing yet
    assert list(bars["companies hosted: achieved (exists)"].y) == ["Software Technology Parks (network)"]
    assert list(bars["jobs (or professionals): planned"].x) == [13400.0]
    assert list(bars["jobs (or professionals): achieved (exists)"].x) == [18000.0]
    assert {r["park"]: r["status"] for r in status} == {
        "Karachi IT Park": "Under development",
        "STP Bannu": "MoU signed",
    }
    # programs: export targets excluded; one trace per status, none for the not comparable (counted)
    by_status = {t.name: sorted(t.x) for t in programs.data}
    assert by_status == {"in progress": [16.0], "met": [100.0], "missed": [70.0]}
    assert without_actual == 1


def test_quality_chart_counts_the_run(tmp_path):
    fig = charts.quality(
        {
            "input_counts": {"loaded": 3, "quarantined": 2},
            "checks_passed": 5,
            "checks_failed": 1,
            "dbt_tests": 10,
            "dbt_tests_failed": 0,
        }
    )
    bars = {(t.y[0], t.name): t.x[0] for t in fig.data}
    assert bars[("inputs", "loaded")] == 3 and bars[("inputs", "quarantined")] == 2
    assert bars[("GX checkpoints", "failed")] == 1 and bars[("dbt tests", "passed")] == 10


@pytest.mark.parametrize("state", ["no_file", "empty_marts", "no_marts"])
def test_an_empty_warehouse_says_no_data_yet(tmp_path, state):
    db = tmp_path / "pkit.duckdb"
    if state == "empty_marts":
        make_warehouse(db, empty=True)
    elif state == "no_marts":
        make_warehouse(db, skip=tuple(MARTS))
    rendered = charts.warehouse_charts(db)
    assert [c.id for c in rendered] == [
        "exports-monthly",
        "exports-fiscal-year",
        "park-capacity",
        "program-targets",
    ]
    for chart in rendered:
        assert chart.figure is None and chart.note and chart.note.startswith("No data yet"), chart


def test_a_broken_mart_is_named_and_the_other_charts_still_draw(tmp_path):
    db = make_warehouse(tmp_path / "pkit.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("alter table marts.fct_ict_exports_monthly drop column month_start")
    rendered = {c.id: c for c in charts.warehouse_charts(db)}
    assert rendered["exports-monthly"].figure is None
    assert (
        "Chart unavailable" in rendered["exports-monthly"].note
        and "month_start" in rendered["exports-monthly"].note
    )
    assert all(
        rendered[i].figure is not None for i in ("exports-fiscal-year", "park-capacity", "program-targets")
    )


def _ctx(tmp_path: Path, run_id: str) -> RunContext:
    settings = Settings.from_env({"PKIT_WAREHOUSE_DIR": str(tmp_path / "warehouse")})
    return RunContext.create(run_id, settings=settings)


def test_report_embeds_plotly_once_and_names_the_published_build_when_not_publishing(tmp_path):
    ctx = _ctx(tmp_path, "night-2")
    make_warehouse(ctx.settings.published_db)
    page = write_report(ctx, {"status": "failed", "message": "Stage check_marts failed: boom."})
    html = page.read_text(encoding="utf-8")
    assert html.count(charts.plotly_js()[:300]) == 1
    assert html.count('class="plotly-graph-div"') == 5
    assert "<script src=" not in html and "<link " not in html  # self-contained, opens offline
    assert "This run did not publish" in html and "run-7" in html  # the build the charts show
    assert "Stage check_marts failed: boom." in html
    latest = ctx.settings.reports_dir / "latest" / "index.html"
    assert latest.read_text(encoding="utf-8") == html
    summary = json.loads((page.parent / "summary.json").read_text())
    assert summary["published_build"]["run_id"] == "run-7"
    assert all(c["drawn"] for c in summary["charts"])


def test_report_of_an_empty_warehouse_still_renders(tmp_path):
    ctx = _ctx(tmp_path, "first")
    html = write_report(ctx, {"status": "failed", "message": "The run stopped."}).read_text(encoding="utf-8")
    assert "Nothing has been published yet" in html
    assert html.count("No data yet") == 4
    assert html.count('class="plotly-graph-div"') == 1  # the run's data-quality chart


def test_dbt_docs_failure_is_recorded_and_shown_and_docs_are_linked(tmp_path):
    ctx = _ctx(tmp_path, "night-3")
    assert ensure_docs(ctx) is None  # nothing published: nothing to document
    assert generate_docs(ctx, tmp_path / "missing.duckdb") is None  # fails without raising
    failed = [e for e in ctx.ledger.events() if e["kind"] == "docs"]
    assert failed and failed[0]["status"] == "failed" and "missing.duckdb" in failed[0]["message"]
    docs = ctx.settings.warehouse_dir / "docs"
    assert not (docs / ".work").exists() and not (docs / "index.html").exists()
    (docs / "index.html").write_text("<html></html>", encoding="utf-8")
    html = write_report(ctx, {"status": "failed"}).read_text(encoding="utf-8")
    assert "The dbt docs could not be generated" in html
    assert 'href="../../docs/index.html">dbt docs</a>' in html


def test_report_counts_the_stewards_corrections(tmp_path):
    ctx = _ctx(tmp_path, "night-5")
    make_warehouse(ctx.settings.published_db)
    with duckdb.connect(str(ctx.settings.published_db)) as con:
        con.execute("create schema staging")
        con.execute(
            "create table staging.fact_corrections as select * from (values ('c1'), ('c2')) t(correction_id)"
        )
    html = write_report(ctx, {"status": "published"}).read_text(encoding="utf-8")
    assert "2 extracted fact(s) corrected by data stewards" in html
