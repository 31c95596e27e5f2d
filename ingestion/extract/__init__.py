"""Fact extraction: quantitative claims about Pakistan's IT sector, per docs/fact-schema.md.

>>> facts = extract_facts("IT exports rose to $3.2 billion in FY24.", "a.txt")
>>> (facts[0].value, facts[0].unit, facts[0].period)
(3200000000.0, 'USD', 'FY2023-24')
"""

from __future__ import annotations

from pkit.ingestion.extract.extractor import extract_facts
from pkit.ingestion.extract.metadata import detect_metadata
from pkit.ingestion.extract.model import DocumentMeta, Fact

EXTRACTOR_VERSION = "1.1.0"

__all__ = ["EXTRACTOR_VERSION", "DocumentMeta", "Fact", "detect_metadata", "extract_facts"]
