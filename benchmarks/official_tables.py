"""Larger official tables, valid against their contracts (``ingestion/official.py``) and GX suites.

Many months (July 2010 onwards), both measures, several vintages (press reports, revisions) per
month, year-to-date and fiscal-year totals consistent with the months, and dated park and program
snapshots. Every vintage has its own page (``source_url``), so one release states one value; no
month or publication date is later than ``last_date`` (nor than today); fiscal-year labels are the
ones the months fall in; values are never negative and stay below the suites' unit-slip limits.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks import vocab
from pkit.fiscal import fiscal_year_of
from pkit.ingestion.official import CONTRACTS_BY_TABLE, MEASURES

FILES = {table: contract.file_name for table, contract in CONTRACTS_BY_TABLE.items()}
_BASIS = ("PBS", "SBP", "MoITT")
_STATUS = (
    "Operational",
    "Under construction",
    "Under development; PC-1 approved",
    "Foundation stone laid",
    "Partially operational; expansion planned",
)


@dataclass(frozen=True)
class OfficialSpec:
    seed: int = 7
    # The first fiscal year of the monthly series: FY2010-11, where the dbt project's fiscal calendar
    # starts (var ``fiscal_calendar_start``); earlier months would fall outside its spine.
    first_fy: int = 2010
    last_date: date = date(2026, 3, 31)  # no month or publication after this (nor after today)
    vintages: int = 3  # mean number of reports per period and measure


Row = list[str]


def _month_index(year: int, mon: int) -> int:
    return year * 12 + mon - 1


def _month_label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def _month_end(index: int) -> date:
    first_next = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _num(value: float | None, decimals: int = 2) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


class OfficialGenerator:
    def __init__(self, spec: OfficialSpec | None = None, today: date | None = None) -> None:
        self.spec = spec or OfficialSpec()
        limit = min(self.spec.last_date, today or date.today())
        self.last_date = limit
        # The last month reported is the one before ``limit``'s month (a month is published after it ends).
        self.last_month = _month_index(limit.year, limit.month) - 1
        self.first_month = _month_index(self.spec.first_fy, 7)
        rng = random.Random(f"{self.spec.seed}:official:series")
        self.base: dict[tuple[int, str], float] = {}
        anchor = _month_index(2023, 12)
        for m in range(self.first_month - 12, self.last_month + 1):
            season = 1 + 0.08 * math.sin(2 * math.pi * (m % 12) / 12)
            ict = 3223 / 12 * 1.14 ** ((m - anchor) / 12) * season * rng.uniform(0.93, 1.07)
            self.base[(m, "ict_exports")] = ict
            self.base[(m, "computer_services_exports")] = ict * rng.uniform(0.74, 0.82)

    # Shared pieces -------------------------------------------------------------------------------

    def _vintages(self, rng: random.Random) -> int:
        return max(1, min(2 * self.spec.vintages - 1, round(rng.gauss(self.spec.vintages, 1))))

    def _source(self, rng: random.Random, what: str, key: str, after: date) -> tuple[str, str, str]:
        outlet, domain, _ = rng.choice(vocab.OUTLETS)
        published = after + timedelta(days=rng.randint(10, 420))
        published = min(published, self.last_date)
        slug = what.lower().replace(" ", "-").replace("/", "-")
        url = f"https://{domain}/news/{published:%Y/%m}/{slug}-{key}"
        shown = "" if rng.random() < 0.05 else published.isoformat()
        return f"{outlet}: {what}", url, shown

    def _sum(self, first: int, last: int, measure: str) -> float:
        return sum(self.base[(m, measure)] for m in range(first, last + 1))

    @staticmethod
    def _revised(rng: random.Random, value: float, vintage: int) -> float:
        return value if vintage == 0 else value * (1 + rng.gauss(0, 0.012))

    # Tables -------------------------------------------------------------------------------------

    def monthly(self) -> Iterator[Row]:
        rng = random.Random(f"{self.spec.seed}:official:monthly")
        for m in range(self.first_month, self.last_month + 1):
            label = _month_label(m)
            for vintage in range(self._vintages(rng)):
                title, url, published = self._source(
                    rng, f"IT exports in {label} (SBP)", f"m{m}v{vintage}", _month_end(m)
                )
                for measure in sorted(MEASURES):
                    value = self._revised(rng, self.base[(m, measure)], vintage)
                    growth = (value / self.base[(m - 12, measure)] - 1) * 100 if rng.random() < 0.7 else None
                    yield [
                        label,
                        fiscal_year_of(label),
                        measure,
                        _num(value),
                        _num(growth),
                        title,
                        url,
                        published,
                    ]

    def year_to_date(self) -> Iterator[Row]:
        rng = random.Random(f"{self.spec.seed}:official:ytd")
        for m in range(self.first_month, self.last_month + 1):
            months = (m % 12 - 6) % 12 + 1  # July = 1
            first = m - months + 1
            label = _month_label(m)
            period = "Jul" if months == 1 else f"Jul-{vocab.MONTH_ABBR[m % 12]}"
            for vintage in range(max(1, self._vintages(rng) - 1)):
                basis = rng.choice(_BASIS)
                title, url, published = self._source(
                    rng,
                    f"IT exports {period} {fiscal_year_of(label)} ({basis})",
                    f"y{m}v{vintage}",
                    _month_end(m),
                )
                for measure in sorted(MEASURES):
                    value = self._revised(rng, self._sum(first, m, measure), vintage)
                    prior = self._sum(first - 12, m - 12, measure)
                    growth = (value / prior - 1) * 100 if prior and rng.random() < 0.8 else None
                    yield [
                        fiscal_year_of(label),
                        period,
                        label,
                        str(months),
                        measure,
                        _num(value, 3),
                        _num(growth),
                        _num(prior if rng.random() < 0.6 else None, 3),
                        basis,
                        title,
                        url,
                        published,
                    ]

    def fiscal_years(self) -> Iterator[Row]:
        rng = random.Random(f"{self.spec.seed}:official:fy")
        for june in range(self.first_month + 11, self.last_month + 1, 12):
            fy = fiscal_year_of(_month_label(june))
            for vintage in range(self._vintages(rng)):
                title, url, published = self._source(
                    rng, f"IT exports {fy} (PBS)", f"f{june}v{vintage}", _month_end(june)
                )
                for measure in sorted(MEASURES):
                    value = self._revised(rng, self._sum(june - 11, june, measure), vintage)
                    growth = (value / self._sum(june - 23, june - 12, measure) - 1) * 100
                    yield [
                        fy,
                        measure,
                        _num(value),
                        _num(growth if rng.random() < 0.7 else None),
                        title,
                        url,
                        published,
                    ]

    def parks(self) -> Iterator[Row]:
        rng = random.Random(f"{self.spec.seed}:official:parks")
        first, last = date(2016, 1, 1), self.last_date
        for number, (name, kind, city, province) in enumerate(vocab.PARK_NAMES):
            for snapshot in range(4 * self.spec.vintages):
                when = first + timedelta(days=rng.randint(0, (last - first).days))
                area = rng.choice((None, round(rng.uniform(5e4, 2e6), -3)))
                companies = rng.choice((None, rng.randint(5, 900)))
                jobs = rng.choice((None, rng.randint(100, 30_000)))
                completion = rng.choice(("", str(when.year + rng.randint(0, 4)), f"{when.year + 2}-06"))
                title, url, published = self._source(rng, f"{name} update", f"p{number}s{snapshot}", when)
                yield [
                    name,
                    kind,
                    city,
                    province,
                    _num(area, 0),
                    "" if companies is None else str(companies),
                    "" if jobs is None else str(jobs),
                    rng.choice(_STATUS),
                    completion,
                    title,
                    url,
                    published,
                ]

    def programs(self) -> Iterator[Row]:
        rng = random.Random(f"{self.spec.seed}:official:programs")
        first, last = date(2018, 1, 1), self.last_date
        for number, (program, metric, unit) in enumerate(vocab.PROGRAMS):
            for snapshot in range(4 * self.spec.vintages):
                when = first + timedelta(days=rng.randint(0, (last - first).days))
                target = rng.random() < 0.3
                value = rng.choice((f"{rng.randint(1, 4_000_000):,}", f"{rng.uniform(1, 200):.1f}", ""))
                period = f"by {when.year + rng.randint(1, 3)}" if target else f"as of {when.isoformat()}"
                title, url, published = self._source(
                    rng, f"{program} progress", f"g{number}s{snapshot}", when
                )
                kind = "target" if target else "achieved"
                yield [program, metric, value, unit, period, kind, title, url, published]

    def tables(self) -> dict[str, Iterator[Row]]:
        return {
            "official_ict_exports_monthly": self.monthly(),
            "official_ict_exports_ytd": self.year_to_date(),
            "official_ict_exports_fiscal_year": self.fiscal_years(),
            "official_parks": self.parks(),
            "official_programs": self.programs(),
        }


def write_official(root: Path, spec: OfficialSpec | None = None, today: date | None = None) -> dict[str, int]:
    """Write the five CSVs under ``root`` (row by row); returns rows per table."""
    root.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table, rows in OfficialGenerator(spec, today).tables().items():
        contract = CONTRACTS_BY_TABLE[table]
        with open(root / contract.file_name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(contract.required_header)  # the original layout: no curated columns
            n = 0
            for row in rows:
                writer.writerow(row)
                n += 1
        counts[table] = n
    return counts
