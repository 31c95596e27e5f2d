"""The audit schema's frames parse every ledger timestamp, whatever its precision."""

from __future__ import annotations

from ingestion.ledger import _now
from ingestion.publish import _frame


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
