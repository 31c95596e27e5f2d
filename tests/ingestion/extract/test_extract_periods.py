"""The period grammar: Pakistan's fiscal year (July-June), part-years, months, deadlines, relative phrases."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pkit.ingestion.extract.periods import Anchor, find_periods, fy_label, parse_fy

NO_DATE = Anchor()
AUG_2025 = Anchor(datetime.date(2025, 8, 16))  # inside FY2025-26
APR_2025 = Anchor(datetime.date(2025, 4, 20))  # inside FY2024-25
YEAR_2025 = Anchor(year=2025)  # only a copyright year is known


def periods(text: str, anchor: Anchor = NO_DATE) -> list[tuple[str | None, str]]:
    return [(p.value.norm() if p.value else None, p.role) for p in find_periods(text, 0, len(text), anchor)]


def norms(text: str, anchor: Anchor = NO_DATE) -> list[str | None]:
    return [value for value, role in periods(text, anchor) if role in ("abs", "weak")]


STATED = [
    ("exports of $3.2bn in FY 2023-24", "FY2023-24"),
    ("in FY2023-24", "FY2023-24"),
    ("in FY24", "FY2023-24"),
    ("in FY'24", "FY2023-24"),
    ("in FY2024", "FY2023-24"),
    ("in FY2025", "FY2024-25"),
    ("in fiscal year 2024-25", "FY2024-25"),
    ("in the fiscal year 2024-25", "FY2024-25"),
    ("during financial year 2022-23", "FY2022-23"),
    ("in fiscal 2025", "FY2024-25"),
    ("in 2023-24", "FY2023-24"),
    ("the first nine months of fiscal year 2025 (July–March)", "Jul-Mar FY2024-25"),
    ("within the first five months of the fiscal year 2024-25", "Jul-Nov FY2024-25"),
    ("first five months of FY2024-25", "Jul-Nov FY2024-25"),
    ("first half of FY25", "Jul-Dec FY2024-25"),
    ("during July–March FY25", "Jul-Mar FY2024-25"),
    ("during Jul-Mar FY2024-25", "Jul-Mar FY2024-25"),
    ("in July-December 2024-25", "Jul-Dec FY2024-25"),
    ("during August-December FY2025-26", "Aug-Dec FY2025-26"),
    ("between July 2024 and March 2025", None),  # "between ... and" is not a span form; months are read
    ("from July 2024 to March 2025", "Jul-Mar FY2024-25"),
    ("in Q1 FY26", "Jul-Sep FY2025-26"),
    ("to $2.5bn in 8MFY25", "Jul-Feb FY2024-25"),
    ("in 1HFY25", "Jul-Dec FY2024-25"),
    ("in November 2024", "2024-11"),
    ("in Nov 2024", "2024-11"),
    ("on 14 August 2025", "2025-08"),
    ("in 2025", "2025"),
    ("during 2023", "2023"),
    ("by 2027", "by 2027"),
    ("by the end of 2026", "by 2026"),
    ("by November 2027", "by 2027-11"),
    ("by FY2027", "by FY2026-27"),
    ("by FY 2026-27", "by FY2026-27"),
    ("as of March 2025", "as of 2025-03"),
    ("as of June 30, 2024", "as of 2024-06"),
]


@pytest.mark.parametrize(("text", "expected"), STATED)
def test_stated_periods(text: str, expected: str | None) -> None:
    found = norms(text)
    if expected is None:
        assert all(v is None or "-" in v for v in found)
    else:
        assert found == [expected], (text, found)


def test_report_names_give_weak_periods() -> None:
    assert periods("as per the 2025 GSMA Gender Gap Report, the gap") == [("2025", "weak")]
    assert periods("The Pakistan Economic Survey 2024-25 shows") == [("FY2024-25", "weak")]


def test_policy_names_are_not_periods() -> None:
    assert norms("National AI Policy 2025 to promote ethical AI") == []
    assert norms("under Vision 2025") == []


RELATIVE = [
    ("by the end of the current fiscal year", AUG_2025, "FY2025-26"),
    ("by the end of the current fiscal year", APR_2025, "FY2024-25"),
    ("for the upcoming fiscal year", APR_2025, "FY2025-26"),
    ("in the next fiscal year", AUG_2025, "FY2026-27"),
    ("within the next three years", AUG_2025, "by 2028"),
    ("in three years", YEAR_2025, "by 2028"),
    ("over the next 5 years", YEAR_2025, "by 2030"),
    ("this year", YEAR_2025, "2025"),
    (
        "in the first four months (July-October) of the current fiscal year",
        Anchor(datetime.date(2024, 11, 19)),
        None,
    ),
    ("during July-October", Anchor(datetime.date(2024, 11, 19)), "Jul-Oct FY2024-25"),
    ("in October", Anchor(datetime.date(2024, 11, 19)), "2024-10"),
    ("in December", Anchor(datetime.date(2025, 2, 1)), "2024-12"),
]


@pytest.mark.parametrize(("text", "anchor", "expected"), RELATIVE)
def test_relative_periods_resolve_against_the_publication_date(
    text: str, anchor: Anchor, expected: str | None
) -> None:
    found = norms(text, anchor)
    if expected is None:
        assert "Jul-Oct FY2024-25" in found
    else:
        assert expected in found, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "by the end of the current fiscal year",
        "for the upcoming fiscal year",
        "within the next three years",
        "in three years",
        "during July-March",
        "in October",
    ],
)
def test_relative_periods_are_null_without_a_date(text: str) -> None:
    assert norms(text) == []
    assert all(value is None for value, _ in periods(text))


def test_current_fiscal_year_needs_a_full_date_not_just_a_year() -> None:
    assert norms("by the end of the current fiscal year", YEAR_2025) == []


@pytest.mark.parametrize(
    "text",
    [
        "compared to $2.284 billion during the same period last year",
        "from $1.997 billion the previous year",
        "against $2.6bn in the corresponding period of the last fiscal year",
        "up from $900m a year earlier",
    ],
)
def test_previous_period_phrases_are_comparisons(text: str) -> None:
    assert [role for _, role in periods(text)] == ["compare"]


def test_anaphoric_and_running_total_phrases() -> None:
    assert periods("added $400 million during this period") == [(None, "anaphor")]
    assert periods("during the same time") == [(None, "anaphor")]
    assert periods("trained 4.5 million people since its launch") == [(None, "null")]
    assert periods("has trained 4.5 million so far") == [(None, "null")]


def test_negatives_in_period_text() -> None:
    assert norms("You may visit the office") == []  # "may" is not May
    assert norms("the 2nd edition") == []
    assert norms("March towards a digital future") == []


@given(st.integers(min_value=1990, max_value=2090))
def test_fiscal_year_spellings_agree(start: int) -> None:
    end = start + 1
    label = fy_label(start)
    assert parse_fy(f"{start}-{end % 100:02d}") == start
    assert parse_fy(f"{start}-{end}") == start
    assert parse_fy(str(end)) == start  # "FY2025" is the year ending June 2025
    assert parse_fy(f"{end % 100:02d}") == (2000 + end % 100) - 1
    assert label == f"FY{start}-{end % 100:02d}"
    assert norms(f"in FY{end}") == [label]
    assert norms(f"in fiscal year {start}-{end % 100:02d}") == [label]


def test_mismatched_year_pairs_are_not_fiscal_years() -> None:
    assert parse_fy("2023-25") is None
    assert norms("in FY 2023-25") == []
