"""Input files must stay inside their configured folders: no symlinks, no ``..`` escapes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingestion.errors import InputRejected


def check_inside(path: Path, root: Path) -> Path:
    """Return ``path`` resolved, or raise if it is a symlink or resolves outside ``root``."""
    if path.is_symlink():
        raise InputRejected(
            str(path), "is a symbolic link; copy the file into the inbox instead", check="path"
        )
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise InputRejected(str(path), f"resolves outside the configured folder {root}", check="path")
    return resolved


def list_inputs(root: Path, suffixes: frozenset[str]) -> tuple[list[Path], list[InputRejected]]:
    """Files under ``root`` with one of ``suffixes`` (sorted), and the ones refused for their path.

    Hidden files (``.gitkeep``, editor swap files) are not inputs. Other suffixes are not inputs
    either: they are listed nowhere, as a mail client ignores attachments it does not handle.
    """
    accepted: list[Path] = []
    refused: list[InputRejected] = []
    if not root.is_dir():
        return accepted, refused
    for path in sorted(_walk(root)):
        if path.name.startswith(".") or path.suffix.lower() not in suffixes:
            continue
        try:
            check_inside(path, root)
        except InputRejected as err:
            err.file = path.relative_to(root).as_posix()
            refused.append(err)
            continue
        accepted.append(path)
    return accepted, refused


def _walk(root: Path) -> Iterator[Path]:
    # Path.rglob follows no symlinked directories by default in 3.11, but lists symlinked files.
    for path in root.rglob("*"):
        if path.is_symlink() or path.is_file():
            yield path
