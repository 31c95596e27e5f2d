"""News feeds → articles → documents: what a night does with one registry entry of kind ``feed``.

1. The feed (RSS 2.0 or Atom) is fetched politely (``polite_http``: robots.txt, rate limit, deadline,
   conditional GET with the ETag / Last-Modified remembered from the last night) and parsed with
   feedparser. A wrong URL is one line, "404 for feed X", never an error.
2. Items not seen on an earlier night, oldest first, at most ``max_items`` a night: each page is
   fetched, its raw HTML kept (``<state>/<feed>/raw/<date>/``), and its main text and metadata (title,
   author, date, canonical URL, site name) extracted with trafilatura, not by hand.
3. Only articles about Pakistan's IT sector (``relevance.judge``: the extractor's gazetteer) go on;
   the rest are counted "not relevant". A copy of a story already in (syndication: ``stories``) is
   counted as a duplicate of that story, not written again.
4. Each remaining article is written to the documents inbox as a small HTML document whose head carries
   the metadata (``og:title``, ``article:published_time``, ``author``, canonical link, site name, the
   feed and the story id), so the existing document ingestion reads its title and date and extracts
   its facts with provenance, as for any document.

Items that failed (network, no text) are tried again the next night; items judged (written, not
relevant, duplicate) are remembered and never fetched again.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import feedparser
import trafilatura

from pkit.ingestion.files import atomic_write, read_json_object
from pkit.ingestion.polite_http import Answer, PoliteClient
from pkit.ingestion.redact import redact
from pkit.ingestion.relevance import judge
from pkit.ingestion.stories import Member, StoryIndex

log = logging.getLogger(__name__)

FeedStatus = Literal["fetched", "not_modified", "failed", "disabled"]
COUNTS = ("documents", "not_relevant", "duplicates", "robots", "failed", "malformed", "deferred")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class FeedResult:
    feed_id: str
    status: FeedStatus
    message: str  # one sentence for the report
    items: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    documents: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Article:
    url: str  # canonical when the page states one
    title: str
    author: str | None
    published: str | None  # ISO date
    site_name: str | None
    text: str


def run_feed(
    feed_id: str,
    feed_url: str,
    *,
    publisher: str,
    inbox_dir: Path,
    state_dir: Path,
    stories: StoryIndex,
    client: PoliteClient,
    max_items: int = 20,
    gazetteer_path: Path | None = None,
    now: datetime | None = None,
) -> FeedResult:
    """Fetch one feed and write its new relevant articles into ``inbox_dir``. Never raises."""
    now = now or datetime.now(UTC)
    folder = state_dir / feed_id
    state = read_json_object(folder / "state.json")
    try:
        return _run(
            feed_id,
            feed_url,
            publisher,
            inbox_dir,
            folder,
            state,
            stories,
            client,
            max_items,
            gazetteer_path,
            now,
        )
    except Exception as err:  # one broken feed never stops the night
        log.exception("feed %s", feed_id)
        return FeedResult(
            feed_id, "failed", f"feed {feed_id} failed: {type(err).__name__}: {redact(str(err))}"
        )


def _run(
    feed_id: str,
    feed_url: str,
    publisher: str,
    inbox_dir: Path,
    folder: Path,
    state: dict[str, Any],
    stories: StoryIndex,
    client: PoliteClient,
    max_items: int,
    gazetteer_path: Path | None,
    now: datetime,
) -> FeedResult:
    shown = redact(feed_url)
    validators = state.get("feed", {}) if state.get("feed", {}).get("url") == feed_url else {}
    answer = client.get(feed_url, etag=validators.get("etag"), last_modified=validators.get("last_modified"))
    if answer.status == 404:
        return FeedResult(
            feed_id, "failed", f"404 for feed {feed_id} ({shown}): check its URL in sources.yml"
        )
    if answer.status == 304:
        return FeedResult(
            feed_id, "not_modified", f"feed {feed_id}: not modified since the last night (HTTP 304)"
        )
    if not answer.ok:
        return FeedResult(
            feed_id,
            "failed",
            f"feed {feed_id} ({shown}) could not be fetched: {answer.error}; nothing new from it tonight",
        )
    day = f"{now:%Y-%m-%d}"
    atomic_write(folder / "raw" / day / f"feed-{now:%H%M%S}Z.xml", answer.body)
    parsed = feedparser.parse(answer.body)
    if not parsed.entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        return FeedResult(
            feed_id, "failed", f"feed {feed_id} ({shown}) holds no items{why}: is it an RSS or Atom feed?"
        )
    result = FeedResult(feed_id, "fetched", "", items=len(parsed.entries))
    seen: dict[str, Any] = state.setdefault("seen", {})
    new = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link.startswith(("http://", "https://")):
            result.counts["malformed"] += 1
            continue
        key = (entry.get("id") or link).strip()
        if key not in seen:
            new.append((entry.get("published_parsed") or entry.get("updated_parsed"), key, link, entry))
    new.sort(key=lambda item: (item[0] is None, tuple(item[0] or ())))  # oldest first: first-published
    result.counts["deferred"] = max(0, len(new) - max_items)
    for _, key, link, entry in new[:max_items]:
        verdict = _article(
            feed_id,
            link,
            entry,
            publisher,
            inbox_dir,
            folder,
            state,
            stories,
            client,
            gazetteer_path,
            now,
            result,
        )
        if verdict is not None:
            seen[key] = {"verdict": verdict, "url": link, "at": now.isoformat(timespec="seconds")}
    state["feed"] = {"url": feed_url, "etag": answer.etag, "last_modified": answer.last_modified}
    atomic_write(folder / "state.json", (json.dumps(state, indent=1, sort_keys=True) + "\n").encode())
    stories.save()
    c = result.counts
    result.message = (
        f"feed {feed_id}: {result.items} items, {len(new)} new; {c['documents']} new documents, "
        f"{c['not_relevant']} not relevant, {c['duplicates']} duplicates of a story already in, "
        f"{c['robots']} disallowed by robots.txt, {c['failed']} failed (retried next night), "
        f"{c['malformed']} malformed items, {c['deferred']} left for the next night (at most {max_items})"
    )
    return result


def _article(
    feed_id: str,
    link: str,
    entry: Any,
    publisher: str,
    inbox_dir: Path,
    folder: Path,
    state: dict[str, Any],
    stories: StoryIndex,
    client: PoliteClient,
    gazetteer_path: Path | None,
    now: datetime,
    result: FeedResult,
) -> str | None:
    """Fetch, judge and write one item; returns the verdict to remember, None to try again next night."""
    pages = state.setdefault("pages", {})
    known = pages.get(link, {})
    page = client.get(link, etag=known.get("etag"), last_modified=known.get("last_modified"))
    if page.error == "robots.txt disallows it":
        result.counts["robots"] += 1
        return None  # robots.txt may change; asking it costs the publisher nothing
    if not page.ok:
        result.counts["failed"] += 1
        log.info("feed %s: %s: %s", feed_id, redact(link), page.error or page.status)
        return None
    _keep_raw(folder, page, now)
    pages[link] = {"etag": page.etag, "last_modified": page.last_modified}
    article = extract_article(page.body, page.final_url or link, entry)
    if article is None:
        result.counts["failed"] += 1
        return None
    verdict = judge(f"{article.title}\n{article.text}", gazetteer_path)
    if not verdict.relevant:
        result.counts["not_relevant"] += 1
        return "not_relevant"
    story, is_new = stories.assign(
        article.text, Member(article.url, article.site_name or publisher, article.published)
    )
    if not is_new:
        result.counts["duplicates"] += 1
        return f"duplicate of {story.story_id}"
    path = write_document(inbox_dir, article, feed_id, story.story_id, verdict.reason, now)
    story.canonical.document = path.name
    result.counts["documents"] += 1
    result.documents.append(path)
    return "document"


def extract_article(body: bytes, url: str, entry: Any = None) -> Article | None:
    """Main text and metadata of an article page (trafilatura), the feed item filling gaps."""
    page = body.decode("utf-8", errors="replace")
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if len(text) < 200:  # a teaser or an error page, not an article
        return None
    entry = entry or {}
    published = data.get("date")
    if not published and entry.get("published_parsed"):
        published = time.strftime("%Y-%m-%d", entry["published_parsed"])
    return Article(
        url=data.get("url") or url,
        title=(data.get("title") or entry.get("title") or "").strip(),
        author=data.get("author") or entry.get("author"),
        published=published,
        site_name=data.get("sitename"),
        text=text,
    )


def write_document(
    inbox_dir: Path, article: Article, feed_id: str, story_id: str, why: str, now: datetime
) -> Path:
    """The article as an HTML document whose head the document ingestion reads (title, date)."""
    esc = html.escape
    metas = {
        "og:title": article.title,
        "og:site_name": article.site_name,
        "article:published_time": article.published,
        "author": article.author,
        "pkit:feed": feed_id,
        "pkit:story_id": story_id,
        "pkit:relevance": why,
        "pkit:retrieved_at": now.isoformat(timespec="seconds"),
    }
    head = [
        '<meta charset="utf-8">',
        f"<title>{esc(article.title)}</title>",
        f'<link rel="canonical" href="{esc(article.url)}">',
    ]
    for name, value in metas.items():
        if value:
            attr = "property" if name.startswith(("og:", "article:")) else "name"
            head.append(f'<meta {attr}="{name}" content="{esc(str(value))}">')
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in article.text.split("\n") if p.strip())
    document = (
        "<!doctype html>\n<html><head>\n" + "\n".join(head) + "\n</head><body><article>\n"
        f"{paragraphs}\n</article></body></html>\n"
    )
    digest = hashlib.sha256(article.url.encode("utf-8")).hexdigest()[:12]
    slug = _SLUG.sub("-", article.title.lower()).strip("-")[:60] or "article"
    day = (article.published or f"{now:%Y-%m-%d}")[:10]
    path = inbox_dir / f"{day}_{slug}_{digest}.html"
    atomic_write(path, document.encode("utf-8"))
    return path


def _keep_raw(folder: Path, page: Answer, now: datetime) -> None:
    name = hashlib.sha256(page.url.encode("utf-8")).hexdigest()[:16]
    day = folder / "raw" / f"{now:%Y-%m-%d}"
    atomic_write(day / f"{name}.html", page.body)
    meta = {
        "url": redact(page.url),
        "final_url": redact(page.final_url or page.url),
        "retrieved_at": now.isoformat(timespec="seconds"),
        "http_status": page.status,
        "etag": page.etag,
        "last_modified": page.last_modified,
    }
    atomic_write(day / f"{name}.meta.json", (json.dumps(meta, indent=1) + "\n").encode())
