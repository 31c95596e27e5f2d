"""Stage 2: read each official CSV against its contract and land it as one load (a full snapshot).

A file whose bytes equal the table's latest accepted load is skipped (nothing new); a file that
breaks its contract is quarantined with the line and reason, and the table keeps its previous load.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ingestion import raw_store
from ingestion.documents import sha256_hex
from ingestion.errors import InputRejected
from ingestion.landing import LandedLoad
from ingestion.ledger import InputEvent
from ingestion.official import OFFICIAL_SUFFIXES, contract_for, read_official_csv
from ingestion.run_context import RunContext
from ingestion.safe_paths import list_inputs

log = logging.getLogger(__name__)


def ingest_official(ctx: RunContext) -> list[dict[str, Any]]:
    settings = ctx.settings
    raw_store.ensure_schema_files(settings.raw_dir)
    landed: list[dict[str, Any]] = []
    with ctx.ledger.stage("ingest_official") as stage:
        paths, refused = list_inputs(settings.official_dir, OFFICIAL_SUFFIXES)
        for err in refused:
            quarantine_official(ctx, err, None, None)
        for path in paths:
            load = ingest_official_file(ctx, path)
            if load is not None:
                landed.append(load.to_dict())
        stage["rows"] = sum(sum(load["rows"].values()) for load in landed)
        stage["files"] = len(paths) + len(refused)
    return landed


def ingest_official_file(ctx: RunContext, path: Path) -> LandedLoad | None:
    rel = path.relative_to(ctx.settings.official_dir).as_posix()
    data = path.read_bytes()
    digest = sha256_hex(data)
    try:
        contract = contract_for(path.name)
        latest = raw_store.latest_load_id(ctx.settings.raw_dir, contract.table)
        if latest is not None and raw_store.load_sha_prefix(latest) == digest[:16]:
            ctx.ledger.input(
                InputEvent(
                    "official",
                    rel,
                    digest,
                    len(data),
                    "skipped",
                    load_id=latest,
                    reason="already seen: same bytes as the table's current load",
                )
            )
            return None
        contract, rows = read_official_csv(data, path.name)
    except InputRejected as err:
        err.file = rel
        quarantine_official(ctx, err, data, digest)
        return None
    load_id = raw_store.new_load_id(contract.table, digest)
    frame = pd.DataFrame(rows, columns=["source_file", "source_row", *contract.header])
    frame.insert(0, "ingested_at", datetime.now(UTC))
    frame.insert(0, "load_id", load_id)
    landing = ctx.landing / contract.table / f"{load_id}.parquet"
    raw_store.write_parquet(frame, contract.table, landing)
    return LandedLoad(
        load_id=load_id,
        source="official",
        tables={contract.table: str(landing)},
        rows={contract.table: len(frame)},
        file=rel,
        sha256=digest,
        bytes=len(data),
    )


def quarantine_official(
    ctx: RunContext, err: InputRejected, data: bytes | None, digest: str | None, details: Any = None
) -> None:
    log.warning("quarantined official table %s", err)
    folder = ctx.quarantine(
        f"official-{Path(err.file).stem}-{(digest or 'path')[:16]}",
        data,
        err.file,
        {"file": err.file, "line": err.line, "check": err.check, "reason": str(err), "details": details},
    )
    ctx.ledger.input(
        InputEvent(
            "official",
            err.file,
            digest,
            len(data) if data is not None else None,
            "quarantined",
            reason=f"{err} (kept in {folder})",
        )
    )
