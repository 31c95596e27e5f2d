"""Stage 4: ``dbt build`` of a candidate database from the raw layer (write-audit-publish: write).

The candidate is a new DuckDB file under ``warehouse/candidates/``; the published file is never
opened for writing, so analysts' read-only connections cannot block the build. When the raw loads
and the code that turns them into marts are the same as the published build's, the build is
skipped and the published file stays byte-identical.
"""

from __future__ import annotations

import hashlib
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

from ingestion import raw_store
from ingestion.config import PROJECT_ROOT, quiet_telemetry
from ingestion.faults import crash_point
from ingestion.ledger import safe_name
from ingestion.run_context import RunContext

log = logging.getLogger(__name__)
# Code whose change changes the published warehouse (the report's code does not).
_BUILD_INPUTS = ("dbt_project", "expectations", "ingestion/publish.py", "ingestion/mart_checks.py")


class BuildFailed(RuntimeError):
    """dbt build failed: a model error or a failing dbt test; the message names each one."""


@dataclass
class BuildResult:
    status: str  # built | unchanged
    fingerprint: str
    candidate: str | None = None
    seconds: float = 0.0
    results: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fingerprint(ctx: RunContext) -> str:
    """What a build is made of: the set of raw loads and the build code."""
    digest = hashlib.sha256()
    for name in raw_store.raw_fingerprint(ctx.settings.raw_dir):
        digest.update(name.encode() + b"\n")
    digest.update(code_fingerprint(ctx).encode())
    return digest.hexdigest()


def code_fingerprint(ctx: RunContext) -> str:
    """The build code alone (dbt project, suites, seeds): what the dbt docs describe."""
    digest = hashlib.sha256()
    for rel in _BUILD_INPUTS:
        base = ctx.settings.dbt_project_dir if rel == "dbt_project" else PROJECT_ROOT / rel
        files = (
            [base]
            if base.is_file()
            else sorted(
                p
                for p in base.rglob("*")
                if p.is_file() and not {"target", "logs", "dbt_packages", "__pycache__"} & set(p.parts)
            )
        )
        for path in files:
            digest.update(path.relative_to(base.parent).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_info(database: Path) -> dict[str, Any] | None:
    """``audit.build_info`` of a built file (run id, fingerprint), or None if it has none."""
    if not database.exists():
        return None
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            cur = con.execute("select run_id, fingerprint from audit.build_info")
            row = cur.fetchone()
    except duckdb.Error:
        return None
    return {"run_id": row[0], "fingerprint": row[1]} if row else None


def published_fingerprint(published: Path) -> str | None:
    info = build_info(published)
    return info["fingerprint"] if info else None


def clean_stale_candidates(ctx: RunContext) -> list[str]:
    """Remove leftovers of crashed runs (one run at a time: anything here is stale)."""
    removed = []
    folder = ctx.settings.candidates_dir
    if folder.is_dir():
        for path in folder.iterdir():
            removed.append(path.name)
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return removed


def build_candidate(ctx: RunContext, *, force: bool = False) -> BuildResult:
    settings = ctx.settings
    raw_store.ensure_schema_files(settings.raw_dir)
    with ctx.ledger.stage("dbt_build") as stage:
        stale = clean_stale_candidates(ctx)
        if stale:
            stage["removed_stale_candidates"] = stale
        fp = fingerprint(ctx)
        if not force and fp == published_fingerprint(settings.published_db):
            log.info("raw loads and build code unchanged since the published build: nothing to build")
            stage["status"] = "unchanged"
            return BuildResult("unchanged", fp)
        candidate = settings.candidates_dir / f"{safe_name(ctx.run_id)}.duckdb"
        candidate.parent.mkdir(parents=True, exist_ok=True)
        results = run_dbt(ctx, "build", candidate)
        stage["rows"] = sum(r.get("rows") or 0 for r in results)
        stage["models"] = sum(1 for r in results if r["resource_type"] == "model")
        stage["tests"] = sum(1 for r in results if r["resource_type"] in {"test", "unit_test"})
    return BuildResult("built", fp, str(candidate), results=results)


def dbt_env(ctx: RunContext, database: Path) -> dict[str, str]:
    env = dict(os.environ)
    quiet_telemetry(env)
    env.update(
        PKIT_RAW_DIR=str(ctx.settings.raw_dir),
        PKIT_DBT_DATABASE=str(database),
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
    args = [dbt_executable(), command, "--no-use-colors", *extra]
    if command == "build":
        args.append("--store-failures")  # failing rows land in the candidate, for the report's samples
    env = dbt_env(ctx, database)
    # A crash before dbt writes its results must not let the previous run's results be read as ours.
    (Path(env["DBT_TARGET_PATH"]) / "run_results.json").unlink(missing_ok=True)
    log.info("running %s", " ".join(args))
    if os.environ.get("PKIT_FAULT") == "dbt_build:during":
        # Let dbt start writing the candidate, then die with it running (its child dies with us or not:
        # either way the candidate is unfinished and the published file untouched).
        child = subprocess.Popen(args, env=env, cwd=ctx.settings.dbt_project_dir)
        time.sleep(float(os.environ.get("PKIT_FAULT_DELAY", "4")))
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
