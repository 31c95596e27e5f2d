"""The mart suites enforce the rules an analyst relies on: a target that cannot be judged has no
attainment and says why; no growth is published on a mixed basis; a flagged month says why."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from pkit.expectations import marts
from pkit.expectations.runner import Checker

TODAY = date(2026, 1, 1)


def _failures(tmp_path, build, con, frame, id_column):
    spec = build(con, TODAY)  # fresh expectations: GX ties each to the suite it validated
    result = Checker(tmp_path / "gx").validate(
        "t", spec["expectations"], frame, target="t", id_column=id_column
    )
    return [f.sentence() for f in result.failures if f.blocking]


def test_an_unjudged_target_has_no_attainment_and_a_reason(tmp_path):
    con = duckdb.connect()
    good = pd.DataFrame(
        {
            "target_id": ["met", "open"],
            "target_value": [100.0, 50.0],
            "attainment_pct": [120.0, None],
            "status": ["met", "not_comparable"],
            "status_reason": [None, "the target has no deadline"],
        }
    )
    assert _failures(tmp_path, marts.targets, con, good, "target_id") == []
    bad = good.assign(attainment_pct=[120.0, 40.0], status_reason=[None, None])
    failures = _failures(tmp_path, marts.targets, con, bad, "target_id")
    assert any("gets no attainment" in f and "rows: open" in f for f in failures)
    assert any("must say why" in f for f in failures)


def test_no_growth_on_a_mixed_basis_and_flagged_months_say_why(tmp_path):
    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute(
        "create table staging.stg_official__ict_exports_monthly as "
        "select * from (values ('2024-07', 'ict_exports'), ('2024-08', 'ict_exports')) "
        "t(period_month, measure)"
    )
    good = pd.DataFrame(
        {
            "month_measure_id": ["2024-07:ict_exports", "2024-08:ict_exports"],
            "fiscal_month": [1, 2],
            "month_start": pd.to_datetime(["2024-07-01", "2024-08-01"]),
            "value_usd_mn": [286.0, 298.0],
            "fytd_usd_mn": [286.0, 584.0],
            "vintage_count": [2, 1],
            "yoy_growth_pct": [33.64, None],
            "source_url": ["https://a", "https://b"],
            "selection_rule": ["latest_release", "single_value"],
            "growth_basis": ["stated_by_source", "not_comparable"],
            "is_flagged": [False, True],
            "flag_reason": [None, "Jul..this month add up to 584, the stated total is 590"],
        }
    )
    assert _failures(tmp_path, marts.exports_monthly, con, good, "month_measure_id") == []
    bad = good.assign(yoy_growth_pct=[33.64, 27.1], flag_reason=[None, None])
    failures = _failures(tmp_path, marts.exports_monthly, con, bad, "month_measure_id")
    assert any("another basis" in f and "2024-08:ict_exports" in f for f in failures)
    assert any("must say why (flag_reason)" in f for f in failures)
