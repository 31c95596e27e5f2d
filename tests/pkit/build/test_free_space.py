"""A build the disk cannot hold is refused before anything is written, with the space free and needed."""

from __future__ import annotations

import shutil
from collections import namedtuple

import pytest

from pkit.build import candidate
from pkit.build.candidate import BuildFailed, build_candidate
from pkit.run.context import RunContext

Usage = namedtuple("Usage", "total used free")


def test_a_disk_without_room_for_the_build_stops_it_before_it_starts(project_copy, monkeypatch) -> None:
    ctx = RunContext.create("disk-full", settings=project_copy)
    monkeypatch.setattr(candidate.shutil, "disk_usage", lambda _: Usage(10 * 2**20, 9 * 2**20, 2**20))
    with pytest.raises(BuildFailed, match=r"not enough free disk space .* 1 MiB free .* MiB needed"):
        build_candidate(ctx)
    assert not ctx.candidate_dir.exists(), "nothing written"
    assert not project_copy.published_db.exists()


def test_room_enough_lets_the_check_pass(project_copy) -> None:
    # the real disk: the bundled build needs well under what any machine running the suite has free
    candidate.check_free_space(project_copy, [], None)
    assert shutil.disk_usage(project_copy.warehouse_dir.parent).free > candidate.BUILD_SPACE_FLOOR
