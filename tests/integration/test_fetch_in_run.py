"""A run with fetching enabled and the publisher's server down still publishes, from the snapshot."""

from __future__ import annotations

import socket

import duckdb
import pytest
import yaml

from pkit.config import PROJECT_ROOT
from pkit.pipeline import run_all
from pkit.run.ledger import read_all

pytestmark = pytest.mark.slow


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


def test_server_down_falls_back_to_the_snapshot_and_publishes(project_copy, monkeypatch, tmp_path):
    registry = yaml.safe_load((PROJECT_ROOT / "sources.yml").read_text())
    port = _closed_port()
    for source in registry["sources"]:
        if source["id"] == "parks":
            source["location"]["url"] = f"http://127.0.0.1:{port}/parks.csv"
    sources = tmp_path / "sources.yml"
    sources.write_text(yaml.safe_dump(registry))
    for key, value in {
        "PKIT_DOCUMENTS_DIR": project_copy.documents_dir,
        "PKIT_OFFICIAL_DIR": project_copy.official_dir,
        "PKIT_WAREHOUSE_DIR": project_copy.warehouse_dir,
        "PKIT_SOURCES": sources,
        "PKIT_FETCH_ENABLED": "1",
    }.items():
        monkeypatch.setenv(key, str(value))
    assert run_all("fetch-down")["status"] == "published"
    fetches = [e for e in read_all(project_copy.ledger_dir) if e["kind"] == "fetch"]
    assert [(f["source"], f["status"]) for f in fetches] == [("parks", "failed")]
    assert "using last good snapshot" in fetches[0]["message"]
    with duckdb.connect(str(project_copy.published_db), read_only=True) as con:
        assert con.execute("select count(*) from staging.stg_official__parks").fetchone()[0] > 40
