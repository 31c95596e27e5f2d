"""Stage 5: Great Expectations checkpoints on the candidate's marts, one suite per mart family.

Mart tables are read from the candidate DuckDB file into pandas (GX dataframe assets); a failing
blocking expectation fails the stage, so the candidate is never published. Only the columns a suite's
expectations name (and the row id) are read: the marts carry quotes and text that no expectation
looks at, and reading them whole made this stage the run's peak of memory.

After an incremental build, the marts that grow with the documents (``marts.GROWING``) are checked on
their rows new or changed since the published build, plus one row of whole-table totals (keys unique
and present, mentions adding up): a night's checks cost what the night added, not the whole history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pkit.expectations import marts
from pkit.expectations.runner import Checker, CheckResult, columns_needed
from pkit.run.context import RunContext
from pkit.run.ledger import CheckEvent


class MartChecksFailed(RuntimeError):
    """A blocking expectation failed on a mart; the message names the suite, table and check."""


def check_marts(
    ctx: RunContext, candidate: Path, changed_since: str | None = None, rebuilt: set[str] | None = None
) -> list[CheckResult]:
    """Check every mart; ``changed_since`` (the published build's newest load, after an incremental build)
    narrows the growing marts to their new and changed rows plus whole-table totals, and ``rebuilt``
    (the models that build ran) skips the marts it left as published."""
    checker = Checker(ctx.settings.gx_dir)
    results: list[CheckResult] = []
    with ctx.ledger.stage("check_marts") as stage, duckdb.connect(str(candidate), read_only=True) as con:

        def run(suite: str, spec: dict[str, Any], query: str, params: list[Any], target: str) -> None:
            frame = con.execute(query, params).df()
            result = checker.validate(
                suite, spec["expectations"], frame, target=target, id_column=spec.get("id")
            )
            ctx.ledger.check(CheckEvent(**{k: v for k, v in result.as_event().items()}))
            results.append(result)
            stage["rows"] = stage.get("rows", 0) + len(frame)

        try:
            for family, tables in marts.SUITES.items():
                for table, build in tables.items():
                    if rebuilt is not None and table not in rebuilt:
                        stage.setdefault("unchanged_marts", []).append(table)
                        continue
                    suite = f"marts_{family}__{table}"
                    growing = marts.GROWING.get(table) if changed_since else None
                    if growing is None:
                        spec: dict[str, Any] = build(con, ctx.run_date)
                        run(suite, spec, _select(spec, table), [], f"marts.{table}")
                        continue
                    spec = growing.rows(con, ctx.run_date)
                    where = f" where {growing.changed_after} > cast(? as timestamptz)"
                    target = f"marts.{table} (rows new or changed since {changed_since})"
                    run(f"{suite}__changed", spec, _select(spec, table) + where, [changed_since], target)
                    totals = growing.totals(con, ctx.run_date)
                    run(f"{suite}__totals", totals, totals["sql"], [], f"marts.{table} (whole table)")
        finally:
            checker.build_docs()
        stage["scope"] = "changed rows and totals" if changed_since else "every row"
    failed = [r for r in results if not r.success]
    if failed:
        lines = [
            f"{r.suite} on {r.target}: " + "; ".join(f.sentence() for f in r.failures if f.blocking)
            for r in failed
        ]
        raise MartChecksFailed("mart checks failed, not publishing:\n" + "\n".join(lines))
    return results


def _select(spec: dict[str, Any], table: str) -> str:
    columns = ", ".join(f'"{c}"' for c in columns_needed(spec))
    return f"select {columns} from marts.{table}"
