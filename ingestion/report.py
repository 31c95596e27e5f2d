"""Stage 7: the run's data-quality report, in words a data steward understands.

Written after every run, whatever happened (the task runs on ``all_done``): one HTML page per run
under ``warehouse/reports/<run_id>/`` (copied to ``reports/latest/``) with what was loaded, skipped
and quarantined and why, every check with its failures and sample rows, stage timings, and a link to
GX Data Docs. ``summary.json`` beside it holds the same facts for machines.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from ingestion.ledger import safe_name
from ingestion.run_context import RunContext


def summarize(ctx: RunContext, outcome: dict[str, Any]) -> dict[str, Any]:
    events = ctx.ledger.events()
    inputs = [e for e in events if e["kind"] == "input"]
    checks = [e for e in events if e["kind"] == "check"]
    dbt_runs = [e for e in events if e["kind"] == "dbt"]
    dbt_failed = [r for e in dbt_runs for r in e["results"] if r["status"] in {"error", "fail"}]
    dbt_tests = [r for e in dbt_runs for r in e["results"] if r["resource_type"] in {"test", "unit_test"}]
    stages = [e for e in events if e["kind"] == "stage"]
    published = ctx.settings.published_db
    return {
        "run_id": ctx.run_id,
        "run_date": ctx.run_date.isoformat(),
        "outcome": outcome,
        "inputs": inputs,
        "input_counts": dict(Counter(e["status"] for e in inputs)),
        "quarantined": [e for e in inputs if e["status"] == "quarantined"],
        "checks": checks,
        "checks_passed": sum(1 for c in checks if c["success"]),
        "checks_failed": sum(1 for c in checks if not c["success"]),
        "dbt_tests": len(dbt_tests),
        "dbt_tests_failed": sum(1 for r in dbt_tests if r["status"] in {"error", "fail"}),
        "dbt_failures": dbt_failed,
        "dbt_samples": {k: v for e in events if e["kind"] == "dbt_samples" for k, v in e["samples"].items()},
        "stages": stages,
        "mart_rows": mart_row_counts(published) if published.exists() else {},
        "warehouse": str(published),
        "data_docs": str(
            ctx.settings.gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
        ),
    }


def mart_row_counts(database: Path) -> dict[str, int]:
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            tables = con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
            ).fetchall()
            return {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for (t,) in tables}
    except duckdb.Error:
        return {}


def write_report(ctx: RunContext, outcome: dict[str, Any]) -> Path:
    summary = summarize(ctx, outcome)
    folder = ctx.settings.reports_dir / safe_name(ctx.run_id)
    folder.mkdir(parents=True, exist_ok=True)
    env = Environment(loader=PackageLoader("ingestion", "templates"), autoescape=select_autoescape())
    data_docs = Path(summary["data_docs"])
    html = env.get_template("report.html.j2").render(
        s=summary,
        data_docs_href=os.path.relpath(data_docs, folder) if data_docs.exists() else None,
    )
    (folder / "index.html").write_text(html, encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    latest = ctx.settings.reports_dir / "latest"
    tmp = ctx.settings.reports_dir / ".latest.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(folder, tmp)
    # latest/ links to data docs relative to the run folder; both sit at the same depth.
    shutil.rmtree(latest, ignore_errors=True)
    os.replace(tmp, latest)
    return folder / "index.html"
