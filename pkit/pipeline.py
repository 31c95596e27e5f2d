"""The nightly run as plain functions, one per Airflow task (and ``pkit run`` without Airflow).

Each function takes the run's context, reads and writes only the warehouse folder, and is
idempotent: inputs are keyed by content hash, builds by a fingerprint of their inputs. ``stage``
records a failing stage's message in the ledger so the report can say what went wrong.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from pkit.build.candidate import (
    BuildFailed,
    build_candidate,
    build_info,
    clean_stale_candidates,
    quarantine_damaged_loads,
    remove_own_candidate,
)
from pkit.build.docs import docs_dir, ensure_docs
from pkit.expectations.mart_checks import MartChecksFailed, check_marts
from pkit.expectations.raw_checks import check_raw_loads
from pkit.exports import export_name, write_exports
from pkit.ingestion.ingest_documents import ingest_documents
from pkit.ingestion.ingest_feeds import fetch_feeds
from pkit.ingestion.ingest_official import ingest_official, ingest_table_source, sweep_unregistered
from pkit.publish import publish
from pkit.registry import load_registry
from pkit.report.page import write_report
from pkit.run.context import RunContext
from pkit.run.lock import run_lock

log = logging.getLogger(__name__)
T = TypeVar("T")
__all__ = ["BuildFailed", "MartChecksFailed", "check_raw_loads", "ingest_documents", "ingest_official"]


class RunFailed(RuntimeError):
    """At least one stage of the run failed; the message lists them."""


def stage(ctx: RunContext, name: str, fn: Callable[..., T], *args: Any) -> T:
    """Run one stage under the warehouse's run lock (held already by ``run_all``; an Airflow task waits
    up to ``PKIT_TASK_LOCK_WAIT_S`` for it)."""
    try:
        with run_lock(ctx.settings.warehouse_dir, ctx.run_id, ctx.settings.task_lock_wait_s):
            result = fn(ctx, *args)
    except Exception as err:
        ctx.ledger.write("error", {"stage": name, "error": type(err).__name__, "message": str(err)})
        raise
    ctx.ledger.write("done", {"stage": name})  # a retry that succeeds clears the stage's earlier errors
    return result


def plan_sources(ctx: RunContext) -> list[str]:
    """The registry's source ids (what the DAG maps its ingestion over); refuses unregistered files."""
    registry = load_registry()
    stale = ctx.clear_stale_landings()
    if stale:
        ctx.ledger.write("cleanup", {"removed_stale_landings": stale})
    # a crashed run's candidate is removed first thing, before ingestion needs the space it holds
    candidates = clean_stale_candidates(ctx)
    if candidates:
        ctx.ledger.write("cleanup", {"removed_stale_candidates": candidates})
    # before ingestion: a damaged load's input, still in its folder, is then loaded again this night
    damaged = quarantine_damaged_loads(ctx)
    if damaged:
        ctx.ledger.write("cleanup", {"quarantined_raw_loads": damaged})
    sweep_unregistered(ctx, registry)
    return [s.id for s in registry.planned()]  # EasyData series are retrieved by their table's task


def ingest_source(ctx: RunContext, source_id: str) -> list[dict[str, Any]]:
    registry = load_registry()
    source = registry.get(source_id)
    if source.kind == "documents":
        # the feeds writing into this folder first, so tonight's articles are ingested tonight
        fetch_feeds(ctx, registry, source)
        # not resolved here: ingestion refuses a folder outside the inbox (or a link out of it)
        return ingest_documents(ctx, ctx.settings.documents_dir / source.location.path)
    if source.kind in ("easydata", "feed"):  # not planned on their own: they ride with another task
        return []
    return ingest_table_source(ctx, source)


def check_raw(ctx: RunContext, landed: list[list[dict[str, Any]]]) -> dict[str, Any]:
    return check_raw_loads(ctx, [load for loads in landed for load in loads])


def check_marts_of(ctx: RunContext, build: dict[str, Any]) -> dict[str, Any]:
    if build["status"] == "unchanged":
        return {"checked": 0}
    rebuilt = None
    if build.get("mode") == "incremental":  # marts dbt did not select are the published ones, checked then
        rebuilt = {
            r["unique_id"].rsplit(".", 1)[-1] for r in build["results"] if r["resource_type"] == "model"
        }
    results = check_marts(ctx, Path(build["candidate"]), build.get("changed_since"), rebuilt)
    return {"checked": len(results)}


def publish_build(ctx: RunContext, build: dict[str, Any]) -> dict[str, Any]:
    if build["status"] == "unchanged":
        ctx.ledger.write("outcome", {"status": "unchanged"})
        return {"status": "unchanged"}
    path = publish(ctx, Path(build["candidate"]), build)
    ctx.ledger.write("outcome", {"status": "published", "path": str(path)})
    return {"status": "published", "path": str(path)}


def dbt_docs(ctx: RunContext) -> str | None:
    """dbt docs of the published build in ``warehouse/docs/`` (regenerated only when they are stale).

    Never fails the run: the data is published already; a failure is recorded for the report.
    """
    index = ensure_docs(ctx)
    return str(index) if index else None


def export_downloads(ctx: RunContext) -> str | None:
    """Downloads of the published build (``warehouse/exports/<build>/``, ``exports/latest``): the marts as
    CSV and Parquet, the series workbook and ``datapackage.json``. A build exported already is skipped."""
    database = ctx.settings.published_db
    info = build_info(database)
    if not info:
        return None
    existed = (ctx.settings.exports_dir / export_name(info)).is_dir()
    with ctx.ledger.stage("export") as timing:  # the report's stage table
        started = time.perf_counter()
        folder = write_exports(
            database, ctx.settings.exports_dir, info, manifest=docs_dir(ctx) / "manifest.json"
        )
        tables = len(list((folder / "csv").glob("*.csv")))
        timing["rows"] = 0 if existed else tables
    ctx.ledger.write(
        "export",
        {
            "status": "unchanged" if existed else "written",
            "path": str(folder),
            "tables": tables,
            "bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
    return str(folder)


def outcome_of(ctx: RunContext) -> dict[str, Any]:
    events = ctx.ledger.events()
    last_error: dict[str, dict[str, Any]] = {}
    for event in events:
        if event["kind"] == "error":
            last_error[event["stage"]] = event
        elif event["kind"] == "done":
            last_error.pop(event["stage"], None)
    errors = list(last_error.values())
    outcomes = [e for e in events if e["kind"] == "outcome"]
    if errors:
        message = " ".join(f"Stage {e['stage']} failed: {e['message']}" for e in errors)
        return {"status": "failed", "message": message, "errors": errors}
    if outcomes:
        return {"status": outcomes[-1]["status"]}
    return {"status": "failed", "message": "The run stopped before publishing (see the stages below)."}


def report(ctx: RunContext) -> str:
    """The run's report; the run's candidate (if a failure left one) goes with the end of the run."""
    with run_lock(ctx.settings.warehouse_dir, ctx.run_id, ctx.settings.task_lock_wait_s):
        remove_own_candidate(ctx)
        return str(write_report(ctx, outcome_of(ctx)))


def raise_run_failure(ctx: RunContext) -> None:
    outcome = outcome_of(ctx)
    raise RunFailed(outcome.get("message") or "a stage failed")


def run_all(run_id: str, logical_date: datetime | None = None) -> dict[str, Any]:
    """The whole nightly run in this process, in the DAG's order (for ``pkit run`` and the benchmark).

    Holds the warehouse's run lock throughout; when another run holds it for longer than
    ``PKIT_RUN_LOCK_WAIT_S``, raises ``RunLocked`` (naming that run) before writing anything.
    """
    ctx = RunContext.create(run_id, logical_date)
    settings = ctx.settings
    with run_lock(settings.warehouse_dir, run_id, settings.run_lock_wait_s, whole_run=True):
        try:
            source_ids = stage(ctx, "plan_sources", plan_sources)
            landed = [stage(ctx, f"ingest_{sid}", ingest_source, sid) for sid in source_ids]
            stage(ctx, "check_raw", check_raw, landed)
            build = stage(ctx, "dbt_build", lambda c: build_candidate(c).to_dict())
            stage(ctx, "check_marts", check_marts_of, build)
            stage(ctx, "publish", publish_build, build)
            stage(ctx, "dbt_docs", dbt_docs)
            stage(ctx, "export", export_downloads)
        finally:
            report(ctx)
        return outcome_of(ctx)
