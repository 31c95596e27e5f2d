"""The raw GX suites and the official CSV contracts cannot drift apart: every column a suite names is a
contract column (or one the runner derives, named with a leading underscore), for every table."""

from __future__ import annotations

from datetime import date

import pytest

from pkit.expectations.raw_official import SUITES, expectations_for
from pkit.expectations.runner import columns_needed
from pkit.ingestion.official import CONTRACTS_BY_TABLE

_ADDED_BY_THE_LOADER = {"source_file", "source_row"}


@pytest.mark.parametrize("table", sorted(CONTRACTS_BY_TABLE))
def test_every_column_a_raw_suite_names_is_in_the_contract(table: str) -> None:
    assert table in SUITES
    named = columns_needed({"id": "source_row", "expectations": expectations_for(table, date(2026, 1, 1))})
    unknown = [
        c
        for c in named
        if c not in CONTRACTS_BY_TABLE[table].header
        and c not in _ADDED_BY_THE_LOADER
        and not c.startswith("_")
    ]
    assert unknown == [], f"{table}: the suite checks columns the contract does not have"
