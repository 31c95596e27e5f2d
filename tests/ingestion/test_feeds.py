"""News feeds → articles → documents, against real HTTP servers on 127.0.0.1 (two outlets = two hosts).

Fixtures in the real formats: an RSS 2.0 and an Atom feed; article pages with navigation, related
lists, comments and ads around the text; one story syndicated by both outlets; an off-topic article; a
304; a robots.txt that disallows a path; a host that stalls; a malformed item; a wrong feed URL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pkit.ingestion import polite_http
from pkit.ingestion.documents import parse_document
from pkit.ingestion.feeds import run_feed
from pkit.ingestion.ingest_documents import extract_one
from pkit.ingestion.polite_http import PoliteClient
from pkit.ingestion.stories import StoryIndex

NOW = datetime(2026, 11, 21, 21, 0, tzinfo=UTC)

APP_STORY = (
    "ISLAMABAD: Pakistan's IT exports rose to $386 million in October 2026, up 20 percent from a year "
    "earlier, the State Bank of Pakistan said on Monday. Computer services made up most of the total, "
    "according to the data released by the central bank. The Ministry of IT and Telecom said the growth "
    "reflected new registrations with the Pakistan Software Export Board and a rise in freelancers "
    "receiving payments through banks. Officials expect IT exports to cross $4 billion this fiscal year "
    "as companies expand into the Gulf and Europe."
)
# The same APP story as a second outlet ran it: a new first sentence, one sentence dropped.
APP_COPY = APP_STORY.replace("ISLAMABAD: ", "ISLAMABAD (APP): ").replace(
    " Officials expect IT exports to cross $4 billion this fiscal year as companies expand into the Gulf "
    "and Europe.",
    "",
)
PSEB_STORY = (
    "LAHORE: The Pakistan Software Export Board registered 1,250 new IT companies in November, taking the "
    "total to 25,000, the board said on Thursday. Most of the new firms are in Lahore, Karachi and "
    "Islamabad, and many of them export software development and call centre services. The board also "
    "certified 300 freelancers under its professional freelancer programme during the month."
)
CRICKET = (
    "KARACHI: The national cricket team won the third one-day match against the visitors by six wickets "
    "on Sunday, sealing the series with a game to spare. The captain praised the bowlers, who restricted "
    "the opposition to 231 after they had chosen to bat first on a slow pitch. The fourth match will be "
    "played in Rawalpindi on Wednesday, and the selectors are expected to rest two senior players."
)


def page(title: str, text: str, *, date: str, site: str, canonical: str) -> bytes:
    """An article page as outlets build them: navigation, the article, related links, comments, ads."""
    sentences = [s.strip().rstrip(".") + "." for s in text.split(". ") if s.strip()]
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{title} | {site}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta name="author" content="Staff Reporter"><meta property="article:published_time" content="{date}">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/business">Business</a></li>
<li><a href="/sports">Sports</a></li><li><a href="/world">World</a></li></ul></nav></header>
<div class="ad-banner">ADVERTISEMENT: BUY THE NEW PHONE NOW WITH 0% MARKUP</div>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>{paragraphs}</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/news/1">Gold prices hit a record high in local markets</a></li>
<li><a href="/news/2">Petrol price likely to go up from next month</a></li></ul></aside>
<section id="comments"><h3>Comments</h3>
<div class="comment"><p>Great news for the country, keep it up!</p></div>
<div class="comment"><p>What about the budget deficit and the power tariffs?</p></div></section></main>
<div class="ad-sidebar">Sponsored: cheap flights to Dubai</div>
<footer><p>Copyright 2026 {site}. All rights reserved.</p></footer></body></html>""".encode()


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    delay_s: float = 0


@dataclass
class Server:
    base: str
    routes: dict[str, Reply]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p == path]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(polite_http, "_sleep", waits.append)
    return waits


def _serve() -> Iterator[Server]:
    state = Server("", {})
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            reply = state.routes.get(self.path)
            if reply is None:
                self.send_error(404)
                return
            if reply.delay_s:
                stop.wait(reply.delay_s)
            if reply.etag and self.headers.get("If-None-Match") == reply.etag:
                self.send_response(304)
                self.send_header("ETag", reply.etag)
                self.end_headers()
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            if reply.etag:
                self.send_header("ETag", reply.etag)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    class Quiet(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass

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
def outlet_a() -> Iterator[Server]:
    """An outlet with an RSS 2.0 feed and a robots.txt that keeps crawlers out of /private/."""
    for server in _serve():
        b = server.base
        server.routes["/robots.txt"] = Reply(
            b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
        )
        server.routes["/news/it-exports-rise"] = Reply(
            page(
                "IT exports rise 20pc to $386m",
                APP_STORY,
                date="2026-11-19",
                site="Outlet A",
                canonical=f"{b}/news/it-exports-rise",
            )
        )
        server.routes["/news/cricket"] = Reply(
            page(
                "Hosts seal the series",
                CRICKET,
                date="2026-11-19",
                site="Outlet A",
                canonical=f"{b}/news/cricket",
            )
        )
        server.routes["/private/draft"] = Reply(
            page("Draft", PSEB_STORY, date="2026-11-19", site="Outlet A", canonical=f"{b}/private/draft")
        )
        server.routes["/feed.xml"] = Reply(
            f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Outlet A Business</title><link>{b}/</link>
<description>Business news</description>
<item><title>IT exports rise 20pc to $386m</title><link>{b}/news/it-exports-rise</link>
  <guid>{b}/news/it-exports-rise</guid><pubDate>Thu, 19 Nov 2026 06:00:00 +0500</pubDate></item>
<item><title>Hosts seal the series</title><link>{b}/news/cricket</link>
  <pubDate>Thu, 19 Nov 2026 07:00:00 +0500</pubDate></item>
<item><title>Draft</title><link>{b}/private/draft</link>
  <pubDate>Thu, 19 Nov 2026 08:00:00 +0500</pubDate></item>
<item><title>An item without a link</title><description>broken &amp; truncated</description></item>
</channel></rss>""".encode(),
            content_type="application/rss+xml",
            etag='"feed-a-1"',
        )
        yield server


@pytest.fixture
def outlet_b() -> Iterator[Server]:
    """A second outlet with an Atom feed: the APP story again, lightly edited, and a story of its own."""
    for server in _serve():
        b = server.base
        server.routes["/robots.txt"] = Reply(b"", status=404)
        server.routes["/2026/11/app-it-exports"] = Reply(
            page(
                "IT exports up 20 percent in October",
                APP_COPY,
                date="2026-11-20",
                site="Outlet B",
                canonical=f"{b}/2026/11/app-it-exports",
            )
        )
        server.routes["/2026/11/pseb"] = Reply(
            page(
                "PSEB registers 1,250 IT firms",
                PSEB_STORY,
                date="2026-11-20",
                site="Outlet B",
                canonical=f"{b}/2026/11/pseb",
            )
        )
        server.routes["/atom.xml"] = Reply(
            f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Outlet B Tech</title><id>{b}/</id>
<updated>2026-11-20T10:00:00Z</updated>
<entry><title>IT exports up 20 percent in October</title><id>tag:b,2026:1</id>
  <link href="{b}/2026/11/app-it-exports"/><updated>2026-11-20T09:00:00Z</updated></entry>
<entry><title>PSEB registers 1,250 IT firms</title><id>tag:b,2026:2</id>
  <link href="{b}/2026/11/pseb"/><updated>2026-11-20T10:00:00Z</updated></entry>
</feed>""".encode(),
            content_type="application/atom+xml",
        )
        yield server


@dataclass
class Night:
    inbox: Path
    state: Path

    def run(self, feed_id: str, url: str, client: PoliteClient | None = None, max_items: int = 20):
        stories = StoryIndex(self.state / "stories.json")
        with client or PoliteClient(min_interval_s=0, timeout_s=2) as c:
            return run_feed(
                feed_id,
                url,
                publisher=feed_id,
                inbox_dir=self.inbox / feed_id,
                state_dir=self.state,
                stories=stories,
                client=c,
                max_items=max_items,
                now=NOW,
            )


@pytest.fixture
def night(tmp_path: Path) -> Night:
    return Night(tmp_path / "inbox" / "feeds", tmp_path / "fetched" / "feeds")


def test_rss_feed_becomes_documents_of_relevant_articles_only(outlet_a: Server, night: Night) -> None:
    result = night.run("outlet_a", outlet_a.base + "/feed.xml")
    assert result.status == "fetched", result.message
    assert result.items == 4
    assert result.counts == {
        "documents": 1,
        "not_relevant": 1,
        "duplicates": 0,
        "robots": 1,
        "failed": 0,
        "malformed": 1,
        "deferred": 0,
    }, result.message
    assert "1 not relevant" in result.message and "1 disallowed by robots.txt" in result.message
    assert outlet_a.hits("/private/draft") == []  # robots.txt honoured: never requested
    assert all("pkit/" in h["User-Agent"] for _, h in outlet_a.requests)
    [path] = result.documents
    assert path.parent == night.inbox / "outlet_a" and path.suffix == ".html"
    # the raw HTML is kept beside its URL and retrieval time
    raws = list((night.state / "outlet_a" / "raw").rglob("*.html"))
    assert page_bytes(outlet_a, "/news/it-exports-rise") in [p.read_bytes() for p in raws]


def page_bytes(server: Server, path: str) -> bytes:
    return server.routes[path].body


def test_the_document_is_the_article_text_with_its_metadata(outlet_a: Server, night: Night) -> None:
    [path] = night.run("outlet_a", outlet_a.base + "/feed.xml").documents
    data = path.read_bytes()
    doc = parse_document(data, f"feeds/outlet_a/{path.name}", max_bytes=10_000_000)
    assert doc.html_title == "IT exports rise 20pc to $386m"
    assert doc.html_published == "2026-11-19"
    assert "Pakistan's IT exports rose to $386 million in October 2026" in doc.text
    for furniture in (
        "BUY THE NEW PHONE",
        "Gold prices hit",
        "Great news for the country",
        "Sponsored",
        "Home",
        "All rights reserved",
    ):
        assert furniture not in doc.text, furniture
    head = data.decode()
    assert f'<link rel="canonical" href="{outlet_a.base}/news/it-exports-rise">' in head
    assert 'content="Outlet A"' in head and 'content="Staff Reporter"' in head
    assert 'name="pkit:story_id"' in head
    # the existing document ingestion extracts its facts, with a quote from the text
    extracted = extract_one(data, f"feeds/outlet_a/{path.name}", 10_000_000)
    assert not isinstance(extracted, Exception)
    assert extracted.row["title"] == "IT exports rise 20pc to $386m"
    assert any(
        f["metric"] == "it_exports" and f["value"] == 386_000_000 and "$386 million" in f["quote"]
        for f in extracted.facts
    ), extracted.facts


def test_a_story_syndicated_by_two_outlets_is_one_story(
    outlet_a: Server, outlet_b: Server, night: Night
) -> None:
    first = night.run("outlet_a", outlet_a.base + "/feed.xml")
    second = night.run("outlet_b", outlet_b.base + "/atom.xml")
    assert first.counts["documents"] == 1
    assert second.status == "fetched", second.message
    assert (second.counts["documents"], second.counts["duplicates"]) == (1, 1), second.message
    [pseb] = second.documents
    assert "PSEB registers" in pseb.read_text()
    stories = StoryIndex(night.state / "stories.json").stories
    [app] = [s for s in stories.values() if len(s.members) == 2]
    assert app.canonical.url == outlet_a.base + "/news/it-exports-rise"  # first published (19 Nov)
    assert {m.outlet for m in app.members} == {"Outlet A", "Outlet B"}
    assert len(stories) == 2


def test_second_night_fetches_conditionally_and_adds_nothing(outlet_a: Server, night: Night) -> None:
    night.run("outlet_a", outlet_a.base + "/feed.xml")
    outlet_a.requests.clear()
    again = night.run("outlet_a", outlet_a.base + "/feed.xml")
    assert again.status == "not_modified" and "HTTP 304" in again.message
    assert outlet_a.hits("/feed.xml")[0]["If-None-Match"] == '"feed-a-1"'
    assert [p for p, _ in outlet_a.requests if p.startswith("/news/")] == []


def test_items_judged_once_are_not_fetched_again(outlet_a: Server, night: Night) -> None:
    night.run("outlet_a", outlet_a.base + "/feed.xml")
    outlet_a.routes["/feed.xml"].etag = None  # a server that ignores validators
    outlet_a.requests.clear()
    again = night.run("outlet_a", outlet_a.base + "/feed.xml")
    assert again.counts["documents"] == 0 and "0 new" in again.message
    assert [p for p, _ in outlet_a.requests if p.startswith("/news/")] == []


def test_a_wrong_feed_url_is_one_clear_line(outlet_a: Server, night: Night) -> None:
    result = night.run("dawn_business", outlet_a.base + "/no-such-feed.xml")
    assert result.status == "failed"
    assert result.message.startswith("404 for feed dawn_business")


def test_a_page_that_is_not_a_feed_is_said_plainly(outlet_a: Server, night: Night) -> None:
    outlet_a.routes["/feed.xml"] = Reply(b"<html><body>Moved to our new site</body></html>")
    result = night.run("outlet_a", outlet_a.base + "/feed.xml")
    assert result.status == "failed" and "holds no items" in result.message


def test_a_stalling_host_fails_its_items_and_they_are_tried_next_night(
    outlet_a: Server, night: Night
) -> None:
    outlet_a.routes["/news/it-exports-rise"].delay_s = 3
    client = PoliteClient(min_interval_s=0, timeout_s=0.3, retries=2)
    result = night.run("outlet_a", outlet_a.base + "/feed.xml", client)
    assert result.status == "fetched" and result.counts["failed"] == 1 and result.counts["documents"] == 0
    assert len(outlet_a.hits("/news/it-exports-rise")) == 2  # retried, then given up
    outlet_a.routes["/news/it-exports-rise"].delay_s = 0
    outlet_a.routes["/feed.xml"].etag = None
    later = night.run("outlet_a", outlet_a.base + "/feed.xml")
    assert later.counts["documents"] == 1, later.message


def test_a_host_past_its_deadline_is_left_for_the_next_night(
    outlet_a: Server, night: Night, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter(range(0, 10_000, 50))  # every reading of the clock costs 50 s of the host's budget
    monkeypatch.setattr(polite_http, "_clock", lambda: float(next(ticks)))
    client = PoliteClient(min_interval_s=0, host_deadline_s=150)
    result = night.run("outlet_a", outlet_a.base + "/feed.xml", client)
    assert result.counts["documents"] == 0 and result.counts["failed"] >= 1, result.message


def test_at_most_n_new_articles_a_night(outlet_a: Server, outlet_b: Server, night: Night) -> None:
    result = night.run("outlet_b", outlet_b.base + "/atom.xml", max_items=1)
    assert result.counts["deferred"] == 1 and result.counts["documents"] == 1
    assert "1 left for the next night (at most 1)" in result.message


# -- wired into the documents source's task ----------------------------------------------------------


def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, feed_url: str, fetch: bool) -> None:
    import yaml

    from pkit.config import PROJECT_ROOT

    registry = yaml.safe_load((PROJECT_ROOT / "sources.yml").read_text())
    registry["sources"].append(
        {
            "id": "feed_outlet_a",
            "kind": "feed",
            "publisher": "Outlet A",
            "description": "test feed",
            "location": {"path": "feeds/outlet_a", "url": feed_url},
            "format": "feed",
            "parser": "feed",
            "contract": ["documents", "document_facts"],
            "suite": ["raw_documents", "raw_document_facts"],
            "cadence": "daily",
        }
    )
    sources = tmp_path / "sources.yml"
    sources.write_text(yaml.safe_dump(registry))
    (tmp_path / "inbox").mkdir(exist_ok=True)
    for key, value in {
        "PKIT_HOME": tmp_path,
        "PKIT_DOCUMENTS_DIR": tmp_path / "inbox",
        "PKIT_WAREHOUSE_DIR": tmp_path / "warehouse",
        "PKIT_SOURCES": sources,
        "PKIT_FETCH_ENABLED": "1" if fetch else "0",
        "PKIT_FETCH_CONTACT": "ops@example.org",
        "PKIT_GAZETTEER": PROJECT_ROOT / "data" / "gazetteer.yml",
    }.items():
        monkeypatch.setenv(key, str(value))


def test_the_documents_task_fetches_its_feeds_first_and_ingests_their_articles(
    outlet_a: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pkit import pipeline
    from pkit.run.context import RunContext

    _env(tmp_path, monkeypatch, outlet_a.base + "/feed.xml", fetch=True)
    ctx = RunContext.create("night-1")
    assert "feed_outlet_a" not in pipeline.plan_sources(ctx)  # rides with news_documents
    [load] = pipeline.ingest_source(ctx, "news_documents")
    assert load["rows"]["documents"] == 1 and load["rows"]["document_facts"] >= 1
    [event] = [e for e in ctx.ledger.events() if e["kind"] == "fetch"]
    assert event["source"] == "feed_outlet_a" and event["status"] == "fetched"
    assert event["documents"] == 1 and event["not_relevant"] == 1
    assert "contact: ops@example.org" in outlet_a.requests[0][1]["User-Agent"]


def test_with_fetching_off_the_documents_task_makes_no_request(
    outlet_a: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pkit import pipeline
    from pkit.run.context import RunContext

    _env(tmp_path, monkeypatch, outlet_a.base + "/feed.xml", fetch=False)
    ctx = RunContext.create("night-off")
    assert pipeline.ingest_source(ctx, "news_documents") == []
    [event] = [e for e in ctx.ledger.events() if e["kind"] == "fetch"]
    assert event["status"] == "disabled" and outlet_a.requests == []


def test_shipped_feed_entries_are_commented_out_and_valid_when_uncommented() -> None:
    import re

    import yaml

    from pkit.config import PROJECT_ROOT
    from pkit.registry import Registry

    text = (PROJECT_ROOT / "sources.yml").read_text(encoding="utf-8")
    assert all(s["kind"] not in ("feed", "easydata") for s in yaml.safe_load(text)["sources"])
    lines = []
    for line in text.splitlines():
        m = re.match(r"^  # (  |- )(.*)$", line)
        if m and (m.group(1) == "  " or m.group(2).startswith("id:")):
            lines.append("  " + m.group(1) + m.group(2))
        elif not line.startswith("  #"):
            lines.append(line)
    registry = Registry.model_validate(yaml.safe_load("\n".join(lines)))
    feeds = registry.feeds_for(registry.get("news_documents"))
    assert len(feeds) >= 8 and all(f.location.path.startswith("feeds/") for f in feeds)
    assert {s.kind for s in registry.sources} == {"documents", "table", "easydata", "feed"}


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        (APP_STORY, True),
        (PSEB_STORY, True),
        (CRICKET, False),
        ("India's IT exports rose to $20 billion in October, Nasscom said on Monday.", False),
        ("Arfa Software Technology Park adds two floors for startups.", True),
        ("The deal made it clear that it would take years.", False),  # 'it' is not IT
    ],
)
def test_relevance_is_about_pakistans_it_sector(text: str, relevant: bool) -> None:
    from pkit.ingestion.relevance import judge

    assert judge(text).relevant is relevant, judge(text).reason
