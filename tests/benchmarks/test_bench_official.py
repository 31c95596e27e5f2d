"""The generated official tables: reproducible, large, and valid for the contracts and the GX suites."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from benchmarks.official_tables import OfficialSpec, write_official
from benchmarks.validate import pipeline_frame
from pkit.expectations.raw_official import expectations_for
from pkit.expectations.runner import Checker
from pkit.fiscal import fiscal_year_of
from pkit.ingestion.official import CONTRACTS_BY_TABLE, read_official_csv

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def official(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("official")
    write_official(root, OfficialSpec(seed=5), today=TODAY)
    return root


def _rows(root: Path, table: str) -> list[dict[str, str]]:
    with open(root / CONTRACTS_BY_TABLE[table].file_name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_same_seed_same_bytes(tmp_path, official):
    write_official(tmp_path, OfficialSpec(seed=5), today=TODAY)
    for contract in CONTRACTS_BY_TABLE.values():
        assert (tmp_path / contract.file_name).read_bytes() == (official / contract.file_name).read_bytes()


def test_every_file_passes_its_contract(official):
    for table, contract in CONTRACTS_BY_TABLE.items():
        parsed, rows = read_official_csv((official / contract.file_name).read_bytes(), contract.file_name)
        assert parsed.table == table
        assert len(rows) >= 50, table


def test_many_months_both_measures_several_vintages(official):
    rows = _rows(official, "official_ict_exports_monthly")
    months = {r["period_month"] for r in rows}
    assert len(months) >= 180  # July 2010 to February 2026
    assert {r["measure"] for r in rows} == {"ict_exports", "computer_services_exports"}
    per_month = Counter((r["period_month"], r["measure"]) for r in rows)
    assert sum(per_month.values()) / len(per_month) >= 2.5
    assert max(per_month.values()) >= 4


def test_calendar_and_keys_hold(official):
    monthly = _rows(official, "official_ict_exports_monthly")
    assert all(r["fiscal_year"] == fiscal_year_of(r["period_month"]) for r in monthly)
    assert max(r["period_month"] for r in monthly) < f"{TODAY:%Y-%m}"
    keys = [(r["period_month"], r["measure"], r["source_url"], r["published_date"]) for r in monthly]
    assert len(keys) == len(set(keys))
    ytd = _rows(official, "official_ict_exports_ytd")
    assert all(r["fiscal_year"] == fiscal_year_of(r["end_month"]) for r in ytd)
    assert all(float(r["value_usd_mn"]) >= 0 for r in monthly + ytd)
    for table in CONTRACTS_BY_TABLE:
        published = [r["published_date"] for r in _rows(official, table) if r["published_date"]]
        assert max(published) <= TODAY.isoformat()


def test_nothing_after_an_earlier_today(tmp_path):
    today = date(2024, 1, 15)
    write_official(tmp_path, OfficialSpec(seed=5), today=today)
    months = [r["period_month"] for r in _rows(tmp_path, "official_ict_exports_monthly")]
    assert max(months) == "2023-12"
    for table in CONTRACTS_BY_TABLE:
        assert all(r["published_date"] <= today.isoformat() for r in _rows(tmp_path, table))


def test_every_table_passes_its_gx_suite(tmp_path, official):
    checker = Checker(tmp_path / "gx")
    for table, contract in CONTRACTS_BY_TABLE.items():
        frame = pipeline_frame(table, official / contract.file_name, tmp_path)
        result = checker.validate(
            f"raw_{table}", expectations_for(table, TODAY), frame, target=table, id_column="source_row"
        )
        assert result.success, [f.sentence() for f in result.failures]
        assert not result.failures, [f.sentence() for f in result.failures]  # not even a warning
