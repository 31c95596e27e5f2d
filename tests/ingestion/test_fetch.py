"""``pkit.ingestion.fetch`` against a real HTTP server on 127.0.0.1 (port 0), one behaviour per test.

Every test checks the file the run would read (``result.path``'s bytes) and the report sentence.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pkit.ingestion import fetch
from pkit.ingestion.fetch import FetchResult, fetch_source

BUNDLED = b"park,city\nNASTP,Karachi\n"
V1 = b"park,city\nNASTP,Karachi\nArfa Software Technology Park,Lahore\n"
V2 = b"park,city\nNASTP,Karachi\nArfa Software Technology Park,Lahore\nNSTP,Islamabad\n"
DAY1 = date(2026, 11, 20)
DAY2 = date(2026, 11, 21)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Resource:
    """What the server answers for one path; ``mode`` picks a misbehaviour."""

    body: bytes = V1
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    mode: str = "normal"  # normal | slow | truncated | no_length | drip (a byte every delay_s)
    delay_s: float = 2.0
    location: str | None = None  # answer 302 to this URL


@dataclass
class Server:
    base: str
    routes: dict[str, Resource]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 must not go through a proxy the machine may have configured."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Backoff sleeps are recorded, not slept, so retries cost no wall time."""
    recorded: list[float] = []
    monkeypatch.setattr(fetch, "_sleep", recorded.append)
    return recorded


@pytest.fixture
def server() -> Iterator[Server]:
    routes: dict[str, Resource] = {}
    stop = threading.Event()
    state = Server("", routes)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            res = routes.get(self.path)
            if res is None:
                self.send_error(404)
                return
            if res.location is not None:
                self.send_response(302)
                self.send_header("Location", res.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if res.status != 200:
                self.send_error(res.status)
                return
            if res.mode == "drip":  # every read's timeout is met, the whole answer never comes in time
                self.send_response(200)
                self.send_header("Content-Length", str(len(res.body)))
                self.end_headers()
                for byte in res.body:
                    if stop.wait(res.delay_s):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                return
            if res.mode == "slow":
                stop.wait(res.delay_s)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if (res.etag and inm == res.etag) or (
                inm is None and res.last_modified and ims == res.last_modified
            ):
                self.send_response(304)
                if res.etag:
                    self.send_header("ETag", res.etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            if res.etag:
                self.send_header("ETag", res.etag)
            if res.last_modified:
                self.send_header("Last-Modified", res.last_modified)
            if res.mode == "truncated":
                self.send_header("Content-Length", str(len(res.body) + 100))
            elif res.mode != "no_length":  # no_length: HTTP/1.0, the body ends when the socket closes
                self.send_header("Content-Length", str(len(res.body)))
            self.end_headers()
            self.wfile.write(res.body)

    class Quiet(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the client hung up on a slow answer: expected here

    httpd = Quiet(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def fallback(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "official" / "parks.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(BUNDLED)
    return path


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    return tmp_path / "landing"


Fetch = Callable[..., FetchResult]


@pytest.fixture
def run(landing: Path, fallback: Path, delays: list[float]) -> Fetch:
    """``fetch_source`` for source ``parks`` with fast test settings; keywords override them."""

    def call(url: str | None, **kw: object) -> FetchResult:
        options: dict[str, object] = {"enabled": True, "timeout_s": 2.0, "backoff_s": 0.01, "today": DAY1}
        options.update(kw)
        return fetch_source("parks", url, landing, fallback, **options)  # type: ignore[arg-type]

    return call


def no_partial_files(landing: Path) -> bool:
    return not list(landing.rglob("*.part"))


def assert_fell_back_to_bundled(result: FetchResult, fallback: Path) -> None:
    assert result.status == "failed"
    assert result.path == fallback
    assert result.path.read_bytes() == BUNDLED
    assert result.sha256 == sha(BUNDLED)
    assert result.bytes == len(BUNDLED)
    assert "failed" in result.message
    assert f"using last good snapshot {fallback}" in result.message
    assert "bundled" in result.message


# -- success paths ---------------------------------------------------------------------------------


def test_download_then_conditional_get_is_not_modified(server: Server, run: Fetch, landing: Path) -> None:
    server.routes["/parks.csv"] = Resource(V1, etag='"v1"', last_modified="Fri, 20 Nov 2026 08:00:00 GMT")
    url = server.url("/parks.csv")

    first = run(url)
    assert first.status == "downloaded"
    assert first.http_status == 200
    assert first.path == landing / "parks" / "2026-11-20" / "parks.csv"
    assert first.path.read_bytes() == V1
    assert (first.sha256, first.bytes) == (sha(V1), len(V1))
    assert first.message.startswith(f"downloaded {url} ({len(V1)} bytes, sha256 {sha(V1)[:12]})")
    state = json.loads((landing / "parks" / "state.json").read_text())
    assert state["etag"] == '"v1"'
    assert state["last_modified"] == "Fri, 20 Nov 2026 08:00:00 GMT"
    assert state["sha256"] == sha(V1)
    assert state["path"] == "2026-11-20/parks.csv"
    assert "If-None-Match" not in server.hits("/parks.csv")[0]

    second = run(url, today=DAY2)
    sent = server.hits("/parks.csv")[1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Fri, 20 Nov 2026 08:00:00 GMT"
    assert second.status == "not_modified"
    assert second.http_status == 304
    assert second.path == first.path
    assert second.path.read_bytes() == V1
    assert second.sha256 == sha(V1)
    assert "not modified (HTTP 304)" in second.message
    assert "downloaded 2026-11-20" in second.message
    assert not (landing / "parks" / "2026-11-21").exists()
    assert no_partial_files(landing)


def test_last_modified_alone_is_used_for_conditional_get(server: Server, run: Fetch) -> None:
    server.routes["/lm.csv"] = Resource(V1, last_modified="Fri, 20 Nov 2026 08:00:00 GMT")
    first = run(server.url("/lm.csv"))
    second = run(server.url("/lm.csv"), today=DAY2)
    assert server.hits("/lm.csv")[1]["If-Modified-Since"] == "Fri, 20 Nov 2026 08:00:00 GMT"
    assert "If-None-Match" not in server.hits("/lm.csv")[1]
    assert second.status == "not_modified"
    assert second.path == first.path
    assert second.path is not None and second.path.read_bytes() == V1
    assert "not modified" in second.message


def test_changed_file_lands_in_a_new_dated_folder(server: Server, run: Fetch, landing: Path) -> None:
    server.routes["/parks.csv"] = Resource(V1, etag='"v1"')
    first = run(server.url("/parks.csv"))
    server.routes["/parks.csv"] = Resource(V2, etag='"v2"')

    second = run(server.url("/parks.csv"), today=DAY2)
    assert server.hits("/parks.csv")[1]["If-None-Match"] == '"v1"'
    assert second.status == "downloaded"
    assert second.path == landing / "parks" / "2026-11-21" / "parks.csv"
    assert second.path.read_bytes() == V2
    assert second.sha256 == sha(V2) != first.sha256
    assert f"sha256 {sha(V2)[:12]}" in second.message
    assert first.path is not None and first.path.read_bytes() == V1  # the older day is kept
    state = json.loads((landing / "parks" / "state.json").read_text())
    assert (state["etag"], state["sha256"], state["path"]) == ('"v2"', sha(V2), "2026-11-21/parks.csv")


def test_same_bytes_without_validators_is_not_duplicated(server: Server, run: Fetch, landing: Path) -> None:
    """A server that ignores conditional requests: same sha256 -> not_modified, no second copy."""
    server.routes["/plain.csv"] = Resource(V1)
    first = run(server.url("/plain.csv"))
    second = run(server.url("/plain.csv"), today=DAY2)
    assert first.status == "downloaded"
    assert second.status == "not_modified"
    assert second.http_status == 200
    assert second.path == first.path
    assert second.path is not None and second.path.read_bytes() == V1
    assert f"unchanged (same sha256 {sha(V1)[:12]})" in second.message
    assert sorted(p.name for p in (landing / "parks").iterdir()) == ["2026-11-20", "state.json"]


def test_missing_last_good_file_means_unconditional_download(
    server: Server, run: Fetch, landing: Path
) -> None:
    server.routes["/parks.csv"] = Resource(V1, etag='"v1"')
    first = run(server.url("/parks.csv"))
    assert first.path is not None
    first.path.unlink()  # someone cleaned the landing folder; a 304 would leave nothing to read

    second = run(server.url("/parks.csv"), today=DAY2)
    assert "If-None-Match" not in server.hits("/parks.csv")[1]
    assert second.status == "downloaded"
    assert second.path == landing / "parks" / "2026-11-21" / "parks.csv"
    assert second.path.read_bytes() == V1
    assert second.message.startswith("downloaded ")


# -- failures fall back ----------------------------------------------------------------------------


def test_404_is_not_retried(server: Server, run: Fetch, fallback: Path, delays: list[float]) -> None:
    url = server.url("/missing.csv")
    result = run(url)
    assert_fell_back_to_bundled(result, fallback)
    assert result.http_status == 404
    assert len(server.hits("/missing.csv")) == 1
    assert delays == []
    assert result.message.startswith(f"fetch of {url} failed after 1 attempt (HTTP 404); using")


def test_500_is_retried_with_backoff_then_falls_back(
    server: Server, run: Fetch, fallback: Path, delays: list[float]
) -> None:
    server.routes["/boom.csv"] = Resource(status=500)
    url = server.url("/boom.csv")
    result = run(url, retries=3, backoff_s=0.5)
    assert_fell_back_to_bundled(result, fallback)
    assert result.http_status == 500
    assert len(server.hits("/boom.csv")) == 3
    assert delays == [0.5, 1.0]
    assert result.message.startswith(f"fetch of {url} failed after 3 attempts (HTTP 500); using")


def test_failure_prefers_the_last_good_download(server: Server, run: Fetch, landing: Path) -> None:
    server.routes["/parks.csv"] = Resource(V1, etag='"v1"')
    good = run(server.url("/parks.csv"))
    server.routes["/parks.csv"] = Resource(status=503)

    result = run(server.url("/parks.csv"), today=DAY2)
    assert result.status == "failed"
    assert result.path == good.path == landing / "parks" / "2026-11-20" / "parks.csv"
    assert result.path.read_bytes() == V1
    assert result.sha256 == sha(V1)
    assert "(HTTP 503)" in result.message
    assert f"using last good snapshot {good.path} (downloaded 2026-11-20)" in result.message


def test_slow_response_times_out_and_falls_back(server: Server, run: Fetch, fallback: Path) -> None:
    server.routes["/slow.csv"] = Resource(V1, mode="slow", delay_s=3.0)
    result = run(server.url("/slow.csv"), timeout_s=0.3, retries=2)
    assert_fell_back_to_bundled(result, fallback)
    assert result.http_status is None
    assert "after 2 attempts (timed out" in result.message
    assert len(server.hits("/slow.csv")) == 2


def test_truncated_body_fails_and_leaves_no_file(
    server: Server, run: Fetch, landing: Path, fallback: Path
) -> None:
    server.routes["/short.csv"] = Resource(V1, mode="truncated")
    result = run(server.url("/short.csv"), retries=2)
    assert_fell_back_to_bundled(result, fallback)
    assert "truncated body" in result.message
    assert len(server.hits("/short.csv")) == 2  # a cut connection may be transient: retried
    assert not (landing / "parks" / "2026-11-20").exists()
    assert not (landing / "parks" / "state.json").exists()
    assert no_partial_files(landing)


def test_declared_size_over_limit_fails_before_reading(
    server: Server, run: Fetch, landing: Path, fallback: Path
) -> None:
    server.routes["/big.csv"] = Resource(V2)
    result = run(server.url("/big.csv"), max_bytes=len(V2) - 1)
    assert_fell_back_to_bundled(result, fallback)
    assert f"Content-Length {len(V2)} bytes exceeds the limit of {len(V2) - 1} bytes" in result.message
    assert len(server.hits("/big.csv")) == 1  # the same answer again: not retried
    assert not (landing / "parks" / "2026-11-20").exists()
    assert no_partial_files(landing)


def test_streamed_size_over_limit_is_aborted(
    server: Server, run: Fetch, landing: Path, fallback: Path
) -> None:
    """No Content-Length: the limit is enforced while streaming."""
    server.routes["/stream.csv"] = Resource(V2 * 50, mode="no_length")
    result = run(server.url("/stream.csv"), max_bytes=len(V2) * 10)
    assert_fell_back_to_bundled(result, fallback)
    assert f"body exceeds the limit of {len(V2) * 10} bytes" in result.message
    assert len(server.hits("/stream.csv")) == 1
    assert not (landing / "parks" / "2026-11-20").exists()
    assert no_partial_files(landing)


def test_streamed_body_within_limit_is_downloaded(server: Server, run: Fetch) -> None:
    server.routes["/stream.csv"] = Resource(V2, mode="no_length")
    result = run(server.url("/stream.csv"), max_bytes=len(V2))
    assert result.status == "downloaded"
    assert result.path is not None and result.path.read_bytes() == V2
    assert result.message.startswith("downloaded ")


def test_connection_refused_is_retried_then_falls_back(
    run: Fetch, fallback: Path, delays: list[float]
) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and now has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/parks.csv"
    result = run(url, retries=3)
    assert_fell_back_to_bundled(result, fallback)
    assert result.http_status is None
    assert result.message.startswith(f"fetch of {url} failed after 3 attempts (ConnectError")
    assert delays == [0.01, 0.02]


def test_credentials_in_url_stay_out_of_the_message(server: Server, run: Fetch, fallback: Path) -> None:
    url = server.url("/missing.csv").replace("http://", "http://reader:s3cret@")
    result = run(url)
    assert_fell_back_to_bundled(result, fallback)
    assert "s3cret" not in result.message
    assert result.message.startswith(
        f"fetch of {server.url('/missing.csv')} failed after 1 attempt (HTTP 404)"
    )


def test_missing_fallback_is_said_plainly(run: Fetch, fallback: Path, server: Server) -> None:
    fallback.unlink()
    result = run(server.url("/missing.csv"))
    assert result.status == "failed"
    assert result.path == fallback
    assert not result.path.exists()
    assert (result.sha256, result.bytes) == (None, None)
    assert "which is missing: no data for this run" in result.message


# -- disabled --------------------------------------------------------------------------------------


def test_disabled_uses_bundled_snapshot_without_a_request(
    server: Server, run: Fetch, fallback: Path, landing: Path
) -> None:
    server.routes["/parks.csv"] = Resource(V1)
    result = run(server.url("/parks.csv"), enabled=False)
    assert result.status == "disabled"
    assert result.path == fallback
    assert result.path.read_bytes() == BUNDLED
    assert result.sha256 == sha(BUNDLED)
    assert result.http_status is None
    assert result.message.startswith("parks: fetching is disabled; using last good snapshot")
    assert str(fallback) in result.message
    assert server.requests == []
    assert not landing.exists()


def test_no_url_is_disabled(run: Fetch, fallback: Path) -> None:
    result = run(None)
    assert result.status == "disabled"
    assert result.path == fallback
    assert result.path.read_bytes() == BUNDLED
    assert result.message.startswith("parks: the source has no URL; using last good snapshot")


def test_disabled_after_a_download_uses_that_download(server: Server, run: Fetch) -> None:
    server.routes["/parks.csv"] = Resource(V2, etag='"v2"')
    good = run(server.url("/parks.csv"))
    result = run(server.url("/parks.csv"), enabled=False, today=DAY2)
    assert result.status == "disabled"
    assert result.path == good.path
    assert result.path is not None and result.path.read_bytes() == V2
    assert result.sha256 == sha(V2)
    assert f"using last good snapshot {good.path} (downloaded 2026-11-20)" in result.message
    assert len(server.requests) == 1


def test_source_id_must_be_a_plain_folder_name(landing: Path, fallback: Path) -> None:
    with pytest.raises(ValueError, match="plain folder name"):
        fetch_source("../escape", None, landing, fallback, enabled=False)


def test_a_server_that_drips_bytes_is_given_up_at_the_deadline(server: Server, run: Fetch) -> None:
    server.routes["/parks.csv"] = Resource(body=V1 * 10, mode="drip", delay_s=0.2)
    result = run(server.url("/parks.csv"), timeout_s=1.0, deadline_s=1.5)
    assert result.status == "failed" and "within 1.5 s" in result.message
    assert result.path is not None and result.path.read_bytes() == BUNDLED


def test_redirects_are_followed_within_the_host_only(server: Server, run: Fetch) -> None:
    server.routes["/old.csv"] = Resource(location="/parks.csv")
    server.routes["/parks.csv"] = Resource(body=V1)
    same_host = run(server.url("/old.csv"))
    assert same_host.status == "downloaded" and same_host.path.read_bytes() == V1

    # another port on the same machine is another server: not followed, the snapshot is used
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        elsewhere = f"http://127.0.0.1:{other.getsockname()[1]}/parks.csv"
    server.routes["/moved.csv"] = Resource(location=elsewhere)
    moved = run(server.url("/moved.csv"), today=DAY2)
    assert moved.status == "failed" and "redirected to another host" in moved.message
    assert moved.path.read_bytes() == V1, "the last good download, not whatever the other host sent"


def test_a_download_the_caller_refuses_is_never_the_last_good_one(server: Server, run: Fetch) -> None:
    html = b"<!doctype html><html><body>Service temporarily unavailable</body></html>"
    server.routes["/parks.csv"] = Resource(body=html)

    def csv_only(path: Path) -> str | None:
        return "an HTML page, not a table" if path.read_bytes().lstrip().startswith(b"<") else None

    result = run(server.url("/parks.csv"), accept=csv_only)
    assert result.status == "failed" and "not a valid table (an HTML page, not a table)" in result.message
    assert result.path.read_bytes() == BUNDLED
    # the refused body was not kept: the next good answer is downloaded, not compared with the page
    server.routes["/parks.csv"] = Resource(body=V1)
    assert run(server.url("/parks.csv"), accept=csv_only, today=DAY2).status == "downloaded"
