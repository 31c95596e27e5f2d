"""A documents source in sources.yml whose folder lies outside the inbox (``../..``, an absolute path,
a symbolic link out of it) is refused like a table source outside the official folder: recorded as
quarantined with the reason, nothing read from it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from pkit import pipeline
from pkit.config import PROJECT_ROOT, Settings
from pkit.run.context import RunContext

SECRET = "ISLAMABAD: IT exports rose to $999 million in October 2025, a secret outside the inbox.\n"


def _setup(tmp_path: Path, monkeypatch, location: str) -> RunContext:
    inbox = tmp_path / "project" / "data" / "documents"
    inbox.mkdir(parents=True)
    (inbox / "inside.txt").write_text("ISLAMABAD: IT exports rose to $298 million in October 2025.\n")
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET)
    os.symlink(outside, inbox / "linked")
    registry = yaml.safe_load((PROJECT_ROOT / "sources.yml").read_text())
    [docs] = [s for s in registry["sources"] if s["kind"] == "documents"]
    docs["location"]["path"] = location.replace("<outside>", str(outside))
    sources = tmp_path / "sources.yml"
    sources.write_text(yaml.safe_dump(registry))
    env = {
        "PKIT_HOME": str(tmp_path / "project"),
        "PKIT_DOCUMENTS_DIR": str(inbox),
        "PKIT_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "PKIT_SOURCES": str(sources),
        "PKIT_GAZETTEER": str(PROJECT_ROOT / "data" / "gazetteer.yml"),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return RunContext.create("paths", settings=Settings.from_env())


@pytest.mark.parametrize("location", ["../../../etc", "<outside>", "linked"])
def test_a_documents_folder_outside_the_inbox_is_refused_and_nothing_is_read(tmp_path, monkeypatch, location):
    ctx = _setup(tmp_path, monkeypatch, location)
    assert pipeline.ingest_source(ctx, "news_documents") == []
    [reason_file] = ctx.settings.quarantine_dir.rglob("reason.json")
    reason = json.loads(reason_file.read_text())
    assert reason["check"] == "path"
    assert "a documents source's folder" in reason["reason"]
    assert "outside the configured folder" in reason["reason"] or "symbolic link" in reason["reason"]
    [event] = [e for e in ctx.ledger.events() if e["kind"] == "input"]
    assert event["status"] == "quarantined"
    landed = list(ctx.settings.warehouse_dir.rglob("*.parquet"))
    assert not any("documents" in p.parts for p in landed if "landing" in p.parts)
    for path in ctx.settings.warehouse_dir.rglob("*"):
        if path.is_file():
            assert b"a secret outside the inbox" not in path.read_bytes(), path


def test_the_inbox_itself_is_read_and_the_secret_is_not(tmp_path, monkeypatch):
    ctx = _setup(tmp_path, monkeypatch, ".")
    [load] = pipeline.ingest_source(ctx, "news_documents")
    assert load["rows"]["documents"] == 1  # inside.txt; the linked folder is not entered
