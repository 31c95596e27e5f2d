"""Fact extraction speed in one process (MB/s of text), called directly on generated documents.

Also reports how many of the facts the generator planted the extractor gets back (same unit, value
within 0.5 %, as ``docs/fact-schema.md`` judges): a cheap check that the benchmark's corpus exercises
the extractor rather than feeding it text it ignores. It is not the extractor's evaluation.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.corpus import CorpusGenerator, CorpusSpec, GeneratedDoc
from pkit.ingestion.documents import parse_document

# Texts that stress the number, period and sentence grammars: long runs of separators, currency
# signs and cue words with no fact in them. A pattern that backtracks shows here as a ratio far above 10.
HOSTILE_PIECES = ("1,", "$", "a.", "-", "(", "1.", "Rs ", "FY", "first ", "per cent ", "IT 5 ")


def _as_dict(fact: Any) -> dict[str, Any]:
    return fact.to_dict()


def planted_recall(doc: GeneratedDoc, extracted: list[dict[str, Any]]) -> tuple[int, int]:
    """(planted facts found, planted facts) for one document; each extracted fact matches once."""
    pool = [(f.get("unit"), f.get("value")) for f in extracted]
    found = 0
    for fact in doc.facts:
        for i, (unit, value) in enumerate(pool):
            target = fact.figure.value
            if unit == fact.figure.unit and value is not None and abs(value - target) <= 0.005 * abs(target):
                found += 1
                pool.pop(i)
                break
    return found, len(doc.facts)


def measure_extraction(spec: CorpusSpec, sample: int = 1000, budget_seconds: float = 30.0) -> dict[str, Any]:
    from pkit.ingestion.extract import detect_metadata, extract_facts

    generator = CorpusGenerator(spec)
    docs = [generator.document(i) for i in range(sample)]
    t0 = time.perf_counter()
    parsed = [parse_document(d.data, d.rel_path, max_bytes=50 * 2**20) for d in docs]
    parse_seconds = time.perf_counter() - t0
    done = text_bytes = facts = found = planted = 0
    seconds = 0.0
    for doc, page in zip(docs, parsed, strict=True):
        t = time.perf_counter()
        published = detect_metadata(page.text).published_date
        extracted = extract_facts(page.text, page.file_name, published_date=published)
        seconds += time.perf_counter() - t
        rows = [_as_dict(f) for f in extracted]
        done += 1
        text_bytes += len(page.text.encode("utf-8"))
        facts += len(rows)
        hit, total = planted_recall(doc, rows)
        found, planted = found + hit, planted + total
        if seconds > budget_seconds:
            break
    raw_bytes = sum(len(d.data) for d in docs)
    return {
        "documents": done,
        "text_mb": round(text_bytes / 1e6, 3),
        "seconds": round(seconds, 3),
        "mb_per_s": round(text_bytes / 1e6 / seconds, 3) if seconds else None,
        "docs_per_s": round(done / seconds, 1) if seconds else None,
        "facts_per_doc": round(facts / done, 2) if done else None,
        "planted_recall": round(found / planted, 3) if planted else None,
        "parse_mb_per_s": round(raw_bytes / 1e6 / parse_seconds, 2) if parse_seconds else None,
    }


def _best_of_two(fn: Any, *args: Any) -> float:
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return best


def measure_linearity(spec: CorpusSpec, small_chars: int = 500_000) -> dict[str, Any]:
    """Time the extractor on text and on ten times as much (the ratio should be near 10).

    One long line of generated documents (no line breaks: the sentence splitter's worst case), and
    each hostile piece repeated: a ratio far above 10 means super-linear work in some grammar.
    """
    from pkit.ingestion.extract import extract_facts

    generator = CorpusGenerator(spec)
    text, i = "", 0
    while len(text) < small_chars * 10:
        page = parse_document(generator.document(i).data, "bench.txt", max_bytes=50 * 2**20)
        text += page.text.replace("\n", " ") + " "
        i += 1
    small, large = text[:small_chars], text[: small_chars * 10]
    extract_facts(small[:20_000], "warm.txt")
    t_small = _best_of_two(extract_facts, small, "s.txt")
    t_large = _best_of_two(extract_facts, large, "l.txt")
    hostile = {}
    for piece in HOSTILE_PIECES:
        h_small = _best_of_two(extract_facts, piece * 3_000, "h.txt")
        h_large = _best_of_two(extract_facts, piece * 30_000, "h.txt")
        hostile[piece] = {
            "seconds_x1": round(h_small, 4),
            "seconds_x10": round(h_large, 4),
            "ratio": round(h_large / max(h_small, 1e-4), 1),
        }
    return {
        "single_line": {
            "chars_x1": len(small),
            "seconds_x1": round(t_small, 3),
            "seconds_x10": round(t_large, 3),
            "ratio": round(t_large / t_small, 1),
        },
        "hostile": hostile,
        "worst_hostile_ratio": max(h["ratio"] for h in hostile.values()),
    }
