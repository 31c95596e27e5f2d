"""Promote or quarantine: a warn-only failure warns and promotes; a blocking one quarantines the document.

Real landed loads from the bundled documents, the real GX checkpoint, the real raw layer.
"""

from __future__ import annotations

from pathlib import Path

from pkit.expectations import raw_documents
from pkit.expectations.raw_checks import check_raw_loads
from pkit.ingestion.ingest_documents import ingest_documents
from pkit.raw import store as raw_store
from pkit.run.context import RunContext


def _land_one(settings, run_id):
    for extra in sorted(settings.documents_dir.iterdir())[1:]:
        extra.unlink()
    ctx = RunContext.create(run_id, settings=settings)
    [load] = ingest_documents(ctx)
    return ctx, load


def _edit_facts(load, **values):
    path = Path(load["tables"]["document_facts"])
    facts = raw_store.read_parquet(path)
    for column, value in values.items():
        facts.loc[0, column] = value
    raw_store.write_parquet(facts, "document_facts", path)


def test_a_warn_only_failure_promotes_the_document_with_a_warning(project_copy):
    ctx, load = _land_one(project_copy, "warn")
    _edit_facts(load, quote="a sentence this document never says")  # misquote: warn-only
    summary = check_raw_loads(ctx, [load])
    assert summary["documents_quarantined"] == 0 and summary["loads_promoted"] == 1
    assert list((project_copy.raw_dir / "documents").glob("*.parquet")) != []
    assert not project_copy.quarantine_dir.exists() or not any(
        project_copy.quarantine_dir.rglob("reason.json")
    )
    assert [e["status"] for e in ctx.ledger.events("input")] == ["loaded"]
    warned = [
        f
        for c in ctx.ledger.events("check")
        for f in c["failures"]
        if f["column"] == raw_documents.QUOTE_IN_TEXT
    ]
    assert len(warned) == 1 and not warned[0]["blocking"]


def test_a_blocking_failure_quarantines_the_document(project_copy):
    ctx, load = _land_one(project_copy, "block")
    _edit_facts(load, unit="furlongs")  # not a unit of the contract: blocking
    summary = check_raw_loads(ctx, [load])
    assert summary["documents_quarantined"] == 1
    assert [p.name for p in project_copy.quarantine_dir.rglob("reason.json")] == ["reason.json"]
