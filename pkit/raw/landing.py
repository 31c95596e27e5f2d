"""A landed load: Parquet files written by an ingest task, waiting for the raw checks.

The manifest travels between Airflow tasks as a small JSON-able dict (XCom), never the data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class LandedDocument:
    doc_id: str
    file_name: str
    source_path: str
    sha256: str
    bytes: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class LandedLoad:
    load_id: str
    source: str  # documents | official
    tables: dict[str, str]  # raw table -> landing parquet path
    rows: dict[str, int]
    file: str | None = None  # official: the CSV's name relative to its folder
    origin: str | None = None  # official: the file actually read (a local snapshot or a download)
    sha256: str | None = None
    bytes: int | None = None
    documents: list[LandedDocument] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LandedLoad:
        docs = [LandedDocument(**d) for d in data.get("documents", [])]
        return cls(**{**data, "documents": docs})
