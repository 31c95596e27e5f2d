"""dbt docs (catalog and lineage) of the published build, under ``warehouse/docs/``.

``dbt docs generate`` needs a database connection for the catalog, and dbt-duckdb opens its database
read-write: opened on the published file it would take DuckDB's exclusive lock (failing while
analysts have it open, and blocking them while it runs). So the docs are generated against a private
copy of the published file (the copy is only read; the published file is never opened), in a work
folder under ``warehouse/docs/.work/``, with dbt's own target and log paths, so the build's
``run_results.json`` is not touched. ``--static`` makes one self-contained ``static_index.html``;
it is published (its description cells set to wrap instead of being cut to one line) as
``warehouse/docs/index.html`` (open it directly, or serve the folder) beside
``manifest.json`` and ``catalog.json``, each file replaced atomically, with ``build.json`` naming the
build they describe.

The docs describe models, columns, tests and lineage: they change when the build code changes, not
when a night adds rows. So a run regenerates them only when they are missing or were generated from
other code (``build.json`` keeps the code fingerprint); a night that only adds data keeps them, and
does not pay for copying a large published file.

A failure is logged and recorded in the ledger (kind ``docs``) for the report; it never fails the
run: the data is already published.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from pkit.build.candidate import build_info, code_fingerprint, dbt_env, dbt_executable
from pkit.run import children
from pkit.run.context import RunContext

log = logging.getLogger(__name__)

DOCS_FILES = {
    "static_index.html": "index.html",
    "manifest.json": "manifest.json",
    "catalog.json": "catalog.json",
}
TIMEOUT_SECONDS = 600


# dbt's docs cut each description in the columns (and arguments, sources) tables to one line, with an
# ellipsis, until the row is clicked, and put the table in a box that scrolls after 800 px; analysts read
# the descriptions there, so they wrap and show whole, and the table takes the height it needs. The
# elements are the ones dbt styles inline; an !important rule beats an inline style.
WHOLE_DESCRIPTIONS_CSS = (
    '<style id="pkit-whole-descriptions">td[style*="text-overflow: ellipsis"] '
    "{white-space: normal !important; overflow-x: visible !important; text-overflow: clip !important; "
    "max-width: none !important; min-width: 16em; overflow-wrap: anywhere;} "
    'div.table-responsive[style*="max-height: 800px"] {max-height: none !important; '
    "overflow-y: visible !important;}</style>"
)


def show_whole_descriptions(html: str) -> str:
    """The docs page with its description cells wrapped instead of cut to one line."""
    if WHOLE_DESCRIPTIONS_CSS in html or "</head>" not in html:
        return html
    return html.replace("</head>", WHOLE_DESCRIPTIONS_CSS + "</head>", 1)


def docs_dir(ctx: RunContext) -> Path:
    return ctx.settings.warehouse_dir / "docs"


def docs_build(ctx: RunContext) -> dict[str, Any] | None:
    """``build.json`` of the docs: the run and fingerprint they were generated from."""
    stamp = docs_dir(ctx) / "build.json"
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def generate_docs(ctx: RunContext, database: Path) -> Path | None:
    """Generate the dbt docs of ``database`` (the published file) into ``warehouse/docs/``.

    Returns the docs' ``index.html``, or ``None`` when generation failed (recorded in the ledger).
    """
    started = time.perf_counter()
    folder = docs_dir(ctx)
    work = folder / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        copy = work / "pkit.duckdb"
        shutil.copyfile(database, copy)  # read the published file; never open it with DuckDB here
        env = dbt_env(ctx, copy)
        env.update(DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"))
        args = children.command(dbt_executable(), "docs", "generate", "--static", "--no-use-colors")
        log.info("running %s against a copy of %s", " ".join(args), database)
        proc = subprocess.run(
            args,
            env=env,
            cwd=ctx.settings.dbt_project_dir,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
        target = work / "target"
        missing = [name for name in DOCS_FILES if not (target / name).exists()]
        if proc.returncode != 0 or missing:
            tail = (proc.stdout[-2000:] + proc.stderr[-1000:]).strip()
            raise RuntimeError(f"dbt docs generate exited {proc.returncode}; missing {missing}: {tail}")
        for name, published_name in DOCS_FILES.items():
            tmp = folder / f".{published_name}.tmp"
            if name == "static_index.html":
                html = (target / name).read_text(encoding="utf-8")
                tmp.write_text(show_whole_descriptions(html), encoding="utf-8")
            else:
                shutil.copyfile(target / name, tmp)
            os.replace(tmp, folder / published_name)
        info = build_info(copy)
        stamp = {
            "build_run_id": (info or {}).get("run_id"),  # the run that built the documented file
            "fingerprint": (info or {}).get("fingerprint"),
            "code_fingerprint": code_fingerprint(ctx),
            "generated_by_run_id": ctx.run_id,
            "database": str(database),
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        tmp = folder / ".build.json.tmp"
        tmp.write_text(json.dumps(stamp, indent=2), encoding="utf-8")
        os.replace(tmp, folder / "build.json")
    except (OSError, RuntimeError, subprocess.SubprocessError) as err:
        log.warning("dbt docs not generated: %s", err)
        seconds = round(time.perf_counter() - started, 2)
        ctx.ledger.write("docs", {"status": "failed", "message": str(err)[-3000:], "seconds": seconds})
        return None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    index = folder / "index.html"
    seconds = round(time.perf_counter() - started, 2)
    ctx.ledger.write("docs", {"status": "generated", "path": str(index), "seconds": seconds})
    log.info("dbt docs written to %s", index)
    return index


def ensure_docs(ctx: RunContext) -> Path | None:
    """Generate the docs when they are missing or were generated from other build code."""
    database = ctx.settings.published_db
    if not database.exists():
        return None
    current = docs_build(ctx)
    index = docs_dir(ctx) / "index.html"
    if index.exists() and current and current.get("code_fingerprint") == code_fingerprint(ctx):
        ctx.ledger.write("docs", {"status": "current", "path": str(index), "seconds": 0})
        return index
    return generate_docs(ctx, database)
