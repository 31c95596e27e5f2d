"""The run ledger: what happened to every input, stage and check, written as it happens.

One JSON-lines file per run under ``warehouse/ledger/``. It survives failed and unpublished runs;
the publish step copies all of it into the ``audit`` schema, and the report reads it. Appends are
small single writes by one task at a time (``max_active_runs=1``), so a crash loses at most the line
being written, which the reader skips.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

InputStatus = Literal["loaded", "skipped", "quarantined"]


@dataclass
class InputEvent:
    source: str  # documents | official
    file: str
    sha256: str | None
    bytes: int | None
    status: InputStatus
    load_id: str | None = None
    rows: int = 0
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    files: int = 1  # inbox files this event stands for (a night's already-seen documents are one event)


@dataclass
class CheckEvent:
    suite: str
    target: str  # a load_id or a mart table
    success: bool
    evaluated: int
    failed: int
    failures: list[dict[str, Any]] = field(default_factory=list)
    blocking: bool = True


def _now() -> str:
    # always with microseconds: isoformat() drops them when they happen to be zero, and a column of
    # mixed shapes broke the audit schema's timestamp parsing at 100,000 documents (make bench)
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Ledger:
    def __init__(self, ledger_dir: Path, run_id: str) -> None:
        self.run_id = run_id
        self.path = ledger_dir / f"{safe_name(run_id)}.jsonl"

    def write(self, kind: str, payload: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"run_id": self.run_id, "kind": kind, "at": _now(), **payload}, default=str)
        with self.path.open("a+b") as fh:
            # a run killed mid-line left no newline: end that cut line first, or this event is glued to it
            # and both are lost to the reader
            if fh.tell() and (fh.seek(-1, 2), fh.read(1))[1] != b"\n":
                fh.write(b"\n")
            fh.write(line.encode("utf-8") + b"\n")

    def input(self, event: InputEvent) -> None:
        self.write("input", asdict(event))

    def check(self, event: CheckEvent) -> None:
        self.write("check", asdict(event))

    @contextmanager
    def stage(self, name: str) -> Iterator[dict[str, Any]]:
        """Time a stage; the caller may put ``rows`` and notes into the yielded dict."""
        info: dict[str, Any] = {"rows": 0}
        self.write("stage_start", {"stage": name})  # for whoever follows the run live (pkit follow)
        started, t0, c0 = _now(), time.perf_counter(), time.process_time()
        status = "failed"
        try:
            yield info
            status = "success"
        finally:
            self.write(
                "stage",
                {
                    "stage": name,
                    "status": status,
                    "started_at": started,
                    "seconds": round(time.perf_counter() - t0, 3),
                    "cpu_seconds": round(time.process_time() - c0, 3),
                    **info,
                },
            )

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        return [e for e in read_ledger_file(self.path) if kind is None or e["kind"] == kind]


def read_ledger_file(path: Path) -> list[dict[str, Any]]:
    # bytes that are not UTF-8 (a damaged line) must not fail every later run: that line is skipped
    return _parse_lines(path.read_text(encoding="utf-8", errors="replace")) if path.exists() else []


def read_ledger_from(path: Path, start: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Events of the complete lines from byte ``start`` on, and the offset after the last of them
    (a line being written, or cut by a crash, is left for the next read)."""
    with path.open("rb") as fh:
        fh.seek(start)
        data = fh.read()
    end = data.rfind(b"\n") + 1
    return _parse_lines(data[:end].decode("utf-8", errors="replace")), start + end


# the keys the readers of each kind of event rely on (the report, the audit schema)
_REQUIRED: dict[str, set[str]] = {
    "input": {"source", "file", "status", "at"},
    "check": {"suite", "target", "success", "at"},
    "stage": {"stage", "status", "at"},
    "stage_start": {"stage"},
    "progress": {"stage"},
    "dbt": {"command", "returncode"},
    "dbt_samples": {"samples"},
    "docs": {"status"},
    "error": {"stage", "message"},
}


def _parse_lines(text: str) -> list[dict[str, Any]]:
    events = []
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a crash
        # valid JSON that is not an event (a stray `[]`, `"x"`, an object without its kind) is damage too:
        # skipped, never a KeyError in every later run
        if (
            isinstance(event, dict)
            and isinstance(event.get("run_id"), str)
            and isinstance(event.get("kind"), str)
            and _REQUIRED.get(event["kind"], set()) <= event.keys()
        ):
            events.append(event)
    return events


def read_all(ledger_dir: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for path in sorted(ledger_dir.glob("*.jsonl")):
        events.extend(read_ledger_file(path))
    return events


def safe_name(value: str) -> str:
    """A run id (``manual__2026-11-23T02:00:00+05:00``) as a file name."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in value)
