"""The published warehouse's seal: the SHA-256 of ``pkit.duckdb`` recorded at publish, checked at the
start of every build.

Why: bytes overwritten in the middle of the published file go unnoticed by DuckDB until a query reads
that block; a night that finds nothing new would call it "unchanged", and an incremental night would
copy the damage into the next build and publish it with every check passing. A file that does not
match its seal is not trusted: the build starts from the raw layer instead (the raw loads are the
warehouse's source of truth; the published file is only their build).

``pkit.duckdb.sha256`` (JSON: sha256, bytes, run_id) is written before the rename that publishes, and
renamed into place right after it: a crash between the two leaves the previous seal beside the new file,
which then fails to verify and is rebuilt — slower, never wrong. A warehouse published before seals
existed has none and is trusted once (the next publish seals it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pkit.raw.store import file_sha256


def seal_path(database: Path) -> Path:
    return database.with_name(database.name + ".sha256")


def prepare_seal(candidate: Path, published: Path, run_id: str) -> Path:
    """Write the seal of ``candidate`` (about to be published) beside its future place; returns the
    temporary file, for ``install_seal`` right after the publishing rename."""
    tmp = seal_path(published).with_name(f".{seal_path(published).name}.{os.getpid()}.tmp")
    body = {"sha256": file_sha256(candidate), "bytes": candidate.stat().st_size, "run_id": run_id}
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(body, fh)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def install_seal(tmp: Path, published: Path) -> None:
    os.replace(tmp, seal_path(published))


def verify_published(published: Path) -> str | None:
    """Why the published file cannot be trusted, or None (it matches its seal, has none yet, or does
    not exist)."""
    seal = seal_path(published)
    if not published.exists() or not seal.exists():
        return None
    try:
        recorded = json.loads(seal.read_text(encoding="utf-8"))
        sha256, size = str(recorded["sha256"]), int(recorded["bytes"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        return f"its seal {seal.name} is unreadable ({err})"
    actual_size = published.stat().st_size
    if actual_size != size:
        return f"it is {actual_size:,} bytes, not the {size:,} recorded when it was published"
    if file_sha256(published) != sha256:
        return "its SHA-256 differs from the one recorded when it was published (its bytes changed since)"
    return None
