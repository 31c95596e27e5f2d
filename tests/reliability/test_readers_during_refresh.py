"""Analysts reading while the warehouse is replaced: no lock errors, never a mix of versions.

Real DuckDB files, real reader processes, the real ``publish`` (atomic replace) in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pkit.publish import publish
from pkit.run.context import RunContext

pytestmark = pytest.mark.slow

# A reader says it is reading (a ready file after its first attempt), reads until the test creates the
# stop file, then reads once more (so it sees the last version) and reports. Its life follows the test,
# not the clock: a loaded machine only slows it down.
READER = r"""
import json, os, sys, duckdb
path, stop, ready = sys.argv[1], sys.argv[2], sys.argv[3]
seen, errors, last = [], [], False
while not last:
    last = os.path.exists(stop)
    try:
        with duckdb.connect(path, read_only=True) as con:
            a = con.execute("select min(version), max(version), count(*) from marts.a").fetchone()
            b = con.execute("select min(version), max(version), count(*) from marts.b").fetchone()
        if not (a[0] == a[1] == b[0] == b[1] and a[2] == b[2] == 50_000):
            errors.append(f"mixed or partial version: a={a} b={b}")
        seen.append(a[0])
    except Exception as err:  # a lock error or a half-written file would land here
        errors.append(f"{type(err).__name__}: {err}")
    if not os.path.exists(ready):
        open(ready, "w").close()
print(json.dumps({"versions": sorted(set(seen)), "reads": len(seen), "errors": errors[:5]}))
"""


def _candidate(path: Path, version: int) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        for table in ("a", "b"):
            con.execute(
                f"create table marts.{table} as select {version} as version, range as i from range(50000)"
            )
    return path


def test_readers_see_whole_versions_and_never_a_lock_error(project_copy):
    settings = project_copy
    settings.warehouse_dir.mkdir(parents=True)
    ctx = RunContext.create("reader-test", settings=settings)
    publish(ctx, _candidate(settings.warehouse_dir / "v1.duckdb", 1), {"fingerprint": "fp1"})
    stop = settings.warehouse_dir / "stop-readers"
    ready = [settings.warehouse_dir / f"reader-{i}.ready" for i in range(3)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(settings.published_db), str(stop), str(flag)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    # A long-lived reader opened before the refresh keeps reading its version until it reconnects.
    long_lived = duckdb.connect(str(settings.published_db), read_only=True)
    while not all(flag.exists() for flag in ready):
        assert all(r.poll() is None for r in readers), "a reader died before its first read"
        time.sleep(0.05)
    for version in range(2, 8):
        publish(
            ctx,
            _candidate(settings.warehouse_dir / f"v{version}.duckdb", version),
            {"fingerprint": f"fp{version}"},
        )
        time.sleep(0.4)
    stop.touch()
    results = [json.loads(r.communicate(timeout=600)[0]) for r in readers]
    for result in results:
        assert result["errors"] == []
        assert result["reads"] > 0
    assert max(v for r in results for v in r["versions"]) == 7
    assert len({v for r in results for v in r["versions"]}) > 1, "readers saw the refreshes happen"
    assert long_lived.execute("select max(version) from marts.a").fetchone()[0] == 1
    long_lived.close()
    with duckdb.connect(str(settings.published_db), read_only=True) as fresh:
        assert fresh.execute("select max(version) from marts.b").fetchone()[0] == 7
        assert fresh.execute("select fingerprint from audit.build_info").fetchone()[0] == "fp7"
