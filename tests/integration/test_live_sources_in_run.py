"""A night with fetching on, against a 127.0.0.1 server playing EasyData and a news outlet: the new
vintages and the new article are published; a second night adds nothing and fetches conditionally."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import duckdb
import pytest
import yaml

from pkit.config import PROJECT_ROOT
from pkit.ingestion import polite_http
from pkit.pipeline import run_all
from pkit.run.ledger import read_all

pytestmark = pytest.mark.slow

KEY = "live-test-key-0123456789"
SERIES = "TS_GP_BOP_ICT_M.TEST"
ARTICLE = (
    "ISLAMABAD: Pakistan's IT exports rose to $374 million in January 2026, the State Bank of Pakistan "
    "said, as the Pakistan Software Export Board reported more registrations of IT companies. The "
    "Ministry of IT and Telecom said freelancers and software houses drove the increase, and expected "
    "exports to keep growing through the rest of the fiscal year as new markets open in the Gulf."
)


@pytest.fixture
def outlet() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    requests: list[tuple[str, dict[str, str]]] = []
    routes: dict[str, tuple[bytes, str, str | None]] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            requests.append((self.path, dict(self.headers.items())))
            path = urlsplit(self.path).path
            if path not in routes:
                self.send_error(404)
                return
            body, kind, etag = routes[path]
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    columns = ["Series Key", "Series name", "Observation Date", "Observation Value", "Unit", "Status"]
    rows = [
        [SERIES, "ICT services exports", "2026-01-31", 374200, "Thousand USD", "Revised"],
        [SERIES, "ICT services exports", "2026-02-28", 365000, "Thousand USD", "Provisional"],
    ]
    routes[f"/api/v1/series/{SERIES}/data"] = (
        json.dumps({"columns": columns, "rows": rows}).encode(),
        "application/json",
        None,
    )
    routes["/robots.txt"] = (b"User-agent: *\nAllow: /\n", "text/plain", None)
    routes["/news/it-exports-january"] = (
        f"""<!doctype html><html><head><title>IT exports at $374m in January</title>
<meta property="og:title" content="IT exports at $374m in January">
<meta property="article:published_time" content="2026-02-18">
<link rel="canonical" href="{base}/news/it-exports-january"></head><body>
<nav><a href="/">Home</a> <a href="/business">Business</a></nav>
<article><h1>IT exports at $374m in January</h1><p>{ARTICLE}</p></article>
<aside><h3>Related</h3><ul><li><a href="/x">Gold hits a record</a></li></ul></aside>
</body></html>""".encode(),
        "text/html; charset=utf-8",
        None,
    )
    routes["/feed.xml"] = (
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title><link>{base}/</link>
<description>d</description><item><title>IT exports at $374m in January</title>
<link>{base}/news/it-exports-january</link><pubDate>Wed, 18 Feb 2026 09:00:00 +0500</pubDate></item>
</channel></rss>""".encode(),
        "application/rss+xml",
        '"feed-1"',
    )
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield base, requests
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_a_live_night_publishes_new_vintages_and_articles_and_a_second_adds_nothing(
    project_copy, monkeypatch, tmp_path, outlet
):
    base, requests = outlet
    monkeypatch.setattr(polite_http, "_sleep", lambda s: None)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    registry = yaml.safe_load((PROJECT_ROOT / "sources.yml").read_text())
    common = {"contract": ["official_ict_exports_monthly"], "suite": ["raw_official_ict_exports_monthly"]}
    registry["sources"] += [
        {
            "id": "sbp_easydata_ict_exports",
            "kind": "easydata",
            "publisher": "SBP (EasyData API)",
            "description": "test",
            "location": {"path": "ict_exports_monthly.csv"},
            "format": "json",
            "parser": "easydata",
            **common,
            "cadence": "monthly",
            "series": [{"key": SERIES, "measure": "ict_exports", "unit": "USD thousand", "scale": 0.001}],
        },
        {
            "id": "feed_outlet",
            "kind": "feed",
            "publisher": "Outlet",
            "description": "test",
            "location": {"path": "feeds/outlet", "url": base + "/feed.xml"},
            "format": "feed",
            "parser": "feed",
            "contract": ["documents", "document_facts"],
            "suite": ["raw_documents", "raw_document_facts"],
            "cadence": "daily",
        },
    ]
    sources = tmp_path / "sources.yml"
    sources.write_text(yaml.safe_dump(registry))
    for key, value in {
        "PKIT_DOCUMENTS_DIR": project_copy.documents_dir,
        "PKIT_OFFICIAL_DIR": project_copy.official_dir,
        "PKIT_WAREHOUSE_DIR": project_copy.warehouse_dir,
        "PKIT_SOURCES": sources,
        "PKIT_FETCH_ENABLED": "1",
        "PKIT_SBP_API_KEY": KEY,
        "PKIT_SBP_EASYDATA_URL": base,
    }.items():
        monkeypatch.setenv(key, str(value))

    # a night offline first: the warehouse as today, the baseline the live night is compared with
    monkeypatch.setenv("PKIT_FETCH_ENABLED", "0")
    assert run_all("offline")["status"] == "published"
    assert requests == []
    monkeypatch.setenv("PKIT_FETCH_ENABLED", "1")

    assert run_all("live-1")["status"] == "published"
    with duckdb.connect(str(project_copy.published_db), read_only=True) as con:
        vintages = con.execute(
            "select period_month, value_usd_mn, revision_status "
            "from staging.stg_official__ict_exports_monthly "
            "where release_date_basis = 'retrieval' order by period_month"
        ).fetchall()
        titles = [r[0] for r in con.execute("select title from staging.stg_documents__documents").fetchall()]
        changes = con.execute(
            "select change_kind, mart, period, old_value, new_value from audit.changes "
            "where run_id = 'live-1' and new_source_url like '%/api/v1/series/%' order by all"
        ).fetchall()
    assert vintages == [("2026-01", 374.2, "revised"), ("2026-02", 365.0, "first_release")]
    # the "what changed" view: two new vintages, and the current value of January revised 374 -> 374.2
    assert [c for c in changes if c[0] == "new_vintage"] == [
        ("new_vintage", "fct_ict_exports_vintages", "2026-01", None, 374.2),
        ("new_vintage", "fct_ict_exports_vintages", "2026-02", None, 365.0),
    ], changes
    assert ("revised", "fct_ict_exports_monthly", "2026-01", 374.0, 374.2) in changes, changes
    assert "IT exports at $374m in January" in titles
    fetches = [e for e in read_all(project_copy.ledger_dir) if e["kind"] == "fetch"]
    assert {(f["run_id"], f["source"], f["status"]) for f in fetches} == {
        ("offline", "sbp_easydata_ict_exports", "disabled"),
        ("offline", "feed_outlet", "disabled"),
        ("live-1", "sbp_easydata_ict_exports", "retrieved"),
        ("live-1", "feed_outlet", "fetched"),
    }
    assert {(f["source"], f["status"]) for f in fetches if f["run_id"] == "live-1"} == {
        ("sbp_easydata_ict_exports", "retrieved"),
        ("feed_outlet", "fetched"),
    }
    report = "\n".join(p.read_text() for p in (project_copy.reports_dir / "live-1").rglob("*.html"))
    assert "Live sources (2)" in report and "2 observations, 2 new vintages" in report
    assert "feed feed_outlet: 1 items, 1 new; 1 new documents" in report and KEY not in report

    requests.clear()
    second = run_all("live-2")
    assert second["status"] == "unchanged", second
    fetches = [
        e for e in read_all(project_copy.ledger_dir) if e["kind"] == "fetch" and e["run_id"] == "live-2"
    ]
    assert {(f["source"], f["status"]) for f in fetches} == {
        ("sbp_easydata_ict_exports", "unchanged"),
        ("feed_outlet", "not_modified"),
    }
    assert [h.get("If-None-Match") for p, h in requests if p == "/feed.xml"] == ['"feed-1"']
    everything = [p for p in project_copy.warehouse_dir.rglob("*") if p.is_file() and p.suffix != ".duckdb"]
    assert not [p for p in everything if KEY in p.name or KEY.encode() in p.read_bytes()]
