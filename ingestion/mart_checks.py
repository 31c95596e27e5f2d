"""Stage 5: Great Expectations checkpoints on the candidate's marts, one suite per mart family.

Mart tables are read from the candidate DuckDB file into pandas (GX dataframe assets); a failing
blocking expectation fails the stage, so the candidate is never published. Only the columns a suite's
expectations name (and the row id) are read: the marts carry quotes and text that no expectation
looks at, and reading them whole made this stage the run's peak of memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from expectations import marts
from ingestion.ledger import CheckEvent
from ingestion.quality import Checker, CheckResult, columns_needed
from ingestion.run_context import RunContext


class MartChecksFailed(RuntimeError):
    """A blocking expectation failed on a mart; the message names the suite, table and check."""


def check_marts(ctx: RunContext, candidate: Path) -> list[CheckResult]:
    checker = Checker(ctx.settings.gx_dir)
    results: list[CheckResult] = []
    with ctx.ledger.stage("check_marts") as stage, duckdb.connect(str(candidate), read_only=True) as con:
        for family, tables in marts.SUITES.items():
            for table, build in tables.items():
                spec: dict[str, Any] = build(con, ctx.run_date)
                columns = ", ".join(f'"{c}"' for c in columns_needed(spec))
                frame = con.execute(f"select {columns} from marts.{table}").df()
                result = checker.validate(
                    f"marts_{family}__{table}",
                    spec["expectations"],
                    frame,
                    target=f"marts.{table}",
                    id_column=spec.get("id"),
                )
                ctx.ledger.check(CheckEvent(**{k: v for k, v in result.as_event().items()}))
                results.append(result)
                stage["rows"] = stage.get("rows", 0) + len(frame)
    failed = [r for r in results if not r.success]
    if failed:
        lines = [
            f"{r.suite} on {r.target}: " + "; ".join(f.sentence() for f in r.failures if f.blocking)
            for r in failed
        ]
        raise MartChecksFailed("mart checks failed, not publishing:\n" + "\n".join(lines))
    return results
