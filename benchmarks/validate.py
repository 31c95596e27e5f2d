"""Check generated official CSVs the way the pipeline does: contract, raw Parquet, then the GX suite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from pkit.expectations import raw_official
from pkit.expectations.raw_checks import official_frame
from pkit.expectations.runner import Checker, CheckResult
from pkit.ingestion.official import CONTRACTS_BY_TABLE, read_official_csv
from pkit.raw import store as raw_store


def pipeline_frame(table: str, csv_path: Path, scratch: Path) -> pd.DataFrame:
    """The frame ``check_raw`` validates: parsed by the contract, written to and read from raw Parquet."""
    contract = CONTRACTS_BY_TABLE[table]
    _, rows = read_official_csv(csv_path.read_bytes(), csv_path.name, table)
    frame = pd.DataFrame(rows, columns=["source_file", "source_row", *contract.header])
    frame.insert(0, "ingested_at", datetime.now(UTC))
    frame.insert(0, "load_id", f"{table}-bench")
    path = scratch / f"{table}.parquet"
    raw_store.write_parquet(frame, table, path)
    return official_frame(table, raw_store.read_parquet(path))


def check_official_dir(official_dir: Path, scratch: Path, today: date) -> dict[str, CheckResult]:
    """Run every official table's raw GX suite on the CSVs of ``official_dir``."""
    checker = Checker(scratch / "gx")
    results = {}
    for table, contract in CONTRACTS_BY_TABLE.items():
        frame = pipeline_frame(table, official_dir / contract.file_name, scratch)
        results[table] = checker.validate(
            raw_official.SUITES[table],
            raw_official.expectations_for(table, today),
            frame,
            target=table,
            id_column="source_row",
        )
    return results
