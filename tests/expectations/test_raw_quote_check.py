"""A quote its document's text does not hold is flagged when the load is checked (a warning, per load)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from pkit.expectations import raw_documents
from pkit.expectations.raw_checks import _facts_frame
from pkit.expectations.runner import Checker, columns_needed
from pkit.raw import store as raw_store

TEXT = "Karachi: PSEB registered 2,000 companies in FY2024-25."


def _write(tmp_path):
    now = datetime.now(UTC)
    docs = pd.DataFrame(
        [{"load_id": "l", "ingested_at": now, "doc_id": "d" * 64, "file_name": "a.txt", "text": TEXT}]
    )
    facts = pd.DataFrame(
        [
            {"load_id": "l", "ingested_at": now, "doc_id": "d" * 64, "fact_index": i, "quote": quote}
            for i, quote in enumerate(
                ["PSEB registered 2,000 companies", "PSEB registered 3,000 companies", None]
            )
        ]
    )
    for table, frame in (("documents", docs), ("document_facts", facts)):
        for column in raw_store.RAW_TABLES[table]:
            if column.name not in frame:
                frame[column.name] = None
    docs_path, facts_path = tmp_path / "documents.parquet", tmp_path / "facts.parquet"
    raw_store.write_parquet(docs, "documents", docs_path)
    raw_store.write_parquet(facts, "document_facts", facts_path)
    return facts_path, docs_path


def test_quotes_are_looked_up_in_their_documents_text(tmp_path):
    facts_path, docs_path = _write(tmp_path)
    frame = _facts_frame(
        facts_path, docs_path, ["doc_id", "fact_index", "quote", raw_documents.QUOTE_IN_TEXT]
    )
    found = dict(zip(frame["fact_index"], frame[raw_documents.QUOTE_IN_TEXT], strict=True))
    assert bool(found[0]) is True
    assert bool(found[1]) is False
    assert pd.isna(found[2])  # no quote: the not-null expectation speaks for it


def test_a_misquote_warns_but_does_not_block_the_load(tmp_path):
    facts_path, docs_path = _write(tmp_path)
    exps = raw_documents.facts(date.today())
    frame = _facts_frame(facts_path, docs_path, columns_needed({"id": "doc_id", "expectations": exps}))
    result = Checker(tmp_path / "gx").validate("raw_document_facts", exps, frame, "l", id_column="doc_id")
    misquotes = [f for f in result.failures if f.column == raw_documents.QUOTE_IN_TEXT]
    assert len(misquotes) == 1 and misquotes[0].unexpected_count == 1 and not misquotes[0].blocking
    assert "verbatim" in misquotes[0].reason
