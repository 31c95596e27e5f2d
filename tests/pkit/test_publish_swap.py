"""Publish swaps files, it never writes into the published one: a reader that has the old file open
keeps reading the old bytes, and the new file is the checked candidate itself (same inode)."""

from __future__ import annotations

import hashlib
import os

import duckdb

from pkit.publish import publish
from pkit.run.context import RunContext


def _candidate(path, version):
    with duckdb.connect(str(path)) as con:
        con.execute(f"create schema marts; create table marts.v as select {version} as version")
    return path


def test_publish_replaces_the_file_and_leaves_open_readers_their_version(project_copy):
    s = project_copy
    s.warehouse_dir.mkdir(parents=True)
    ctx = RunContext.create("swap", settings=s)
    publish(ctx, _candidate(s.warehouse_dir / "v1.duckdb", 1), {"fingerprint": "fp1"})
    old_bytes = s.published_db.read_bytes()
    candidate = _candidate(s.warehouse_dir / "v2.duckdb", 2)
    with open(s.published_db, "rb") as reader:  # an analyst's open file
        new_inode = os.stat(candidate).st_ino
        publish(ctx, candidate, {"fingerprint": "fp2"})
        assert hashlib.sha256(reader.read()).digest() == hashlib.sha256(old_bytes).digest()
    assert os.stat(s.published_db).st_ino == new_inode, "the candidate itself became the published file"
    assert not candidate.exists()
    with duckdb.connect(str(s.published_db), read_only=True) as con:
        assert con.execute("select version from marts.v").fetchone() == (2,)
