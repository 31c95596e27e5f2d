"""scripts/refresh-doc-examples refuses an example whose rows could print in another order on the next
build: rows tied on its ORDER BY come back in storage order, which a rebuild may change (a README example
once flipped two e-Rozgaar rows in CI that way)."""

from __future__ import annotations

from importlib.machinery import SourceFileLoader
from types import ModuleType

import duckdb
import pytest

from pkit.config import PROJECT_ROOT


@pytest.fixture(scope="module")
def script() -> ModuleType:
    path = PROJECT_ROOT / "scripts" / "refresh-doc-examples"
    return SourceFileLoader("refresh_doc_examples", str(path)).load_module()


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "create table t as select * from (values ('a', 1, 'x'), ('a', 2, 'y'), ('b', 1, 'z')) as v(k, n, s)"
    )
    return con


@pytest.mark.parametrize(
    "sql",
    [
        "select k, n, s from t order by k, n;",
        "select k, s from t order by k desc, s limit 2;",
        "select k, count(*) as c from t group by all order by k;",
        "select k, n from t where k = 'b';",  # one row needs no order
    ],
)
def test_a_total_order_passes(script: ModuleType, con: duckdb.DuckDBPyConnection, sql: str) -> None:
    assert script.order_problem(sql, con) is None


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("select k, n, s from t order by k;", "leaves ties"),
        ("select k, n from t order by k limit 2;", "leaves ties"),
        ("select k, n, s from t;", "no ORDER BY"),
        # an ORDER BY inside a subquery orders nothing that prints
        ("select k, n from (select k, n from t order by k, n) as sub where n > 0;", "no ORDER BY"),
    ],
)
def test_an_order_with_ties_is_refused(
    script: ModuleType, con: duckdb.DuckDBPyConnection, sql: str, reason: str
) -> None:
    problem = script.order_problem(sql, con)
    assert problem is not None and reason in problem
