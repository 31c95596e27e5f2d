"""Time analysts' queries (``queries.QUERIES`` and a scan of every mart) on a published warehouse."""

from __future__ import annotations

import math
import statistics
import time
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.queries import QUERIES, AnalystQuery


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "union all select schema_name, view_name from duckdb_views() where not internal"
    ).fetchall()
    return {f"{schema}.{name}" for schema, name in rows}


def _scan_queries(relations: set[str]) -> list[AnalystQuery]:
    return [
        AnalystQuery(f"scan:{rel}", f"Export the whole of {rel}", f"select * from {rel}", (rel,))
        for rel in sorted(r for r in relations if r.startswith("marts."))
    ]


def time_query(con: duckdb.DuckDBPyConnection, query: AnalystQuery, repeats: int) -> dict[str, Any]:
    result: dict[str, Any] = {"name": query.name, "question": query.question}
    try:
        rows = len(con.execute(query.sql).fetchall())  # warm-up, and the answer's size
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            con.execute(query.sql).fetchall()
            samples.append((time.perf_counter() - t0) * 1000)
    except duckdb.Error as err:
        result["error"] = f"{type(err).__name__}: {str(err).splitlines()[0]}"
        return result
    result.update(
        rows=rows,
        p50_ms=round(statistics.median(samples), 2),
        p95_ms=round(percentile(samples, 95), 2),
        max_ms=round(max(samples), 2),
        repeats=repeats,
    )
    return result


def time_queries(
    database: Path, repeats: int = 20, queries: tuple[AnalystQuery, ...] = QUERIES
) -> dict[str, Any]:
    """p50/p95 of each query over ``repeats`` runs on one read-only connection (after a warm-up)."""
    if not database.exists():
        return {"skipped": f"no published warehouse at {database}"}
    opens = []
    for _ in range(5):
        t0 = time.perf_counter()
        duckdb.connect(str(database), read_only=True).close()
        opens.append((time.perf_counter() - t0) * 1000)
    results = []
    with duckdb.connect(str(database), read_only=True) as con:
        relations = _relations(con)
        for query in (*queries, *_scan_queries(relations)):
            missing = [t for t in query.tables if t not in relations]
            if missing:
                results.append({"name": query.name, "skipped": f"absent: {', '.join(missing)}"})
                continue
            results.append(time_query(con, query, repeats))
    return {
        "database_mb": round(database.stat().st_size / 1e6, 2),
        "connect_p50_ms": round(statistics.median(opens), 2),
        "queries": results,
    }
