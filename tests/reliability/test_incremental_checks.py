"""After an incremental build, the growing marts are checked on their changed rows plus whole-table totals:
a bad new row and a new row clashing with an old one are both caught, and old rows are not re-read."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pkit.expectations.mart_checks import MartChecksFailed, check_marts
from pkit.pipeline import run_all
from pkit.run.context import RunContext

pytestmark = pytest.mark.slow

SINCE = "2000-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def published(tmp_path_factory, project_copy_factory):
    settings = project_copy_factory(tmp_path_factory.mktemp("checks"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PKIT_DOCUMENTS_DIR", str(settings.documents_dir))
        mp.setenv("PKIT_OFFICIAL_DIR", str(settings.official_dir))
        mp.setenv("PKIT_WAREHOUSE_DIR", str(settings.warehouse_dir))
        assert run_all("base")["status"] == "published"
    return settings


def _candidate(settings, tmp_path, *statements):
    path = tmp_path / "candidate.duckdb"
    shutil.copyfile(settings.published_db, path)
    with duckdb.connect(str(path)) as con:
        newest = con.execute("select max(last_ingested_at) from marts.fct_facts").fetchone()[0]
        for sql in statements:
            con.execute(sql)
    return path, newest.isoformat()


def _checked_rows(ctx, table):
    events = [e for e in ctx.ledger.events("check") if e["target"].startswith(f"marts.{table}")]
    return {e["suite"]: e["evaluated"] for e in events}


def test_only_changed_rows_are_read_and_totals_cover_the_rest(published, tmp_path):
    candidate, since = _candidate(published, tmp_path)
    ctx = RunContext.create("narrow", settings=published)
    check_marts(ctx, candidate, since)  # nothing changed since: passes on zero rows
    with duckdb.connect(str(candidate), read_only=True) as con:
        facts = con.execute("select count(*) from marts.fct_facts").fetchone()[0]
        documents = con.execute("select count(*) from marts.dim_documents").fetchone()[0]
    checked = _checked_rows(ctx, "fct_facts")
    assert set(checked) == {"marts_core__fct_facts__changed", "marts_core__fct_facts__totals"}

    assert checked["marts_core__fct_facts__changed"] == 0
    assert checked["marts_core__fct_facts__totals"] == 1  # one row of whole-table aggregates

    # every row is "changed" since 2000: the same suites then read every fact and document
    everything = RunContext.create("everything", settings=published)
    check_marts(everything, candidate, SINCE)
    assert _checked_rows(everything, "fct_facts")["marts_core__fct_facts__changed"] == facts > 0
    narrow = next(e for e in ctx.ledger.events("stage") if e["stage"] == "check_marts")
    wide = next(e for e in everything.ledger.events("stage") if e["stage"] == "check_marts")
    assert wide["rows"] - narrow["rows"] == facts + documents


def test_a_bad_new_row_is_caught(published, tmp_path):
    candidate, since = _candidate(
        published,
        tmp_path,
        "insert into marts.fct_facts by name select 'new-fact' as fact_id, 'x' as subject, 'm' as metric,"
        " 0 as mention_count, now() as last_ingested_at",
    )
    with pytest.raises(MartChecksFailed, match=r"fct_facts.*at least one mention"):
        check_marts(RunContext.create("bad-row", settings=published), candidate, since)


def test_a_new_row_clashing_with_an_old_one_is_caught_by_the_totals(published, tmp_path):
    # a copy of an old fact, stamped new: on its own the new row is fine; the whole table is not
    candidate, since = _candidate(
        published,
        tmp_path,
        "insert into marts.fct_facts select * replace (now() as last_ingested_at)"
        " from marts.fct_facts limit 1",
    )
    with pytest.raises(MartChecksFailed, match=r"fct_facts \(whole table\).*fact_id must be unique"):
        check_marts(RunContext.create("clash", settings=published), candidate, since)


def test_marts_the_build_did_not_rebuild_are_not_checked_again(published, tmp_path):
    candidate, since = _candidate(published, tmp_path)
    ctx = RunContext.create("partial", settings=published)
    check_marts(ctx, candidate, since, rebuilt={"fct_facts", "fct_targets"})
    targets = {e["target"].split(" ")[0] for e in ctx.ledger.events("check")}
    assert targets == {"marts.fct_facts", "marts.fct_targets"}
    stage = next(e for e in ctx.ledger.events("stage") if e["stage"] == "check_marts")
    unchanged = stage["unchanged_marts"]
    assert "fct_ict_exports_monthly" in unchanged and "fct_facts" not in unchanged
