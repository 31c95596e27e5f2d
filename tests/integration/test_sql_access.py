"""Analysts' SQL access: `pkit sql` (read-only, database errors as messages) and harlequin (`make sql`)
reading the DuckDB file the pipeline writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pkit.cli import HARLEQUIN_LOCKDOWN, lockdown_script
from pkit.config import PROJECT_ROOT

PKIT = str(Path(sys.executable).parent / "pkit")


@pytest.fixture
def warehouse(tmp_path) -> Path:
    db = tmp_path / "pkit.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.demo as select 'FY2023-24' as fiscal_year, 3223.0 as value_usd_mn")
    return tmp_path


def _pkit_sql(warehouse: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PKIT_WAREHOUSE_DIR": str(warehouse)}
    return subprocess.run([PKIT, "sql", *args], env=env, capture_output=True, text=True, timeout=60)


def test_pkit_sql_prints_rows_in_each_format(warehouse):
    table = _pkit_sql(warehouse, "select * from marts.demo")
    assert table.returncode == 0 and "FY2023-24" in table.stdout and "3,223.0" in table.stdout
    csv = _pkit_sql(warehouse, "select * from marts.demo", "--format", "csv")
    assert csv.stdout.splitlines() == ["fiscal_year,value_usd_mn", "FY2023-24,3223.0"]
    js = _pkit_sql(warehouse, "select * from marts.demo", "--format", "json")
    assert '"value_usd_mn": 3223.0' in js.stdout


def test_pkit_sql_returns_the_database_message_not_a_traceback(warehouse):
    proc = _pkit_sql(warehouse, "select * from marts.nope")
    assert proc.returncode == 1
    assert "Catalog Error" in proc.stderr and "nope" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_pkit_sql_is_read_only(warehouse):
    proc = _pkit_sql(warehouse, "drop table marts.demo")
    assert proc.returncode == 1 and "read-only" in proc.stderr.lower()
    with duckdb.connect(str(warehouse / "pkit.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.demo").fetchone()[0] == 1


@pytest.mark.slow
def test_harlequin_reads_the_duckdb_version_we_write(warehouse):
    subprocess.run(["make", "-s", ".venv-sql/.installed"], cwd=PROJECT_ROOT, check=True, capture_output=True)
    python = PROJECT_ROOT / ".venv-sql" / "bin" / "python"
    probe = (
        "import sys, duckdb; from harlequin_duckdb import DuckDbAdapter\n"
        "conn = DuckDbAdapter(conn_str=(sys.argv[1],), read_only=True, no_init=True).connect()\n"
        "cur = conn.execute('select value_usd_mn from marts.demo')\n"
        "print(duckdb.__version__, cur.fetchall())\n"
    )
    proc = subprocess.run(
        [str(python), "-c", probe, str(warehouse / "pkit.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[0] == duckdb.__version__
    assert "3223.0" in proc.stdout

    # `make sql` opens harlequin with the lockdown script: the warehouse reads, files and settings do not
    locked = (
        "import sys; from harlequin_duckdb import DuckDbAdapter\n"
        "conn = DuckDbAdapter(conn_str=(sys.argv[1],), read_only=True, init_path=sys.argv[2]).connect()\n"
        "print(conn.execute('select value_usd_mn from marts.demo').fetchall())\n"
        "for q in sys.argv[3:]:\n"
        "    try:\n"
        "        conn.execute(q); print('ALLOWED', q)\n"
        "    except Exception as err:\n"
        "        print('refused', type(err).__name__)\n"
    )
    target = warehouse / "written.csv"
    refused = [
        f"copy (select 1) to '{target}'",
        "select * from read_csv('/etc/passwd')",
        "install httpfs",
        "set enable_external_access = true",
    ]
    proc = subprocess.run(
        [str(python), "-c", locked, str(warehouse / "pkit.duckdb"), str(HARLEQUIN_LOCKDOWN), *refused],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "3223.0" in proc.stdout and "ALLOWED" not in proc.stdout and not target.exists(), proc.stdout
    assert (
        f"--init-path {HARLEQUIN_LOCKDOWN.relative_to(PROJECT_ROOT)}"
        in (PROJECT_ROOT / "Makefile").read_text()
    )


def test_the_harlequin_lockdown_script_is_the_pkit_sql_lockdown():
    assert HARLEQUIN_LOCKDOWN.read_text() == lockdown_script(), (
        "regenerate scripts/harlequin-lockdown.sql from pkit.cli.SQL_LOCKDOWN (pkit.cli.lockdown_script())"
    )


def test_pkit_sql_takes_a_commented_query_a_file_or_a_pipe(warehouse, tmp_path):
    commented = "-- the demo row (a comment first, as the README's examples start)\nselect * from marts.demo"
    assert "FY2023-24" in _pkit_sql(warehouse, commented).stdout
    query = tmp_path / "query.sql"
    query.write_text("-- from a file\nselect fiscal_year from marts.demo;\n")
    from_file = _pkit_sql(warehouse, "-f", str(query), "-F", "csv")
    assert from_file.returncode == 0 and from_file.stdout.splitlines() == ["fiscal_year", "FY2023-24"]
    env = {**os.environ, "PKIT_WAREHOUSE_DIR": str(warehouse)}
    piped = subprocess.run(
        [PKIT, "sql", "-F", "csv"],
        input="select value_usd_mn from marts.demo",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0 and piped.stdout.splitlines() == ["value_usd_mn", "3223.0"]
    both = _pkit_sql(warehouse, "select 1", "-f", str(query))
    assert both.returncode == 2 and "not both" in both.stderr


def test_pkit_sql_writes_a_whole_file_in_each_format(warehouse, tmp_path):
    for fmt in ("csv", "json", "parquet"):
        out = tmp_path / f"demo.{fmt}"
        proc = _pkit_sql(warehouse, "select * from marts.demo", "-F", fmt, "-o", str(out))
        assert proc.returncode == 0 and "1 row written" in proc.stderr, proc.stderr
        assert not list(tmp_path.glob(".*partial")), "no temporary file left"
    with duckdb.connect() as con:
        assert con.execute(f"select * from '{tmp_path / 'demo.parquet'}'").fetchall() == [
            ("FY2023-24", 3223.0)
        ]
    assert "FY2023-24,3223.0" in (tmp_path / "demo.csv").read_text()
    refused = _pkit_sql(warehouse, "select 1", "-F", "parquet")
    assert refused.returncode == 2 and "-o FILE" in refused.stderr


def test_a_cut_cell_says_so(warehouse):
    proc = _pkit_sql(warehouse, "select repeat('x', 100) as long_cell")
    assert "x" * 59 + "…" in proc.stdout and "x" * 61 not in proc.stdout
    whole = _pkit_sql(warehouse, "select repeat('x', 100) as long_cell", "-F", "csv")
    assert "x" * 100 in whole.stdout
