"""The source registry (``sources.yml``): what the run ingests, from where, checked by which suite."""

from __future__ import annotations

from functools import cache
from pathlib import Path
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
    kind: Literal["documents", "table", "easydata"]
    publisher: str
    description: str
    location: Location
    format: Literal["text", "csv", "json"]
    parser: Literal["documents", "official_csv", "easydata"]
    contract: list[str]
    suite: list[str]
    cadence: Literal["daily", "weekly", "monthly", "quarterly", "yearly"]
    series: list[EasyDataSeries] = Field(default_factory=list)

    @model_validator(mode="after")
    def _series_only_for_easydata(self) -> Source:
        if (self.kind == "easydata") != bool(self.series):
            raise ValueError(f"source {self.id}: 'series' is required for kind easydata and only there")
        if self.kind == "easydata" and self.format not in ("json", "csv"):
            raise ValueError(f"source {self.id}: EasyData answers in json or csv, not {self.format}")
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

    def planned(self) -> list[Source]:
        """Sources with an ingestion task of their own (EasyData series ride with their table's task, so
        the table's load always holds the vintages retrieved before it)."""
        return [s for s in self.sources if s.kind != "easydata"]


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
