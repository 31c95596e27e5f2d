"""Stage 3: a Great Expectations checkpoint on every landed load, then promote or quarantine it.

Official tables are snapshots: a load that fails any blocking expectation is quarantined whole, so
the table keeps its last good load. Document loads are many independent files: only the documents
whose rows fail (and their facts) are quarantined; the rest of the batch is promoted.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pkit.errors import InputRejected
from pkit.expectations import raw_documents, raw_official
from pkit.expectations.runner import Checker, CheckResult, columns_needed
from pkit.fiscal import fiscal_month, fiscal_year_of
from pkit.ingestion.documents import sha256_hex
from pkit.raw import store as raw_store
from pkit.raw.landing import LandedLoad
from pkit.raw.quarantine import quarantine_input
from pkit.run.context import RunContext
from pkit.run.faults import crash_point
from pkit.run.ledger import InputEvent

log = logging.getLogger(__name__)


def check_raw_loads(ctx: RunContext, manifests: list[dict[str, Any]]) -> dict[str, Any]:
    """Validate, then promote or quarantine each landed load; returns counts for the run summary."""
    checker = Checker(ctx.settings.gx_dir)
    summary = {"loads_checked": 0, "loads_promoted": 0, "loads_quarantined": 0, "documents_quarantined": 0}
    with ctx.ledger.stage("check_raw") as stage:
        try:
            for manifest in manifests:
                load = LandedLoad.from_dict(manifest)
                summary["loads_checked"] += 1
                if load.source == "official":
                    promoted = _check_official(ctx, checker, load)
                else:
                    promoted, dropped = _check_documents(ctx, checker, load)
                    summary["documents_quarantined"] += dropped
                summary["loads_promoted" if promoted else "loads_quarantined"] += 1
        finally:
            checker.build_docs()
        stage["rows"] = summary["loads_checked"]
    ctx.clear_landing()
    return summary


def official_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame the official suites validate: the load plus the derived columns they compare with."""
    month = frame.get("period_month", frame.get("end_month"))
    if month is not None:
        frame = frame.copy()
        frame["_month_start"] = pd.to_datetime(month + "-01")
        frame["_fiscal_year_of_month"] = month.map(fiscal_year_of)
        frame["_fiscal_month_of_month"] = month.map(lambda m: fiscal_month(int(m[5:7])))
    return frame


def _check_official(ctx: RunContext, checker: Checker, load: LandedLoad) -> bool:
    ((table, path),) = load.tables.items()
    frame = raw_store.read_parquet(Path(path))
    result = checker.validate(
        raw_official.SUITES[table],
        raw_official.expectations_for(table, ctx.run_date),
        official_frame(table, frame),
        target=load.load_id,
        id_column="source_row",
    )
    ctx.ledger.check(_event(result))
    if result.success:
        raw_store.promote(Path(path), ctx.settings.raw_dir, table)
        ctx.ledger.input(
            InputEvent(
                "official",
                load.file or table,
                load.sha256,
                load.bytes,
                "loaded",
                load_id=load.load_id,
                rows=len(frame),
                warnings=[f.sentence() for f in result.failures],
            )
        )
        return True
    first = next(f for f in result.failures if f.blocking)
    line = first.sample_rows[0] if first.sample_rows else None
    reason = "; ".join(f.sentence() for f in result.failures if f.blocking)
    original = _read_original(Path("/"), load.origin, load.sha256)
    quarantine_input(
        ctx,
        "official",
        InputRejected(
            load.file or table, f"failed check {result.suite}: {reason}", line=line, check=result.suite
        ),
        data=original,
        sha256=load.sha256,
        details=result.as_event(),
    )
    Path(path).unlink(missing_ok=True)
    return False


def _check_documents(ctx: RunContext, checker: Checker, load: LandedLoad) -> tuple[bool, int]:
    docs_path, facts_path = Path(load.tables["documents"]), Path(load.tables["document_facts"])
    doc_exps, fact_exps = raw_documents.documents(ctx.run_date), raw_documents.facts(ctx.run_date)
    # Only what the suites look at: a load's text stays on disk unless a document must be dropped.
    docs = raw_store.read_parquet(docs_path, columns_needed({"id": "doc_id", "expectations": doc_exps}))
    facts = _facts_frame(facts_path, docs_path, columns_needed({"id": "doc_id", "expectations": fact_exps}))
    bad: dict[str, list[str]] = {}
    for suite, exps, frame in (
        (raw_documents.DOCUMENTS_SUITE, doc_exps, docs),
        (raw_documents.FACTS_SUITE, fact_exps, facts),
    ):
        result = checker.validate(suite, exps, frame, target=load.load_id, id_column="doc_id")
        ctx.ledger.check(_event(result))
        for failure in result.failures:
            if not failure.blocking:
                continue
            rows = set(result.unexpected_rows) or set(frame["doc_id"])  # table-level failure: whole load
            for doc_id in rows:
                bad.setdefault(doc_id, []).append(f"failed check {suite}: {failure.sentence()}")
    by_id = {d.doc_id: d for d in load.documents}
    for doc_id, reasons in bad.items():
        doc = by_id[doc_id]
        original = _read_original(ctx.settings.documents_dir, doc.source_path, doc.sha256)
        quarantine_input(
            ctx,
            "documents",
            InputRejected(doc.source_path, "; ".join(reasons), check="raw_documents"),
            data=original,
            sha256=doc.sha256,
            size=doc.bytes,
        )
    if bad and set(bad) >= set(docs["doc_id"]):
        docs_path.unlink(missing_ok=True)
        facts_path.unlink(missing_ok=True)
        return False, len(bad)
    if bad:
        all_docs, all_facts = raw_store.read_parquet(docs_path), raw_store.read_parquet(facts_path)
        raw_store.write_parquet(all_docs[~all_docs["doc_id"].isin(bad)], "documents", docs_path)
        raw_store.write_parquet(all_facts[~all_facts["doc_id"].isin(bad)], "document_facts", facts_path)
    # Facts first: a crash between the two renames leaves the documents unknown, so they are read
    # again next run, and staging keeps only each document's latest facts: nothing is doubled.
    raw_store.promote(facts_path, ctx.settings.raw_dir, "document_facts")
    crash_point("check_raw:between_promotions")
    raw_store.promote(docs_path, ctx.settings.raw_dir, "documents")
    fact_counts = facts.groupby("doc_id").size().to_dict() if not facts.empty else {}
    for doc in load.documents:
        if doc.doc_id in bad:
            continue
        ctx.ledger.input(
            InputEvent(
                "documents",
                doc.source_path,
                doc.sha256,
                doc.bytes,
                "loaded",
                load_id=load.load_id,
                rows=int(fact_counts.get(doc.doc_id, 0)),
                warnings=doc.warnings,
            )
        )
    return True, len(bad)


def _facts_frame(facts_path: Path, docs_path: Path, columns: list[str]) -> pd.DataFrame:
    """The facts' checked columns, and whether each quote is in its document's text (the text itself
    stays in DuckDB: only a boolean per fact reaches pandas)."""
    stored = ", ".join(f'facts."{c}"' for c in columns if c != raw_documents.QUOTE_IN_TEXT)
    with duckdb.connect() as con:
        return con.execute(
            f"""
            select {stored}, contains(documents.text, facts.quote) as {raw_documents.QUOTE_IN_TEXT}
            from read_parquet('{raw_store.sql_path(facts_path)}') as facts
            left join read_parquet('{raw_store.sql_path(docs_path)}') as documents
                on facts.doc_id = documents.doc_id
            """
        ).df()


def _read_original(root: Path, rel: str | None, sha256: str | None) -> bytes | None:
    if rel is None:
        return None
    path = root / rel
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if sha256 is None or sha256_hex(data) == sha256 else None


def _event(result: CheckResult) -> Any:
    from pkit.run.ledger import CheckEvent

    event = result.as_event()
    return CheckEvent(
        suite=event["suite"],
        target=event["target"],
        success=event["success"],
        evaluated=event["evaluated"],
        failed=event["failed"],
        failures=event["failures"],
    )
