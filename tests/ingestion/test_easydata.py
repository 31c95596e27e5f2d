"""``pkit.ingestion.easydata`` against a real HTTP server on 127.0.0.1 speaking EasyData's documented
contract: JSON and CSV answers (bare CR line ends), a revision between two retrievals, a 401, a 429, and
the API key kept out of every file name, file, message and log line."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from pkit.config import PROJECT_ROOT
from pkit.ingestion import easydata
from pkit.ingestion.easydata import KEY_REFUSED, EasyDataClient, EasyDataSeries, parse_response
from pkit.ingestion.official import read_official_csv
from pkit.ingestion.redact import REDACTED, redact
from pkit.registry import Registry

PROJECT_OFFICIAL = PROJECT_ROOT / "data" / "official"
KEY = "k3y-S3cr3t-0123456789abcdef"
SERIES = EasyDataSeries(key="TS_GP_BOP_ICT_M.P0001", measure="ict_exports", unit="USD thousand", scale=0.001)
PATH = f"/api/v1/series/{SERIES.key}/data"
DAY1 = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
DAY2 = datetime(2026, 11, 21, 21, 0, tzinfo=UTC)
COLUMNS = ["Series Key", "Series name", "Observation Date", "Observation Value", "Unit", "Observation Status"]


def answer(values: dict[str, float], status: str = "Provisional") -> dict[str, object]:
    rows = [
        [SERIES.key, "ICT services exports", f"{month}-01", value, "Thousand USD", status]
        for month, value in values.items()
    ]
    return {"columns": COLUMNS, "rows": rows}


def csv_bare_cr(values: dict[str, float]) -> bytes:
    lines = [",".join(f'"{c}"' for c in COLUMNS)]
    for month, value in values.items():
        lines.append(f'{SERIES.key},ICT services exports,{month}-01,"{value:,.1f}",Thousand USD,Final')
    return ("\r".join(lines) + "\r").encode()


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    base: str
    replies: list[Reply]  # one per request, the last one repeats
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    recorded: list[float] = []
    monkeypatch.setattr(easydata, "_sleep", recorded.append)
    return recorded


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server("", [])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            reply = state.replies[min(len(state.requests), len(state.replies)) - 1]
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def client(server: Server, folder: Path, when: datetime, fmt: str = "json", key: str | None = KEY):
    return EasyDataClient(
        "sbp_easydata",
        folder,
        server.base,
        key,
        contact="data@example.org",
        fmt=fmt,  # type: ignore[arg-type]
        timeout_s=2,
        now=lambda: when,
    )


def json_reply(values: dict[str, float], status: str = "Provisional") -> Reply:
    body = json.dumps(answer(values, status)).encode()
    return Reply(body=body, headers={"Content-Type": "application/json"})


def vintages(folder: Path) -> list[dict[str, object]]:
    data = (folder / "vintages.csv").read_bytes()
    # The vintages are rows of the official monthly contract: the same reader the bundled table has.
    _, rows = read_official_csv(data, "ict_exports_monthly.csv")
    return rows


def test_json_answer_becomes_vintages_of_the_monthly_contract(
    server: Server, tmp_path: Path, delays: list[float]
) -> None:
    server.replies = [json_reply({"2026-09": 353_000.0, "2026-10": 386_500.0})]
    result = client(server, tmp_path, DAY1).retrieve(SERIES)
    assert result.status == "retrieved" and result.new_vintages == 2, result.message
    path, headers = server.requests[0]
    query = parse_qs(urlsplit(path).query)
    assert urlsplit(path).path == PATH
    assert query == {
        "api_key": [KEY],
        "start_date": ["2015-07-01"],
        "end_date": ["2026-11-20"],
        "format": ["json"],
    }
    assert "pkit/" in headers["User-Agent"] and "contact: data@example.org" in headers["User-Agent"]
    rows = vintages(tmp_path)
    assert [(r["period_month"], r["value_usd_mn"], r["fiscal_year"]) for r in rows] == [
        ("2026-09", 353.0, "FY2026-27"),
        ("2026-10", 386.5, "FY2026-27"),
    ]
    row = rows[0]
    assert (row["publisher"], str(row["release_date"]), row["release_date_basis"]) == (
        "SBP",
        "2026-11-20",
        "retrieval",
    )
    assert row["revision_status"] == "first_release" and "status Provisional" in row["source_title"]
    assert row["source_url"] == server.base + PATH
    # the raw bytes are kept as received, with the URL (key redacted) and the retrieval time
    assert result.raw_path is not None and result.raw_path.read_bytes() == server.replies[0].body
    meta = json.loads(result.raw_path.with_name(result.raw_path.stem + ".meta.json").read_text())
    assert meta["retrieved_at"] == "2026-11-20T21:00:00+00:00" and f"api_key={REDACTED}" in meta["url"]


def test_csv_answer_with_bare_carriage_returns(server: Server, tmp_path: Path, delays: list[float]) -> None:
    body = csv_bare_cr({"2026-09": 353_000.0, "2026-10": 386_500.0})
    assert b"\n" not in body
    server.replies = [Reply(body=body, headers={"Content-Type": "text/csv"})]
    result = client(server, tmp_path, DAY1, fmt="csv").retrieve(SERIES)
    assert result.status == "retrieved" and result.new_vintages == 2, result.message
    assert result.raw_path is not None and result.raw_path.suffix == ".csv"
    assert [r["value_usd_mn"] for r in vintages(tmp_path)] == [353.0, 386.5]


def test_changed_value_is_a_second_vintage_and_unchanged_adds_nothing(
    server: Server, tmp_path: Path, delays: list[float]
) -> None:
    server.replies = [json_reply({"2026-09": 353_000.0, "2026-10": 386_500.0})]
    assert client(server, tmp_path, DAY1).retrieve(SERIES).new_vintages == 2
    server.replies = [json_reply({"2026-09": 353_000.0, "2026-10": 391_200.0, "2026-11": 402_000.0})]
    server.requests.clear()
    second = client(server, tmp_path, DAY2).retrieve(SERIES)
    assert second.status == "retrieved" and second.new_vintages == 2, second.message
    assert "(1 revised)" in second.message
    rows = vintages(tmp_path)
    october = [r for r in rows if r["period_month"] == "2026-10"]
    assert [(r["value_usd_mn"], str(r["release_date"]), r["revision_status"]) for r in october] == [
        (386.5, "2026-11-20", "first_release"),
        (391.2, "2026-11-21", "revised"),
    ]
    assert [r["revision_status"] for r in rows if r["period_month"] == "2026-11"] == ["first_release"]
    server.requests.clear()
    third = client(server, tmp_path, DAY2).retrieve(SERIES)
    assert third.status == "unchanged" and third.new_vintages == 0
    assert len(vintages(tmp_path)) == len(rows)


def test_refused_key_says_renew_it_and_keeps_the_last_good_retrieval(
    server: Server, tmp_path: Path, delays: list[float]
) -> None:
    server.replies = [json_reply({"2026-09": 353_000.0})]
    client(server, tmp_path, DAY1).retrieve(SERIES)
    before = (tmp_path / "vintages.csv").read_bytes()
    for code in (401, 403):
        server.replies = [Reply(status=code, body=b'{"error": "invalid api key"}')]
        server.requests.clear()
        result = client(server, tmp_path, DAY2).retrieve(SERIES)
        assert result.status == "failed" and result.http_status == code
        assert KEY_REFUSED in result.message
        assert "keeping the last good retrieval of 2026-11-20T21:00:00+00:00" in result.message
        assert len(server.requests) == 1 and delays == []  # asking again gives the same answer
    assert (tmp_path / "vintages.csv").read_bytes() == before


def test_429_backs_off_then_succeeds(server: Server, tmp_path: Path, delays: list[float]) -> None:
    server.replies = [Reply(status=429, headers={"Retry-After": "7"}), json_reply({"2026-09": 353_000.0})]
    result = client(server, tmp_path, DAY1).retrieve(SERIES)
    assert result.status == "retrieved", result.message
    assert delays == [7.0]


def test_429_throughout_falls_back_in_one_sentence(
    server: Server, tmp_path: Path, delays: list[float]
) -> None:
    server.replies = [Reply(status=429)]
    result = client(server, tmp_path, DAY1).retrieve(SERIES)
    assert result.status == "failed" and result.http_status == 429
    assert len(server.requests) == 3 and delays == [2.0, 4.0]  # bounded: 3 attempts, backoff doubling
    assert "rate limit" in result.message
    assert result.message.endswith("no earlier retrieval: the bundled snapshot stays the series of record")
    assert not (tmp_path / "vintages.csv").exists()


def test_429_asking_for_longer_than_the_night_can_wait_is_not_waited_for(
    server: Server, tmp_path: Path, delays: list[float]
) -> None:
    server.replies = [Reply(status=429, headers={"Retry-After": "3600"})]
    result = client(server, tmp_path, DAY1).retrieve(SERIES)
    assert result.status == "failed" and len(server.requests) == 1 and delays == []


def test_no_key_is_a_skip_not_an_error(server: Server, tmp_path: Path) -> None:
    result = client(server, tmp_path, DAY1, key=None).retrieve(SERIES)
    assert result.status == "skipped" and "PKIT_SBP_API_KEY is not set" in result.message
    assert server.requests == []


def test_malformed_answer_is_kept_raw_and_falls_back(
    server: Server, tmp_path: Path, delays: list[float]
) -> None:
    server.replies = [Reply(body=b"<html>maintenance</html>")]
    result = client(server, tmp_path, DAY1).retrieve(SERIES)
    assert result.status == "failed" and "not EasyData's table" in result.message
    assert result.raw_path is not None and result.raw_path.read_bytes() == b"<html>maintenance</html>"


def test_the_key_appears_nowhere(
    server: Server, tmp_path: Path, delays: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    messages = []
    replies = [
        [json_reply({"2026-09": 353_000.0})],
        [json_reply({"2026-09": 354_000.0})],
        [Reply(status=401)],
        [Reply(status=429)],
        [Reply(status=500)],
        [Reply(body=b"not json")],
    ]
    for reply in replies:
        server.replies = reply
        messages.append(client(server, tmp_path, DAY2).retrieve(SERIES).message)
    # a server that is not there: the transport error names the URL
    gone = EasyDataClient("sbp_easydata", tmp_path, "http://127.0.0.1:9", KEY, timeout_s=1, now=lambda: DAY2)
    messages.append(gone.retrieve(SERIES).message)
    assert any(KEY in path for path, _ in server.requests)  # it was sent, so the checks below mean something
    files = list(tmp_path.rglob("*"))
    assert files and not [p for p in files if KEY in p.name]
    assert not [p for p in files if p.is_file() and KEY.encode() in p.read_bytes()]
    assert not [m for m in messages if KEY in m]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "HTTP Request" in logged or "EasyData" in logged  # the HTTP stack's lines were captured
    assert KEY not in logged


def test_redact_removes_keys_from_urls_and_text() -> None:
    url = f"https://easydata.sbp.org.pk/api/v1/series/X/data?api_key={KEY}&format=json"
    assert redact(url) == f"https://easydata.sbp.org.pk/api/v1/series/X/data?api_key={REDACTED}&format=json"
    assert redact(f"GET {url} failed") == f"GET {redact(url)} failed"
    assert redact("https://user:pw@host/x") == "https://host/x"
    assert redact(f"the key {KEY} is bad", KEY) == f"the key {REDACTED} is bad"
    assert redact("start_date=2015-07-01&format=csv") == "start_date=2015-07-01&format=csv"


def test_parse_rejects_a_table_without_observation_columns() -> None:
    body = json.dumps({"columns": ["Series Key", "Observation Date"], "rows": []}).encode()
    with pytest.raises(easydata.FormatError, match=r"(?i)observation value"):
        parse_response(body, "json")


def test_registry_accepts_an_easydata_entry_and_plans_it_with_its_table() -> None:
    entry = {
        "id": "sbp_easydata_ict_exports",
        "kind": "easydata",
        "publisher": "SBP (EasyData API)",
        "description": "test",
        "location": {"path": "ict_exports_monthly.csv"},
        "format": "json",
        "parser": "easydata",
        "contract": ["official_ict_exports_monthly"],
        "suite": ["raw_official_ict_exports_monthly"],
        "cadence": "monthly",
        "series": [{"key": SERIES.key, "measure": "ict_exports", "unit": "USD thousand", "scale": 0.001}],
    }
    table = {**entry, "id": "ict_exports_monthly", "kind": "table", "format": "csv", "parser": "official_csv"}
    del table["series"]
    registry = Registry.model_validate({"sources": [table, entry]})
    assert [s.id for s in registry.planned()] == ["ict_exports_monthly"]
    assert [s.id for s in registry.easydata_for(registry.get("ict_exports_monthly"))] == [entry["id"]]
    with pytest.raises(ValueError, match="measure"):
        Registry.model_validate(
            {"sources": [{**entry, "series": [{"key": "X", "measure": "gdp", "unit": "u", "scale": 1}]}]}
        )


def test_shipped_easydata_entries_are_commented_out() -> None:

    text = (PROJECT_ROOT / "sources.yml").read_text(encoding="utf-8")
    assert "kind: easydata" in text  # documented for the operator ...
    assert all(s["kind"] != "easydata" for s in yaml.safe_load(text)["sources"])  # ... but not active


# -- wired into the ingestion of the table they extend ----------------------------------------------


def _night(tmp_path: Path, server: Server, *, fetch: bool, key: str | None = KEY):
    from pkit.config import Settings
    from pkit.run.context import RunContext

    official = tmp_path / "official"
    if not official.exists():
        official.mkdir(parents=True)
        bundled = PROJECT_ROOT / "data" / "official" / "ict_exports_monthly.csv"
        (official / "ict_exports_monthly.csv").write_bytes(bundled.read_bytes())
    env = {
        "PKIT_HOME": str(tmp_path),
        "PKIT_OFFICIAL_DIR": str(official),
        "PKIT_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "PKIT_FETCH_ENABLED": "1" if fetch else "0",
        "PKIT_SBP_EASYDATA_URL": server.base,
        "PKIT_SBP_API_KEY": key or "",
    }
    return RunContext.create(f"night-{len(server.requests)}", settings=Settings.from_env(env))


def _registry() -> Registry:
    table = {
        "id": "ict_exports_monthly",
        "kind": "table",
        "publisher": "press",
        "description": "test",
        "location": {"path": "ict_exports_monthly.csv"},
        "format": "csv",
        "parser": "official_csv",
        "contract": ["official_ict_exports_monthly"],
        "suite": ["raw_official_ict_exports_monthly"],
        "cadence": "monthly",
    }
    entry = {
        **table,
        "id": "sbp_easydata",
        "kind": "easydata",
        "format": "json",
        "parser": "easydata",
        "series": [SERIES.model_dump()],
    }
    return Registry.model_validate({"sources": [table, entry]})


def test_a_night_ingests_the_vintages_with_the_table_and_a_second_night_adds_nothing(
    server: Server, tmp_path: Path, delays: list[float]
) -> None:
    import duckdb

    from pkit.ingestion.ingest_official import ingest_table_source

    registry = _registry()
    table = registry.get("ict_exports_monthly")
    bundled_rows = len(
        read_official_csv(
            (PROJECT_OFFICIAL / "ict_exports_monthly.csv").read_bytes(), "ict_exports_monthly.csv"
        )[1]
    )
    server.replies = [json_reply({"2026-09": 353_000.0, "2026-10": 386_500.0})]
    ctx = _night(tmp_path, server, fetch=True)
    [load] = ingest_table_source(ctx, table, registry)
    frame = duckdb.read_parquet(load["tables"]["official_ict_exports_monthly"]).df()
    assert len(frame) == bundled_rows + 2
    sbp = frame[frame["release_date_basis"] == "retrieval"]
    assert sorted(sbp["value_usd_mn"]) == [353.0, 386.5] and set(sbp["publisher"]) == {"SBP"}
    [event] = [e for e in ctx.ledger.events() if e["kind"] == "fetch"]
    assert event["series"] == SERIES.key and event["status"] == "retrieved" and event["new_vintages"] == 2

    # what check_raw does after the checks pass: the load becomes the table's current load
    from pkit.raw.store import promote

    promote(
        Path(load["tables"]["official_ict_exports_monthly"]),
        ctx.settings.raw_dir,
        "official_ict_exports_monthly",
    )
    ctx = _night(tmp_path, server, fetch=True)  # same answer: nothing new to load
    assert ingest_table_source(ctx, table, registry) == []
    [event] = [e for e in ctx.ledger.events() if e["kind"] == "fetch"]
    assert event["status"] == "unchanged"
    ledgers = [p for p in (tmp_path / "warehouse").rglob("*") if p.is_file()]
    assert not [p for p in ledgers if KEY.encode() in p.read_bytes() or KEY in p.name]


def test_without_fetching_or_vintages_the_bundled_file_is_ingested_untouched(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pkit.ingestion import ingest_easydata
    from pkit.ingestion.ingest_official import ingest_table_source

    monkeypatch.setattr(ingest_easydata, "airflow_connection_key", lambda: None)  # no Airflow connection

    registry = _registry()
    for fetch, key in ((False, KEY), (True, None)):
        ctx = _night(tmp_path / str(fetch), server, fetch=fetch, key=key)
        [load] = ingest_table_source(ctx, registry.get("ict_exports_monthly"), registry)
        assert load["origin"] == str(ctx.settings.official_dir / "ict_exports_monthly.csv")
        [event] = [e for e in ctx.ledger.events() if e["kind"] == "fetch"]
        assert event["status"] == ("skipped" if fetch else "disabled")
    assert server.requests == []


def test_the_key_may_come_from_an_airflow_connection(
    server: Server, tmp_path: Path, delays: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pkit.ingestion import ingest_easydata
    from pkit.ingestion.ingest_official import ingest_table_source

    monkeypatch.setattr(ingest_easydata, "airflow_connection_key", lambda: KEY)
    server.replies = [json_reply({"2026-09": 353_000.0})]
    registry = _registry()
    ctx = _night(tmp_path, server, fetch=True, key=None)
    assert ingest_table_source(ctx, registry.get("ict_exports_monthly"), registry)
    assert parse_qs(urlsplit(server.requests[0][0]).query)["api_key"] == [KEY]


@pytest.mark.slow  # imports Airflow (seconds)
def test_airflow_connection_key_reads_the_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    from pkit.ingestion.ingest_easydata import airflow_connection_key

    monkeypatch.setenv("AIRFLOW_CONN_SBP_EASYDATA", json.dumps({"conn_type": "http", "password": KEY}))
    assert airflow_connection_key() == KEY
    monkeypatch.delenv("AIRFLOW_CONN_SBP_EASYDATA")
    assert airflow_connection_key() is None
