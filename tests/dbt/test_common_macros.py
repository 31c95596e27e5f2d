"""latest_by / earliest_by (macros/common.sql) return the same value whatever order the rows are stored
in: a same-day tie is broken by the tiebreak column, never by storage order (which a rebuild changes), and
rows without a date or a value are skipped as arg_max skips them."""

from __future__ import annotations

import itertools

import duckdb
import jinja2
import pytest

from pkit.config import PROJECT_ROOT

ROWS = [
    (310.0, "2025-01-20", "b"),
    (318.0, "2025-01-20", "a"),  # same day as 310: the tiebreak decides
    (324.0, "2024-12-18", "c"),
    (330.0, "2024-12-18", "d"),  # same day as 324
    (999.0, None, "z"),  # undated: never earliest or latest
    (None, "2026-01-01", "y"),  # no value: skipped
]


@pytest.fixture(scope="module")
def macros():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PROJECT_ROOT / "dbt_project" / "macros"))
    return env.get_template("common.sql").module


def _pick(macros, rows) -> tuple[float, float]:
    sql = (
        f"select {macros.latest_by('v', 'd', 't')}, {macros.earliest_by('v', 'd', 't')} "
        "from (select * from unnest(?) as u(r)) as x, "
        "lateral (select r.v as v, cast(r.d as date) as d, r.t as t)"
    )
    structs = [{"v": v, "d": d, "t": t} for v, d, t in rows]
    with duckdb.connect() as con:
        con.execute("set threads = 1")  # storage order = insertion order, the worst case for a tie
        return con.execute(sql, [structs]).fetchone()


def test_same_day_ties_are_broken_by_the_tiebreak_in_every_storage_order(macros) -> None:
    # every order of the four dated rows, the undated and valueless ones first and last
    orders = [[ROWS[4], *order, ROWS[5]] for order in itertools.permutations(ROWS[:4])]
    answers = {_pick(macros, order) for order in orders}
    # latest: 2025-01-20, highest tiebreak 'b' -> 310; earliest: 2024-12-18, lowest tiebreak 'c' -> 324
    assert answers == {(310.0, 324.0)}
