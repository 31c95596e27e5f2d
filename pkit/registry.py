"""The source registry (``sources.yml``): what the run ingests, from where, checked by which suite."""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from pkit.config import Settings
from pkit.ingestion.easydata import EasyDataSeries


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str
    url: str | None = None


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    # easydata: series of the State Bank's EasyData API, retrieved as vintages of the table source with
    # the same contract and ingested with it (location.path names that table's file).
    # feed: an RSS/Atom feed (location.url) whose relevant new articles are written as documents into
    # location.path inside the documents inbox, by the task of the documents source that reads that folder.
    kind: Literal["documents", "table", "easydata", "feed"]
    publisher: str
    description: str
    location: Location
    format: Literal["text", "csv", "json", "feed"]
    parser: Literal["documents", "official_csv", "easydata", "feed"]
    contract: list[str]
    suite: list[str]
    cadence: Literal["daily", "weekly", "monthly", "quarterly", "yearly"]
    series: list[EasyDataSeries] = Field(default_factory=list)
    max_items: int = Field(default=20, ge=1, le=500)  # feed: new articles fetched per night at most

    @model_validator(mode="after")
    def _fields_of_the_kind(self) -> Source:
        if (self.kind == "easydata") != bool(self.series):
            raise ValueError(f"source {self.id}: 'series' is required for kind easydata and only there")
        if self.kind == "easydata" and self.format not in ("json", "csv"):
            raise ValueError(f"source {self.id}: EasyData answers in json or csv, not {self.format}")
        if self.kind == "feed" and not self.location.url:
            raise ValueError(f"source {self.id}: a feed needs location.url (the RSS or Atom feed's URL)")
        return self


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[Source]

    def get(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"no source {source_id!r} in the registry; known: {[s.id for s in self.sources]}")

    def tables(self) -> list[Source]:
        return [s for s in self.sources if s.kind == "table"]

    def easydata_for(self, table_source: Source) -> list[Source]:
        """EasyData entries whose vintages join ``table_source`` (same contract) when it is ingested."""
        table = table_source.contract[:1]
        return [s for s in self.sources if s.kind == "easydata" and s.contract[:1] == table]

    def feeds_for(self, documents_source: Source) -> list[Source]:
        """Feeds whose articles land in the folder ``documents_source`` reads (fetched by its task first,
        so the night's articles are ingested the same night)."""
        folder = PurePosixPath(documents_source.location.path)
        return [
            s
            for s in self.sources
            if s.kind == "feed"
            and (folder == PurePosixPath(".") or PurePosixPath(s.location.path).is_relative_to(folder))
        ]

    def planned(self) -> list[Source]:
        """Sources with an ingestion task of their own. EasyData series ride with their table's task, so
        the table's load holds the vintages retrieved before it; feeds ride with their documents source."""
        return [s for s in self.sources if s.kind not in ("easydata", "feed")]


def registry_path() -> Path:
    return Settings.current().sources_file


@cache
def _load(path: str, mtime: float) -> Registry:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    registry = Registry.model_validate(data)
    ids = [s.id for s in registry.sources]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: source ids must be unique, got {ids}")
    return registry


def load_registry(path: Path | None = None) -> Registry:
    path = path or registry_path()
    return _load(str(path), path.stat().st_mtime)
