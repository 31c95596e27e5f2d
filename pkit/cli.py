"""``pkit``: the command line of the warehouse (installed by ``make run``)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="pkit: Pakistan IT-sector data warehouse.")


class FactFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Documents (.txt, .md, .html) to read.")],
    format: Annotated[FactFormat, typer.Option("--format", "-f")] = FactFormat.jsonl,
) -> None:
    """Print the facts of each document, per the fact contract (docs/fact-schema.md)."""
    from pkit.errors import InputRejected
    from pkit.ingestion.documents import parse_document
    from pkit.ingestion.extract import detect_metadata, extract_facts

    failed = False
    rows = []
    for path in paths:
        try:
            doc = parse_document(path.read_bytes(), str(path), max_bytes=sys.maxsize)
        except (OSError, InputRejected) as err:
            typer.echo(f"error: {err}", err=True)
            failed = True
            continue
        published = detect_metadata(doc.text).published_date
        for fact in extract_facts(doc.text, doc.file_name, published_date=published):
            rows.append(fact.to_dict())
    if format is FactFormat.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    else:
        _print_table(
            ["doc", "subject", "metric", "value", "value_high", "unit", "period", "kind"],
            [
                [
                    r.get(c)
                    for c in ("doc", "subject", "metric", "value", "value_high", "unit", "period", "kind")
                ]
                for r in rows
            ],
        )
    raise typer.Exit(1 if failed else 0)


@app.command()
def run(run_id: Annotated[str, typer.Option(help="Run id (default: manual__<now>).")] = "") -> None:
    """Run the whole nightly pipeline in this process, without Airflow (the DAG runs the same functions).

    One run at a time per warehouse: while another run holds warehouse/run.lock, this one waits up to
    PKIT_RUN_LOCK_WAIT_S seconds, then exits with status 75 naming that run, having written nothing.
    """
    from datetime import UTC, datetime

    from pkit.pipeline import run_all
    from pkit.run.lock import RunLocked

    rid = run_id or f"manual__{datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%S')}"
    try:
        outcome = run_all(rid)
    except RunLocked as err:
        typer.echo(f"run refused: {err}", err=True)
        raise typer.Exit(75) from None
    except Exception as err:  # the report is written; say where
        typer.echo(f"run failed: {err}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(outcome, indent=2, default=str))


@app.command()
def settings() -> None:
    """Every PKIT_* setting: its default and meaning (the README's configuration table)."""
    from pkit.config import settings_table

    typer.echo(settings_table())


@app.command()
def summary() -> None:
    """Rows per mart, checks of the last run, and where the warehouse and its report are."""
    from pkit.config import Settings

    settings = Settings.from_env()
    latest = settings.reports_dir / "latest" / "summary.json"
    if not latest.exists():
        typer.echo("no run has written a report yet: run `make run`")
        raise typer.Exit(1)
    s = json.loads(latest.read_text(encoding="utf-8"))
    typer.echo(f"\nrun {s['run_id']}: {s['outcome']['status'].upper()}")
    if s["outcome"].get("message"):
        typer.echo(f"  {s['outcome']['message'][:2000]}")
    counts = ", ".join(f"{v} {k}" for k, v in s["input_counts"].items()) or "none"
    typer.echo(f"inputs: {counts}")
    for q in s["quarantined"]:
        typer.echo(f"  quarantined: {q['file']}: {q['reason']}")
    typer.echo(
        f"checks: {s['checks_passed']} GX checkpoints passed, {s['checks_failed']} failed; "
        f"dbt tests: {s['dbt_tests']} run, {s['dbt_tests_failed']} failed"
    )
    if s["mart_rows"]:
        typer.echo("rows per mart (published):")
        for table, n in s["mart_rows"].items():
            typer.echo(f"  marts.{table:<34} {n:>7}")
    typer.echo(f'warehouse: {s["warehouse"]}  (read-only: pkit sql "select ..." or make sql)')
    typer.echo(f"report:    {settings.reports_dir / 'latest' / 'index.html'}")


@app.command()
def docs(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8081,
    generate: Annotated[bool, typer.Option(help="Regenerate first if missing or stale.")] = True,
) -> None:
    """Serve the dbt docs of the published warehouse (catalog and lineage) on http://127.0.0.1:PORT/."""
    import contextlib
    import functools
    import http.server

    from pkit.build.docs import docs_dir, ensure_docs
    from pkit.run.context import RunContext
    from pkit.run.lock import RunLocked, run_lock

    ctx = RunContext.create("docs")
    if generate:
        try:  # generating writes warehouse/docs/: not while a run writes the warehouse
            with run_lock(ctx.settings.warehouse_dir, "docs", ctx.settings.run_lock_wait_s):
                ensure_docs(ctx)
        except RunLocked as err:
            typer.echo(f"not regenerating the docs: {err}", err=True)
    folder = docs_dir(ctx)
    if not (folder / "index.html").exists():
        typer.echo("error: no dbt docs yet (nothing published?): run `make run` first", err=True)
        raise typer.Exit(2)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        typer.echo(f"dbt docs of {ctx.settings.published_db} at http://127.0.0.1:{port}/ (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run on the published warehouse (read-only).")],
    format: Annotated[RowFormat, typer.Option("--format", "-f")] = RowFormat.table,
) -> None:
    """Run a query on the published warehouse, opened read-only."""
    import duckdb

    from pkit.config import Settings

    db = Settings.from_env().published_db
    if not db.exists():
        typer.echo(f"error: no published warehouse at {db}; run `make run` first", err=True)
        raise typer.Exit(2)
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            cur = con.execute(query)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchall()
    except duckdb.Error as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    if format is RowFormat.json:
        typer.echo(
            json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=_json_value, indent=2)
        )
    elif format is RowFormat.csv:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        _print_table(columns, rows)


def _print_table(columns: list[str], rows: list) -> None:
    typer.echo(format_table(columns, rows))


def format_table(columns: list[str], rows: list) -> str:
    """Rows as the aligned text table `pkit sql` prints (also used to refresh the docs' examples)."""
    cells = [[_fmt(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(v[:60].ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _json_value(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else str(value)


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


if __name__ == "__main__":
    app()
