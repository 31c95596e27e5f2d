"""Helpers of the dbt tests: a raw layer built from the bundled inputs, and real ``dbt build`` runs on it.

The raw layer is written with DuckDB only (no pyarrow): the official CSVs become the ``official_*``
tables, ``data/documents/*.txt`` the ``documents`` table and the hand-labelled gold facts
(``tests/data/gold/seeds.jsonl``) the ``document_facts`` table, so the marts are checked against
facts whose right answers are known. A few stale loads are added to prove the load semantics: an
older snapshot of an official table and an older extraction of a document must not show, and a
document read twice keeps the metadata of its first read.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pkit.raw.schema import RAW_TABLES, ddl_columns

ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT = ROOT / "dbt_project"
OFFICIAL_DIR = ROOT / "data" / "official"
DOCUMENTS_DIR = ROOT / "data" / "documents"
GOLD = ROOT / "tests" / "data" / "gold" / "seeds.jsonl"

OFFICIAL_FILES = {
    "official_ict_exports_monthly": "ict_exports_monthly.csv",
    "official_ict_exports_ytd": "ict_exports_ytd.csv",
    "official_ict_exports_fiscal_year": "ict_exports_fiscal_year.csv",
    "official_parks": "parks.csv",
    "official_programs": "programs.csv",
}
# Markers of the stale loads: none of them may reach a mart.
STALE_VALUE_USD_MN = 9999.0
STALE_METRIC = "stale_extraction_metric"
LATER_TITLE = "Title of a later re-read (must not win)"


def _write_table(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], target: Path
) -> None:
    """Write ``rows`` as ``table``'s raw Parquet schema (every contract column, in order) to ``target``."""
    names = [c.name for c in RAW_TABLES[table]]
    unknown = {k for row in rows for k in row} - set(names)
    assert not unknown, f"{table}: columns {unknown} are not in the raw contract"
    con.execute(f"create or replace temp table t ({ddl_columns(table)})")
    if rows:
        placeholders = ", ".join("?" for _ in names)
        con.executemany(f"insert into t values ({placeholders})", [[r.get(n) for n in names] for r in rows])
    target.parent.mkdir(parents=True, exist_ok=True)
    path = str(target).replace("'", "''")
    con.execute(f"copy (select * from t) to '{path}' (format parquet)")


def write_schema_files(raw_dir: Path) -> None:
    with duckdb.connect() as con:
        for table in RAW_TABLES:
            _write_table(con, table, [], raw_dir / table / "_schema.parquet")


def _official_rows(table: str, now: datetime, load_id: str) -> list[dict[str, Any]]:
    file_name = OFFICIAL_FILES[table]
    rows = []
    with (OFFICIAL_DIR / file_name).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for record in reader:
            row: dict[str, Any] = {k: (v if v != "" else None) for k, v in record.items()}
            row.update(load_id=load_id, ingested_at=now, source_file=file_name, source_row=reader.line_num)
            rows.append(row)
    return rows


def _documents() -> dict[str, tuple[str, bytes, str]]:
    """file name -> (doc_id, bytes, text)."""
    out = {}
    for path in sorted(DOCUMENTS_DIR.glob("*.txt")):
        data = path.read_bytes()
        out[path.name] = (hashlib.sha256(data).hexdigest(), data, data.decode("utf-8"))
    return out


def build_raw_layer(raw_dir: Path, *, with_stale_loads: bool = True) -> dict[str, int]:
    """Write the bundled inputs as a raw layer under ``raw_dir``; returns rows written per table."""
    now = datetime.now(UTC).replace(microsecond=0)
    earlier = now - timedelta(days=1)
    write_schema_files(raw_dir)
    counts: dict[str, int] = {}
    with duckdb.connect() as con:
        for table in OFFICIAL_FILES:
            rows = _official_rows(table, now, f"fixture-{table}")
            _write_table(con, table, rows, raw_dir / table / f"fixture-{table}.parquet")
            counts[table] = len(rows)

        docs = _documents()
        gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
        fact_rows = []
        per_doc: dict[str, int] = {}
        for fact in gold:
            doc_id, _, text = docs[fact["doc"]]
            index = per_doc.get(fact["doc"], 0)
            per_doc[fact["doc"]] = index + 1
            start = text.find(fact["quote"])
            fact_rows.append(
                {
                    "load_id": "fixture-document_facts",
                    "ingested_at": now,
                    "doc_id": doc_id,
                    "file_name": fact["doc"],
                    "fact_index": index,
                    "subject": fact["subject"],
                    "metric": fact["metric"],
                    "value": fact["value"],
                    "value_high": fact.get("value_high"),
                    "qualifier": fact.get("qualifier"),
                    "unit": fact["unit"],
                    "period": fact.get("period"),
                    "kind": fact["kind"],
                    "quote": fact["quote"],
                    "char_start": start if start >= 0 else None,
                    "char_end": start + len(fact["quote"]) if start >= 0 else None,
                    "extractor_version": "gold",
                }
            )
        doc_rows = [
            {
                "load_id": "fixture-documents",
                "ingested_at": now,
                "doc_id": doc_id,
                "file_name": name,
                "source_path": name,
                "media_type": "txt",
                "encoding": "utf-8",
                "byte_count": len(data),
                "char_count": len(text),
                "fact_count": per_doc.get(name, 0),
                "text": text,
            }
            for name, (doc_id, data, text) in docs.items()
        ]
        _write_table(con, "documents", doc_rows, raw_dir / "documents" / "fixture-documents.parquet")
        _write_table(
            con, "document_facts", fact_rows, raw_dir / "document_facts" / "fixture-document_facts.parquet"
        )
        counts["documents"] = len(doc_rows)
        counts["document_facts"] = len(fact_rows)

        if with_stale_loads:
            first_doc = doc_rows[0]
            # The same document read again later (e.g. from another folder): its first read's metadata wins.
            reread = {
                **first_doc,
                "load_id": "fixture-documents-reread",
                "ingested_at": now + timedelta(hours=1),
            }
            reread.update(title=LATER_TITLE, source_path=f"copy/{first_doc['file_name']}")
            _write_table(
                con, "documents", [reread], raw_dir / "documents" / "fixture-documents-reread.parquet"
            )
            # An earlier extraction of the first document: replaced by the gold load.
            stale_fact = {**fact_rows[0], "load_id": "fixture-document_facts-stale", "ingested_at": earlier}
            stale_fact.update(metric=STALE_METRIC, value=123456789.0, fact_index=0)
            _write_table(
                con,
                "document_facts",
                [stale_fact],
                raw_dir / "document_facts" / "fixture-document_facts-stale.parquet",
            )
            # An older snapshot of an official table, with a value that would win if it were read.
            table = "official_ict_exports_fiscal_year"
            stale = _official_rows(table, earlier, f"fixture-{table}-stale")[:1]
            stale[0].update(
                fiscal_year="FY2023-24",
                measure="ict_exports",
                value_usd_mn=STALE_VALUE_USD_MN,
                published_date="2030-01-01",
                source_title="stale snapshot",
            )
            _write_table(con, table, stale, raw_dir / table / f"fixture-{table}-stale.parquet")
    return counts


@dataclass
class DbtBuild:
    database: Path
    returncode: int
    output: str
    seconds: float
    results: list[dict[str, Any]]

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)


def run_dbt_build(raw_dir: Path, work: Path) -> DbtBuild:
    """``dbt build`` of the project into ``work/pkit.duckdb``; target, logs and database stay in ``work``."""
    database = work / "pkit.duckdb"
    env = dict(os.environ)
    env.update(
        PKIT_RAW_DIR=str(raw_dir),
        PKIT_DBT_DATABASE=str(database),
        DO_NOT_TRACK="1",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
    )
    dbt = Path(sys.executable).parent / "dbt"
    args = [
        str(dbt) if dbt.exists() else "dbt",
        "build",
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
        "--no-use-colors",
    ]
    started = time.monotonic()
    proc = subprocess.run(args, env=env, cwd=work, capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - started
    results_file = work / "target" / "run_results.json"
    results = json.loads(results_file.read_text())["results"] if results_file.exists() else []
    return DbtBuild(database, proc.returncode, proc.stdout + proc.stderr, seconds, results)


if __name__ == "__main__":  # developer helper: python tests/dbt/raw_fixture.py <raw_dir>
    print(build_raw_layer(Path(sys.argv[1])))
