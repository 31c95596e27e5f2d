"""The one error type for input the pipeline refuses: it names the file, the line and the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputRejected(Exception):
    """An input file (or one of its rows) that cannot be loaded.

    ``str()`` is the sentence a data steward reads in the report: which file, which line, why, and
    what to do about it.
    """

    file: str
    reason: str
    line: int | None = None
    check: str = "contract"

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"
