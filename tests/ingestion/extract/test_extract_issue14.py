"""Issue 14's failure kinds, one rule per test group: the header block, jurisdiction, periods carried
across sentences, kinds, enumerations and mixed scales, subjects. Passages are written for these tests
(not taken from the held-out or dev sets)."""

from __future__ import annotations

import datetime
from typing import Any

from pkit.ingestion.extract import detect_metadata, extract_facts
from pkit.ingestion.extract.metadata import header_block


def _facts(text: str, published: datetime.date | None = None) -> list[dict[str, Any]]:
    if published is None:
        published = detect_metadata(text).published_date
    return [f.to_dict() for f in extract_facts(text, "t.txt", published_date=published)]


def _one(found: list[dict[str, Any]], value: float, unit: str) -> dict[str, Any]:
    hits = [f for f in found if f["unit"] == unit and abs(f["value"] - value) <= 1e-6 * max(1.0, value)]
    assert len(hits) == 1, (value, unit, found)
    return hits[0]


def _none(found: list[dict[str, Any]], value: float, unit: str) -> None:
    assert not [f for f in found if f["unit"] == unit and abs(f["value"] - value) <= 1e-6 * max(1.0, value)]


HEADED = (
    "url: https://news.example.pk/2024/311/it-exports-up-18pc\n"
    "outlet: Example Daily\n"
    "title: IT exports up 18pc in 1HFY24\n"
    "published: 2024-01-18\n"
    "---\n"
    "KARACHI: Pakistan's IT exports rose to $1.5 billion, according to the central bank.\n"
)


# --- header block ---------------------------------------------------------------------------------
def test_header_block_is_read_as_the_documents_citation():
    header = header_block(HEADED)
    assert header is not None and HEADED[header.body_start :].startswith("KARACHI:")
    meta = detect_metadata(HEADED)
    assert meta.title == "IT exports up 18pc in 1HFY24"
    assert meta.outlet == "Example Daily"
    assert meta.published_date == datetime.date(2024, 1, 18)


def test_header_lines_state_no_facts_and_the_title_gives_the_period():
    found = _facts(HEADED)
    _none(found, 18.0, "percent")  # the title's figure
    _none(found, 311, "count")  # the URL's digits
    fact = _one(found, 1.5e9, "USD")
    assert fact["period"] == "Jul-Dec FY2023-24"
    assert fact["start"] >= HEADED.index("---")


def test_text_without_a_header_block_is_unchanged():
    assert header_block("Title: a colon in the first line of a story\nMore text.") is None
