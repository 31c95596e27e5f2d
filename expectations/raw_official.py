"""Checks on each new load of an official table, beyond its parser contract (ingestion/official.py).

The validated frame carries two derived columns the runner adds: ``_month_start`` (first day of the
row's month) and ``_fiscal_year_of_month`` (the fiscal year that month belongs to).
"""

from __future__ import annotations

from datetime import date

import great_expectations.expectations as gxe
import pandas as pd

from pkit.expectations._build import cited, expect

SUITES = {
    "official_ict_exports_monthly": "raw_official_ict_exports_monthly",
    "official_ict_exports_ytd": "raw_official_ict_exports_ytd",
    "official_ict_exports_fiscal_year": "raw_official_ict_exports_fiscal_year",
    "official_parks": "raw_official_parks",
    "official_programs": "raw_official_programs",
}

# No month of Pakistan's ICT exports has come near US$1bn; a value above it is a unit slip (mn vs bn).
MAX_MONTH_USD_MN = 1_000
MAX_YEAR_USD_MN = 20_000


def _not_future(column: str, today: date, what: str) -> gxe.Expectation:
    return expect(
        gxe.ExpectColumnValuesToBeBetween,
        f"{what} cannot be later than the run date: the row is mistyped or not yet real.",
        column=column,
        max_value=pd.Timestamp(today),
    )


def _value_range(max_value: float, what: str) -> gxe.Expectation:
    return expect(
        gxe.ExpectColumnValuesToBeBetween,
        f"Export values are US$ million and never negative; above {max_value:,} for {what} is a unit slip.",
        column="value_usd_mn",
        min_value=0,
        max_value=max_value,
    )


def _fiscal_year_matches_month() -> gxe.Expectation:
    return expect(
        gxe.ExpectColumnPairValuesToBeEqual,
        "The fiscal-year label must be the one the month falls in (July to June).",
        column_A="fiscal_year",
        column_B="_fiscal_year_of_month",
    )


def _growth_band() -> gxe.Expectation:
    return expect(
        gxe.ExpectColumnValuesToBeBetween,
        "Year-on-year growth beyond -60 %..+150 % is implausible for this series: review the source.",
        warn_only=True,
        column="yoy_growth_pct",
        min_value=-60,
        max_value=150,
    )


def _one_value_per_release(*keys: str) -> gxe.Expectation:
    return expect(
        gxe.ExpectCompoundColumnsToBeUnique,
        "One release (same period, measure, page and date) states one value; two different values for "
        "it mean a copy error. Different pages or dates are kept as vintages.",
        column_list=[*keys, "measure", "source_url", "published_date"],
    )


def _release(today: date) -> list[gxe.Expectation]:
    """The curated release columns: a release cannot postdate the run, and a release date copied from the
    page (release_date_basis page_date) is the page's date."""
    return [
        _not_future("release_date", today, "A release date"),
        expect(
            gxe.ExpectColumnPairValuesToBeEqual,
            "A release date whose basis is the page's date must equal published_date.",
            column_A="release_date",
            column_B="published_date",
            row_condition='release_date_basis=="page_date"',
            condition_parser="pandas",
        ),
    ]


def expectations_for(table: str, today: date) -> list[gxe.Expectation]:
    published = _not_future("published_date", today, "A publication date")
    match table:
        case "official_ict_exports_monthly":
            return [
                _value_range(MAX_MONTH_USD_MN, "a month"),
                _not_future("_month_start", today, "A month"),
                _fiscal_year_matches_month(),
                _one_value_per_release("period_month"),
                _growth_band(),
                published,
                *_release(today),
                *cited(table),
            ]
        case "official_ict_exports_ytd":
            return [
                _value_range(MAX_YEAR_USD_MN, "a year to date"),
                _not_future("_month_start", today, "The last month covered"),
                _fiscal_year_matches_month(),
                expect(
                    gxe.ExpectColumnPairValuesToBeEqual,
                    "months_covered must count July up to end_month.",
                    column_A="months_covered",
                    column_B="_fiscal_month_of_month",
                ),
                _one_value_per_release("fiscal_year", "end_month"),
                _growth_band(),
                published,
                *_release(today),
                *cited(table),
            ]
        case "official_ict_exports_fiscal_year":
            return [
                _value_range(MAX_YEAR_USD_MN, "a fiscal year"),
                _one_value_per_release("fiscal_year"),
                _growth_band(),
                published,
                *_release(today),
                *cited(table),
            ]
        case "official_parks":
            return [
                *(
                    expect(
                        gxe.ExpectColumnValuesToBeBetween,
                        f"{column} is a count or an area and cannot be negative.",
                        column=column,
                        min_value=0,
                    )
                    for column in ("area_sqft", "area_sqm", "companies", "jobs", "cost_value", "parks_count")
                ),
                expect(
                    gxe.ExpectColumnValuesToBeBetween,
                    "Physical progress is a percentage of the works: 0 to 100.",
                    column="physical_progress_pct",
                    min_value=0,
                    max_value=100,
                ),
                published,
                *_release(today),
                *cited(table),
            ]
        case "official_programs":
            return [
                published,
                *_release(today),
                _not_future("as_of_date", today, "The date an actual is as of"),
                *cited(table),
            ]
    raise KeyError(f"no raw suite for table {table}")
