"""A report that cannot be written (disk full) leaves no 0-byte page, and reports/latest no longer shows an
older run's outcome as the latest: it says this run's report could not be written, and why."""

from __future__ import annotations

import errno

import pytest

from pkit.report import page
from pkit.run.context import RunContext


def test_a_full_disk_leaves_no_empty_report_and_no_stale_latest(project_copy, monkeypatch) -> None:
    ctx = RunContext.create("first", settings=project_copy)
    page.write_report(ctx, {"status": "published"})
    latest = project_copy.reports_dir / "latest"
    assert "first" in (latest / "summary.json").read_text()

    real_write = page._write_whole

    def full_disk(path, text):
        if path.parent.name == "second":  # the run's own report: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, text)

    monkeypatch.setattr(page, "_write_whole", full_disk)
    ctx = RunContext.create("second", settings=project_copy)
    with pytest.raises(OSError):
        page.write_report(ctx, {"status": "failed"})
    run_folder = project_copy.reports_dir / "second"
    assert not any(p.stat().st_size == 0 for p in run_folder.iterdir()), "no 0-byte file"
    assert not (latest / "summary.json").exists(), "latest no longer holds the first run's summary"
    note = (latest / "index.html").read_text()
    assert "second" in note and "No space left on device" in note
