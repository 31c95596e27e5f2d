"""Feeds ride with the task of the documents source whose folder they write into (``sources.yml``).

Why not a task per feed yet: the documents task reads the inbox, so the night's articles must be
written before it scans. Fetching every feed first, in that task, gives that order in ``pkit run`` and
in Airflow alike. One ``PoliteClient`` serves all feeds, so the rate limit and the deadline are per host
even when one host has several feeds. Each feed leaves one ``fetch`` event (a report line) in the ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pkit.errors import InputRejected
from pkit.ingestion.safe_paths import check_inside
from pkit.registry import Registry, Source
from pkit.run.context import RunContext

if TYPE_CHECKING:  # feedparser, trafilatura and datasketch load only on a night that fetches feeds
    from pkit.ingestion.feeds import FeedResult


def fetch_feeds(ctx: RunContext, registry: Registry, documents_source: Source) -> list[FeedResult]:
    feeds = registry.feeds_for(documents_source)
    settings = ctx.settings
    results: list[FeedResult] = []
    if not feeds:
        return results
    if not settings.fetch_enabled:
        for feed in feeds:
            message = f"feed {feed.id}: fetching is disabled (PKIT_FETCH_ENABLED=0)"
            ctx.ledger.write("fetch", {"source": feed.id, "status": "disabled", "message": message})
        return results
    from pkit.ingestion.feeds import FeedResult, run_feed
    from pkit.ingestion.polite_http import PoliteClient
    from pkit.ingestion.stories import StoryIndex

    state_dir = settings.warehouse_dir / "fetched" / "feeds"
    stories = StoryIndex(state_dir / "stories.json")
    with PoliteClient(contact=settings.fetch_contact) as client:
        for feed in feeds:
            inbox = settings.documents_dir / feed.location.path
            try:
                check_inside(inbox, settings.documents_dir)
            except InputRejected as err:
                result = FeedResult(
                    feed.id, "failed", f"feed {feed.id}: its folder {err.reason}; not fetched"
                )
            else:
                assert feed.location.url is not None  # the registry requires it of a feed
                result = run_feed(
                    feed.id,
                    feed.location.url,
                    publisher=feed.publisher,
                    inbox_dir=inbox,
                    state_dir=state_dir,
                    stories=stories,
                    client=client,
                    max_items=feed.max_items,
                    gazetteer_path=settings.gazetteer_file,
                )
            ctx.ledger.write(
                "fetch",
                {"source": feed.id, "status": result.status, "message": result.message, **result.counts},
            )
            results.append(result)
    return results
