"""Mart checks read only the columns their expectations name (the marts' quotes and text stay on disk)."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pytest

from pkit.expectations._build import expect
from pkit.expectations.runner import columns_needed


def test_columns_of_every_kind_of_expectation_and_the_id_first() -> None:
    spec = {
        "id": "fact_id",
        "expectations": [
            expect(gxe.ExpectColumnValuesToBeUnique, "key", column="fact_id"),
            expect(gxe.ExpectColumnValuesToBeBetween, "range", column="mention_count", min_value=1),
            expect(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB,
                "pair",
                column_A="valid_to",
                column_B="valid_from",
            ),
            expect(gxe.ExpectCompoundColumnsToBeUnique, "compound", column_list=["period", "measure"]),
            expect(gxe.ExpectTableRowCountToEqual, "no gaps", value=3),
        ],
    }
    assert columns_needed(spec) == ["fact_id", "mention_count", "valid_to", "valid_from", "period", "measure"]


def test_columns_a_row_condition_filters_on_are_read_too() -> None:
    spec = {
        "id": "target_id",
        "expectations": [
            expect(
                gxe.ExpectColumnValuesToBeNull,
                "no attainment when not comparable",
                column="attainment_pct",
                row_condition='status=="not_comparable"',
                condition_parser="pandas",
            )
        ],
    }
    assert columns_needed(spec) == ["target_id", "attainment_pct", "status"]


def test_a_table_level_suite_without_an_id_is_refused() -> None:
    spec = {"expectations": [expect(gxe.ExpectTableRowCountToEqual, "no gaps", value=3)]}
    with pytest.raises(ValueError, match="names no column"):
        columns_needed(spec)
