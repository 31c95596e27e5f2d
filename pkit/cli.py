"""``pkit``: the command line of the warehouse (installed by ``make run``)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="pkit: Pakistan IT-sector data warehouse.")


class FactFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class RowFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


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
        _echo_table(
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
def follow(
    pid: Annotated[int, typer.Option(help="Follow until this process ends (the DAG run's).")],
    since: Annotated[float, typer.Option(help="Only ledgers written since this time (epoch seconds).")],
) -> None:
    """Print a run's stages as they start and end, with durations and counts (make run uses it)."""
    from pkit.config import Settings
    from pkit.run.progress import follow as follow_ledger
    from pkit.run.progress import process_alive

    follow_ledger(Settings.from_env().ledger_dir, since, lambda: process_alive(pid))


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
    if (settings.exports_dir / "latest" / "datapackage.json").exists():
        typer.echo(f"downloads: {settings.exports_dir / 'latest'}/  (CSV, Parquet, pkit_series.xlsx)")


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
def export(
    out: Annotated[
        Path | None, typer.Option(help="Folder of the exports (default: warehouse/exports).")
    ] = None,
) -> None:
    """Write the published build's downloads: every mart as CSV and Parquet, the series workbook and
    datapackage.json, under exports/<run_id>-<fingerprint12>/ with exports/latest pointing at it."""
    import time

    from pkit.build.docs import docs_dir
    from pkit.config import Settings
    from pkit.exports import export_name, read_build_info, write_exports
    from pkit.run.context import RunContext

    settings = Settings.from_env()
    db = settings.published_db
    info = read_build_info(db) if db.exists() else None
    if not info:
        typer.echo(f"error: no published warehouse at {db}; run `make run` first", err=True)
        raise typer.Exit(2)
    folder_root = out or settings.exports_dir
    existed = (folder_root / export_name(info)).is_dir()
    started = time.perf_counter()
    manifest = docs_dir(RunContext.create("export", settings=settings)) / "manifest.json"
    folder = write_exports(db, folder_root, info, manifest=manifest)
    if existed:
        typer.echo(f"build {folder.name} was exported already: {folder}")
    else:
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        typer.echo(f"exported build {folder.name} in {time.perf_counter() - started:.1f} s ({size:,} bytes)")
        typer.echo(f"  {folder}")
    typer.echo(f"latest: {folder_root / 'latest'}")


#: What ``pkit sql`` locks its DuckDB connection with before it runs the analyst's query: no file but
#: the published one can be read or written (COPY, read_csv, read_text, glob, ATTACH of another file,
#: EXPORT), no extension installed or loaded (which would reach the network), and no setting changed
#: afterwards (``lock_configuration`` makes ``SET``/``RESET``/``PRAGMA`` of a setting fail).
SQL_LOCKDOWN: dict[str, object] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_persistent_secrets": False,
    "lock_configuration": True,  # last: nothing above can be switched back
}
# `make sql` (harlequin) runs this script when it opens the warehouse: the same lockdown as statements,
# generated from SQL_LOCKDOWN (scripts/harlequin-lockdown.sql; tests/integration/test_sql_access.py checks it)
HARLEQUIN_LOCKDOWN = Path(__file__).resolve().parents[1] / "scripts" / "harlequin-lockdown.sql"


def lockdown_script() -> str:
    """SQL_LOCKDOWN as SET statements, in order (lock_configuration last)."""
    lines = [
        "-- Generated from pkit/cli.py SQL_LOCKDOWN: `make sql` (harlequin --init-path) runs it on opening."
    ]
    lines += [f"set {key} = {str(value).lower()};" for key, value in SQL_LOCKDOWN.items()]
    return "\n".join(lines) + "\n"


SQL_TABLE_LIMIT = 10_000
_SQL_BATCH = 10_000

_SQL_HELP = f"""Run a query on the published warehouse, opened read-only and locked down.

The query can read the published warehouse and nothing else. Refused, with DuckDB's "Permission
Error" or "configuration has been locked": COPY ... TO and EXPORT DATABASE (they write files, even
over the warehouse itself), read_csv / read_parquet / read_json / read_text / read_blob / glob and
FROM 'file' (they read any file the user can), INSTALL / LOAD (extensions reach the network), ATTACH
of another file, and SET / RESET / PRAGMA of a setting (so none of this can be switched back on).
Writes to the warehouse fail: it is opened read-only.

The table format prints at most --limit rows (default {SQL_TABLE_LIMIT:,}) and says on stderr how
many more there were; csv and json stream every row in batches unless --limit is given (0: no limit).
"""


@app.command(help=_SQL_HELP, context_settings={"ignore_unknown_options": True})
def sql(
    query: Annotated[
        str | None,
        typer.Argument(
            help="SQL to run (read-only), -- comments allowed; omit it to read -f FILE or standard input."
        ),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the SQL from FILE ('-': standard input).")
    ] = None,
    format: Annotated[
        RowFormat, typer.Option("--format", "-F", help="table, csv, json, or parquet (parquet needs -o).")
    ] = RowFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the rows to FILE instead of standard output.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help=f"Rows to print at most (table default {SQL_TABLE_LIMIT:,}; other formats all; 0: all).",
        ),
    ] = None,
) -> None:
    import duckdb

    from pkit.config import Settings

    text = _sql_text(query, file)
    if format is RowFormat.parquet and output is None:
        typer.echo("error: --format parquet writes a file: add -o FILE.parquet", err=True)
        raise typer.Exit(2)
    db = Settings.from_env().published_db
    if not db.exists():
        typer.echo(f"error: no published warehouse at {db}; run `make run` first", err=True)
        raise typer.Exit(2)
    cap = (SQL_TABLE_LIMIT if format is RowFormat.table else 0) if limit is None else limit
    try:
        with duckdb.connect(str(db), read_only=True, config=SQL_LOCKDOWN) as con:
            cur = con.execute(text)
            columns = [d[0] for d in cur.description or []]
            if format is RowFormat.parquet:
                shown, more = _write_parquet(cur, columns, output, cap)
            else:
                with _output(output) as out:
                    shown, more = _write_rows(cur, columns, format, cap, out)
    except duckdb.Error as err:
        typer.echo(f"error: {err}", err=True)
        if isinstance(err, duckdb.PermissionException) or "configuration has been locked" in str(err):
            typer.echo(
                "pkit sql reads the published warehouse only: files, extensions, ATTACH and settings are "
                "refused (see pkit sql --help)",
                err=True,
            )
        raise typer.Exit(1) from None
    except OSError as err:
        if isinstance(err, BrokenPipeError):  # `pkit sql ... | head`: the reader has what it wanted
            sys.stderr.close()
            raise typer.Exit(0) from None
        typer.echo(f"error: cannot write {output}: {err.strerror or err}", err=True)
        raise typer.Exit(1) from None
    if output is not None:
        typer.echo(f"{shown:,} row{'s' if shown != 1 else ''} written to {output}", err=True)
    if more:
        typer.echo(
            f"{more:,} more row{'s' if more != 1 else ''} not {'written' if output else 'shown'}: "
            "use --limit or --format csv",
            err=True,
        )


def _sql_text(query: str | None, file: Path | None) -> str:
    """The SQL from the argument, ``-f FILE`` or standard input (a pipe), exactly one of them."""
    if query is not None and file is not None:
        typer.echo("error: give the SQL as an argument or with -f FILE, not both", err=True)
        raise typer.Exit(2)
    if file is not None:
        try:
            return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            typer.echo(f"error: cannot read the SQL file {file}: {err}", err=True)
            raise typer.Exit(2) from None
    if query is not None:
        return query
    if not sys.stdin.isatty():
        return sys.stdin.read()
    typer.echo(
        'error: no SQL: pkit sql "select …", pkit sql -f query.sql, or echo "select …" | pkit sql', err=True
    )
    raise typer.Exit(2)


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or ``path`` written whole: a temporary file renamed into place once complete."""
    if path is None:
        yield sys.stdout
        return
    tmp = path.with_name(f".{path.name}.partial")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_parquet(cur, columns: list[str], path: Path, cap: int) -> tuple[int, int]:
    """The result as a Parquet file: rows go through a private in-memory DuckDB (the locked connection
    may not write files), in batches, then one COPY to a temporary file renamed to ``path``."""
    import duckdb

    shown = more = 0
    tmp = path.with_name(f".{path.name}.partial")
    with duckdb.connect() as out:
        created = False
        while True:
            frame = cur.fetch_df_chunk()
            if frame is None or (frame.empty and created):
                break
            if cap and shown + len(frame) > cap:
                more += shown + len(frame) - cap
                frame = frame.iloc[: max(0, cap - shown)]
            out.register("batch", frame)
            # the first batch (empty when the result is) makes the table: its columns are the result's
            out.execute(
                "insert into result select * from batch" if created else "create table result as from batch"
            )
            out.unregister("batch")
            created, shown = True, shown + len(frame)
            if frame.empty:
                break
        try:
            out.execute(f"copy result to '{str(tmp).replace(chr(39), chr(39) * 2)}' (format parquet)")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return shown, more


def _write_rows(cur, columns: list[str], format: RowFormat, cap: int, out: TextIO) -> tuple[int, int]:
    """Write the result to ``out``, at most ``cap`` rows (0: all), in batches; (rows shown, rows cut)."""
    shown = more = 0
    table_rows: list = []
    if format is RowFormat.csv:
        import csv

        writer = csv.writer(out)
        writer.writerow(columns)
    elif format is RowFormat.json:
        out.write("[")
    while True:
        want = _SQL_BATCH if not cap or shown >= cap else min(_SQL_BATCH, cap - shown)
        batch = cur.fetchmany(want)
        if not batch:
            break
        if cap and shown >= cap:  # past the limit: count what is cut, keep nothing
            more += len(batch)
            continue
        shown += len(batch)
        if format is RowFormat.csv:
            writer.writerows(batch)
        elif format is RowFormat.json:
            for i, row in enumerate(batch):
                item = json.dumps(dict(zip(columns, row, strict=True)), default=_json_value, indent=2)
                first = i == 0 and shown == len(batch)
                out.write(("\n  " if first else ",\n  ") + item.replace("\n", "\n  "))
        else:
            table_rows.extend(batch)
    if format is RowFormat.json:
        out.write("\n]\n" if shown else "]\n")
    elif format is RowFormat.table:
        out.write(format_table(columns, table_rows) + "\n")
    out.flush()
    return shown, more


def _echo_table(columns: list[str], rows: list) -> None:
    typer.echo(format_table(columns, rows))


def format_table(columns: list[str], rows: list) -> str:
    """Rows as the aligned text table `pkit sql` prints (also used to refresh the docs' examples)."""
    cells = [[_fmt(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    widths = [min(w, CELL_WIDTH) for w in widths]
    lines = [" | ".join(_cut(c).ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(_cut(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


CELL_WIDTH = 60


def _cut(text: str) -> str:
    """A cell at most CELL_WIDTH characters wide; a cut one ends in '…' (csv and json print it whole)."""
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"


def _json_value(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else str(value)


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


facts_app = typer.Typer(no_args_is_help=True, help="Review extracted facts (for data stewards).")
app.add_typer(facts_app, name="facts")


@facts_app.command("review")
def facts_review(
    document: Annotated[str, typer.Argument(help="A document's file name, or the start of its SHA-256.")],
) -> None:
    """Print a published document's facts with the key a correction needs (doc_id, char_start, char_end),
    and a ready-to-edit line for dbt_project/seeds/fact_corrections.csv per fact."""
    import csv
    import io

    import duckdb

    from pkit.config import Settings

    db = Settings.from_env().published_db
    if not db.exists():
        typer.echo(f"error: no published warehouse at {db}; run `make run` first", err=True)
        raise typer.Exit(2)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            select doc_id, file_name, char_start, char_end, subject, metric, value, unit, period, kind, quote
            from marts.fct_fact_mentions
            where file_name = ? or doc_id like ? || '%'
            order by char_start, fact_index
            """,
            [document, document.lower()],
        ).fetchall()
    if not rows:
        typer.echo(
            f"error: no published document matches {document!r} (file name or SHA-256 prefix)", err=True
        )
        raise typer.Exit(1)
    typer.echo(f"{rows[0][1]}  (doc_id {rows[0][0]}): {len(rows)} fact mention(s)\n")
    for i, (_, _, start, end, subject, metric, value, unit, period, kind, quote) in enumerate(rows, 1):
        what = f"{subject} | {metric} = {_fmt(value)} {unit} | {period or '-'} | {kind}"
        typer.echo(f"[{i}] chars {start}-{end}: {what}")
        typer.echo(f'    "{quote}"')
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, (doc_id, _, start, end, *_rest) in enumerate(rows, 1):
        writer.writerow(
            [f"<id>-{i}", doc_id, start, end, "reject|override", "", "", "", "", "", "", "<why>", "", ""]
        )
    typer.echo("\nTo correct a fact, copy its line into dbt_project/seeds/fact_corrections.csv and edit it:")
    typer.echo(out.getvalue().rstrip())


if __name__ == "__main__":
    app()
