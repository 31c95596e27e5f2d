"""The fiscal calendar has one rule: ``pkit/fiscal.py`` in Python and dbt's macros in SQL agree on every
month (the macros rendered with Jinja and run in DuckDB against the Python functions)."""

from __future__ import annotations

import duckdb
import jinja2

from pkit.config import PROJECT_ROOT
from pkit.fiscal import fiscal_month, fiscal_year_of, fy_label, fy_start, parse_fy_label

MONTHS = [f"{y}-{m:02d}" for y in range(1990, 2061) for m in range(1, 13)]


def _macros():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PROJECT_ROOT / "dbt_project" / "macros"))
    return env.get_template("fiscal.sql").module


def test_dbt_macros_agree_with_python_on_every_month():
    m = _macros()
    day = "cast(month || '-01' as date)"
    sql = (
        f"select month, {m.fiscal_year_label(day)} as fy, {m.fiscal_month_number(day)} as fm "
        "from unnest(?) as t(month) order by month"
    )
    with duckdb.connect() as con:
        rows = con.execute(sql, [MONTHS]).fetchall()
    assert [(r[1], r[2]) for r in rows] == [(fiscal_year_of(x), fiscal_month(int(x[5:]))) for x in MONTHS]


def test_labels_round_trip_and_malformed_ones_are_refused():
    for start in range(1990, 2061):
        assert parse_fy_label(fy_label(start)) == start
    assert fiscal_year_of("2024-06") == "FY2023-24" and fiscal_year_of("2024-07") == "FY2024-25"
    assert fy_start(2000, 1) == 1999 and fy_label(1999) == "FY1999-00"
    assert parse_fy_label("FY2023-25") is None and parse_fy_label("FY23-24") is None
    assert [fiscal_month(m) for m in (7, 12, 1, 6)] == [1, 6, 7, 12]
