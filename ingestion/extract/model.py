"""The extractor's output types: one :class:`Fact` per number mention, and a document's metadata."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fact:
    """One quantitative claim, with the fields of the fact contract (docs/fact-schema.md)."""

    doc: str
    subject: str
    metric: str
    value: float
    value_high: float | None
    qualifier: str | None
    unit: str
    period: str | None
    kind: str
    quote: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "subject": self.subject,
            "metric": self.metric,
            "value": self.value,
            "value_high": self.value_high,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "period": self.period,
            "kind": self.kind,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None
    outlet: str | None
    published_date: datetime.date | None
    url: str | None = None  # the article's address, from a header block's url: line
