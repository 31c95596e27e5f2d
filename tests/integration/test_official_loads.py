"""Official tables through landing → GX checkpoint → raw layer or quarantine, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pkit.expectations.raw_checks import check_raw_loads
from pkit.ingestion.ingest_official import ingest_official
from pkit.raw import store as raw_store
from pkit.run.context import RunContext
from pkit.run.ledger import read_all

pytestmark = pytest.mark.slow


def _run(settings, run_id: str) -> dict:
    ctx = RunContext.create(run_id, settings=settings)
    return check_raw_loads(ctx, ingest_official(ctx))


def _inputs(settings, run_id: str) -> dict[str, dict]:
    return {
        e["file"]: e for e in read_all(settings.ledger_dir) if e["kind"] == "input" and e["run_id"] == run_id
    }


def test_bundled_tables_load_once_then_are_skipped(project_copy):
    summary = _run(project_copy, "r1")
    assert summary["loads_promoted"] == 5 and summary["loads_quarantined"] == 0
    for table in ("official_ict_exports_monthly", "official_parks", "official_programs"):
        assert len(raw_store.load_files(project_copy.raw_dir, table)) == 1
    assert _run(project_copy, "r2")["loads_checked"] == 0
    inputs = _inputs(project_copy, "r2")
    assert {e["status"] for e in inputs.values()} == {"skipped"}
    assert len(inputs) == 5


def _edit(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines))


@pytest.mark.parametrize(
    ("file", "line", "old", "new", "needle"),
    [
        ("ict_exports_monthly.csv", 3, "114.96", "-114.96", "never negative"),
        ("ict_exports_monthly.csv", 3, "2019-07,FY2019-20", "2019-07,FY2018-19", "fiscal-year label"),
        ("ict_exports_monthly.csv", 3, "2019-07,FY2019-20", "2099-07,FY2099-00", "later than the run date"),
        ("parks.csv", 2, "13400", "-13400", "cannot be negative"),
    ],
    ids=["negative", "fiscal-year-mismatch", "future-month", "negative-jobs"],
)
def test_a_failing_table_is_quarantined_and_the_others_load(project_copy, file, line, old, new, needle):
    _edit(project_copy.official_dir / file, line, old, new)
    summary = _run(project_copy, "bad")
    assert summary["loads_quarantined"] == 1 and summary["loads_promoted"] == 4
    event = _inputs(project_copy, "bad")[file]
    assert event["status"] == "quarantined"
    assert needle in event["reason"] and f"rows: {line}" in event["reason"]
    folders = list((project_copy.quarantine_dir / "bad").iterdir())
    assert len(folders) == 1
    reason = json.loads((folders[0] / "reason.json").read_text())
    kept = folders[0] / reason["kept_as"]
    assert kept.read_bytes() == (project_copy.official_dir / file).read_bytes()
    assert reason["file"] == file and reason["line"] == line


def test_two_values_for_one_release_are_quarantined(project_copy):
    path = project_copy.official_dir / "ict_exports_fiscal_year.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines.append(lines[2].replace("1066", "1166", 1))
    path.write_text("".join(lines))
    _run(project_copy, "dup")
    event = _inputs(project_copy, "dup")["ict_exports_fiscal_year.csv"]
    assert event["status"] == "quarantined" and "copy error" in event["reason"]


def test_contract_breach_is_quarantined_before_the_checks(project_copy):
    path = project_copy.official_dir / "parks.csv"
    path.write_text(path.read_text().replace("park_name,", "park,", 1))
    summary = _run(project_copy, "contract")
    assert summary["loads_promoted"] == 4
    event = _inputs(project_copy, "contract")["parks.csv"]
    assert event["status"] == "quarantined"
    assert "parks.csv line 1: header does not match the contract" in event["reason"]
