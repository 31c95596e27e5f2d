"""`pkit facts review DOC`: a steward sees a document's facts with the key a correction needs, and a line to
paste into the corrections seed; the seed's header is the one the line follows."""

from __future__ import annotations

import csv

import duckdb
from typer.testing import CliRunner

from pkit.cli import app
from pkit.config import PROJECT_ROOT

SEED = PROJECT_ROOT / "dbt_project" / "seeds" / "fact_corrections.csv"


def test_review_prints_facts_with_their_keys_and_a_seed_line(tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    with duckdb.connect(str(warehouse / "pkit.duckdb")) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_fact_mentions as select * from (values "
            "('abc123', 'india.txt', 0, 10, 25, 'Pakistan ICT exports', 'ict_exports', 224.4e9, 'USD', "
            "'FY2023-24', 'actual', 'India''s IT exports reached $224.4 billion')) "
            "t(doc_id, file_name, fact_index, char_start, char_end, subject, metric, value, unit, "
            "period, kind, quote)"
        )
    monkeypatch.setenv("PKIT_WAREHOUSE_DIR", str(warehouse))
    result = CliRunner().invoke(app, ["facts", "review", "india.txt"])
    assert result.exit_code == 0, result.output
    assert (
        "chars 10-25: Pakistan ICT exports | ict_exports = 224,400,000,000.0 USD | FY2023-24 | actual"
        in result.output
    )
    line = result.output.strip().splitlines()[-1]
    header = next(csv.reader(SEED.open(encoding="utf-8")))
    row = next(csv.reader([line]))
    assert len(row) == len(header) and dict(zip(header, row, strict=True))["doc_id"] == "abc123"
    assert CliRunner().invoke(app, ["facts", "review", "nothing.txt"]).exit_code == 1
