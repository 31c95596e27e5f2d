"""Checks on the candidate's marts before publication, one suite per mart family.

Each entry maps a mart table to a function ``(con, today) -> {"expectations": [...], "id": column}``;
``con`` is a read-only connection to the candidate, for expectations whose expected value comes from
another layer (e.g. "no month lost between staging and the mart").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import great_expectations.expectations as gxe
import pandas as pd

from pkit.expectations._build import expect

Spec = dict[str, Any]
Builder = Callable[[duckdb.DuckDBPyConnection, date], Spec]


def _key(column: str, what: str) -> list[gxe.Expectation]:
    return [
        expect(
            gxe.ExpectColumnValuesToNotBeNull, f"Every {what} row needs its key ({column}).", column=column
        ),
        expect(
            gxe.ExpectColumnValuesToBeUnique, f"One row per {what}: {column} must be unique.", column=column
        ),
    ]


def _non_negative(column: str, what: str) -> gxe.Expectation:
    return expect(
        gxe.ExpectColumnValuesToBeBetween, f"{what} cannot be negative.", column=column, min_value=0
    )


def _cited(what: str) -> list[gxe.Expectation]:
    return [
        expect(
            gxe.ExpectColumnValuesToNotBeNull,
            f"Every {what} must say where it was published (source_url), so analysts can check it.",
            column="source_url",
        )
    ]


def _growth_band(column: str) -> gxe.Expectation:
    return expect(
        gxe.ExpectColumnValuesToBeBetween,
        "Year-on-year growth outside -60 %..+150 % is implausible for ICT exports: review the vintages.",
        warn_only=True,
        column=column,
        min_value=-60,
        max_value=150,
    )


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def exports_monthly(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    months_in_staging = _count(
        con,
        "select count(*) from (select distinct period_month, measure"
        " from staging.stg_official__ict_exports_monthly)",
    )
    return {
        "id": "month_measure_id",
        "expectations": [
            *_key("month_measure_id", "month and measure"),
            expect(
                gxe.ExpectTableRowCountToEqual,
                "Every month and measure reported in the official table must reach the mart (no gaps "
                "introduced by the pipeline).",
                value=months_in_staging,
            ),
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                "A fiscal month is 1 (July) to 12 (June).",
                column="fiscal_month",
                min_value=1,
                max_value=12,
            ),
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                "No month of exports can be later than the run date.",
                column="month_start",
                max_value=pd.Timestamp(today),
            ),
            _non_negative("value_usd_mn", "An export value"),
            _non_negative("fytd_usd_mn", "A fiscal-year-to-date total"),
            expect(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB,
                "The fiscal-year-to-date total includes the month itself.",
                column_A="fytd_usd_mn",
                column_B="value_usd_mn",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                "Each month's current value comes from at least one report.",
                column="vintage_count",
                min_value=1,
            ),
            _growth_band("yoy_growth_pct"),
            *_cited("current monthly value"),
            expect(
                gxe.ExpectColumnValuesToNotBeNull,
                "Every current monthly value must say which rule chose it (selection_rule), so an analyst "
                "can defend it.",
                column="selection_rule",
            ),
            expect(
                gxe.ExpectColumnValuesToBeInSet,
                "A growth rate is stated by a source or computed on one basis; a ratio of two publishers' "
                "figures is never published.",
                column="growth_basis",
                value_set=["stated_by_source", "same_release", "same_publisher_and_series", "not_comparable"],
            ),
            expect(
                gxe.ExpectColumnValuesToBeNull,
                "No growth may be published where the year-earlier value is on another basis.",
                column="yoy_growth_pct",
                row_condition='growth_basis=="not_comparable"',
                condition_parser="pandas",
            ),
            expect(
                gxe.ExpectColumnValuesToNotBeNull,
                "A month flagged for an analyst's caution must say why (flag_reason).",
                column="flag_reason",
                row_condition="is_flagged==True",
                condition_parser="pandas",
            ),
            expect(
                gxe.ExpectColumnValuesToBeInSet,
                "Months whose values cannot be decided between are flagged, not silently picked: review "
                "the vintages of the months listed.",
                warn_only=True,
                column="selection_rule",
                value_set=[
                    "single_value",
                    "latest_release",
                    "reconciles_with_later_total",
                    "same_date_tie_reconciled",
                    "same_date_tie_publisher",
                ],
            ),
        ],
    }


def exports_fiscal_year(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {
        "id": "fiscal_year_measure_id",
        "expectations": [
            *_key("fiscal_year_measure_id", "fiscal year and measure"),
            _non_negative("value_usd_mn", "A fiscal-year total"),
            expect(
                gxe.ExpectColumnValuesToMatchRegex,
                "Fiscal years are labelled FY2023-24 (July to June).",
                column="fiscal_year",
                regex=r"^FY\d{4}-\d{2}$",
            ),
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                "A fiscal-year total that differs from the sum of its twelve months by more than 5 % "
                "means a vintage or a month is wrong: review it.",
                warn_only=True,
                column="months_minus_total_pct",
                min_value=-5,
                max_value=5,
            ),
            _growth_band("yoy_growth_pct"),
        ],
    }


def exports_vintages(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    periods = _count(
        con,
        "select count(*) from (select distinct grain, period, measure from marts.fct_ict_exports_vintages)",
    )
    return {
        "id": "vintage_id",
        "expectations": [
            *_key("vintage_id", "reported value"),
            _non_negative("value_usd_mn", "A reported export value"),
            expect(
                gxe.ExpectColumnValuesToBeInSet,
                "Vintages are monthly, fiscal-year-to-date or fiscal-year values.",
                column="grain",
                value_set=["month", "fiscal_ytd", "fiscal_year"],
            ),
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                "Exactly one current value per period and measure (the documented vintage rule).",
                column="vintage_rank",
                min_value=1,
            ),
            expect(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB,
                "A vintage stops being valid after it starts (as-of queries depend on it).",
                column_A="valid_to",
                column_B="valid_from",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            expect(
                gxe.ExpectColumnDistinctValuesToContainSet,
                "Every period has a current value.",
                column="is_current",
                value_set=[True] if periods else [],
            ),
            *_cited("reported export value"),
        ],
    }


def export_claims(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {
        "id": "claim_id",
        "expectations": [
            *_key("claim_id", "export claim"),
            expect(
                gxe.ExpectColumnValuesToBeInSet,
                "Each claim is consistent, matches an earlier vintage, conflicts, or has no official figure.",
                column="status",
                value_set=["consistent", "matches_earlier_vintage", "conflicting", "no_official_figure"],
            ),
            expect(
                gxe.ExpectColumnValuesToNotBeNull,
                "Every claim keeps the document it came from.",
                column="doc_id",
            ),
        ],
    }


def parks(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {
        "id": "park_id",
        "expectations": [
            *_key("park_id", "park"),
            expect(gxe.ExpectColumnValuesToNotBeNull, "A park needs a name.", column="park_name"),
        ],
    }


def park_metrics(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {
        "id": "park_metric_id",
        "expectations": [
            *_key("park_metric_id", "park metric"),
            expect(
                gxe.ExpectColumnValuesToBeInSet,
                "A park metric comes from an official table or a document.",
                column="source_kind",
                value_set=["official", "document"],
            ),
            _non_negative("value", "An area, a count of companies or jobs"),
        ],
    }


def programs(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {"id": "program_id", "expectations": [*_key("program_id", "program")]}


def program_metrics(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {
        "id": "program_metric_id",
        "expectations": [
            *_key("program_metric_id", "program metric"),
            expect(
                gxe.ExpectColumnValuesToBeInSet,
                "A program metric comes from an official table or a document.",
                column="source_kind",
                value_set=["official", "document"],
            ),
        ],
    }


def targets(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {
        "id": "target_id",
        "expectations": [
            *_key("target_id", "target version"),
            expect(gxe.ExpectColumnValuesToNotBeNull, "A target needs its value.", column="target_value"),
            _non_negative("attainment_pct", "Attainment"),
            expect(
                gxe.ExpectColumnValuesToBeInSet,
                "Every target has a verdict: met, missed, in progress or not comparable.",
                column="status",
                value_set=["met", "missed", "in_progress", "not_comparable"],
            ),
            expect(
                gxe.ExpectColumnValuesToBeNull,
                "A target that cannot be judged (no deadline, no comparable actual) gets no attainment.",
                column="attainment_pct",
                row_condition='status=="not_comparable"',
                condition_parser="pandas",
            ),
            expect(
                gxe.ExpectColumnValuesToNotBeNull,
                "A target that cannot be judged must say why (status_reason).",
                column="status_reason",
                row_condition='status=="not_comparable"',
                condition_parser="pandas",
            ),
        ],
    }


def facts(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    mentions = _count(con, "select count(*) from staging.stg_documents__facts")
    spec = facts_rows(con, today)
    spec["expectations"].append(
        expect(
            gxe.ExpectColumnSumToBeBetween,
            "De-duplication must keep every mention: mention counts add up to the extracted facts.",
            column="mention_count",
            min_value=mentions,
            max_value=mentions,
        )
    )
    return spec


def facts_rows(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {
        "id": "fact_id",
        "expectations": [
            *_key("fact_id", "canonical fact"),
            expect(
                gxe.ExpectColumnValuesToBeBetween,
                "A canonical fact has at least one mention.",
                column="mention_count",
                min_value=1,
            ),
            expect(
                gxe.ExpectColumnValuesToNotBeNull,
                "Every fact keeps its quote (provenance).",
                column="quote",
            ),
        ],
    }


def documents(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    return {"id": "doc_id", "expectations": [*_key("doc_id", "document")]}


def _equal(column_a: str, column_b: str, reason: str) -> gxe.Expectation:
    return expect(gxe.ExpectColumnPairValuesToBeEqual, reason, column_A=column_a, column_B=column_b)


def _whole_table_key(key: str, what: str) -> tuple[str, list[gxe.Expectation]]:
    """Aggregates of the whole table that stand in for the row checks of its key."""
    sql = f"count(*) as row_count, count({key}) as keyed_rows, count(distinct {key}) as distinct_keys"
    return sql, [
        _equal("keyed_rows", "row_count", f"Every {what} row in the whole mart needs its key ({key})."),
        _equal("distinct_keys", "row_count", f"One row per {what} in the whole mart: {key} must be unique."),
    ]


def facts_totals(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    key_sql, key_checks = _whole_table_key("fact_id", "canonical fact")
    return {
        "sql": f"""
            select {key_sql}, sum(mention_count) as mentions,
                (select count(*) from staging.stg_documents__facts) as extracted_mentions
            from marts.fct_facts
        """,
        "expectations": [
            *key_checks,
            _equal(
                "mentions",
                "extracted_mentions",
                "De-duplication must keep every mention: mention counts add up to the extracted facts.",
            ),
        ],
    }


def documents_totals(con: duckdb.DuckDBPyConnection, today: date) -> Spec:
    key_sql, key_checks = _whole_table_key("doc_id", "document")
    return {"sql": f"select {key_sql} from marts.dim_documents", "expectations": key_checks}


@dataclass(frozen=True)
class Growing:
    """A mart that grows with the documents: an incremental build checks its rows new or changed since the
    published build (``changed_after`` later than that build's newest load), plus whole-table totals."""

    changed_after: str
    rows: Builder
    totals: Builder


GROWING: dict[str, Growing] = {
    "fct_facts": Growing("last_ingested_at", facts_rows, facts_totals),
    "dim_documents": Growing("first_ingested_at", documents, documents_totals),
}


SUITES: dict[str, dict[str, Builder]] = {
    "exports": {
        "fct_ict_exports_monthly": exports_monthly,
        "fct_ict_exports_fiscal_year": exports_fiscal_year,
        "fct_ict_exports_vintages": exports_vintages,
        "fct_export_claims_vs_official": export_claims,
    },
    "parks": {"dim_parks": parks, "fct_park_metrics": park_metrics},
    "programs": {"dim_programs": programs, "fct_program_metrics": program_metrics, "fct_targets": targets},
    "core": {"fct_facts": facts, "dim_documents": documents},
}
