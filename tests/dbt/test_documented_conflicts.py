"""Every conflict between sources that data/official/notes.md documents (tests/data/documented_conflicts.csv,
one row per conflict, with the values the official CSVs hold) is found by marts.fct_source_conflicts,
with the documented values side by side in one row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pkit.fiscal import fiscal_month

DOCUMENTED = Path(__file__).resolve().parents[1] / "data" / "documented_conflicts.csv"
ROWS = list(csv.DictReader(DOCUMENTED.open(encoding="utf-8", newline="")))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# documented metric -> the metrics fct_source_conflicts uses for it
PARK_METRICS = {
    "cost": {"cost"},
    "jobs": {"jobs_created", "professionals"},
    "companies": {"companies_hosted"},
    "area": {"area_sqft"},
    "completion_date": {"expected_completion"},
    "parks_count": {"parks"},
}


def _numbers(values: list[str]) -> set[float]:
    out = set()
    for v in values:
        try:
            out.add(round(float(v), 3))
        except ValueError:
            out.add(v)  # a date as written
    return out


def _found_together(documented: set, conflict_values: list[str], *, at_least: int) -> bool:
    """Are (at least ``at_least`` of) the documented values in one conflict, at some unit (millions,
    billions: the CSVs write money in the file's unit, the mart in dollars)?"""
    values = _numbers(conflict_values)
    for scale in (1, 1e3, 1e6, 1e9):
        scaled = {round(v * scale, 3) if isinstance(v, float) else v for v in documented}
        if len(scaled & values) >= at_least:
            return True
    return False


def _conflicts(con, where: str, *params) -> list[tuple[str, list[str], list[str]]]:
    return con.execute(
        f"select metric, values_list, subject_keys from marts.fct_source_conflicts where {where}", params
    ).fetchall()


def test_the_documented_conflicts_are_there_to_check() -> None:
    assert len(ROWS) >= 30
    assert {r["domain"] for r in ROWS} == {"exports", "parks", "programs"}


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{r['conflict_no']}-{r['subject']}-{r['metric']}-{r['period']}" for r in ROWS]
)
def test_a_documented_conflict_is_found(con, row: dict[str, str]) -> None:
    documented = _numbers(row["values"].split("|"))
    if row["domain"] == "exports":
        period = row["period"]
        if row["metric"] == "fiscal_ytd":
            fiscal_year, end_month = period.split(":")
            period = f"Jul-{MONTHS[int(end_month[5:]) - 1]} {fiscal_year}"
            assert fiscal_month(end_month) >= 1
        found = _conflicts(
            con, "subject = 'Pakistan ICT exports' and metric = ? and period = ?", row["subject"], period
        )
        assert any(_found_together(documented, values, at_least=len(documented)) for _, values, _ in found), (
            f"conflict {row['conflict_no']} ({row['note'][:80]}) not found: {found}"
        )
        return
    key = row["subject"]
    found = [
        (metric, values)
        for metric, values, keys in _conflicts(con, "true")
        if any(k.split(":")[0] == key for k in keys)
        and (row["domain"] == "programs" or metric in PARK_METRICS[row["metric"]])
    ]
    if row["metric"] == "area":  # an area stated in square metres is compared in square feet
        documented |= {float(round(v * 10.7639)) for v in documented if isinstance(v, float)}
    # a park's cost is stated in two currencies: the values of one currency must meet in one conflict
    assert any(_found_together(documented, values, at_least=2) for _, values in found), (
        f"conflict {row['conflict_no']} ({row['note'][:80]}) not found among {found}"
    )
