"""Downloads of a published build: every mart as CSV and Parquet, an Excel workbook of the analyst-facing
series, and a Frictionless Data Package (``datapackage.json``) that describes them.

One folder per build, ``<warehouse>/exports/<run_id>-<fingerprint12>/``::

    csv/<table>.csv              every table of the ``marts`` schema
    parquet/<table>.parquet      the same, values exact (types, timestamps, lists kept)
    pkit_series.xlsx             one sheet per analyst-facing series, and a ``Sources`` sheet
    datapackage.json             Data Package v1: a resource per CSV with its schema (field types from
                                 DuckDB, descriptions from the dbt docs), licence, sources, the build

``<warehouse>/exports/latest`` is a symlink to the newest folder. A folder is written under a temporary
name and renamed into place, and ``latest`` is swapped with ``os.replace`` of a temporary symlink, so a
reader sees a whole build or the previous one, never half of one. A build already exported is skipped:
the folder name is the build's identity.

Spreadsheet safety: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is a formula to Excel and LibreOffice (CSV injection); in the CSV files and the workbook such a cell is
written with a leading ``'``. Parquet keeps every value exact. In CSV, timestamps are ISO-8601 in UTC
(``2026-01-02T03:04:05Z``) and lists are JSON text.

The published file is opened read-only: analysts may have it open.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

log = logging.getLogger(__name__)

SERIES_SHEETS = (
    "fct_ict_exports_monthly",
    "fct_ict_exports_fiscal_year",
    "fct_targets",
    "dim_parks",
    "fct_source_conflicts",
)
# Columns that say where a value comes from: listed per sheet on the workbook's Sources sheet.
CITATION_COLUMNS = (
    "publisher",
    "source_title",
    "source_url",
    "url",
    "release_date",
    "release_date_basis",
    "published_date",
    "retrieved_at",
    "series_basis",
    "source_kind",
    "file_name",
    "document_id",
    "quote",
    "char_start",
    "char_end",
    "announced_on",
    "selection_rule",
    "values_reported",
    "earliest_release_date",
    "latest_release_date",
    "first_reported_on",
    "last_reported_on",
)
# Where the sources of a sheet without its own citation columns are.
SOURCES_ELSEWHERE = {
    "dim_parks": "every statement about a park, with its source: marts.fct_park_metrics",
}
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
WORKBOOK = "pkit_series.xlsx"
_ILLEGAL_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralise(value: str) -> str:
    """A text cell a spreadsheet would run as a formula, made inert with a leading ``'``."""
    return "'" + value if value.startswith(DANGEROUS_PREFIXES) else value


def export_name(build_info: dict[str, Any]) -> str:
    """The folder of a build: ``<run_id>-<first 12 characters of its fingerprint>``, safe as a file name."""
    run_id = re.sub(r"[^A-Za-z0-9._+-]", "_", str(build_info["run_id"]))
    return f"{run_id}-{str(build_info['fingerprint'])[:12]}"


def read_build_info(database: Path) -> dict[str, Any] | None:
    """``audit.build_info`` of a published file (run id, fingerprint, published_at), or None."""
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            cur = con.execute("select * from audit.build_info")
            row = cur.fetchone()
            return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None
    except duckdb.Error:
        return None


def write_exports(
    database: Path,
    out_dir: Path,
    build_info: dict[str, Any] | None = None,
    *,
    manifest: Path | None = None,
    sources: list[dict[str, str]] | None = None,
) -> Path:
    """Export the marts of ``database`` into ``out_dir/<run_id>-<fingerprint12>/``; point ``latest`` at it.

    ``build_info`` is the file's ``audit.build_info`` row (read from the file when not given);
    ``manifest`` is dbt's ``manifest.json`` for column descriptions (default: ``<out_dir>/../docs/``,
    where ``pkit.build.docs`` publishes it; DuckDB column comments otherwise); ``sources`` the Data
    Package's sources (default: the source registry). Returns the build's folder; when it exists
    already nothing is written.
    """
    database, out_dir = Path(database), Path(out_dir)
    info = build_info or read_build_info(database)
    if not info or not info.get("run_id") or not info.get("fingerprint"):
        raise ValueError(f"{database} has no audit.build_info: not a published build")
    final = out_dir / export_name(info)
    if final.is_dir():
        log.info("exports of build %s exist already: %s", export_name(info), final)
        point_latest(out_dir, final.name)
        return final
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".{final.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        (tmp / "csv").mkdir(parents=True)
        (tmp / "parquet").mkdir()
        descriptions = load_descriptions(manifest or out_dir.parent / "docs" / "manifest.json")
        with duckdb.connect(str(database), read_only=True) as con:
            tables = marts_tables(con)
            resources = []
            for table in tables:
                columns = table_columns(con, table)
                _copy(con, f'select * from marts."{table}"', tmp / "parquet" / f"{table}.parquet", "parquet")
                _copy(con, csv_select(table, columns), tmp / "csv" / f"{table}.csv", "csv")
                resources.append(resource(con, table, columns, descriptions))
            write_workbook(con, tmp / WORKBOOK, [t for t in SERIES_SHEETS if t in tables], descriptions)
        package = datapackage(info, resources, sources if sources is not None else registry_sources())
        (tmp / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False), "utf-8")
        try:
            os.replace(tmp, final)
        except OSError:
            if not final.is_dir():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process exported the same build meanwhile
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    point_latest(out_dir, final.name)
    log.info("exported %d marts to %s", len(resources), final)
    return final


def point_latest(out_dir: Path, name: str) -> None:
    """Make ``out_dir/latest`` a relative symlink to ``name``, swapped atomically."""
    latest = out_dir / "latest"
    if latest.is_symlink() and os.readlink(latest) == name:
        return
    if latest.is_dir() and not latest.is_symlink():  # a folder left by something else: replace it
        shutil.rmtree(latest)
    link = out_dir / f".latest.tmp-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(name, link, target_is_directory=True)
    os.replace(link, latest)


def marts_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str | None]]:
    """(name, DuckDB type, column comment) of each column, in order."""
    return con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where schema_name = 'marts' and table_name = ? order by column_index",
        [table],
    ).fetchall()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def csv_select(table: str, columns: list[tuple[str, str, str | None]]) -> str:
    """The table as CSV cells: text neutralised, timestamps ISO-8601 UTC, lists and structs as JSON."""
    exprs = []
    for name, dtype, _ in columns:
        col, t = _quote(name), dtype.upper()
        if t.startswith("TIMESTAMP"):  # with a zone: in UTC, marked Z; without: written as stored
            value, z = (f"timezone('UTC', {col})", "Z") if "TIME ZONE" in t else (col, "")
            expr = (
                f"case when microsecond({value}) % 1000000 = 0 "
                f"then strftime({value}, '%Y-%m-%dT%H:%M:%S{z}') "
                f"else strftime({value}, '%Y-%m-%dT%H:%M:%S.%f{z}') end"
            )
        elif t.endswith("]") or t.startswith(("STRUCT", "MAP", "UNION")):
            expr = f"cast(to_json({col}) as varchar)"
        elif t == "VARCHAR" or t == "JSON":
            expr = f"case when regexp_matches({col}, '^[=+\\-@\\t\\r]') then '''' || {col} else {col} end"
        else:
            expr = col
        exprs.append(f"{expr} as {col}")
    return f"select {', '.join(exprs) or '*'} from marts.{_quote(table)}"


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path, fmt: str) -> None:
    options = "format parquet, compression zstd" if fmt == "parquet" else "format csv, header true"
    target = str(path).replace("'", "''")
    con.execute(f"copy ({query}) to '{target}' ({options})")


# -- the data package ---------------------------------------------------------------------------------


def field_type(duckdb_type: str) -> str:
    """A Table Schema field type for a DuckDB column type."""
    t = duckdb_type.upper()
    if t.endswith("]"):
        return "array"
    if t.startswith(("STRUCT", "MAP", "JSON")):
        return "object"
    if t in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER"}:
        return "integer"
    if t in {"UBIGINT", "UHUGEINT"}:
        return "integer"
    if t in {"DOUBLE", "FLOAT", "REAL"} or t.startswith("DECIMAL"):
        return "number"
    if t == "BOOLEAN":
        return "boolean"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    if t.startswith("TIME"):
        return "time"
    return "string"


def load_descriptions(manifest: Path) -> dict[str, dict[str, Any]]:
    """``{model: {"description": ..., "columns": {column: description}}}`` of the marts, from dbt's
    ``manifest.json``; empty when there is none (the DuckDB column comments are used instead)."""
    try:
        nodes = json.loads(Path(manifest).read_text(encoding="utf-8")).get("nodes", {})
    except (OSError, ValueError):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for node in nodes.values():
        if node.get("resource_type") != "model" or not str(node.get("schema", "")).endswith("marts"):
            continue
        out[node["name"]] = {
            "description": (node.get("description") or "").strip(),
            "columns": {
                name: (col.get("description") or "").strip() for name, col in node.get("columns", {}).items()
            },
        }
    return out


def resource(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[tuple[str, str, str | None]],
    descriptions: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    model = descriptions.get(table, {})
    fields = []
    for name, dtype, comment in columns:
        field: dict[str, Any] = {"name": name, "type": field_type(dtype)}
        if field["type"] == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])
        description = model.get("columns", {}).get(name) or (comment or "").strip()
        if description:
            field["description"] = description
        field["duckdb_type"] = dtype
        fields.append(field)
    item: dict[str, Any] = {
        "name": table.lower(),
        "path": f"csv/{table}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": f"marts.{table}",
        "schema": {"fields": fields, "missingValues": [""]},
        "parquet": f"parquet/{table}.parquet",
    }
    table_comment = con.execute(
        "select comment from duckdb_tables() where schema_name = 'marts' and table_name = ?", [table]
    ).fetchone()
    description = model.get("description") or ((table_comment or [None])[0] or "").strip()
    if description:
        item["description"] = description
    return item


def registry_sources() -> list[dict[str, str]]:
    """The Data Package's sources: each input of the registry (``sources.yml``)."""
    try:
        from pkit.registry import load_registry

        registry = load_registry()
    except Exception as err:  # the package is still valid without sources
        log.warning("no sources for the data package: %s", err)
        return []
    out = []
    for s in registry.sources:
        item = {"title": f"{s.publisher}: {s.description}", "id": s.id}
        if s.location.url:
            item["path"] = s.location.url
        out.append(item)
    return out


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat().replace("+00:00", "Z")
    return value


def datapackage(
    info: dict[str, Any], resources: list[dict[str, Any]], sources: list[dict[str, str]]
) -> dict[str, Any]:
    published = _iso(info.get("published_at"))
    return {
        "profile": "tabular-data-package",
        "name": "pkit-marts",
        "title": "pkit: Pakistan IT-sector data warehouse (marts)",
        "description": (
            "The marts of one published pkit build: ICT exports (monthly, fiscal-year, vintages), IT "
            "parks, government programs, targets and source conflicts, every value with its source. "
            "CSV text cells starting with =, +, -, @, a tab or a carriage return carry a leading ' "
            "(spreadsheet safety); the Parquet files keep every value exact."
        ),
        "version": export_name(info),
        "created": published if isinstance(published, str) else datetime.now(UTC).isoformat(),
        "homepage": "https://github.com/pkit",
        "licenses": [LICENSE],
        "sources": sources,
        "pkit_build": {
            "run_id": info["run_id"],
            "fingerprint": info["fingerprint"],
            "published_at": published if isinstance(published, str) else None,
            "code_fingerprint": info.get("code_fingerprint"),
            "build_mode": info.get("build_mode"),
        },
        "resources": resources,
    }


# -- the workbook -------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | date):
        if isinstance(value, datetime):
            return _iso(value) if value.tzinfo is not None else value
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    text = _ILLEGAL_XLSX.sub("", str(value))
    return neutralise(text)[:32767]


def write_workbook(
    con: duckdb.DuckDBPyConnection, path: Path, tables: list[str], descriptions: dict[str, dict[str, Any]]
) -> None:
    """One sheet per series table (header row, then rows) and a ``Sources`` sheet naming each sheet's mart
    and the columns that cite its values."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    index = []
    for table in tables:
        sheet = book.create_sheet(table[:31])
        cur = con.execute(f"select * from marts.{_quote(table)}")
        names = [d[0] for d in cur.description]
        sheet.append(names)
        rows = 0
        while batch := cur.fetchmany(2000):
            for row in batch:
                sheet.append([_cell(v) for v in row])
            rows += len(batch)
        cited = [c for c in CITATION_COLUMNS if c in names]
        if table in SOURCES_ELSEWHERE:
            cited.append(SOURCES_ELSEWHERE[table])
        index.append(
            [
                table[:31],
                f"marts.{table}",
                rows,
                ", ".join(cited),
                descriptions.get(table, {}).get("description", ""),
            ]
        )
    sources = book.create_sheet("Sources")
    sources.append(["sheet", "source mart", "rows", "citation columns", "description"])
    for row in index:
        sources.append([_cell(v) for v in row])
    sources.append([])
    sources.append(
        [_cell("Licence: CC-BY-4.0. Full metadata: datapackage.json; every mart: csv/ and parquet/.")]
    )
    book.save(path)
