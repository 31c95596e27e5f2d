"""Fetch a source's file over HTTP, with the local snapshot as the offline default.

Why this module exists: the nightly run must never depend on a publisher's website being up. A
source that has a URL is downloaded only when configuration turns fetching on; otherwise, or when
the download fails, the run uses the last good snapshot (the last good download, else the bundled
file) and the returned ``message`` says so in one sentence, for the data-quality report.

Layout under ``landing_dir``::

    <source_id>/state.json                   etag, last_modified, sha256, path of the last good download
    <source_id>/<YYYY-MM-DD>/<filename>      one folder per day that brought new content

``<filename>`` is the name of the fallback snapshot (e.g. ``parks.csv``), so a download is read by the
same parser as the file it replaces, whatever the URL looks like; the URL's last segment is used only
when the fallback has no name.

Rules, and why:

* **Conditional GET.** ``If-None-Match`` / ``If-Modified-Since`` come from ``state.json``, and only
  while the last good download still exists with the recorded sha256 and the URL is unchanged: a 304
  is only useful when there is a file to reuse. 304 -> ``not_modified``, path = last good download.
* **Same bytes, no 304.** Many portals ignore validators. When a 200 body has the sha256 of the last
  good download, the status is ``not_modified`` (``http_status`` 200), nothing new is written and the
  path is the existing file: the dated folders then mark days when content *changed*, and downstream
  sees the same path and hash it already loaded. The new validators are still saved.
* **Changed bytes** -> a new file in today's folder (a second change on the same day replaces that
  day's file atomically), new sha256, ``downloaded``. Older days' files are kept.
* **Never a half file.** The body streams into a temporary file next to the folders, is flushed
  and fsynced, then ``os.replace``-d into place; ``state.json`` is written the same way, after it.
* **Limits.** ``timeout_s`` applies to connecting and to each read (a server that stalls fails; one
  that trickles bytes is bounded by ``max_bytes``). A declared ``Content-Length`` above ``max_bytes``
  fails before reading; otherwise the count is checked while streaming and the download is aborted
  at the limit. A body shorter than its ``Content-Length`` (truncated) fails; so does an empty body.
* **Retries.** ``retries`` is the number of attempts in all (the default 3 reads "failed after 3
  attempts"). 5xx, timeouts, connection errors and truncated bodies are retried after
  ``backoff_s * 2**(n-1)`` seconds; 4xx, a body over the size limit and an empty body are not: asking
  again gives the same answer.
* **No exceptions for network or disk trouble.** Every such failure becomes ``status="failed"`` with
  the fallback path, so one broken source never stops the run. Only a ``source_id`` that is not a
  plain folder name raises ``ValueError`` (a programming error, checked by the registry too).

Messages name URLs without any ``user:password@`` part, since the report is published.

``sha256`` and ``bytes`` always describe ``path`` (the file the run should use), whichever it is;
they are None when there is no such file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import httpx

log = logging.getLogger(__name__)

FetchStatus = Literal["downloaded", "not_modified", "failed", "disabled"]

USER_AGENT = "pkit/0.1 (open data warehouse of Pakistan's IT sector)"
STATE_FILE = "state.json"
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
_CHUNK = 64 * 1024

# Indirection so tests can record the backoff delays instead of sleeping.
_sleep = time.sleep


@dataclass(frozen=True)
class FetchResult:
    source_id: str
    status: FetchStatus
    path: Path | None  # file the run should use: new download, or last good snapshot (may be the bundled one)
    sha256: str | None
    bytes: int | None
    message: str  # one readable sentence for the data-quality report
    http_status: int | None


@dataclass(frozen=True)
class _Snapshot:
    """The file the run falls back to, and how to name it in a message."""

    path: Path | None
    sha256: str | None
    bytes: int | None
    description: str


class _AttemptFailed(Exception):
    """One attempt failed; ``retry`` says whether another attempt could succeed."""

    def __init__(self, reason: str, *, retry: bool, http_status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.http_status = http_status


@dataclass(frozen=True)
class _Download:
    http_status: int
    tmp: Path | None  # None for a 304
    sha256: str | None
    bytes: int | None
    etag: str | None
    last_modified: str | None


def fetch_source(
    source_id: str,
    url: str | None,
    landing_dir: Path,
    fallback: Path,
    *,
    enabled: bool,
    timeout_s: float = 10,
    retries: int = 3,
    backoff_s: float = 0.5,
    max_bytes: int = 50_000_000,
    today: date | None = None,
    deadline_s: float = 120,
    accept: Callable[[Path], str | None] | None = None,
) -> FetchResult:
    """Download ``url`` into ``landing_dir/<source_id>/<today>/``, or say which snapshot to use instead.

    See the module docstring for the rules. Never raises for network or disk failures.
    """
    if not _SOURCE_ID.fullmatch(source_id) or source_id in {".", ".."}:
        raise ValueError(f"source_id {source_id!r} is not a plain folder name")
    today = today or date.today()
    source_dir = Path(landing_dir) / source_id
    state = _read_state(source_dir)
    last_good = _last_good(source_dir, state)

    if not enabled or not url:
        snap = _snapshot(last_good, state, fallback)
        why = "fetching is disabled" if url else "the source has no URL"
        return FetchResult(
            source_id,
            "disabled",
            snap.path,
            snap.sha256,
            snap.bytes,
            f"{source_id}: {why}; using {snap.description}",
            None,
        )

    conditional = last_good is not None and state.get("url") == url
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if conditional:
        if state.get("etag"):
            headers["If-None-Match"] = str(state["etag"])
        if state.get("last_modified"):
            headers["If-Modified-Since"] = str(state["last_modified"])

    attempts = max(1, retries)
    outcome: _Download | None = None
    error: _AttemptFailed | None = None
    tried = 0
    # every attempt, backoff and redirect of this fetch within one deadline: a server that drips a byte
    # every few seconds passes each read's timeout, never this
    deadline = time.monotonic() + deadline_s
    # redirects are followed by hand, and only within the URL's own host (see _attempt)
    with httpx.Client(timeout=httpx.Timeout(timeout_s), follow_redirects=False, headers=headers) as client:
        for attempt in range(1, attempts + 1):
            tried = attempt
            try:
                outcome = _attempt(client, url, source_dir, max_bytes, deadline, deadline_s)
                error = None
                break
            except _AttemptFailed as err:
                error = err
                log.warning("fetch %s attempt %d/%d: %s", _show_url(url), attempt, attempts, err.reason)
                delay = backoff_s * 2 ** (attempt - 1)
                if not err.retry or attempt == attempts or time.monotonic() + delay >= deadline:
                    break
                _sleep(delay)

    if outcome is None:
        assert error is not None
        counted = f"after {tried} attempt{'s' if tried != 1 else ''}"
        return _fell_back(
            source_id,
            last_good,
            state,
            fallback,
            f"fetch of {_show_url(url)} failed {counted} ({error.reason})",
            error.http_status,
        )

    refused = accept(outcome.tmp) if accept is not None and outcome.tmp is not None else None
    if refused:
        # an HTML error page served as CSV, a table of another shape: never the "last good download"
        _unlink(outcome.tmp)
        return _fell_back(
            source_id,
            last_good,
            state,
            fallback,
            f"fetch of {_show_url(url)} refused: the download is not a valid table ({refused})",
            outcome.http_status,
        )
    try:
        return _settle(source_id, url, source_dir, fallback, state, last_good, outcome, today)
    except OSError as err:  # landing folder not writable, disk full, ...
        _unlink(outcome.tmp)
        return _fell_back(
            source_id,
            last_good,
            state,
            fallback,
            f"fetch of {_show_url(url)} could not be stored ({err})",
            outcome.http_status,
        )


def _fell_back(
    source_id: str,
    last_good: Path | None,
    state: dict[str, Any],
    fallback: Path,
    what: str,
    http_status: int | None,
) -> FetchResult:
    """A failed fetch: the snapshot to use instead, and ``what`` happened, in one sentence."""
    snap = _snapshot(last_good, state, fallback)
    return FetchResult(
        source_id,
        "failed",
        snap.path,
        snap.sha256,
        snap.bytes,
        f"{what}; using {snap.description}",
        http_status,
    )


MAX_REDIRECTS = 5


def _attempt(
    client: httpx.Client, url: str, source_dir: Path, max_bytes: int, deadline: float, deadline_s: float
) -> _Download:
    """One GET. Returns a 200 streamed into a temporary file, or a 304; raises ``_AttemptFailed``.

    Redirects are followed only to the same host and port (http may become https): a redirect to
    another host is how a hijacked or retired page sends the run somewhere no one registered."""
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            if time.monotonic() >= deadline:
                raise _AttemptFailed(f"no complete answer within {deadline_s:g} s", retry=False)
            request = client.build_request("GET", url)
            response = client.send(request, stream=True)
            try:
                if response.is_redirect and response.next_request is not None:
                    target, here = response.next_request.url, request.url
                    if (target.host, target.port or _port(target.scheme)) != (
                        here.host,
                        here.port or _port(here.scheme),
                    ):
                        raise _AttemptFailed(
                            f"redirected to another host ({target.host}); not followed",
                            retry=False,
                            http_status=response.status_code,
                        )
                    url = str(target)
                    continue
                return _read(response, source_dir, max_bytes, deadline, deadline_s)
            finally:
                response.close()
        raise _AttemptFailed("too many redirects", retry=False)
    except httpx.TimeoutException as err:
        raise _AttemptFailed(f"timed out: {type(err).__name__}", retry=True) from err
    except httpx.TooManyRedirects as err:
        raise _AttemptFailed("too many redirects", retry=False) from err
    except httpx.UnsupportedProtocol as err:
        raise _AttemptFailed(f"unsupported URL: {err}", retry=False) from err
    except httpx.RemoteProtocolError as err:
        # h11 reports a body cut short of its Content-Length here.
        reason = str(err) or type(err).__name__
        if "incomplete" in reason or "complete message body" in reason:
            reason = f"truncated body: {reason}"
        raise _AttemptFailed(reason, retry=True) from err
    except httpx.TransportError as err:  # connection refused, reset, DNS, ...
        raise _AttemptFailed(f"{type(err).__name__}: {err}", retry=True) from err
    except httpx.HTTPError as err:
        raise _AttemptFailed(f"{type(err).__name__}: {err}", retry=True) from err
    except OSError as err:  # temporary file could not be written
        raise _AttemptFailed(f"could not write the download: {err}", retry=False) from err


def _port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _read(
    response: httpx.Response, source_dir: Path, max_bytes: int, deadline: float, deadline_s: float
) -> _Download:
    code = response.status_code
    if code == 304:
        return _Download(304, None, None, None, *_validators(response))
    if code >= 500:
        raise _AttemptFailed(f"HTTP {code}", retry=True, http_status=code)
    if code != 200:
        raise _AttemptFailed(f"HTTP {code}", retry=False, http_status=code)
    declared = _content_length(response)
    if declared is not None and declared > max_bytes:
        raise _AttemptFailed(
            f"Content-Length {declared} bytes exceeds the limit of {max_bytes} bytes",
            retry=False,
            http_status=code,
        )
    tmp, digest, size = _stream_to_temp(response, source_dir, max_bytes, deadline, deadline_s)
    try:
        raw = response.num_bytes_downloaded
        if declared is not None and raw != declared:
            raise _AttemptFailed(f"truncated body: {raw} of {declared} bytes", retry=True, http_status=code)
        if size == 0:
            raise _AttemptFailed("empty body", retry=False, http_status=code)
    except _AttemptFailed:
        _unlink(tmp)
        raise
    return _Download(code, tmp, digest, size, *_validators(response))


def _stream_to_temp(
    response: httpx.Response, source_dir: Path, max_bytes: int, deadline: float, deadline_s: float
) -> tuple[Path, str, int]:
    """Body -> a temporary file in ``source_dir``, aborting as soon as it passes ``max_bytes``."""
    source_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".download-", suffix=".part", dir=source_dir)
    tmp = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            # iter_raw yields what each read brings (iter_bytes would wait for 64 KiB): the deadline is
            # checked between reads however slowly the bytes come (the body is asked for as identity)
            for chunk in response.iter_raw():
                if time.monotonic() >= deadline:
                    raise _AttemptFailed(
                        f"no complete answer within {deadline_s:g} s (the server sends too slowly)",
                        retry=False,
                        http_status=response.status_code,
                    )
                size += len(chunk)
                if size > max_bytes:
                    raise _AttemptFailed(
                        f"body exceeds the limit of {max_bytes} bytes",
                        retry=False,
                        http_status=response.status_code,
                    )
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp, digest.hexdigest(), size


def _settle(
    source_id: str,
    url: str,
    source_dir: Path,
    fallback: Path,
    state: dict[str, Any],
    last_good: Path | None,
    got: _Download,
    today: date,
) -> FetchResult:
    """Turn a successful answer (200 or 304) into the landed file, the new state and the result."""
    etag = got.etag or (state.get("etag") if got.http_status == 304 else None)
    last_modified = got.last_modified or (state.get("last_modified") if got.http_status == 304 else None)

    if got.http_status == 304:
        if last_good is None:  # cannot happen (no validators sent), but never trust a server
            snap = _snapshot(None, state, fallback)
            return FetchResult(
                source_id,
                "failed",
                snap.path,
                snap.sha256,
                snap.bytes,
                f"fetch of {_show_url(url)} failed (HTTP 304 without a previous download); "
                f"using {snap.description}",
                304,
            )
        _write_state(source_dir, {**state, "etag": etag, "last_modified": last_modified, **_checked()})
        return FetchResult(
            source_id,
            "not_modified",
            last_good,
            state["sha256"],
            last_good.stat().st_size,
            f"{_show_url(url)} not modified (HTTP 304); using last good download {_show(last_good)} "
            f"(downloaded {state.get('downloaded_on', '?')})",
            304,
        )

    assert got.tmp is not None and got.sha256 is not None and got.bytes is not None
    if last_good is not None and got.sha256 == state.get("sha256"):
        _unlink(got.tmp)
        _write_state(
            source_dir, {**state, "url": url, "etag": etag, "last_modified": last_modified, **_checked()}
        )
        return FetchResult(
            source_id,
            "not_modified",
            last_good,
            got.sha256,
            got.bytes,
            f"{_show_url(url)} unchanged (same sha256 {got.sha256[:12]}); using last good download "
            f"{_show(last_good)} (downloaded {state.get('downloaded_on', '?')})",
            got.http_status,
        )

    day_dir = source_dir / today.isoformat()
    day_dir.mkdir(parents=True, exist_ok=True)
    target = day_dir / _file_name(fallback, url)
    os.replace(got.tmp, target)
    _write_state(
        source_dir,
        {
            "url": url,
            "etag": etag,
            "last_modified": last_modified,
            "sha256": got.sha256,
            "bytes": got.bytes,
            "path": target.relative_to(source_dir).as_posix(),
            "downloaded_on": today.isoformat(),
            **_checked(),
        },
    )
    return FetchResult(
        source_id,
        "downloaded",
        target,
        got.sha256,
        got.bytes,
        f"downloaded {_show_url(url)} ({got.bytes} bytes, sha256 {got.sha256[:12]}) to {_show(target)}",
        got.http_status,
    )


# -- state and snapshots ---------------------------------------------------------------------------


def _read_state(source_dir: Path) -> dict[str, Any]:
    path = source_dir / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        log.warning("ignoring unreadable fetch state %s: %s", path, err)
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(source_dir: Path, state: dict[str, Any]) -> None:
    source_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".state-", suffix=".part", dir=source_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(state, out, indent=2, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, source_dir / STATE_FILE)
    except BaseException:
        _unlink(Path(name))
        raise


def _checked() -> dict[str, str]:
    return {"checked_at": datetime.now(UTC).isoformat(timespec="seconds")}


def _last_good(source_dir: Path, state: dict[str, Any]) -> Path | None:
    """The recorded last good download, if it is still there, inside the folder and intact."""
    rel, expected = state.get("path"), state.get("sha256")
    if not isinstance(rel, str) or not isinstance(expected, str):
        return None
    path = (source_dir / rel).resolve()
    if not path.is_relative_to(source_dir.resolve()) or not path.is_file():
        log.warning("last good download %s is missing; fetching without validators", path)
        return None
    try:
        actual = _sha256_file(path)
    except OSError:
        return None
    if actual != expected:
        log.warning("last good download %s does not match its sha256; not using it", path)
        return None
    return path


def _snapshot(last_good: Path | None, state: dict[str, Any], fallback: Path) -> _Snapshot:
    """What to use when there is no new download: the last good download, else the bundled file."""
    if last_good is not None:
        return _Snapshot(
            last_good,
            str(state["sha256"]),
            last_good.stat().st_size,
            f"last good snapshot {_show(last_good)} (downloaded {state.get('downloaded_on', '?')})",
        )
    try:
        stat = fallback.stat()
        sha = _sha256_file(fallback)
    except OSError:
        return _Snapshot(
            fallback,
            None,
            None,
            f"bundled snapshot {_show(fallback)}, which is missing: no data for this run",
        )
    modified = datetime.fromtimestamp(stat.st_mtime, UTC).date().isoformat()
    return _Snapshot(
        fallback, sha, stat.st_size, f"last good snapshot {_show(fallback)} (bundled, file dated {modified})"
    )


# -- small helpers ---------------------------------------------------------------------------------


def _validators(response: httpx.Response) -> tuple[str | None, str | None]:
    return response.headers.get("ETag"), response.headers.get("Last-Modified")


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None:
        return None
    try:
        length = int(value)
    except ValueError:
        return None
    return length if length >= 0 else None


def _file_name(fallback: Path, url: str) -> str:
    for candidate in (fallback.name, unquote(urlsplit(url).path.rsplit("/", 1)[-1])):
        if _SAFE_NAME.fullmatch(candidate) and candidate not in {".", ".."}:
            return candidate
    return "download"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _show(path: Path) -> str:
    """A path as a reader would like it: relative to the working folder when it lies inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _show_url(url: str) -> str:
    """The URL for a message, without any ``user:password@`` it may carry (the report is public)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl()


def _unlink(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()
