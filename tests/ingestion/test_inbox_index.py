"""A night reads only what is new or changed in the documents inbox, and logs the rest as one event."""

from __future__ import annotations

import os
import shutil

from pkit.expectations.raw_checks import check_raw_loads
from pkit.ingestion import inbox_index
from pkit.ingestion.ingest_documents import ingest_documents
from pkit.run.context import RunContext


def _night(settings, run_id):
    ctx = RunContext.create(run_id, settings=settings)
    landed = ingest_documents(ctx)
    check_raw_loads(ctx, landed)
    stage = next(e for e in ctx.ledger.events("stage") if e["stage"] == "ingest_documents")
    return landed, stage, ctx.ledger.events("input")


def test_unchanged_files_are_not_read_again_and_changes_are(project_copy):
    s = project_copy
    files = sorted(s.documents_dir.iterdir())

    landed, stage, _ = _night(s, "n1")
    assert stage["files_read"] == len(files)
    assert sum(load["rows"]["documents"] for load in landed) == len(files)
    assert len(inbox_index.load(inbox_index.index_path(s.warehouse_dir))) == len(files)

    landed, stage, inputs = _night(s, "n2")
    assert landed == [] and stage["files_read"] == 0
    # one event for the whole already-seen inbox, counting its files and bytes
    [summary] = inputs
    assert summary["status"] == "skipped" and summary["files"] == len(files)
    assert summary["bytes"] == sum(f.stat().st_size for f in files)

    # new content under an old name: size and mtime change, so it is read, and loaded as a new document
    changed = files[0]
    changed.write_bytes(changed.read_bytes() + b"\nUpdate: PSEB registered 2,000 more companies.\n")
    # same bytes, new mtime: read again, recognised by its hash, not loaded twice
    touched = files[1]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    landed, stage, inputs = _night(s, "n3")
    assert stage["files_read"] == 2
    assert [load["rows"]["documents"] for load in landed] == [1]
    assert sum(e["files"] for e in inputs if e["status"] == "skipped") == len(files) - 1


def test_a_lost_or_unreadable_index_means_reading_everything(project_copy):
    s = project_copy
    _night(s, "n1")
    index = inbox_index.index_path(s.warehouse_dir)
    index.write_bytes(b"not parquet")
    landed, stage, inputs = _night(s, "n2")
    files = len(list(s.documents_dir.iterdir()))
    assert landed == [] and stage["files_read"] == files
    assert [e["files"] for e in inputs] == [files]


def test_a_known_file_whose_hash_the_raw_layer_lacks_is_read_again(project_copy):
    """``make clean`` removes the raw layer but not the inbox index: every file must load again.

    (And a quarantined file is never in the raw layer, so it is re-read until it loads.)"""
    s = project_copy
    _night(s, "n1")
    files = len(list(s.documents_dir.iterdir()))
    shutil.rmtree(s.raw_dir)
    landed, stage, _ = _night(s, "n2")
    assert stage["files_read"] == files
    assert sum(load["rows"]["documents"] for load in landed) == files


def test_every_file_seen_for_the_first_time_is_named(project_copy):
    """A new file with a known document's bytes is named as its copy (not folded into "N files already
    seen"), each empty file is quarantined on its own, and a name that is not UTF-8 or is 250 bytes long
    is data: the file is loaded or quarantined under it, and the night goes on."""
    s = project_copy
    original = sorted(s.documents_dir.iterdir())[0]
    _night(s, "n1")

    shutil.copyfile(original, s.documents_dir / "copy.txt")
    for n in range(3):
        (s.documents_dir / f"empty{n}.txt").write_bytes(b"")
    latin1 = os.fsencode(s.documents_dir) + b"/caf\xe9 report.txt"
    with open(latin1, "wb") as fh:
        fh.write(b"Lahore: e-Rozgaar trained 5,000 freelancers in FY2024-25, the Punjab IT Board said.")
    long_empty = s.documents_dir / ("x" * 246 + ".txt")
    long_empty.write_bytes(b"")
    landed, _, inputs = _night(s, "n2")

    by_file = {e["file"]: e for e in inputs}
    copy = by_file["copy.txt"]
    assert copy["status"] == "skipped" and original.name in copy["reason"]
    assert [by_file[f"empty{n}.txt"]["status"] for n in range(3)] == ["quarantined"] * 3
    assert by_file[long_empty.name]["status"] == "quarantined"
    assert sum(load["rows"]["documents"] for load in landed) == 1
    assert "caf\\xe9 report.txt" in by_file and by_file["caf\\xe9 report.txt"]["status"] == "loaded"

    # the next night the copy is known by its path too: counted with the unchanged files, not named again
    _, _, inputs = _night(s, "n3")
    assert "copy.txt" not in {e["file"] for e in inputs}
