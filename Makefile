# pkit: two commands set everything up — `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Embedded default: Airflow on SQLite in a project-local home; nothing phones home.
export AIRFLOW_HOME ?= $(CURDIR)/airflow_home
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__UNIT_TEST_MODE := False
export AIRFLOW__COSMOS__ENABLE_TELEMETRY := False
export SCARF_ANALYTICS := false
export SCARF_NO_ANALYTICS := true
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast test-deps lint eval bench airflow sql docs clean help

help:
	@echo "make run    - create .venv, install the pinned lock, run the nightly DAG once, print a summary"
	@echo "make test   - the whole test suite (ruff + pytest); CI runs this"
	@echo "make test-fast - the unit tier only (no Airflow, dbt or browser), about a minute"
	@echo "make eval   - score the fact extractor on the gold, dev and held-out sets, beside quantulum3"
	@echo "make bench  - benchmark the pipeline on a synthetic corpus (BENCH_DOCS=1000,10000)"
	@echo "make airflow - the DAG in a local 'airflow standalone' (UI on localhost:8080)"
	@echo "make sql    - an interactive read-only SQL shell on the published warehouse"
	@echo "make docs   - serve the dbt docs (catalog, lineage) of the published warehouse on localhost:8081"

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@echo "== creating $(VENV) and installing the pinned dependencies (once; about 3 to 6 minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(AIRFLOW_HOME)/.migrated: $(STAMP)
	@echo "== preparing Airflow's SQLite database (once; about 30 seconds)"
	mkdir -p $(AIRFLOW_HOME)
	$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/migrate.log 2>&1 || (tail -40 $(AIRFLOW_HOME)/migrate.log; exit 1)
	touch $@

run: $(AIRFLOW_HOME)/.migrated
	@echo "== running DAG pkit_nightly once (airflow dags test; full log: $(AIRFLOW_HOME)/last_run.log)"
	@since=$$(date +%s); $(BIN)/airflow dags test pkit_nightly > $(AIRFLOW_HOME)/last_run.log 2>&1 & pid=$$!; \
	  $(BIN)/pkit follow --pid $$pid --since $$since; wait $$pid; status=$$?; \
	  $(BIN)/pkit summary; \
	  if [ $$status -ne 0 ]; then echo "DAG run failed (exit $$status); see $(AIRFLOW_HOME)/last_run.log and the report"; \
	  grep -E "ERROR|Failed|failed" $(AIRFLOW_HOME)/last_run.log | tail -15; exit $$status; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/sqlfluff lint --disable-progress-bar --nocolor dbt_project/models dbt_project/tests

# System programs the tests drive (headless Chromium for the report and dbt docs), from Debian's
# packages: installed when missing and this user can, otherwise make stops with the command to run.
test-deps:
	@scripts/ensure-debian-packages /usr/bin/chromium=chromium /usr/bin/chromedriver=chromium-driver

# One worker per core, a test file per worker at a time (its module fixtures are built once): on CI's two
# cores the suite's slow end-to-end files run side by side. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP) test-deps lint
	$(BIN)/python -m pytest -q --durations=15 -n $(PYTEST_WORKERS) --dist loadfile

# The unit tier: no Airflow run, no dbt build, no browser (tests marked slow are left out).
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -q -m "not slow"

eval: $(STAMP)
	$(BIN)/python -m pkit.ingestion.extract.evaluate
	@echo "== dev set (tests/data/dev: the rules are developed against it) =="
	$(BIN)/python -m pkit.ingestion.extract.evaluate --gold tests/data/dev/gold.jsonl --docs tests/data/dev
	@echo "== held-out set (tests/data/heldout: no rule was written against it) =="
	$(BIN)/python -m pkit.ingestion.extract.evaluate --gold tests/data/heldout/gold.jsonl --docs tests/data/heldout

bench: $(STAMP) $(AIRFLOW_HOME)/.migrated
	$(BIN)/python -m benchmarks

docs: $(STAMP)
	$(BIN)/pkit docs

airflow: $(AIRFLOW_HOME)/.migrated
	$(BIN)/airflow standalone

# Harlequin (terminal SQL IDE) lives in its own venv: its pins (click, textual, pyarrow) must not
# move the pipeline's. requirements-sql.lock pins duckdb to the version the pipeline writes with.
SQL_VENV := .venv-sql
$(SQL_VENV)/.installed: requirements-sql.lock
	test -x $(SQL_VENV)/bin/python || $(PYTHON) -m venv $(SQL_VENV)
	$(SQL_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-sql.lock
	touch $@

sql: $(SQL_VENV)/.installed
	@test -f $(or $(PKIT_WAREHOUSE_DIR),warehouse)/pkit.duckdb || (echo "no published warehouse yet: run 'make run' first"; exit 1)
	$(SQL_VENV)/bin/harlequin --read-only --init-path scripts/harlequin-lockdown.sql $(or $(PKIT_WAREHOUSE_DIR),warehouse)/pkit.duckdb

clean:
	rm -rf airflow_home warehouse/raw warehouse/landing warehouse/candidates warehouse/quarantine \
	  warehouse/ledger warehouse/reports warehouse/gx warehouse/dbt warehouse/pkit.duckdb
