"""Stage 1: read the documents inbox, identify each file by content, extract facts, land new loads.

Documents already in the raw layer (same SHA-256) are skipped; the rest are parsed and extracted in
batches (bounded memory), in a process pool when a batch is big enough to pay for one. Each batch is
one load: a ``documents`` and a ``document_facts`` Parquet file sharing a ``load_id``. A file hashed on
an earlier night and unchanged since (``inbox_index``) is not even read, and the files skipped as
already in the warehouse are one ledger event per night, not one each: the ledger, the ``audit``
schema and the report grow with what arrived, not with the size of the inbox.

One pool serves the whole stage (started with the first big batch): a spawned worker pays for its
imports once, not once per batch. A batch is 5,000 documents (about 15 MB of text): each load costs
a GX checkpoint per table, and at 2,000 documents a load those fixed costs were a seventh of a
100,000-document night, while 10,000-document loads doubled the run's peak memory (``make bench``).
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pkit.errors import InputRejected
from pkit.ingestion import inbox_index
from pkit.ingestion.documents import DOCUMENT_SUFFIXES, ParsedDocument, parse_document, sha256_hex
from pkit.ingestion.safe_paths import as_text, check_inside, list_inputs, relative_name
from pkit.raw import store as raw_store
from pkit.raw.landing import LandedDocument, LandedLoad
from pkit.raw.quarantine import quarantine_input
from pkit.run.children import die_with_parent
from pkit.run.context import RunContext
from pkit.run.faults import crash_point
from pkit.run.ledger import InputEvent

log = logging.getLogger(__name__)
POOL_THRESHOLD = 64  # below this a process pool costs more than it saves


@dataclass
class Extracted:
    doc: ParsedDocument
    row: dict[str, Any]
    facts: list[dict[str, Any]]


def extract_one(data: bytes, source_path: str, max_bytes: int) -> Extracted | InputRejected:
    """Parse and extract one document (runs in worker processes: plain data in, plain data out)."""
    from pkit.ingestion.extract import EXTRACTOR_VERSION, detect_metadata, extract_facts

    try:
        doc = parse_document(data, source_path, max_bytes=max_bytes)
    except InputRejected as err:
        return err
    meta = detect_metadata(doc.text)
    published = _parse_date(doc.html_published) or meta.published_date
    facts = extract_facts(doc.text, doc.file_name, published_date=published)
    row = {
        "doc_id": doc.doc_id,
        "file_name": doc.file_name,
        "source_path": doc.source_path,
        "media_type": doc.media_type,
        "encoding": doc.encoding,
        "title": doc.html_title or meta.title,
        "outlet": meta.outlet,
        "published_date": published,
        "url": doc.html_url or meta.url,
        "byte_count": doc.byte_count,
        "char_count": len(doc.text),
        "fact_count": len(facts),
        "text": doc.text,
    }
    fact_rows = []
    for index, fact in enumerate(facts):
        d = fact.to_dict()
        fact_rows.append(
            {
                "doc_id": doc.doc_id,
                "file_name": doc.file_name,
                "fact_index": index,
                "subject": d["subject"],
                "metric": d["metric"],
                "value": d["value"],
                "value_high": d["value_high"],
                "qualifier": d["qualifier"],
                "unit": d["unit"],
                "period": d["period"],
                "kind": d["kind"],
                "quote": d["quote"],
                "char_start": d["start"],
                "char_end": d["end"],
                "extractor_version": EXTRACTOR_VERSION,
            }
        )
    return Extracted(doc, row, fact_rows)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def ingest_documents(ctx: RunContext, root: Path | None = None) -> list[dict[str, Any]]:
    """Land every new document of the inbox; returns the landed loads' manifests."""
    settings = ctx.settings
    root = root or settings.documents_dir
    ledger = ctx.ledger
    raw_store.ensure_schema_files(settings.raw_dir)
    with ledger.stage("ingest_documents") as stage:
        if not _inside_inbox(ctx, root):
            return []
        paths, refused = list_inputs(root, DOCUMENT_SUFFIXES)
        for err in refused:
            _quarantine(ctx, err, None, None)
        scan = _InboxScan(
            known=raw_store.known_doc_ids(settings.raw_dir),
            index=inbox_index.load(inbox_index.index_path(settings.warehouse_dir)),
        )
        landed: list[dict[str, Any]] = []
        with _Extractor() as extractor:
            for batch in _batches(_new_documents(ctx, root, paths, scan), ctx.settings.document_batch):
                load = _land_batch(ctx, batch, extractor)
                if load is not None:
                    landed.append(load.to_dict())
                done = scan.read + scan.skipped_known
                ledger.write(
                    "progress", {"stage": "ingest_documents", "done": done, "of": len(paths), "unit": "files"}
                )
        if scan.skipped_known:
            ctx.ledger.input(
                InputEvent(
                    "documents",
                    f"{scan.skipped_known:,} files",
                    None,
                    scan.skipped_bytes,
                    "skipped",
                    reason="already seen: in the warehouse (same SHA-256); unchanged files are not reread",
                    files=scan.skipped_known,
                )
            )
        inbox_index.save(inbox_index.index_path(settings.warehouse_dir), scan.hashed)
        stage["rows"] = sum(load["rows"].get("documents", 0) for load in landed)
        stage["files"] = len(paths) + len(refused)
        stage["files_read"] = scan.read
    return landed


def _inside_inbox(ctx: RunContext, root: Path) -> bool:
    """A documents source's folder (``location.path`` in sources.yml) must lie inside the inbox
    (``PKIT_DOCUMENTS_DIR``), as a table source's file must lie inside the official folder: ``../..``,
    an absolute path elsewhere or a symbolic link is refused and recorded, and nothing is read."""
    inbox = ctx.settings.documents_dir
    if root == inbox:  # the inbox itself may be anywhere (and a symbolic link): the user chose it
        return True
    try:
        check_inside(root, inbox)
    except InputRejected as err:
        err.reason = f"a documents source's folder {err.reason}; sources read only inside their inbox"
        _quarantine(ctx, err, None, None)
        return False
    return True


@dataclass
class _InboxScan:
    known: dict[str, str]  # doc id in the raw layer -> the inbox path it was first loaded from
    index: dict[str, inbox_index.Hashed]  # what earlier nights hashed
    hashed: dict[str, inbox_index.Hashed] = field(default_factory=dict)  # the index this night leaves
    seen_now: dict[str, str] = field(default_factory=dict)  # sha256 -> first path this night
    skipped_known: int = 0
    skipped_bytes: int = 0
    read: int = 0

    def skip_unread(self, key: str, stat: os.stat_result) -> bool:
        entry = self.index.get(key)
        if entry is None or not entry.matches(stat) or entry.sha256 not in self.known:
            return False
        self.hashed[key] = entry
        self.skipped_known += 1
        self.skipped_bytes += stat.st_size
        return True


def _new_documents(
    ctx: RunContext, root: Path, paths: list[Path], scan: _InboxScan
) -> Iterator[tuple[str, bytes]]:
    limit = ctx.settings.max_document_bytes
    for path in paths:
        stat = path.stat()
        key = as_text(path)  # absolute: the inbox folder is (config.Settings)
        if scan.skip_unread(key, stat):
            continue
        rel = relative_name(path, root)
        size = stat.st_size
        if size > limit:
            # Never read a huge file into memory: hash it streaming and keep a copy of its bytes.
            digest = raw_store.file_sha256(path)
            err = InputRejected(
                rel,
                f"the file is {size:,} bytes, above the limit of {limit:,} (PKIT_MAX_DOCUMENT_BYTES); "
                "split it or raise the limit",
            )
            _quarantine(ctx, err, None, digest, original=path, size=size)
            continue
        data = path.read_bytes()
        scan.read += 1
        digest = sha256_hex(data)
        # recorded before the mtime could move on: a file rewritten after this read is re-read next night
        scan.hashed[key] = inbox_index.Hashed(len(data), stat.st_mtime_ns, digest)
        if not data:
            # every empty file is its own mistake: quarantined by name, never "a copy" of another one
            yield rel, data
            continue
        if digest in scan.known:
            if key in scan.index or scan.known[digest] == rel:  # a file loaded before, touched: quiet
                scan.skipped_known += 1
                scan.skipped_bytes += len(data)
            else:  # a file seen for the first time is always named, even when its bytes are known
                _skip_copy(
                    ctx, rel, data, digest, f"already in the warehouse: same content as {scan.known[digest]}"
                )
            continue
        if digest in scan.seen_now:
            _skip_copy(ctx, rel, data, digest, f"already seen: same content as {scan.seen_now[digest]}")
            continue
        scan.seen_now[digest] = rel
        yield rel, data


def _skip_copy(ctx: RunContext, rel: str, data: bytes, digest: str, reason: str) -> None:
    ctx.ledger.input(InputEvent("documents", rel, digest, len(data), "skipped", reason=reason))


def _batches(items: Iterator[tuple[str, bytes]], size: int) -> Iterator[list[tuple[str, bytes]]]:
    batch: list[tuple[str, bytes]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Extractor:
    """Extracts batches in this process when small, else in one process pool kept for the stage."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def extract(self, batch: list[tuple[str, bytes]], max_bytes: int) -> list[Extracted | InputRejected]:
        workers = os.cpu_count() or 1
        # A daemonic process (a Celery prefork worker child) may not start children: extract in-process
        # there rather than fail the night; spreading across workers is the mapped ingestion's job.
        in_daemon = multiprocessing.current_process().daemon
        if len(batch) < POOL_THRESHOLD or workers < 2 or in_daemon:
            return [extract_one(data, rel, max_bytes) for rel, data in batch]
        if self._pool is None:
            # spawn, not fork: the calling process may be an Airflow worker holding threads and sockets.
            spawn = multiprocessing.get_context("spawn")
            # workers die with the run (a killed run leaves no orphan extracting for minutes)
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=spawn, initializer=die_with_parent
            )
        chunk = max(1, min(64, len(batch) // (workers * 4)))
        return list(
            self._pool.map(
                extract_one,
                [d for _, d in batch],
                [r for r, _ in batch],
                [max_bytes] * len(batch),
                chunksize=chunk,
            )
        )


def _land_batch(ctx: RunContext, batch: list[tuple[str, bytes]], extractor: _Extractor) -> LandedLoad | None:
    results = extractor.extract(batch, ctx.settings.max_document_bytes)
    docs: list[Extracted] = []
    for (rel, data), result in zip(batch, results, strict=True):
        if isinstance(result, InputRejected):
            result.file = rel
            _quarantine(ctx, result, data, sha256_hex(data))
        else:
            docs.append(result)
    if not docs:
        return None
    batch_hash = hashlib.sha256("".join(sorted(d.doc.doc_id for d in docs)).encode()).hexdigest()
    load_id = raw_store.new_load_id("documents", batch_hash)
    now = datetime.now(UTC)
    doc_frame = pd.DataFrame([d.row for d in docs])
    fact_frame = pd.DataFrame([f for d in docs for f in d.facts], columns=_fact_columns())
    for frame in (doc_frame, fact_frame):
        frame.insert(0, "ingested_at", now)
        frame.insert(0, "load_id", load_id)
    tables = {}
    for table, frame in (("documents", doc_frame), ("document_facts", fact_frame)):
        path = ctx.landing / table / f"{load_id}.parquet"
        raw_store.write_parquet(frame, table, path)
        tables[table] = str(path)
        crash_point("ingest:after_landing")
    return LandedLoad(
        load_id=load_id,
        source="documents",
        tables=tables,
        rows={"documents": len(doc_frame), "document_facts": len(fact_frame)},
        documents=[
            LandedDocument(
                d.doc.doc_id,
                d.doc.file_name,
                d.doc.source_path,
                d.doc.doc_id,
                d.doc.byte_count,
                list(d.doc.warnings),
            )
            for d in docs
        ],
    )


def _fact_columns() -> list[str]:
    from pkit.raw.schema import RAW_TABLES

    return [c.name for c in RAW_TABLES["document_facts"] if c.name not in {"load_id", "ingested_at"}]


def _quarantine(
    ctx: RunContext,
    err: InputRejected,
    data: bytes | None,
    digest: str | None,
    original: Path | None = None,
    size: int | None = None,
) -> None:
    log.warning("quarantined document %s", err)
    quarantine_input(ctx, "documents", err, data=data, original_path=original, sha256=digest, size=size)
