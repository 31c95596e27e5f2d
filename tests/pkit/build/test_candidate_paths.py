"""Per-run candidate paths and landing folders: a run's clean-up removes crashed runs' folders, never a
live run's."""

from __future__ import annotations

import json
import os
import time

from pkit.build.candidate import _claim_candidate_dir, clean_stale_candidates
from pkit.config import Settings
from pkit.run.context import RunContext
from pkit.run.lock import STALE_TASK_RUN_S, run_lock


def _candidate(settings: Settings, run_id: str, *, whole_run: bool, age_s: float = 0, landing=False) -> None:
    ctx = RunContext.create(run_id, settings=settings)
    folder = ctx.landing if landing else ctx.candidate_dir
    folder.mkdir(parents=True)
    (folder / "owner.json").write_text(json.dumps({"run_id": run_id, "pid": 1, "whole_run": whole_run}))
    (folder / "candidate.duckdb").write_bytes(b"x")
    if age_s:
        then = time.time() - age_s
        os.utime(folder, (then, then))


def test_clean_up_spares_a_live_airflow_runs_candidate_and_removes_crashed_ones(tmp_path):
    settings = Settings.from_env({"PKIT_HOME": str(tmp_path)})
    _candidate(settings, "scheduled__airflow", whole_run=False)  # between its dbt_build and publish
    _candidate(settings, "manual__crashed", whole_run=True)  # a pkit run holds the lock throughout
    _candidate(settings, "scheduled__old", whole_run=False, age_s=STALE_TASK_RUN_S + 60)
    (settings.candidates_dir / "candidate.duckdb").write_bytes(b"old layout")
    ctx = RunContext.create("manual__now", settings=settings)
    with run_lock(settings.warehouse_dir, ctx.run_id, 0, whole_run=True):
        path = _claim_candidate_dir(ctx)
        removed = clean_stale_candidates(ctx)
    assert sorted(removed) == ["candidate.duckdb", "manual__crashed", "scheduled__old"]
    left = sorted(p.name for p in settings.candidates_dir.iterdir())
    assert left == ["manual__now", "scheduled__airflow"]
    assert path == settings.candidates_dir / "manual__now" / "candidate.duckdb"
    assert json.loads((path.parent / "owner.json").read_text())["whole_run"] is True


def test_landing_clean_up_spares_a_live_airflow_runs_landing(tmp_path):
    settings = Settings.from_env({"PKIT_HOME": str(tmp_path)})
    _candidate(settings, "scheduled__airflow", whole_run=False, landing=True)  # between ingest and check_raw
    _candidate(settings, "manual__crashed", whole_run=True, landing=True)
    (settings.landing_dir / "no_owner").mkdir()  # a leftover of a version without owner files
    ctx = RunContext.create("manual__now", settings=settings)
    with run_lock(settings.warehouse_dir, ctx.run_id, 0, whole_run=True):
        removed = ctx.clear_stale_landings()
    assert sorted(removed) == ["manual__crashed", "no_owner"]
    assert sorted(p.name for p in settings.landing_dir.iterdir()) == ["manual__now", "scheduled__airflow"]
    assert json.loads((ctx.landing / "owner.json").read_text())["whole_run"] is True
