"""dbt's sources are generated from the raw contract; the committed file must match it."""

from __future__ import annotations

import yaml

from pkit.ingestion.official import CONTRACTS_BY_TABLE
from pkit.raw import dbt_sources
from pkit.raw.schema import RAW_TABLES, SOURCE_OF_TABLE

_LOAD = {"load_id", "ingested_at", "source_file", "source_row"}


def test_committed_sources_file_is_the_generated_one() -> None:
    committed = dbt_sources.SOURCES_FILE.read_text(encoding="utf-8")
    assert committed == dbt_sources.render(), "run `python -m pkit.raw.dbt_sources` and commit the result"


def test_sources_declare_every_raw_column_once() -> None:
    declared = yaml.safe_load(dbt_sources.render())
    tables = {
        (source["name"], table["name"]): [c["name"] for c in table["columns"]]
        for source in declared["sources"]
        for table in source["tables"]
    }
    assert {t for _, t in tables} == set(RAW_TABLES)
    for (source, table), columns in tables.items():
        assert SOURCE_OF_TABLE[table] == source
        assert columns == [c.name for c in RAW_TABLES[table]]


def test_official_raw_tables_hold_every_contract_column_in_order() -> None:
    for table, contract in CONTRACTS_BY_TABLE.items():
        raw = [c.name for c in RAW_TABLES[table] if c.name not in _LOAD]
        assert raw == contract.header, table


def test_an_incremental_build_selects_sources_dbt_declares() -> None:
    """The incremental build's --select names each loaded table's dbt source; a wrong source name would
    select nothing and publish yesterday's marts."""
    from pkit.build.candidate import _downstream_of_new_loads

    declared = {
        f"source:{source['name']}.{table['name']}+"
        for source in yaml.safe_load(dbt_sources.render())["sources"]
        for table in source["tables"]
    }
    loads = [f"{table}/load-1.parquet" for table in RAW_TABLES]
    selection = _downstream_of_new_loads(loads, {"loads": []})
    assert selection[0] == "--select"
    assert set(selection[1:]) - {"--full-refresh"} == declared
