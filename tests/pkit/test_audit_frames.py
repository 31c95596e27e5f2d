"""The audit schema's frames parse every ledger timestamp, whatever its precision."""

from __future__ import annotations

from pkit.publish import _frame
from pkit.run.ledger import _now, read_ledger_from


def test_timestamps_with_and_without_microseconds_parse() -> None:
    events = [
        {"run_id": "r", "kind": "stage", "at": "2026-11-30T04:11:09.250000+00:00", "stage": "a"},
        {"run_id": "r", "kind": "stage", "at": "2026-11-30T04:11:09+00:00", "stage": "b"},
        {"run_id": "r", "kind": "input", "at": "2026-11-30T04:11:10+00:00", "file": "x"},
    ]
    frame = _frame(events, "stage", ["stage", "status"])
    assert list(frame["stage"]) == ["a", "b"]
    assert [t.isoformat() for t in frame["recorded_at"]] == [
        "2026-11-30T04:11:09.250000+00:00",
        "2026-11-30T04:11:09+00:00",
    ]


def test_the_ledger_always_writes_microseconds() -> None:
    assert _now()[19] == "." and len(_now().split(".")[1]) == len("123456+00:00")


def test_ledger_reads_resume_after_the_last_complete_line(tmp_path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_bytes(
        b'{"run_id": "r", "kind": "a"}\n{"run_id": "r", "kind": "b"}\n'
        b'{"run_id": "r", "kind": "c", "note": "written in two go'
    )
    events, offset = read_ledger_from(path)
    assert [e["kind"] for e in events] == ["a", "b"]
    assert offset == len(b'{"run_id": "r", "kind": "a"}\n{"run_id": "r", "kind": "b"}\n')
    # the line being written is finished, and another appended: the next read starts where it stopped
    with path.open("ab") as fh:
        fh.write(b'es"}\n{"run_id": "r", "kind": "d"}\n')
    events, offset = read_ledger_from(path, offset)
    assert [e["kind"] for e in events] == ["c", "d"] and offset == path.stat().st_size
    assert read_ledger_from(path, offset) == ([], offset)
