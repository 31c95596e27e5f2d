"""Per-run candidate paths: a run's clean-up removes crashed runs' candidates, never a live run's."""

from __future__ import annotations

import json
import os
import time

from pkit.build.candidate import STALE_TASK_CANDIDATE_S, _claim_candidate_dir, clean_stale_candidates
from pkit.config import Settings
from pkit.run.context import RunContext
from pkit.run.lock import run_lock


def _candidate(settings: Settings, run_id: str, *, whole_run: bool, age_s: float = 0) -> None:
    folder = RunContext.create(run_id, settings=settings).candidate_dir
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
    _candidate(settings, "scheduled__old", whole_run=False, age_s=STALE_TASK_CANDIDATE_S + 60)
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
