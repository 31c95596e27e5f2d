"""Stage 4: ``dbt build`` of a candidate database from the raw layer (write-audit-publish: write).

The candidate is a DuckDB file under ``warehouse/candidates/``; the published file is never opened
for writing, so analysts' read-only connections cannot block the build. When the raw loads and the
code that turns them into marts are the same as the published build's, the build is skipped and the
published file stays byte-identical.

Incremental by default: when the published build was made by the same code from a subset of today's
raw loads, and the new loads bring only documents it has never seen, the candidate starts as a copy
of the published file, dbt builds only what the new loads feed, and its incremental models add them
(a night with 1 % new documents costs about 1 % of the document models' work). Anything else —
first build, changed code, a raw load gone, a document read again — builds from empty, which is what
``--full-refresh`` would do.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pkit.build.seal import verify_published
from pkit.config import Settings, quiet_telemetry
from pkit.errors import InputRejected
from pkit.raw import store as raw_store
from pkit.raw.quarantine import quarantine_input
from pkit.raw.schema import SOURCE_OF_TABLE
from pkit.run import children
from pkit.run.context import RunContext
from pkit.run.faults import crash_point
from pkit.run.lock import claim, may_be_live

log = logging.getLogger(__name__)
#: The Python packages whose code decides what a build publishes: the dbt build itself, the suites and
#: their runner, the raw layer's contracts and store, publish, and the fiscal calendar. Named as import
#: packages, not paths, so a file moved within them stays covered; the dbt project is added to these.
#: Ingestion, the report and the CLI do not change a build of the same raw loads.
BUILD_CODE = ("pkit.build", "pkit.expectations", "pkit.raw", "pkit.publish", "pkit.fiscal")
_NOT_CODE = {"target", "logs", "dbt_packages", "__pycache__", ".work"}


class BuildFailed(RuntimeError):
    """dbt build failed: a model error or a failing dbt test; the message names each one."""


@dataclass
class BuildResult:
    status: str  # built | unchanged
    fingerprint: str
    candidate: str | None = None
    seconds: float = 0.0
    results: list[dict[str, Any]] = field(default_factory=list)
    mode: str | None = None  # incremental | full
    mode_reason: str | None = None
    code_fingerprint: str | None = None
    loads: list[str] = field(default_factory=list)  # the raw loads the build is made of
    changed_since: str | None = None  # incremental: the newest document load of the published build

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fingerprint(ctx: RunContext, loads: list[str] | None = None, code: str | None = None) -> str:
    """What a build is made of: the set of raw loads and the build code."""
    digest = hashlib.sha256()
    for name in raw_store.raw_fingerprint(ctx.settings.raw_dir) if loads is None else loads:
        digest.update(name.encode() + b"\n")
    digest.update((code or code_fingerprint(ctx)).encode())
    return digest.hexdigest()


def build_code_files(dbt_project_dir: Path) -> list[tuple[str, Path]]:
    """Every file of the build code, as (stable name, path): the dbt project and ``BUILD_CODE``."""
    roots: list[tuple[str, Path]] = [("dbt_project", dbt_project_dir)]
    for name in BUILD_CODE:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"build code package {name} is not importable: reinstall pkit (make run)")
        locations = spec.submodule_search_locations
        roots.append((name, Path(next(iter(locations))) if locations else Path(spec.origin)))
    files = []
    for name, root in roots:
        if root.is_file():
            files.append((name, root))
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not _NOT_CODE & set(path.relative_to(root).parts):
                files.append((f"{name}/{path.relative_to(root).as_posix()}", path))
    return files


def code_fingerprint(ctx: RunContext) -> str:
    """The build code alone (dbt project, suites, build and publish code): what the dbt docs describe."""
    digest = hashlib.sha256()
    for name, path in build_code_files(ctx.settings.dbt_project_dir):
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_info(database: Path) -> dict[str, Any] | None:
    """``audit.build_info`` of a built file (run id, fingerprints, raw loads), or None if it has none."""
    if not database.exists():
        return None
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            cur = con.execute("select * from audit.build_info")
            row = cur.fetchone()
            if not row:
                return None
            info = dict(zip([d[0] for d in cur.description], row, strict=True))
            try:
                info["loads"] = [r[0] for r in con.execute("select load from audit.build_loads").fetchall()]
            except duckdb.Error:
                info["loads"] = None  # built before incremental builds: build from empty once
    except duckdb.Error:
        return None
    return info


def clean_stale_candidates(ctx: RunContext) -> list[str]:
    """Remove the candidates of runs that are over, never another live run's.

    Called under the warehouse's run lock. A ``pkit run`` holds that lock for its whole run, so a
    candidate it owned whose run is not this one is a crash's leftover. An Airflow run holds the lock
    one task at a time, so its candidate lives on between ``dbt_build`` and ``publish``: it is kept
    until it is ``STALE_TASK_RUN_S`` old (its ``report`` task removes it when the run ends).
    """
    removed = []
    folder = ctx.settings.candidates_dir
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if path == ctx.candidate_dir:
            continue
        if path.is_dir():
            if may_be_live(path):
                log.info("keeping %s: the candidate of another run, which may still be running", path)
                continue
            shutil.rmtree(path, ignore_errors=True)
        else:  # a file at the top: a leftover of a version with one shared candidate path
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def remove_own_candidate(ctx: RunContext) -> None:
    """At the end of a run: its candidate folder (empty once published) goes."""
    shutil.rmtree(ctx.candidate_dir, ignore_errors=True)
    with contextlib.suppress(OSError):
        ctx.settings.candidates_dir.rmdir()  # only when empty


def _claim_candidate_dir(ctx: RunContext) -> Path:
    folder = ctx.candidate_dir
    shutil.rmtree(folder, ignore_errors=True)  # this run's own earlier attempt (a retried task)
    claim(folder, ctx.run_id, ctx.settings.warehouse_dir)
    return folder / "candidate.duckdb"


def build_candidate(ctx: RunContext, *, force: bool = False) -> BuildResult:
    settings = ctx.settings
    raw_store.ensure_schema_files(settings.raw_dir)
    with ctx.ledger.stage("dbt_build") as stage:
        stale = clean_stale_candidates(ctx)
        if stale:
            stage["removed_stale_candidates"] = stale
        loads = raw_store.raw_fingerprint(settings.raw_dir)
        code = code_fingerprint(ctx)
        fp = fingerprint(ctx, loads, code)
        published = build_info(settings.published_db)
        damage = verify_published(settings.published_db)
        if damage:
            # never "unchanged", never copied forward: rebuilt from the raw layer, and the report says why
            log.warning(
                "the published warehouse does not verify: %s; rebuilding it from the raw layer", damage
            )
            stage["published_damaged"] = damage
            published, force = None, True
        if not force and published and fp == published.get("fingerprint"):
            log.info("raw loads and build code unchanged since the published build: nothing to build")
            stage["status"] = "unchanged"
            return BuildResult("unchanged", fp)
        check_free_space(settings, loads, published)
        # A candidate path per run: no run's clean-up can delete or replace another run's candidate
        # (dbt re-parses the project when the path in its profile changes: a few seconds a night).
        candidate = _claim_candidate_dir(ctx)
        if damage:
            reason = f"the published file does not verify: {damage}"
        else:
            reason = "a full refresh was asked for" if force else incremental_blocker(published, code, loads)
        mode = "full" if reason else "incremental"
        changed_since = None
        if mode == "incremental":
            _copy_file(settings.published_db, candidate)
            reason = _reread_documents(candidate, settings.raw_dir, loads, published)
            if reason:  # found only once the copy can be queried: start again from empty
                mode = "full"
                candidate.unlink()
            else:
                changed_since = _newest_document_load(candidate)
        log.info("dbt build: %s%s", mode, f" ({reason})" if reason else "")
        selection = _downstream_of_new_loads(loads, published) if mode == "incremental" else []
        release_memory()  # dbt's DuckDB and this process are alive at once: the run's peak memory
        results = run_dbt(ctx, "build", candidate, *selection)
        if selection and not any(r["resource_type"] == "model" for r in results):
            # New loads and nothing rebuilt from them: publishing this copy would record the loads as
            # built while the marts lack them, and every later night would call it unchanged.
            raise BuildFailed(f"the incremental build selected no model for the new loads ({selection})")
        stage["rows"] = sum(r.get("rows") or 0 for r in results)
        stage["models"] = sum(1 for r in results if r["resource_type"] == "model")
        stage["tests"] = sum(1 for r in results if r["resource_type"] in {"test", "unit_test"})
        stage["mode"] = mode
        stage["mode_reason"] = reason
    return BuildResult(
        "built",
        fp,
        str(candidate),
        results=results,
        mode=mode,
        mode_reason=reason,
        code_fingerprint=code,
        loads=loads,
        changed_since=changed_since,
    )


# A build needed about 15 times the bytes of the raw loads it reads, on top of the copy of the published
# file an incremental build starts from (measured on the bundled inputs and `make bench`); the floor
# covers dbt's target folder and DuckDB's temporary files.
BUILD_SPACE_PER_RAW_BYTE = 15
BUILD_SPACE_FLOOR = 64 * 1024 * 1024


def quarantine_damaged_loads(ctx: RunContext) -> list[str]:
    """Raw loads whose bytes changed since promotion leave the raw layer for quarantine, with the reason,
    at the start of a run (``plan_sources``, before ingestion and the build): a corrupted Parquet file
    would otherwise fail every full build, night after night. The run's ingestion then loads the input
    again (a table whose file is unchanged, a document still in the inbox), since the raw layer no
    longer knows it."""
    moved = []
    for table, path, why in raw_store.damaged_loads(ctx.settings.raw_dir):
        err = InputRejected(
            f"raw/{table}/{path.name}",
            f"the raw load is damaged: {why}; it was moved out of the raw layer (deliver the input again "
            "if it is no longer in the inbox)",
            check="raw_checksum",
        )
        quarantine_input(ctx, "raw", err, original_path=path, size=path.stat().st_size)
        path.unlink()
        raw_store.checksum_path(path).unlink(missing_ok=True)
        log.warning("quarantined damaged raw load %s: %s", path, why)
        moved.append(f"{table}/{path.name}")
    return moved


def check_free_space(settings: Settings, loads: list[str], published: dict[str, Any] | None) -> None:
    """Refuse to start a build the disk cannot hold: a disk that fills mid-build leaves a half-written
    candidate and a run that fails somewhere less clear. Raises ``BuildFailed`` before anything is written."""
    built = set((published or {}).get("loads") or [])
    new_raw = sum(
        (settings.raw_dir / name).stat().st_size
        for name in loads
        if name not in built and (settings.raw_dir / name).exists()
    )
    copy = settings.published_db.stat().st_size if published and settings.published_db.exists() else 0
    needed = 2 * copy + BUILD_SPACE_PER_RAW_BYTE * new_raw + BUILD_SPACE_FLOOR
    where = next(p for p in (settings.warehouse_dir, *settings.warehouse_dir.parents) if p.exists())
    free = shutil.disk_usage(where).free
    if free < needed:
        raise BuildFailed(
            f"not enough free disk space for the build: {free / 2**20:,.0f} MiB free under "
            f"{settings.warehouse_dir}, about {needed / 2**20:,.0f} MiB needed (a copy of the published "
            f"file and {BUILD_SPACE_PER_RAW_BYTE}x the {new_raw / 2**20:,.1f} MiB of new raw loads); free "
            "some space or set PKIT_WAREHOUSE_DIR to a larger disk, then run again. Nothing was written: "
            "the published warehouse is unchanged."
        )


def incremental_blocker(published: dict[str, Any] | None, code: str, loads: list[str]) -> str | None:
    """Why the build cannot start from the published file (None: it can)."""
    if Settings.current().full_refresh:
        return "PKIT_FULL_REFRESH is set"
    if published is None:
        return "there is no published warehouse yet"
    if published.get("code_fingerprint") != code:
        return "the build code (dbt project, suites) changed since the published build"
    if published.get("loads") is None:
        return "the published build does not list its raw loads"
    missing = set(published["loads"]) - set(loads)
    if missing:
        return f"{len(missing)} raw load(s) of the published build are gone, e.g. {sorted(missing)[0]}"
    return None


def _reread_documents(
    candidate: Path, raw_dir: Path, loads: list[str], published: dict[str, Any] | None
) -> str | None:
    """Incremental models add documents; a new load of a document already built (read again, or its
    facts extracted again) needs a full build."""
    built = set(published["loads"]) if published else set()
    new = [n for n in loads if n.split("/", 1)[0] in {"documents", "document_facts"} and n not in built]
    if not new:
        return None
    files = ", ".join(f"'{raw_store.sql_path(raw_dir / name)}'" for name in new)
    with duckdb.connect(str(candidate), read_only=True) as con:
        row = con.execute(
            f"""
            select count(*), min(doc_id) from (
                select doc_id from read_parquet([{files}])
                intersect
                select doc_id from staging.stg_documents__documents
            )
            """
        ).fetchone()
    return f"{row[0]} new document row(s) were built before, e.g. {row[1]}" if row and row[0] else None


def _downstream_of_new_loads(loads: list[str], published: dict[str, Any] | None) -> list[str]:
    """``--select`` of what the new loads feed: on a copy of the published build, a model none of whose
    sources got a load is already what a rebuild would make (same code, same inputs), and so are its
    tests. A night of new documents leaves the official tables' models alone."""
    built = set((published or {}).get("loads") or [])
    tables = sorted({name.split("/", 1)[0] for name in loads if name not in built})
    if not tables:
        return []
    # dbt's source names are the raw contract's (documents, official), not "raw": a selector naming no
    # source matches nothing, and dbt then builds nothing and says only "Nothing to do".
    selection = ["--select", *(f"source:{SOURCE_OF_TABLE[table]}.{table}+" for table in tables)]
    # An official snapshot can revise any value that document claims were compared with: the selected
    # incremental models are rebuilt from empty (official tables change monthly, documents nightly).
    official = any(table.startswith("official_") for table in tables)
    return [*selection, "--full-refresh"] if official else selection


def _newest_document_load(candidate: Path) -> str | None:
    with duckdb.connect(str(candidate), read_only=True) as con:
        row = con.execute("select max(last_ingested_at) from staging.stg_documents__documents").fetchone()
    return row[0].isoformat() if row and row[0] else None


def release_memory() -> None:
    """Give the heap that ingestion and the raw checks freed back to the OS before dbt starts: CPython
    keeps freed arenas mapped (about 90 MB of 560 MB after 20,000 documents)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _copy_file(source: Path, target: Path) -> None:
    """Copy the published file for the candidate to grow from (the published one is only read)."""
    tmp = target.with_name(target.name + ".copying")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def dbt_env(ctx: RunContext, database: Path) -> dict[str, str]:
    env = dict(os.environ)
    quiet_telemetry(env)
    env.update(
        PKIT_RAW_DIR=str(ctx.settings.raw_dir),
        PKIT_DBT_DATABASE=str(database),
        PKIT_DUCKDB_MEMORY_LIMIT=ctx.settings.duckdb_memory_limit,
        DBT_TARGET_PATH=str(ctx.settings.warehouse_dir / "dbt" / "target"),
        DBT_LOG_PATH=str(ctx.settings.warehouse_dir / "dbt" / "logs"),
        DBT_PROFILES_DIR=str(ctx.settings.dbt_project_dir),
        DBT_PROJECT_DIR=str(ctx.settings.dbt_project_dir),
    )
    return env


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


def run_dbt(ctx: RunContext, command: str, database: Path, *extra: str) -> list[dict[str, Any]]:
    """Run a dbt command in a child process (a crash or kill cannot corrupt this one's state)."""
    # dbt dies with this process (a killed run leaves no dbt writing into its candidate)
    args = children.command(dbt_executable(), command, "--no-use-colors", *extra)
    if command == "build":
        args.append("--store-failures")  # failing rows land in the candidate, for the report's samples
    env = dbt_env(ctx, database)
    # A crash before dbt writes its results must not let the previous run's results be read as ours.
    (Path(env["DBT_TARGET_PATH"]) / "run_results.json").unlink(missing_ok=True)
    log.info("running %s", " ".join(args))
    if ctx.settings.fault == "dbt_build:during":
        # Let dbt start writing the candidate, then die with it running (its child dies with us or not:
        # either way the candidate is unfinished and the published file untouched).
        child = subprocess.Popen(args, env=env, cwd=ctx.settings.dbt_project_dir)
        time.sleep(ctx.settings.fault_delay_s)
        crash_point("dbt_build:during")
        child.wait()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ctx.settings.dbt_project_dir)
    log.info("dbt output:\n%s", proc.stdout[-20000:])
    results = _run_results(Path(env["DBT_TARGET_PATH"]) / "run_results.json")
    failed = [r for r in results if r["status"] in {"error", "fail"}]
    ctx.ledger.write("dbt", {"command": command, "returncode": proc.returncode, "results": results})
    if proc.returncode != 0 or failed:
        samples = failing_row_samples(database, failed)
        if samples:
            ctx.ledger.write("dbt_samples", {"samples": samples})
        names = "; ".join(f"{r['unique_id']} ({r['status']}: {r['message']})" for r in failed[:20])
        tail = proc.stdout[-3000:] + proc.stderr[-2000:]
        raise BuildFailed(f"dbt {command} failed: {names or 'see output'}\n{'' if names else tail}")
    return results


def failing_row_samples(database: Path, failed: list[dict[str, Any]], limit: int = 5) -> dict[str, list[str]]:
    """A few offending rows of each failed test, from the tables ``--store-failures`` wrote."""
    samples: dict[str, list[str]] = {}
    relations = [(r["unique_id"], r["relation_name"]) for r in failed if r.get("relation_name")]
    if not relations or not database.exists():
        return samples
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            for unique_id, relation in relations:
                try:
                    cur = con.execute(f"select * from {relation} limit {limit}")
                except duckdb.Error:
                    continue
                columns = [d[0] for d in cur.description]
                samples[unique_id] = [
                    ", ".join(f"{c}={v!r}" for c, v in zip(columns, row, strict=True))
                    for row in cur.fetchall()
                ]
    except duckdb.Error as err:
        log.warning("could not read failing rows from %s: %s", database, err)
    return samples


def _run_results(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in data.get("results", []):
        uid = r.get("unique_id", "")
        out.append(
            {
                "unique_id": uid,
                "resource_type": uid.split(".", 1)[0],
                "status": r.get("status"),
                "message": r.get("message"),
                "failures": r.get("failures"),
                "seconds": round(r.get("execution_time") or 0, 3),
                "rows": (r.get("adapter_response") or {}).get("rows_affected"),
                "relation_name": r.get("relation_name"),
            }
        )
    return out
