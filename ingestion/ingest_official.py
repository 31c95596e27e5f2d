"""Stage 2: ingest each table source of the registry as one load (a full snapshot of the table).

The file is the local snapshot, or a fresh download when the source has a URL and fetching is on
(falling back to the last good snapshot when the fetch fails). A file whose bytes equal the table's
latest accepted load is skipped; a file that breaks its contract is quarantined with the line and
reason, and the table keeps its previous load.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pkit.errors import InputRejected
from pkit.ingestion.documents import sha256_hex
from pkit.ingestion.ingest_easydata import with_vintages
from pkit.ingestion.official import OFFICIAL_SUFFIXES, read_official_csv
from pkit.ingestion.safe_paths import check_inside, list_inputs, relative_name
from pkit.raw import store as raw_store
from pkit.raw.landing import LandedLoad
from pkit.raw.quarantine import quarantine_input
from pkit.registry import Registry, Source, load_registry
from pkit.run.context import RunContext
from pkit.run.ledger import InputEvent

log = logging.getLogger(__name__)


def ingest_official(ctx: RunContext, registry: Registry | None = None) -> list[dict[str, Any]]:
    """Every table source of the registry, plus the sweep for unregistered files (for ``pkit run``)."""
    registry = registry or load_registry()
    landed: list[dict[str, Any]] = []
    sweep_unregistered(ctx, registry)
    for source in registry.tables():
        landed.extend(ingest_table_source(ctx, source, registry))
    return landed


def ingest_table_source(
    ctx: RunContext, source: Source, registry: Registry | None = None
) -> list[dict[str, Any]]:
    raw_store.ensure_schema_files(ctx.settings.raw_dir)
    with ctx.ledger.stage(f"ingest_{source.id}") as stage:
        path = _resolve_file(ctx, source)
        if path is None:
            return []
        # EasyData series (sources.yml kind easydata) extending this table: retrieved now, and their
        # vintages ingested in this table's load (none on disk: the file is ingested as it is).
        path = with_vintages(ctx, registry or load_registry(), source, path)
        load = ingest_official_file(ctx, path, source.contract[0], source.location.path)
        stage["rows"] = sum(load.rows.values()) if load else 0
    return [load.to_dict()] if load else []


def _valid_table(table: str, name: str) -> Callable[[Path], str | None]:
    """A download is kept only when it reads under the table's contract: an HTML page served in its
    place, or a table of another shape, is refused and the last good file used instead."""

    def check(path: Path) -> str | None:
        try:
            read_official_csv(path.read_bytes(), name, table)
        except InputRejected as err:
            return str(err)
        return None

    return check


def _resolve_file(ctx: RunContext, source: Source) -> Path | None:
    root = ctx.settings.official_dir
    local = root / source.location.path
    if source.location.url and ctx.settings.fetch_enabled:
        from pkit.ingestion.fetch import fetch_source

        result = fetch_source(
            source.id,
            source.location.url,
            ctx.settings.warehouse_dir / "fetched",
            local,
            enabled=True,
            today=ctx.run_date,
            accept=_valid_table(source.contract[0], Path(source.location.path).name),
        )
        ctx.ledger.write("fetch", {"source": source.id, "status": result.status, "message": result.message})
        if result.path is not None and result.path != local:
            return result.path
    try:
        check_inside(local, root)
    except InputRejected as err:
        quarantine_official(ctx, err, None, None)
        return None
    if not local.exists():
        quarantine_official(
            ctx,
            InputRejected(source.location.path, f"source {source.id} is registered but its file is missing"),
            None,
            None,
        )
        return None
    return local


def sweep_unregistered(ctx: RunContext, registry: Registry) -> None:
    """CSV files in the official folder that no source claims are refused, so none goes unnoticed."""
    paths, refused = list_inputs(ctx.settings.official_dir, OFFICIAL_SUFFIXES)
    registered = {s.location.path for s in registry.tables()}
    for err in refused:
        quarantine_official(ctx, err, None, None)
    for path in paths:
        rel = relative_name(path, ctx.settings.official_dir)
        if rel not in registered:
            if _refuse_oversized(ctx, path, rel):
                continue
            data = path.read_bytes()
            reason = (
                f"no source in the registry (sources.yml) reads this file; registered: {sorted(registered)}"
            )
            quarantine_official(ctx, InputRejected(rel, reason), data, sha256_hex(data))


def _refuse_oversized(ctx: RunContext, path: Path, rel: str) -> bool:
    """A table above ``PKIT_MAX_OFFICIAL_BYTES`` is quarantined by its size alone, never read (a 1 GB
    CSV read whole took 9.8 GB of memory); the reason names the size and the limit."""
    size = path.stat().st_size
    limit = ctx.settings.max_official_bytes
    if size <= limit:
        return False
    reason = (
        f"the file is {size:,} bytes, above the limit of {limit:,} (PKIT_MAX_OFFICIAL_BYTES); "
        "not read: an official table is a few thousand rows, so this looks like a dump or the wrong file"
    )
    quarantine_input(ctx, "official", InputRejected(rel, reason), size=size)
    return True


def ingest_official_file(ctx: RunContext, path: Path, table: str, rel: str) -> LandedLoad | None:
    if _refuse_oversized(ctx, path, rel):
        return None
    data = path.read_bytes()
    digest = sha256_hex(data)
    latest = raw_store.latest_load_id(ctx.settings.raw_dir, table)
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
    try:
        contract, rows = read_official_csv(data, Path(rel).name, table)
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
        origin=str(path),
        sha256=digest,
        bytes=len(data),
    )


def quarantine_official(
    ctx: RunContext, err: InputRejected, data: bytes | None, digest: str | None, details: Any = None
) -> None:
    log.warning("quarantined official table %s", err)
    quarantine_input(ctx, "official", err, data=data, sha256=digest, details=details)
