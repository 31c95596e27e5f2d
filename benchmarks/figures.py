"""Numbers and periods as the press writes them, each with the value the fact contract expects.

``usd(rng, 3.223e9)`` may write ``$3.223 billion``, ``US$3.22bn`` or ``USD 3.2 billion``; the returned
``Figure.value`` is what the text states after rounding, in base units (docs/fact-schema.md), so a
test can check that an extractor reading the text gets it back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.vocab import MONTH_ABBR, MONTHS, NUMBER_WORDS
from pkit.fiscal import fy_label


@dataclass(frozen=True)
class Figure:
    text: str  # as written, qualifier included ("over 600,000")
    value: float  # base units: dollars, rupees, percent points, a count, square feet ...
    unit: str  # USD, PKR, percent, count, sqft, sqm, km, Tbps
    qualifier: str | None = None


@dataclass(frozen=True)
class Period:
    text: str  # as written ("July-March FY25")
    norm: str  # as the fact contract normalises it ("Jul-Mar FY2024-25")


@dataclass(frozen=True)
class PlantedFact:
    """A fact the generator wrote into a document: what an extractor should find there."""

    subject: str
    metric: str
    figure: Figure
    period: str | None
    kind: str  # actual | target | projection | comparison


def _trim(number: float, decimals: int) -> str:
    text = f"{number:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(rng: random.Random, value: float, scale: float, max_decimals: int) -> tuple[str, float]:
    decimals = rng.randint(0, max_decimals) if value / scale < 100 else 0
    shown = _trim(value / scale, decimals)
    return shown, float(shown) * scale


def usd(rng: random.Random, value: float) -> Figure:
    if value >= 1e9:
        shown, stated = _scaled(rng, value, 1e9, 3)
        style = rng.random()
        if style < 0.55:
            text = f"${shown} billion"
        elif style < 0.8:
            text = f"US${shown}bn"
        elif style < 0.92:
            text = f"${shown}bn"
        else:
            text = f"USD {shown} billion"
    else:
        shown, stated = _scaled(rng, value, 1e6, 1 if value < 1e8 else 0)
        style = rng.random()
        if style < 0.6:
            text = f"${shown} million"
        elif style < 0.8:
            text = f"${shown}m"
        elif style < 0.9:
            text = f"US${shown} million"
        else:
            text = f"${shown}mn"
    return Figure(text, stated, "USD")


def pkr(rng: random.Random, value: float) -> Figure:
    if value >= 1e9:
        shown, stated = _scaled(rng, value, 1e9, 1)
        text = rng.choice((f"Rs{shown}bn", f"Rs {shown}bn", f"Rs{shown} billion", f"PKR {shown} billion"))
    else:
        shown, stated = _scaled(rng, value, 1e6, 0)
        text = rng.choice((f"Rs{shown} million", f"Rs {shown} million", f"Rs{shown}m"))
    return Figure(text, stated, "PKR")


def count(rng: random.Random, value: float, *, qualified: bool = True) -> Figure:
    qualifier = None
    if value >= 1e6 and rng.random() < 0.7:
        shown, stated = _scaled(rng, value, 1e6, 1)
        text = f"{shown} million"
    else:
        stated = float(_round_count(value))
        text = f"{int(stated):,}"
    if qualified:
        roll = rng.random()
        if roll < 0.2:
            qualifier, text = "over", f"over {text}"
        elif roll < 0.3:
            qualifier, text = "more than", f"more than {text}"
        elif roll < 0.4:
            qualifier, text = "around", f"around {text}"
        elif roll < 0.45 and "million" not in text:
            qualifier, text = "over", f"{text}+"
    return Figure(text, stated, "count", qualifier)


def _round_count(value: float) -> int:
    if value < 1000:
        return max(1, round(value))
    magnitude = 10 ** (len(str(int(value))) - 3)
    return int(round(value / magnitude) * magnitude)


def area(rng: random.Random, sqft: float) -> Figure:
    roll = rng.random()
    if roll < 0.12:
        sqm = _round_count(sqft / 10.7639)
        return Figure(f"{sqm:,} sq m", float(sqm), "sqm")
    if sqft >= 1e6 and roll < 0.45:
        shown, stated = _scaled(rng, sqft, 1e6, 1)
        return Figure(f"{shown} million square feet", stated, "sqft")
    stated = _round_count(sqft)
    return Figure(rng.choice((f"{stated:,} sq ft", f"{stated:,} square feet")), float(stated), "sqft")


def percent(rng: random.Random, value: float) -> Figure:
    shown = _trim(value, rng.choice((0, 1, 1, 2)))
    return Figure(
        rng.choice((f"{shown}%", f"{shown}%", f"{shown} percent", f"{shown} per cent")),
        float(shown),
        "percent",
    )


def capacity(rng: random.Random, tbps: float) -> Figure:
    shown = _trim(tbps, 1)
    return Figure(f"{shown} Tbps", float(shown), "Tbps")


def length_km(rng: random.Random, km: float) -> Figure:
    stated = _round_count(km)
    return Figure(rng.choice((f"{stated:,} km", f"{stated:,} kilometres")), float(stated), "km")


# Periods. Pakistan's fiscal year runs July to June; ``start`` is the calendar year of its July.


def fiscal_year(rng: random.Random, start: int) -> Period:
    end = start + 1
    text = rng.choice(
        (
            fy_label(start),
            f"FY {start}-{end % 100:02d}",
            f"fiscal year {start}-{end % 100:02d}",
            f"FY{end % 100:02d}",
            f"the fiscal year {start}-{end % 100:02d}",
        )
    )
    return Period(text, fy_label(start))


def year_to_date(rng: random.Random, start: int, months: int) -> Period:
    """July up to the ``months``-th month of fiscal year ``start`` (2 to 11 months)."""
    last = (6 + months - 1) % 12  # index into MONTHS
    end = start + 1
    norm = f"Jul-{MONTH_ABBR[last]} {fy_label(start)}"
    text = rng.choice(
        (
            f"July-{MONTHS[last]} FY{end % 100:02d}",
            f"Jul-{MONTH_ABBR[last]} {fy_label(start)}",
            f"July–{MONTHS[last]} of FY{start}-{end % 100:02d}",
            f"the first {NUMBER_WORDS[months]} months of fiscal year {end} (July–{MONTHS[last]})",
        )
    )
    return Period(text, norm)


def month(rng: random.Random, year: int, mon: int) -> Period:
    name = MONTHS[mon - 1] if rng.random() < 0.8 else MONTH_ABBR[mon - 1]
    return Period(f"{name} {year}", f"{year}-{mon:02d}")


def deadline(rng: random.Random, year: int) -> Period:
    roll = rng.random()
    if roll < 0.55:
        return Period(f"by {year}", f"by {year}")
    if roll < 0.8:
        mon = rng.randint(1, 12)
        return Period(f"by {MONTHS[mon - 1]} {year}", f"by {year}-{mon:02d}")
    return Period(f"by {fy_label(year - 1)}", f"by {fy_label(year - 1)}")


def as_of(year: int, mon: int) -> Period:
    return Period(f"as of {MONTHS[mon - 1]} {year}", f"as of {year}-{mon:02d}")
