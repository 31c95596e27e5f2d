"""A damaged ledger line never fails a later run: a line cut by a kill is ended before the next event is
written (not glued to it), and a line that is valid JSON but not an event, or not UTF-8, is skipped."""

from __future__ import annotations

from pkit.run.ledger import InputEvent, Ledger, read_ledger_file


def test_an_event_after_a_cut_line_is_read(tmp_path) -> None:
    ledger = Ledger(tmp_path, "run-1")
    ledger.input(InputEvent("documents", "a.txt", "00", 1, "loaded"))
    with ledger.path.open("ab") as fh:  # a kill in the middle of the next write
        fh.write(b'{"run_id": "run-1", "kind": "input", "sou')
    ledger.input(InputEvent("documents", "b.txt", "11", 1, "loaded"))
    assert [e["file"] for e in ledger.events("input")] == ["a.txt", "b.txt"]


def test_json_that_is_not_an_event_and_bytes_that_are_not_utf8_are_skipped(tmp_path) -> None:
    ledger = Ledger(tmp_path, "run-1")
    ledger.input(InputEvent("documents", "a.txt", "00", 1, "loaded"))
    with ledger.path.open("ab") as fh:
        for damage in (
            b"[]",
            b'"text"',
            b"42",
            b"null",
            b'{"kind": "input"}',
            b'{"run_id": "r", "kind": "input"}',
            b'{"run_id": "r", "kind": 3}',
            b"\xff\xfe not utf-8 \xe9",
        ):
            fh.write(damage + b"\n")
    ledger.input(InputEvent("documents", "b.txt", "11", 1, "loaded"))
    events = read_ledger_file(ledger.path)
    assert [e["file"] for e in events] == ["a.txt", "b.txt"]
    assert all(e["kind"] == "input" for e in events)
