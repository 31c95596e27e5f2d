"""The State Bank of Pakistan's EasyData API: series retrieved as vintages of an official monthly table.

Why: the bundled monthly table is compiled from press reports; EasyData is where the State Bank
publishes the series itself. Each retrieval is a vintage. Observations become rows of the existing
``official_ict_exports_monthly`` contract (publisher ``SBP``, ``release_date`` = the retrieval date,
``release_date_basis`` ``retrieval``), so they flow into the vintage marts with no model change: a
value that changed since the previous retrieval is a new row (a revision), an unchanged one is not.

Contract of the API (documented by the State Bank)::

    GET {base}/api/v1/series/{series_key}/data?api_key=KEY&start_date=YYYY-MM-DD&end_date=YYYY-MM-DD
        &format=json|csv
    -> {"columns": [...], "rows": [[...], ...]}   (CSV: same columns; line ends may be bare CR)

Limits: 2,000 calls a day, 250 an hour (counted in the state file; a call over budget is not made).
The firewall rejects default client user agents, so every request names the project and a contact.

Layout under ``<fetched>/<source_id>/``::

    raw/<YYYY-MM-DD>/<series>-<HHMMSS>Z.<json|csv>   the response bytes, as received
    raw/<YYYY-MM-DD>/<series>-<HHMMSS>Z.meta.json    URL (key redacted), retrieval time, HTTP status
    vintages.csv                                     every vintage so far, in the monthly contract
    state.json                                       last good retrieval per series, call log

Never raises for network, HTTP or format trouble: every failure is ``status="failed"`` with one sentence
that says the last good retrieval is kept. The API key never reaches a message, log, file or file name
(``pkit.ingestion.redact.redact``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator

from pkit.fiscal import fiscal_year_of
from pkit.ingestion.fetch import USER_AGENT
from pkit.ingestion.files import atomic_write, read_json_object
from pkit.ingestion.official import CONTRACTS_BY_TABLE, MEASURES
from pkit.ingestion.redact import install_http_log_redaction, redact, remove_filters

log = logging.getLogger(__name__)

SeriesStatus = Literal["retrieved", "unchanged", "failed", "skipped"]

MONTHLY_TABLE = "official_ict_exports_monthly"
STATE_FILE = "state.json"
VINTAGES_FILE = "vintages.csv"
HOURLY_LIMIT = 250
DAILY_LIMIT = 2000
KEY_REFUSED = "the EasyData key was refused (keys expire every 90 days): renew it and set PKIT_SBP_API_KEY"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")

# Indirection so tests record the backoff instead of sleeping.
_sleep = time.sleep


class EasyDataSeries(BaseModel):
    """One series of a registry entry of kind ``easydata`` (``sources.yml``)."""

    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")  # EasyData's series key
    measure: str  # a measure of the target table (ict_exports, computer_services_exports)
    unit: str = "USD million"  # the unit EasyData states, as documentation
    scale: float = 1.0  # multiply the observation value by this to get USD million (thousands: 0.001)
    start_date: date = date(2015, 7, 1)

    @field_validator("measure")
    @classmethod
    def _known_measure(cls, value: str) -> str:
        if value not in MEASURES:
            raise ValueError(f"measure {value!r} is not one of {sorted(MEASURES)}")
        return value


def user_agent(contact: str) -> str:
    """The project's User-Agent, with the operator's contact when one is configured."""
    return f"{USER_AGENT[:-1]}; contact: {contact})" if contact else USER_AGENT


@dataclass(frozen=True)
class Observation:
    series_key: str
    series_name: str
    period_month: str  # YYYY-MM
    value: float
    unit: str
    status: str  # as the API states it (e.g. "Provisional", "Revised"); "" when absent
    release_date: date | None  # when the API states one per observation


@dataclass(frozen=True)
class SeriesResult:
    source_id: str
    series_key: str
    status: SeriesStatus
    message: str  # one sentence for the report; never carries the key
    new_vintages: int = 0
    raw_path: Path | None = None
    http_status: int | None = None


class FormatError(ValueError):
    """The answer is not the documented ``{"columns", "rows"}`` table (or its CSV form)."""


# -- parsing ---------------------------------------------------------------------------------------


def parse_response(data: bytes, fmt: str) -> list[Observation]:
    """Observations of a JSON or CSV answer; rows without a value are left out (not yet published)."""
    if fmt == "json":
        try:
            doc = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as err:
            raise FormatError(f"not JSON: {err}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("columns"), list):
            raise FormatError('JSON without a "columns" list')
        columns, rows = doc["columns"], doc.get("rows") or []
        if not isinstance(rows, list):
            raise FormatError('JSON "rows" is not a list')
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise FormatError(f"CSV not UTF-8: {err.reason}") from None
        # The CSV form has used bare carriage returns as line ends: normalise all three conventions.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        table = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
        if not table:
            raise FormatError("empty CSV")
        columns, rows = table[0], table[1:]
    return list(_observations([str(c) for c in columns], rows))


def _observations(columns: list[str], rows: list[Any]) -> Iterable[Observation]:
    index = {c.strip().lower(): i for i, c in enumerate(columns)}

    def column(*names: str, required: bool = True) -> int | None:
        for name in names:
            if name in index:
                return index[name]
        if required:
            raise FormatError(f"no column {names[0]!r} (columns: {', '.join(columns)})")
        return None

    key_i = column("series key")
    name_i = column("series name", required=False)
    date_i = column("observation date")
    value_i = column("observation value")
    unit_i = column("unit", required=False)
    status_i = next((i for c, i in index.items() if "status" in c), None)
    release_i = column("release date", "publication date", required=False)

    for n, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise FormatError(f"row {n} has not one cell per column")

        def cell(i: int | None, row: list[Any] = row) -> str:
            return "" if i is None or row[i] is None else str(row[i]).strip()

        raw_value = cell(value_i)
        if raw_value == "":
            continue
        try:
            value = float(raw_value.replace(",", ""))
        except ValueError:
            raise FormatError(f"row {n}: observation value {raw_value!r} is not a number") from None
        if not math.isfinite(value):
            raise FormatError(f"row {n}: observation value {raw_value!r} is not finite")
        released = cell(release_i)
        yield Observation(
            series_key=cell(key_i),
            series_name=cell(name_i),
            period_month=_month(cell(date_i), n),
            value=value,
            unit=cell(unit_i),
            status=cell(status_i),
            release_date=_day(released, n) if released else None,
        )


_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m", "%b-%Y", "%b %Y", "%Y%m%d")


def _day(raw: str, n: int) -> date:
    for fmt in _DATE_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(raw[:10] if fmt == "%Y-%m-%d" else raw, fmt).date()
    raise FormatError(f"row {n}: date {raw!r} is not a date EasyData writes")


def _month(raw: str, n: int) -> str:
    return _day(raw, n).strftime("%Y-%m")


# -- vintages ----------------------------------------------------------------------------------------


def vintage_rows(
    series: EasyDataSeries,
    observations: list[Observation],
    previous: list[dict[str, str]],
    retrieved: datetime,
    data_url: str,
) -> list[dict[str, str]]:
    """Rows of the monthly contract for observations whose value is new or changed since ``previous``.

    A value equal to the latest vintage of its month is not a new vintage. A changed value is a
    revision; so is any value the API marks revised. Only what the series returned is compared: a month
    the API stopped returning keeps its last vintage.
    """
    latest: dict[str, float] = {}
    for row in previous:  # previous is in retrieval order: later rows win
        if row["measure"] == series.measure and row["source_url"] == data_url:
            latest[row["period_month"]] = float(row["value_usd_mn"])
    out = []
    for obs in observations:
        value = round(obs.value * series.scale, 6) + 0.0
        before = latest.get(obs.period_month)
        if before is not None and math.isclose(before, value, rel_tol=0, abs_tol=1e-9):
            continue
        revised = before is not None or "revis" in obs.status.lower()
        released = obs.release_date or retrieved.date()
        title = f"SBP EasyData: {obs.series_name or series.key} ({series.key})"
        if obs.status:
            title += f", status {obs.status}"
        out.append(
            {
                "period_month": obs.period_month,
                "fiscal_year": fiscal_year_of(obs.period_month),
                "measure": series.measure,
                "value_usd_mn": repr(value),
                "yoy_growth_pct": "",
                "source_title": title,
                "source_url": data_url,
                "published_date": released.isoformat(),
                "publisher": "SBP",
                "release_date": released.isoformat(),
                "release_date_basis": "content" if obs.release_date else "retrieval",
                "series_basis": "SBP",
                "revision_status": "revised" if revised else "first_release",
            }
        )
        latest[obs.period_month] = value
    return out


def read_vintages(source_dir: Path) -> list[dict[str, str]]:
    path = source_dir / VINTAGES_FILE
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_vintages(source_dir: Path, rows: list[dict[str, str]]) -> None:
    """All vintages, atomically. A second vintage of one series and month on the same day replaces the
    first (the raw checks allow one value per page and date; the raw files keep both answers)."""
    header = CONTRACTS_BY_TABLE[MONTHLY_TABLE].header
    kept: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for row in rows:
        kept[(row["period_month"], row["measure"], row["source_url"], row["published_date"])] = row
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept.values())
    atomic_write(source_dir / VINTAGES_FILE, buffer.getvalue().encode("utf-8"))


# -- retrieval ---------------------------------------------------------------------------------------


@dataclass
class EasyDataClient:
    """Retrieves the series of one registry entry into ``source_dir``."""

    source_id: str
    source_dir: Path
    base_url: str
    api_key: str | None
    contact: str = ""
    fmt: Literal["json", "csv"] = "json"
    timeout_s: float = 20
    retries: int = 3  # attempts in all, for 429, 5xx and network errors
    backoff_s: float = 2.0
    max_backoff_s: float = 60.0  # a Retry-After beyond this is not waited for: the night moves on
    now: Any = field(default=lambda: datetime.now(UTC))

    def data_url(self, series: EasyDataSeries) -> str:
        """The series' address without its query: what the rows cite as their source (no key in it)."""
        return f"{self.base_url.rstrip('/')}/api/v1/series/{series.key}/data"

    def retrieve(self, series: EasyDataSeries) -> SeriesResult:
        if not self.api_key:
            return SeriesResult(
                self.source_id,
                series.key,
                "skipped",
                f"EasyData series {series.key}: skipped, PKIT_SBP_API_KEY is not set (get a free key "
                f"from EasyData and set it, or the password of Airflow connection sbp_easydata); "
                f"{self.kept(series)}",
            )
        filters = install_http_log_redaction(self.api_key)
        try:
            return self._retrieve(series)
        except Exception as err:  # never a failed night, and never the key in what is said
            return self._failed(series, f"{type(err).__name__}: {redact(str(err), self.api_key)}", None)
        finally:
            remove_filters(filters)

    def _retrieve(self, series: EasyDataSeries) -> SeriesResult:
        state = read_json_object(self.source_dir / STATE_FILE)
        retrieved = self.now()
        over = self._over_budget(state, retrieved)
        if over:
            return SeriesResult(
                self.source_id,
                series.key,
                "skipped",
                f"EasyData series {series.key}: {over}; {self.kept(series)}",
            )
        params = {
            "api_key": self.api_key or "",
            "start_date": series.start_date.isoformat(),
            "end_date": retrieved.date().isoformat(),
            "format": self.fmt,
        }
        headers = {"User-Agent": user_agent(self.contact), "Accept": f"application/{self.fmt}, text/csv"}
        url = self.data_url(series)
        response: httpx.Response | None = None
        reason = ""
        with httpx.Client(timeout=httpx.Timeout(self.timeout_s), headers=headers) as client:
            for attempt in range(1, max(1, self.retries) + 1):
                self._count_call(state, retrieved)
                try:
                    response = client.get(url, params=params)
                except httpx.HTTPError as err:
                    response, reason = None, f"{type(err).__name__}: {redact(str(err), self.api_key)}"
                else:
                    code = response.status_code
                    if code in (401, 403):
                        _write_state(self.source_dir, state)
                        return self._failed(series, KEY_REFUSED, code)
                    if code == 200:
                        break
                    reason = f"HTTP {code}"
                    if code != 429 and code < 500:
                        break
                if attempt == self.retries:
                    break
                wait = self._backoff(response, attempt)
                if wait is None:
                    reason += " (the server asks to wait longer than this night can)"
                    break
                log.warning("EasyData %s: %s; retrying in %.1f s", series.key, reason, wait)
                _sleep(wait)
        _write_state(self.source_dir, state)
        if response is None or response.status_code != 200:
            if response is not None and response.status_code == 429:
                reason = "HTTP 429, rate limit reached (2,000 calls a day, 250 an hour) after backing off"
            return self._failed(series, reason, response.status_code if response is not None else None)
        return self._settle(series, response, retrieved, state, url)

    def _settle(
        self,
        series: EasyDataSeries,
        response: httpx.Response,
        retrieved: datetime,
        state: dict[str, Any],
        url: str,
    ) -> SeriesResult:
        body = response.content
        stamp = retrieved.astimezone(UTC)
        name = f"{_SAFE.sub('_', series.key)}-{stamp:%H%M%S}Z"
        day_dir = self.source_dir / "raw" / f"{stamp:%Y-%m-%d}"
        raw_path = day_dir / f"{name}.{self.fmt}"
        # Every fetched byte is kept, even an answer that turns out malformed.
        atomic_write(raw_path, body)
        meta = {
            "url": redact(str(response.request.url), self.api_key),
            "retrieved_at": stamp.isoformat(timespec="seconds"),
            "http_status": response.status_code,
            "content_type": response.headers.get("Content-Type"),
            "bytes": len(body),
            "series_key": series.key,
        }
        atomic_write(day_dir / f"{name}.meta.json", (json.dumps(meta, indent=2) + "\n").encode())
        try:
            observations = parse_response(body, self.fmt)
        except FormatError as err:
            return self._failed(series, f"the answer is not EasyData's table ({err})", 200, raw_path)
        if not observations:
            return self._failed(series, "the answer has no observations", 200, raw_path)
        other = [o.series_key for o in observations if o.series_key and o.series_key != series.key]
        if other:
            return self._failed(series, f"the answer is for series {other[0]}, not this one", 200, raw_path)
        previous = read_vintages(self.source_dir)
        new = vintage_rows(series, observations, previous, stamp, url)
        if new:
            write_vintages(self.source_dir, previous + new)
        state.setdefault("series", {})[series.key] = {
            "retrieved_at": stamp.isoformat(timespec="seconds"),
            "raw_file": raw_path.relative_to(self.source_dir).as_posix(),
            "observations": len(observations),
        }
        _write_state(self.source_dir, state)
        revised = sum(r["revision_status"] == "revised" for r in new)
        if not new:
            return SeriesResult(
                self.source_id,
                series.key,
                "unchanged",
                f"EasyData series {series.key}: {len(observations)} observations, none changed since "
                "the last retrieval",
                0,
                raw_path,
                200,
            )
        return SeriesResult(
            self.source_id,
            series.key,
            "retrieved",
            f"EasyData series {series.key}: {len(observations)} observations, {len(new)} new vintages "
            f"({revised} revised)",
            len(new),
            raw_path,
            200,
        )

    # -- helpers -----------------------------------------------------------------------------------

    def _failed(
        self, series: EasyDataSeries, reason: str, code: int | None, raw: Path | None = None
    ) -> SeriesResult:
        reason = redact(reason, self.api_key)
        log.warning("EasyData series %s failed: %s", series.key, reason)
        return SeriesResult(
            self.source_id,
            series.key,
            "failed",
            f"EasyData series {series.key} failed: {reason}; {self.kept(series)}",
            0,
            raw,
            code,
        )

    def kept(self, series: EasyDataSeries) -> str:
        last = read_json_object(self.source_dir / STATE_FILE).get("series", {}).get(series.key)
        if last:
            return f"keeping the last good retrieval of {last['retrieved_at']}"
        return "no earlier retrieval: the bundled snapshot stays the series of record"

    def _backoff(self, response: httpx.Response | None, attempt: int) -> float | None:
        wait = self.backoff_s * 2 ** (attempt - 1)
        if response is not None and response.status_code == 429:
            stated = _retry_after(response.headers.get("Retry-After"))
            if stated is not None:
                if stated > self.max_backoff_s:
                    return None
                wait = max(wait, stated)
        return min(wait, self.max_backoff_s)

    def _over_budget(self, state: dict[str, Any], now: datetime) -> str | None:
        calls = _recent_calls(state, now)
        if sum(now - c < timedelta(hours=1) for c in calls) >= HOURLY_LIMIT:
            return f"not called, the hourly budget of {HOURLY_LIMIT} calls is used up"
        if len(calls) >= DAILY_LIMIT:
            return f"not called, the daily budget of {DAILY_LIMIT} calls is used up"
        return None

    def _count_call(self, state: dict[str, Any], now: datetime) -> None:
        calls = [*_recent_calls(state, now), now]
        state["calls"] = [c.isoformat(timespec="seconds") for c in calls]


def _recent_calls(state: dict[str, Any], now: datetime) -> list[datetime]:
    out = []
    for raw in state.get("calls", []):
        with contextlib.suppress(TypeError, ValueError):
            when = datetime.fromisoformat(raw)
            if now - when < timedelta(days=1):
                out.append(when)
    return out


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    with contextlib.suppress(TypeError, ValueError):
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    return None


def _write_state(source_dir: Path, state: dict[str, Any]) -> None:
    atomic_write(source_dir / STATE_FILE, (json.dumps(state, indent=2, sort_keys=True) + "\n").encode())
