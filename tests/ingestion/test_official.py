from pathlib import Path

import pytest

from pkit.config import PROJECT_ROOT
from pkit.errors import InputRejected
from pkit.fiscal import fiscal_year_of
from pkit.ingestion.official import CONTRACTS, read_official_csv

OFFICIAL = PROJECT_ROOT / "data" / "official"
MONTHLY = (OFFICIAL / "ict_exports_monthly.csv").read_bytes()


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_bundled_tables_meet_their_contract(name):
    _contract, rows = read_official_csv((OFFICIAL / name).read_bytes(), name)
    assert len(rows) == (OFFICIAL / name).read_text().count("\n") - 1
    assert rows[0]["source_row"] == 2
    assert all(r["source_url"].startswith("http") for r in rows)


def _mutate(text: str, line: int, old: str, new: str) -> bytes:
    lines = text.splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines).encode()


TEXT = MONTHLY.decode()
HEADER = TEXT.splitlines()[0]


@pytest.mark.parametrize(
    ("data", "line", "needle"),
    [
        (_mutate(TEXT, 1, "measure,", ""), 1, "missing column(s) measure"),
        (_mutate(TEXT, 1, "measure", "indicator"), 1, "unexpected column(s) indicator"),
        (_mutate(TEXT, 1, "published_date", "published_date,notes"), 1, "unexpected column(s) notes"),
        (_mutate(TEXT, 3, "114.96", "n/a"), 3, "value_usd_mn = 'n/a' is not a number"),
        (_mutate(TEXT, 3, "ict_exports", "telecom_exports"), 3, "measure = 'telecom_exports' is not one of"),
        (_mutate(TEXT, 3, "2019-07", "2019-13"), 3, "period_month = '2019-13' is not a month"),
        (TEXT.replace(",", ";").encode(), 1, "delimiter is ';'"),
        (TEXT.encode()[:-30], TEXT.count("\n"), "truncated"),
    ],
    ids=[
        "missing",
        "renamed",
        "extra",
        "non-numeric",
        "unknown-measure",
        "bad-month",
        "delimiter",
        "truncated",
    ],
)
def test_contract_violations_name_the_line_and_reason(data, line, needle):
    with pytest.raises(InputRejected) as err:
        read_official_csv(data, "ict_exports_monthly.csv")
    assert err.value.line == line
    assert needle in str(err.value)
    assert str(err.value).startswith(f"ict_exports_monthly.csv line {line}: ")


def test_unknown_file_name_is_refused():
    with pytest.raises(InputRejected, match="no table contract"):
        read_official_csv(MONTHLY, "exports.csv")


@pytest.mark.parametrize(
    ("month", "fy"),
    [("2024-06", "FY2023-24"), ("2024-07", "FY2024-25"), ("2025-03", "FY2024-25"), ("1999-12", "FY1999-00")],
)
def test_fiscal_year_runs_july_to_june(month, fy):
    assert fiscal_year_of(month) == fy


def test_project_root_has_the_bundled_tables():
    assert Path(OFFICIAL / "parks.csv").exists()


ORIGINAL = (
    "period_month,fiscal_year,measure,value_usd_mn,yoy_growth_pct,source_title,source_url,published_date\n"
    "2024-11,FY2024-25,ict_exports,310,,Daily Qudrat,https://example.org/a,\n"
)


def test_a_table_in_the_original_layout_loads_with_its_curated_columns_empty():
    _contract, rows = read_official_csv(ORIGINAL.encode(), "ict_exports_monthly.csv")
    assert rows[0]["value_usd_mn"] == 310.0
    assert [rows[0][c] for c in ("publisher", "release_date", "series_basis")] == [None, None, None]


def test_curated_release_columns_are_read_and_checked():
    head, row = ORIGINAL.splitlines()
    curated = f"{head},publisher,release_date,release_date_basis\n{row},SBP,2025-01-20,content\n"
    _contract, rows = read_official_csv(curated.encode(), "ict_exports_monthly.csv")
    assert (rows[0]["publisher"], str(rows[0]["release_date"]), rows[0]["release_date_basis"]) == (
        "SBP",
        "2025-01-20",
        "content",
    )
    guessed = f"{head},publisher\n{row},State Bank\n"
    with pytest.raises(InputRejected, match="publisher = 'State Bank' is not one of"):
        read_official_csv(guessed.encode(), "ict_exports_monthly.csv")
    twice = f"{head},publisher,publisher\n{row},SBP,SBP\n"
    with pytest.raises(InputRejected, match=r"repeated column\(s\) publisher"):
        read_official_csv(twice.encode(), "ict_exports_monthly.csv")
    undated = f"{head},release_date\n{row},Jan 2025\n"
    with pytest.raises(InputRejected, match="release_date = 'Jan 2025' is not a date"):
        read_official_csv(undated.encode(), "ict_exports_monthly.csv")
