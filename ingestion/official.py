"""Official tables: the schema contract of each CSV and a reader that enforces it row by row.

The contract covers what a parser can know alone: the header (names and order), types, required
fields and allowed values. Checks that need the whole table or the calendar (duplicates, months in
the future, fiscal-year labels against months) are Great Expectations suites in ``expectations/``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pkit.errors import InputRejected
from pkit.fiscal import parse_fy_label

OFFICIAL_SUFFIXES = frozenset({".csv"})
MEASURES = frozenset({"ict_exports", "computer_services_exports"})
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: No figure of Pakistan's IT sector predates this year: an earlier month, fiscal year or date is a
#: typo (1900 is a spreadsheet's zero date). Months in the future are refused by the raw checks, which
#: know the run's date (expectations/raw_official.py).
MIN_YEAR = 1990


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"  # text | float | int | date | month | fiscal_year
    required: bool = False
    allowed: frozenset[str] | None = None
    # Curated columns (release, publisher, structure) are optional: a table exported in the original
    # layout still loads, and the warehouse falls back to rules that need no curation.
    optional: bool = False


_SOURCE = (
    Field("source_title", required=True),
    Field("source_url", required=True),
    Field("published_date", "date"),
)
PUBLISHERS = frozenset(
    {"SBP", "PBS", "MoITT", "PSEB", "government", "program", "world_bank", "analyst", "press"}
)
_RELEASE = (
    Field("publisher", allowed=PUBLISHERS, optional=True),
    Field("release_date", "date", optional=True),
    # retrieval: the date pkit retrieved the value from the publisher's API (EasyData), which states no
    # release date of its own.
    Field(
        "release_date_basis", allowed=frozenset({"page_date", "url", "content", "retrieval"}), optional=True
    ),
)
_SERIES = (
    Field("series_basis", allowed=frozenset({"SBP", "PBS"}), optional=True),
    Field("revision_status", allowed=frozenset({"first_release", "revised"}), optional=True),
)
_KIND = frozenset({"actual", "planned"})


@dataclass(frozen=True)
class TableContract:
    table: str
    file_name: str
    fields: tuple[Field, ...]

    @property
    def header(self) -> list[str]:
        """Every column, in the canonical order."""
        return [f.name for f in self.fields]

    @property
    def required_header(self) -> list[str]:
        """The columns every file must have, in order; curated (optional) columns may follow."""
        return [f.name for f in self.fields if not f.optional]


CONTRACTS: dict[str, TableContract] = {
    c.file_name: c
    for c in (
        TableContract(
            "official_ict_exports_monthly",
            "ict_exports_monthly.csv",
            (
                Field("period_month", "month", required=True),
                Field("fiscal_year", "fiscal_year", required=True),
                Field("measure", required=True, allowed=MEASURES),
                Field("value_usd_mn", "float", required=True),
                Field("yoy_growth_pct", "float"),
                *_SOURCE,
                *_RELEASE,
                *_SERIES,
            ),
        ),
        TableContract(
            "official_ict_exports_ytd",
            "ict_exports_ytd.csv",
            (
                Field("fiscal_year", "fiscal_year", required=True),
                Field("period_label", required=True),
                Field("end_month", "month", required=True),
                Field("months_covered", "int", required=True),
                Field("measure", required=True, allowed=MEASURES),
                Field("value_usd_mn", "float", required=True),
                Field("yoy_growth_pct", "float"),
                Field("prior_year_same_period_usd_mn", "float"),
                Field("reported_basis", required=True),
                *_SOURCE,
                *_RELEASE,
                *_SERIES,
            ),
        ),
        TableContract(
            "official_ict_exports_fiscal_year",
            "ict_exports_fiscal_year.csv",
            (
                Field("fiscal_year", "fiscal_year", required=True),
                Field("measure", required=True, allowed=MEASURES),
                Field("value_usd_mn", "float", required=True),
                Field("yoy_growth_pct", "float"),
                *_SOURCE,
                *_RELEASE,
                *_SERIES,
            ),
        ),
        TableContract(
            "official_parks",
            "parks.csv",
            (
                Field("park_name", required=True),
                Field("park_type", required=True),
                Field("city", required=True),
                Field("province", required=True),
                Field("area_sqft", "float"),
                Field("companies", "int"),
                Field("jobs", "int"),
                Field("status", required=True),
                Field("expected_completion"),
                *_SOURCE,
                *_RELEASE,
                Field("park_key", optional=True),
                Field(
                    "stage",
                    allowed=frozenset({"planned", "approved", "under_construction", "operational"}),
                    optional=True,
                ),
                Field("cost_value", "float", optional=True),
                Field(
                    "cost_unit",
                    allowed=frozenset({"USD million", "PKR billion", "PKR million"}),
                    optional=True,
                ),
                Field("cost_as_of", optional=True),
                Field("physical_progress_pct", "float", optional=True),
                Field("area_sqm", "float", optional=True),
                Field("area_kind", allowed=_KIND, optional=True),
                Field("companies_kind", allowed=_KIND, optional=True),
                Field("jobs_kind", allowed=_KIND, optional=True),
                Field("parks_count", "int", optional=True),
                Field("parks_count_kind", allowed=_KIND, optional=True),
            ),
        ),
        TableContract(
            "official_programs",
            "programs.csv",
            (
                Field("program_name", required=True),
                Field("metric", required=True),
                Field("value"),
                Field("unit"),
                Field("period_or_deadline", required=True),
                Field("kind", required=True, allowed=frozenset({"achieved", "target"})),
                *_SOURCE,
                *_RELEASE,
                Field("program_key", optional=True),
                Field("phase", optional=True),
                Field("metric_code", optional=True),
                Field("scope", optional=True),
                Field("as_of_date", "date", optional=True),
                Field("deadline", "date", optional=True),
                Field(
                    "kind_detail",
                    allowed=frozenset({"actual", "target", "projection", "plan", "approval"}),
                    optional=True,
                ),
            ),
        ),
    )
}


CONTRACTS_BY_TABLE: dict[str, TableContract] = {c.table: c for c in CONTRACTS.values()}


def contract_for(file_name: str) -> TableContract:
    try:
        return CONTRACTS[file_name]
    except KeyError:
        known = ", ".join(sorted(CONTRACTS))
        raise InputRejected(
            file_name, f"no table contract for this file name; official tables are: {known}"
        ) from None


def read_official_csv(
    data: bytes, file_name: str, table: str | None = None
) -> tuple[TableContract, list[dict[str, Any]]]:
    """Parse a CSV against its contract; rows carry ``source_file`` and ``source_row`` (line number).

    The contract is the registry's ``table`` when given, else the one named after the file.
    """
    contract = CONTRACTS_BY_TABLE[table] if table else contract_for(file_name)
    if not data.strip():
        raise InputRejected(file_name, "the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputRejected(
            file_name, f"not UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8"
        ) from None
    if not text.endswith("\n"):
        # A last line without its newline is how an interrupted copy looks; refuse rather than guess.
        last = text.count("\n") + 1
        raise InputRejected(
            file_name, "the last line has no line ending: the file looks truncated; copy it again", line=last
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as err:
        raise InputRejected(file_name, f"unreadable header: {err}", line=1) from None
    fields = _check_header(header, contract, file_name)
    absent = [f.name for f in contract.fields if f not in fields]
    rows: list[dict[str, Any]] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise InputRejected(
                    file_name,
                    f"has {len(values)} fields, the header has {len(header)} (a stray comma or a cut line?)",
                    line=line,
                )
            row: dict[str, Any] = {"source_file": file_name, "source_row": line}
            for spec, raw in zip(fields, values, strict=True):
                row[spec.name] = _convert(spec, raw.strip(), file_name, line)
            row.update(dict.fromkeys(absent))
            rows.append(row)
    except csv.Error as err:
        raise InputRejected(file_name, f"malformed CSV: {err}", line=reader.line_num) from None
    if not rows:
        raise InputRejected(file_name, "has a header but no rows")
    return contract, rows


def _check_header(header: list[str], contract: TableContract, file_name: str) -> list[Field]:
    """The fields in the file's order: the required columns in contract order, then any curated ones."""
    header = [h.strip() for h in header]
    required = contract.required_header
    by_name = {f.name: f for f in contract.fields}
    head, tail = header[: len(required)], header[len(required) :]
    optional = [f.name for f in contract.fields if f.optional]
    if head == required and all(c in optional for c in tail) and len(set(tail)) == len(tail):
        return [by_name[c] for c in header]
    if len(header) == 1:
        for sep in (";", "\t", "|"):
            if sep in header[0]:
                raise InputRejected(
                    file_name,
                    f"the delimiter is {sep!r}, expected ','; re-export the table as comma-separated",
                    line=1,
                )
    missing = [c for c in required if c not in header]
    extra = [c for c in header if c not in by_name]
    repeated = sorted({c for c in header if header.count(c) > 1})
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        parts.append(f"unexpected column(s) {', '.join(extra)}")
    if repeated:
        parts.append(f"repeated column(s) {', '.join(repeated)}")
    if not parts:
        parts.append(
            f"columns out of order; expected {', '.join(required)}, then any of {', '.join(optional)}"
        )
    raise InputRejected(file_name, "header does not match the contract: " + "; ".join(parts), line=1)


def _convert(spec: Field, raw: str, file_name: str, line: int) -> Any:
    if raw == "":
        if spec.required:
            raise InputRejected(file_name, f"column {spec.name} is empty but required", line=line)
        return None
    if spec.allowed is not None and raw not in spec.allowed:
        allowed = ", ".join(sorted(spec.allowed))
        raise InputRejected(file_name, f"{spec.name} = {raw!r} is not one of: {allowed}", line=line)
    try:
        match spec.type:
            case "float":
                value = float(raw.replace(",", ""))
                if not math.isfinite(value):
                    raise InputRejected(
                        file_name,
                        f"{spec.name} = {raw!r} is not a finite number (NaN and infinities are refused: "
                        "leave the cell empty when the value is unknown)",
                        line=line,
                    )
                return value + 0.0  # -0 is 0
            case "int":
                return int(raw.replace(",", ""))
            case "date":
                if not _DATE.match(raw):
                    raise ValueError
                value = date.fromisoformat(raw)
                _check_year(spec, raw, value.year, file_name, line)
                return value
            case "month":
                if not _MONTH.match(raw):
                    raise ValueError
                _check_year(spec, raw, int(raw[:4]), file_name, line)
                return raw
            case "fiscal_year":
                fy = parse_fy_label(raw)
                if fy is None:
                    raise ValueError
                _check_year(spec, raw, int(fy), file_name, line)
                return raw
            case _:
                return raw
    except ValueError:
        expected = {
            "float": "a number",
            "int": "a whole number",
            "date": "a date YYYY-MM-DD",
            "month": "a month YYYY-MM",
            "fiscal_year": "a fiscal year like FY2023-24",
        }[spec.type]
        raise InputRejected(file_name, f"{spec.name} = {raw!r} is not {expected}", line=line) from None


def _check_year(spec: Field, raw: str, year: int, file_name: str, line: int) -> None:
    if year < MIN_YEAR:
        raise InputRejected(
            file_name,
            f"{spec.name} = {raw!r} is before {MIN_YEAR}: no figure of the sector is that old (a typo?)",
            line=line,
        )
