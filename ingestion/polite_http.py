"""A polite HTTP client for crawling publishers' pages: the rules every outlet may expect of pkit.

Why a class of its own (``fetch.py`` downloads one known file per source): a feed brings many pages
from one host each night, so the bounds are per host:

* **User-Agent** names the project and the operator's contact (``PKIT_FETCH_CONTACT``).
* **robots.txt** is read once per host and night (``urllib.robotparser``) and honoured for our agent;
  an unreadable robots.txt (5xx, network error) means "do not crawl this host tonight": when in doubt,
  do not fetch. A 4xx robots.txt means no rules (the robots standard).
* **Rate limit**: at least ``min_interval_s`` between two requests to one host.
* **Deadline**: ``host_deadline_s`` per host from its first request; past it, the host's remaining
  pages wait for the next night (one slow host delays nothing else for long).
* **Conditional GET**: the caller passes the ETag / Last-Modified it remembered; 304 comes back as is.
* **Retries** with backoff for 5xx, timeouts and connection errors; not for 4xx.

Never raises for network trouble: ``Answer.error`` says what went wrong in a few words.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from pkit.ingestion.easydata import user_agent
from pkit.ingestion.redact import redact

# Indirections so tests record waits instead of sleeping.
_sleep = time.sleep
_clock = time.monotonic


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None  # None: no HTTP answer (see error)
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None  # after redirects
    error: str | None = None  # why there is no usable answer: "robots.txt disallows", "timed out", ...

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.error is None


@dataclass
class _Host:
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: str | None = None
    first_request: float | None = None
    last_request: float | None = None


@dataclass
class PoliteClient:
    contact: str = ""
    timeout_s: float = 15
    retries: int = 3  # attempts in all
    backoff_s: float = 1.0
    min_interval_s: float = 2.0
    host_deadline_s: float = 300.0
    max_bytes: int = 5_000_000
    _hosts: dict[str, _Host] = field(default_factory=dict)
    _client: httpx.Client | None = None

    @property
    def agent(self) -> str:
        return user_agent(self.contact)

    def __enter__(self) -> PoliteClient:
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout_s),
            follow_redirects=True,
            headers={"User-Agent": self.agent},
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, robots: bool = True
    ) -> Answer:
        """GET ``url`` within the rules above; ``etag``/``last_modified`` make it conditional."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Answer(url, None, error=f"not an http(s) URL: {redact(url)}")
        host = self._hosts.setdefault(parts.netloc.lower(), _Host())
        if robots:
            refusal = self._robots_refusal(url, parts.scheme, parts.netloc, host)
            if refusal:
                return Answer(url, None, error=refusal)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, host, headers)

    # -- internals ---------------------------------------------------------------------------------

    def _robots_refusal(self, url: str, scheme: str, netloc: str, host: _Host) -> str | None:
        if host.robots is None and host.robots_error is None:
            answer = self._get(f"{scheme}://{netloc}/robots.txt", host, {})
            parser = urllib.robotparser.RobotFileParser()
            if answer.status == 200:
                parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
                host.robots = parser
            elif answer.status is not None and 400 <= answer.status < 500:
                parser.parse([])  # no robots.txt: no rules
                host.robots = parser
            else:
                host.robots_error = (
                    f"robots.txt of {netloc} could not be read ({answer.error or answer.status})"
                )
        if host.robots_error:
            return f"{host.robots_error}: not crawling this host tonight"
        assert host.robots is not None
        if not host.robots.can_fetch(self.agent, url):
            return "robots.txt disallows it"
        return None

    def _get(self, url: str, host: _Host, headers: dict[str, str]) -> Answer:
        assert self._client is not None, "use PoliteClient as a context manager"
        reason = "no attempt"
        status: int | None = None
        for attempt in range(1, max(1, self.retries) + 1):
            now = _clock()
            if host.first_request is None:
                host.first_request = now
            if now - host.first_request > self.host_deadline_s:
                return Answer(url, None, error=f"the host's deadline of {self.host_deadline_s:g} s is spent")
            if host.last_request is not None:
                wait = host.last_request + self.min_interval_s - now
                if wait > 0:
                    _sleep(wait)
            host.last_request = _clock()
            try:
                response = self._client.get(url, headers=headers)
            except httpx.TimeoutException:
                reason, status = f"timed out after {self.timeout_s:g} s", None
            except httpx.HTTPError as err:
                reason, status = f"{type(err).__name__}: {redact(str(err))}", None
            else:
                status = response.status_code
                if status in (200, 304) or 400 <= status < 500:
                    body = response.content if status == 200 else b""
                    if len(body) > self.max_bytes:
                        return Answer(url, status, error=f"body over the limit of {self.max_bytes} bytes")
                    return Answer(
                        url,
                        status,
                        body,
                        response.headers.get("ETag"),
                        response.headers.get("Last-Modified"),
                        str(response.url),
                        None if status in (200, 304) else f"HTTP {status}",
                    )
                reason = f"HTTP {status}"
            if attempt < self.retries:
                _sleep(self.backoff_s * 2 ** (attempt - 1))
        return Answer(url, status, error=f"{reason} (after {self.retries} attempts)")
