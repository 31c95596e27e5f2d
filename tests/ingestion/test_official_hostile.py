"""Hostile official tables: non-finite numbers, negative zero, months from 1900, a table too large to
read. Real files; the contract names the file, the line and the column."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pkit.config import PROJECT_ROOT, Settings
from pkit.errors import InputRejected
from pkit.ingestion.ingest_official import ingest_table_source, sweep_unregistered
from pkit.ingestion.official import read_official_csv
from pkit.registry import load_registry
from pkit.run.context import RunContext

MONTHLY = (PROJECT_ROOT / "data" / "official" / "ict_exports_monthly.csv").read_text()


def _mutate(line: int, old: str, new: str) -> bytes:
    lines = MONTHLY.splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines).encode()


@pytest.mark.parametrize("bad", ["nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused_naming_file_line_and_column(bad):
    with pytest.raises(InputRejected) as err:
        read_official_csv(_mutate(3, "114.96", bad), "ict_exports_monthly.csv")
    assert err.value.line == 3
    message = str(err.value)
    assert message.startswith("ict_exports_monthly.csv line 3: value_usd_mn = ")
    assert "is not a finite number" in message


def test_negative_zero_is_zero():
    _contract, rows = read_official_csv(_mutate(3, "114.96", "-0"), "ict_exports_monthly.csv")
    value = next(r for r in rows if r["source_row"] == 3)["value_usd_mn"]
    assert value == 0 and math.copysign(1.0, value) == 1.0


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [("2019-07", "1900-07", "period_month"), ("FY2019-20", "FY1900-01", "fiscal_year")],
)
def test_a_period_before_1990_is_refused(old, new, column):
    with pytest.raises(InputRejected) as err:
        read_official_csv(_mutate(3, old, new), "ict_exports_monthly.csv")
    assert err.value.line == 3
    assert f"{column} = '{new}' is before 1990" in str(err.value)


def _ctx(tmp_path: Path, limit: int) -> RunContext:
    official = tmp_path / "official"
    official.mkdir()
    settings = Settings.from_env(
        {
            "PKIT_HOME": str(tmp_path),
            "PKIT_OFFICIAL_DIR": str(official),
            "PKIT_MAX_OFFICIAL_BYTES": str(limit),
        }
    )
    return RunContext.create("oversized", settings=settings)


def _no_reading(monkeypatch, big: Path) -> None:
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        assert self.resolve() != big.resolve(), "an oversized table was read"
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_an_oversized_table_is_quarantined_unread_with_its_size_and_the_limit(tmp_path, monkeypatch):
    ctx = _ctx(tmp_path, 4096)
    big = ctx.settings.official_dir / "ict_exports_monthly.csv"
    big.write_text(MONTHLY * 3)  # valid CSV rows, only too many bytes
    _no_reading(monkeypatch, big)
    assert ingest_table_source(ctx, load_registry().get("ict_exports_monthly")) == []
    [reason_file] = ctx.settings.quarantine_dir.rglob("reason.json")
    reason = json.loads(reason_file.read_text())
    assert reason["file"] == "ict_exports_monthly.csv" and reason["kept_as"] is None
    assert f"the file is {big.stat().st_size:,} bytes, above the limit of 4,096" in reason["reason"]
    assert "PKIT_MAX_OFFICIAL_BYTES" in reason["reason"]
    [event] = [e for e in ctx.ledger.events() if e["kind"] == "input"]
    assert event["status"] == "quarantined" and event["bytes"] == big.stat().st_size


def test_an_oversized_unregistered_table_is_not_read_either(tmp_path, monkeypatch):
    ctx = _ctx(tmp_path, 4096)
    big = ctx.settings.official_dir / "dump.csv"
    big.write_bytes(b"a,b\n" + b"1,2\n" * 5000)
    _no_reading(monkeypatch, big)
    sweep_unregistered(ctx, load_registry())
    [reason_file] = ctx.settings.quarantine_dir.rglob("reason.json")
    assert "above the limit of 4,096" in json.loads(reason_file.read_text())["reason"]


def test_a_month_in_the_future_is_quarantined_by_the_raw_checks(project_copy):
    """The contract cannot know the run's date; the raw checks (real GX) do, and quarantine the table."""
    from datetime import datetime

    from pkit.expectations.raw_checks import check_raw_loads
    from pkit.run.context import PKT

    monthly = project_copy.official_dir / "ict_exports_monthly.csv"
    lines = monthly.read_text().splitlines(keepends=True)
    assert "2019-07" in lines[2] and "FY2019-20" in lines[2]
    lines[2] = lines[2].replace("2019-07", "2031-07", 1).replace("FY2019-20", "FY2031-32", 1)
    monthly.write_text("".join(lines))
    ctx = RunContext.create("future", datetime(2026, 12, 4, 2, tzinfo=PKT), settings=project_copy)
    landed = ingest_table_source(ctx, load_registry().get("ict_exports_monthly"))
    assert len(landed) == 1  # the contract passes it: only the run's date says it is not real yet
    check_raw_loads(ctx, landed)
    [event] = [e for e in ctx.ledger.events() if e["kind"] == "input" and e["status"] == "quarantined"]
    assert "cannot be later than the run date" in event["reason"]
    promoted = (project_copy.raw_dir / "official_ict_exports_monthly").glob("*.parquet")
    assert [p.name for p in promoted if not p.name.startswith("_")] == []  # _schema.parquet: zero rows
