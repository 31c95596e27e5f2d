"""Stage 7: the run's data-quality report, in words a data steward understands.

Written after every run, whatever happened (the task runs on ``all_done``): one HTML page per run
under ``warehouse/reports/<run_id>/`` (copied to ``reports/latest/``) with what was loaded, skipped
and quarantined and why, every check with its failures and sample rows, stage timings, and links to
GX Data Docs and the dbt docs. ``summary.json`` beside it holds the same facts for machines.

The page also draws charts (``pkit.report.charts``): the run's data quality, and what the *published*
warehouse holds (ICT exports by month and by fiscal year against targets, park capacity, program
targets), read from the published file opened read-only. When the run did not publish, the charts
show the build that is still published, and the page says which. plotly.js is embedded once, so the
page opens offline as a single file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader

from pkit.report import charts
from pkit.run.context import RunContext
from pkit.run.ledger import safe_name


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
        "input_counts": input_counts(inputs),
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
        "steward_corrections": steward_corrections(published) if published.exists() else 0,
        "published_build": vars(charts.published_build(published)),
        "docs": [e for e in events if e["kind"] == "docs"],
        "fetches": [e for e in events if e["kind"] == "fetch"],  # live sources: one line per feed/series
        "warehouse": str(published),
        "data_docs": str(
            ctx.settings.gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
        ),
    }


def input_counts(inputs: list[dict[str, Any]]) -> dict[str, int]:
    """Files per status (one event may stand for many files: the night's already-seen documents)."""
    counts: Counter[str] = Counter()
    for e in inputs:
        counts[e["status"]] += e.get("files", 1)
    return dict(counts)


def steward_corrections(database: Path) -> int:
    """How many reviewed corrections of extracted facts (seed fact_corrections) the build applies."""
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            row = con.execute("select count(*) from staging.fact_corrections").fetchone()
            return int(row[0]) if row else 0
    except duckdb.Error:
        return 0


def mart_row_counts(database: Path) -> dict[str, int]:
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            tables = con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
            ).fetchall()
            return {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for (t,) in tables}
    except duckdb.Error:
        return {}


DOWNLOADS = (
    ("Excel workbook of the series", "pkit_series.xlsx"),
    ("every mart as CSV", "csv/"),
    ("as Parquet", "parquet/"),
    ("datapackage.json (metadata)", "datapackage.json"),
)


def download_links(latest: Path, folder: Path) -> list[tuple[str, str]]:
    """Relative links from the report's folder to the published build's downloads (``exports/latest/``)."""
    if not (latest / "datapackage.json").exists():
        return []
    base = os.path.relpath(latest, folder)
    return [(label, f"{base}/{name}") for label, name in DOWNLOADS if (latest / name).exists()]


_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL)


def content_security_policy(scripts: list[str]) -> str:
    """The page's Content-Security-Policy: no network at all (``default-src 'none'``), and only the
    page's own inline scripts, each allowed by its SHA-256 (computed here, at render time), so a script
    that reached the page any other way (a file name, a CSV cell, a quarantine reason: all escaped
    anyway) does not run. Styles are allowed inline: plotly.js writes its own style elements at run time,
    so they cannot be listed by hash; a style cannot run code."""
    hashes = sorted(
        {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts}
    )
    allowed = " ".join(hashes) or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {allowed}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def write_report(ctx: RunContext, outcome: dict[str, Any]) -> Path:
    summary = summarize(ctx, outcome)
    folder = ctx.settings.reports_dir / safe_name(ctx.run_id)
    folder.mkdir(parents=True, exist_ok=True)
    env = Environment(loader=PackageLoader("pkit.report", "templates"), autoescape=True)
    data_docs = Path(summary["data_docs"])
    dbt_docs = ctx.settings.warehouse_dir / "docs" / "index.html"
    rendered = charts.render_charts(ctx.settings.published_db, summary)
    summary["charts"] = [
        {"id": c.id, "title": c.title, "drawn": c.html is not None, "note": c.note} for c in rendered
    ]
    plotly = charts.plotly_js() if any(c.html for c in rendered) else None
    # The inline scripts are plotly.js and plotly's fragments (which escape every '<' of the data).
    scripts = ([plotly] if plotly else []) + [m for c in rendered if c.html for m in _SCRIPT.findall(c.html)]
    html = env.get_template("report.html.j2").render(
        csp=content_security_policy(scripts),
        s=summary,
        data_docs_href=os.path.relpath(data_docs, folder) if data_docs.exists() else None,
        dbt_docs_href=os.path.relpath(dbt_docs, folder) if dbt_docs.exists() else None,
        downloads=download_links(ctx.settings.exports_dir / "latest", folder),
        quality_chart=rendered[0],
        warehouse_charts=rendered[1:],
        plotly_js=plotly,
    )
    latest = ctx.settings.reports_dir / "latest"
    tmp = ctx.settings.reports_dir / ".latest.tmp"
    try:
        _write_whole(folder / "index.html", html)
        _write_whole(folder / "summary.json", json.dumps(summary, indent=2, default=str))
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(folder, tmp)
    except OSError as err:
        # A full disk: no half-written report, and no "latest" left saying an older run's outcome as if
        # it were this one's. latest/ is replaced by one short page that says what happened.
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(latest, ignore_errors=True)
        note = (
            f"The report of run {ctx.run_id} could not be written ({err.strerror or err}). "
            f"Run outcome: {outcome.get('status')}. See warehouse/ledger/ for what happened; "
            "free disk space and run again."
        )
        with contextlib.suppress(OSError):
            latest.mkdir(parents=True, exist_ok=True)
            _write_whole(
                latest / "index.html", f"<!doctype html><title>pkit report</title><p>{escape(note)}</p>"
            )
        raise
    # latest/ links to data docs relative to the run folder; both sit at the same depth.
    shutil.rmtree(latest, ignore_errors=True)
    os.replace(tmp, latest)
    return folder / "index.html"


def _write_whole(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a temporary file renamed over it (a full disk fails the write,
    never leaves a 0-byte or cut file under the real name)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
