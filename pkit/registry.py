"""The source registry (``sources.yml``): what the run ingests, from where, checked by which suite."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from pkit.config import Settings


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str
    url: str | None = None


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["documents", "table"]
    publisher: str
    description: str
    location: Location
    format: Literal["text", "csv"]
    parser: Literal["documents", "official_csv"]
    contract: list[str]
    suite: list[str]
    cadence: Literal["daily", "weekly", "monthly", "quarterly", "yearly"]


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
