"""Which inbox files were hashed before: (path, size, modification time) → SHA-256.

A night with 1 % new documents must not re-read the other 99 %: a file whose size and mtime are those
recorded when it was hashed, and whose hash is in the raw layer, is skipped unread (the same rule as
make and rsync). Anything else — a new file, a touched or rewritten one, a hash the raw layer lacks —
is read and hashed again, so a stale entry can cost a re-read but never hides a change of content.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pkit.raw.store import sql_path

COLUMNS = ("path", "size", "mtime_ns", "sha256")


@dataclass(frozen=True)
class Hashed:
    size: int
    mtime_ns: int
    sha256: str

    def matches(self, stat: os.stat_result) -> bool:
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


def index_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / "state" / "documents_inbox.parquet"


def load(path: Path) -> dict[str, Hashed]:
    """The recorded hashes (empty when there is no index or it cannot be read: everything is re-read)."""
    if not path.exists():
        return {}
    try:
        with duckdb.connect() as con:
            rows = con.execute(
                f"select {', '.join(COLUMNS)} from read_parquet('{sql_path(path)}')"
            ).fetchall()
    except duckdb.Error:
        return {}
    return {p: Hashed(int(size), int(mtime), sha) for p, size, mtime, sha in rows}


def save(path: Path, entries: dict[str, Hashed]) -> None:
    """Replace the index atomically (a crash leaves the previous index, which is only a cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(
        [(p, h.size, h.mtime_ns, h.sha256) for p, h in entries.items()], columns=list(COLUMNS)
    ).astype({"path": "string", "size": "int64", "mtime_ns": "int64", "sha256": "string"})
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with duckdb.connect() as con:
        con.register("frame", frame)
        con.execute(f"copy (select * from frame order by path) to '{sql_path(tmp)}' (format parquet)")
    os.replace(tmp, path)
