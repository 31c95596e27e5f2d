"""Quarantine: a refused input's original bytes and the reason, kept for a steward, and one ledger line.

Every stage that refuses an input (reading a document, a table's contract, a raw check) calls
``quarantine_input``: one folder per refused input under ``quarantine/<run>/``, named by the input's
source and content hash (short and safe whatever the file was called: a name can be 250 bytes or not
UTF-8), holding ``original<.ext>`` (the bytes as they arrived) and ``reason.json`` (the file's name as
it was, the line, the check, the reason, and ``kept_as``: the name of the kept bytes).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from pkit.errors import InputRejected
from pkit.run.context import RunContext
from pkit.run.ledger import InputEvent, safe_name

_SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def quarantine_input(
    ctx: RunContext,
    source: str,
    err: InputRejected,
    *,
    data: bytes | None = None,
    original_path: Path | None = None,
    sha256: str | None = None,
    size: int | None = None,
    details: Any = None,
) -> Path:
    """Keep the refused input (its bytes, or a copy of ``original_path``) and say why, in the ledger too."""
    folder = _new_folder(ctx, f"{source}-{(sha256 or 'unread')[:16]}")
    suffix = Path(err.file).suffix
    original = folder / ("original" + (suffix if _SAFE_SUFFIX.match(suffix) else ""))
    if data is not None:
        original.write_bytes(data)
    elif original_path is not None:
        shutil.copyfile(original_path, original)
    reason = {
        "file": err.file,
        "line": err.line,
        "check": err.check,
        "reason": str(err),
        "kept_as": original.name if original.exists() else None,
        "details": details,
    }
    (folder / "reason.json").write_text(json.dumps(reason, indent=2, default=str), encoding="utf-8")
    ctx.ledger.input(
        InputEvent(
            source,
            err.file,
            sha256,
            len(data) if data is not None else size,
            "quarantined",
            reason=f"{err} (kept in {folder})",
        )
    )
    return folder


def _new_folder(ctx: RunContext, name: str) -> Path:
    base = ctx.settings.quarantine_dir / safe_name(ctx.run_id)
    for n in range(10_000):
        folder = base / (name if n == 0 else f"{name}-{n}")
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:
            continue
    raise RuntimeError(f"cannot make a quarantine folder under {base}: 10,000 exist named {name}")
