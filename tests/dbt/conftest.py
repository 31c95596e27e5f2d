"""dbt project fixtures (session-scoped, built once): the project built from the bundled inputs, and from
an empty raw layer. See raw_fixture.py for how the raw layer is made."""

from __future__ import annotations

import pytest
from raw_fixture import DbtBuild, build_raw_layer, run_dbt_build, write_schema_files


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> DbtBuild:
    """The project built from the bundled inputs (gold facts as the extraction)."""
    base = tmp_path_factory.mktemp("dbt_bundled")
    build_raw_layer(base / "raw")
    build = run_dbt_build(base / "raw", base)
    assert build.returncode == 0, build.output[-6000:]
    return build


@pytest.fixture(scope="session")
def empty_build(tmp_path_factory: pytest.TempPathFactory) -> DbtBuild:
    """The project built from a raw layer holding only the zero-row ``_schema.parquet`` files."""
    base = tmp_path_factory.mktemp("dbt_empty")
    write_schema_files(base / "raw")
    return run_dbt_build(base / "raw", base)


@pytest.fixture(scope="module")
def con(built_warehouse: DbtBuild):
    """A read-only connection to the bundled build."""
    with built_warehouse.connect() as connection:
        yield connection
