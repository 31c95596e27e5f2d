"""The number and unit grammar: amounts as the press writes them, and numbers that are not facts."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pkit.ingestion.extract.numbers import find_quantities

NBSP = "\u00a0"

# (text, value, value_high, unit, qualifier) of the one quantity the text states.
POSITIVE = [
    ("$3.223 billion", 3_223_000_000, None, "USD", None),
    ("US$ 332 million", 332_000_000, None, "USD", None),
    ("US$332 million", 332_000_000, None, "USD", None),
    ("USD 3.2 billion", 3_200_000_000, None, "USD", None),
    ("$324m", 324_000_000, None, "USD", None),
    ("$1.5bn", 1_500_000_000, None, "USD", None),
    ("$48mn", 48_000_000, None, "USD", None),
    ("$3.2B", 3_200_000_000, None, "USD", None),
    ("3.2 billion dollars", 3_200_000_000, None, "USD", None),
    ("Rs260 million", 260_000_000, None, "PKR", None),
    ("Rs 2 billion", 2_000_000_000, None, "PKR", None),
    ("Rs. 5 lakh", 500_000, None, "PKR", None),
    ("Rs 5 crore", 50_000_000, None, "PKR", None),
    ("Rs 1,00,000", 100_000, None, "PKR", None),
    ("PKR 20bn", 20_000_000_000, None, "PKR", None),
    ("Rs1.5 trillion", 1_500_000_000_000, None, "PKR", None),
    ("Rs3.5trn", 3_500_000_000_000, None, "PKR", None),
    ("USD3.8bn", 3_800_000_000, None, "USD", None),
    ("5 billion rupees", 5_000_000_000, None, "PKR", None),
    ("over 600,000 individuals", 600_000, None, "count", "over"),
    ("more than 166 startups", 166, None, "count", "over"),
    ("5,000+ jobs", 5_000, None, "count", "over"),
    ("5,000-plus jobs", 5_000, None, "count", "over"),
    ("around 18,000 professionals", 18_000, None, "count", "around"),
    ("approximately 13,400 jobs", 13_400, None, "count", "approximately"),
    ("an estimated 2,000 firms", 2_000, None, "count", "approximately"),
    ("at least 40 companies", 40, None, "count", "at least"),
    ("up to 7,500 jobs", 7_500, None, "count", "up to"),
    ("3.3 million trainees", 3_300_000, None, "count", None),
    ("eight million women", 8_000_000, None, "count", None),
    ("two local events", 2, None, "count", None),
    ("nine parks", 9, None, "count", None),
    ("twenty-five centres", 25, None, "count", None),
    ("1.12 million square feet", 1_120_000, None, "sqft", None),
    ("720,000 sq ft", 720_000, None, "sqft", None),
    ("720,000 sq. ft.", 720_000, None, "sqft", None),
    ("61,200 sq m", 61_200, None, "sqm", None),
    ("spread over 12 acres", 12 * 43_560, None, "sqft", None),  # land areas in the contract's units
    ("a 30-acre site", 30 * 43_560, None, "sqft", None),
    ("2,000 hectares", 20_000_000, None, "sqm", None),
    ("24%", 24.0, None, "percent", None),
    ("23.7 per cent", 23.7, None, "percent", None),
    ("38.6per cent", 38.6, None, "percent", None),
    ("29pc", 29.0, None, "percent", None),
    ("45.31 percent", 45.31, None, "percent", None),
    ("9.281 Tbps", 9.281, None, "Tbps", None),
    ("100 Gbps", 0.1, None, "Tbps", None),
    ("135,506 km", 135_506, None, "km", None),
    ("14,100 kilometres", 14_100, None, "km", None),
    ("45 days", 45, None, "days", None),
    ("$18-20 million", 18_000_000, 20_000_000, "USD", None),
    ("$18–20 million", 18_000_000, 20_000_000, "USD", None),
    ("$3.5-3.7 billion", 3_500_000_000, 3_700_000_000, "USD", None),
    ("$3.5 billion to $3.7 billion", 3_500_000_000, 3_700_000_000, "USD", None),
    ("10-15 per cent", 10.0, 15.0, "percent", None),
    ("between 10 and 15 percent", 10.0, 15.0, "percent", None),
    (f"$3.223{NBSP}billion", 3_223_000_000, None, "USD", None),
    (f"23.7{NBSP}per{NBSP}cent", 23.7, None, "percent", None),
    (f"Rs{NBSP}260{NBSP}million", 260_000_000, None, "PKR", None),
]


@pytest.mark.parametrize(("text", "value", "high", "unit", "qualifier"), POSITIVE)
def test_amounts_as_written(
    text: str, value: float, high: float | None, unit: str, qualifier: str | None
) -> None:
    found = find_quantities(text)
    assert len(found) == 1, (text, found)
    q = found[0]
    assert math.isclose(q.value, value, rel_tol=1e-12)
    assert (q.value_high is None) == (high is None)
    if high is not None:
        assert q.value_high is not None and math.isclose(q.value_high, high, rel_tol=1e-12)
    assert q.unit == unit
    assert q.qualifier == qualifier
    assert text[q.start : q.end].replace(NBSP, " ").strip()  # the mention is a span of the text


def test_mention_span_covers_currency_scale_and_unit() -> None:
    text = "record IT exports of $3.223 billion in FY 2023-24, reflecting a 24% increase"
    spans = [text[q.start : q.end] for q in find_quantities(text)]
    assert spans == ["$3.223 billion", "24%"]


NEGATIVE = [
    "On Pakistan's 78th Independence Day",
    "On this 14th August, we commit",
    "climbed to 3rd place",
    "2 days ago",
    "3 hours ago",
    "Copyright Business Recorder, 2025",
    "in 2025",
    "FY 2023-24",
    "the fiscal year 2024-25",
    "10-08-2025",
    "2025-03-12",
    "12/03/2025",
    "ISLAMABAD, Jun 09 (APP):",
    "on June 30, 2025",
    "call 051-9201234",
    "+92 300 1234567",
    "UAN 111-222-333",
    "Section 3 of the Act",
    "Article 19",
    "Tier 1",
    "Tier-1 status",
    "No. 5",
    "Phase 2",
    "DigiSkills 3.0",
    "Web 3.0",
    "5G",
    "Wi-Fi 6E",
    "COVID-19",
    "F-16",
    "B2B",
    "at 10:30 am",
    "at 3pm",
    "24/7 support",
    "the 1990s",
    "10x growth",
    "in three years",
    "over the next 5 years",
    "a five-year plan",
    "C$5 million",
    "€3m",
    "AED 20 million",
    "a plot of 4 kanals",
    "one of the",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_numbers_that_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == [], text


def test_ranks_and_counts_without_a_noun_are_left_to_the_noun_phrase() -> None:
    # "14 ranks" parses as a number; the extractor drops it because "ranks" is not something counted.
    from pkit.ingestion.extract import extract_facts

    text = "Pakistan climbed 14 ranks in the UN E-Government Development Index on IT policy."
    assert extract_facts(text, "t.txt") == []


def test_spread_over_is_not_a_qualifier() -> None:
    (q,) = find_quantities("The park, spread over 1.2 million square feet, opened.")
    assert q.qualifier is None and q.unit == "sqft"


def test_a_long_single_line_of_numbers_is_read_in_order() -> None:
    text = " ".join(f"${i}m" for i in range(1, 2001))
    found = find_quantities(text)
    assert [q.value for q in found] == [i * 1e6 for i in range(1, 2001)]


# --- round trips: format a number as the press would, parse it back --------------------------

MONEY_FORMATS = [
    ("${v} billion", 1e9, "USD"),
    ("US${v} million", 1e6, "USD"),
    ("US$ {v} million", 1e6, "USD"),
    ("USD {v} billion", 1e9, "USD"),
    ("${v}bn", 1e9, "USD"),
    ("${v}m", 1e6, "USD"),
    ("${v}mn", 1e6, "USD"),
    ("Rs{v} million", 1e6, "PKR"),
    ("Rs {v} billion", 1e9, "PKR"),
    ("Rs.{v}bn", 1e9, "PKR"),
    ("PKR {v} billion", 1e9, "PKR"),
    ("Rs {v} crore", 1e7, "PKR"),
]
UNIT_FORMATS = [
    ("{v}%", "percent"),
    ("{v} per cent", "percent"),
    ("{v}per cent", "percent"),
    ("{v} percent", "percent"),
    ("{v} sq ft", "sqft"),
    ("{v} square feet", "sqft"),
    ("{v} km", "km"),
    ("{v} Tbps", "Tbps"),
]

decimals = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999.999"), places=3).map(
    lambda d: d.normalize() if d == d.to_integral_value() else d
)


def _show(d: Decimal) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@settings(max_examples=150, deadline=None)
@given(d=decimals, fmt=st.sampled_from(MONEY_FORMATS), sep=st.sampled_from([" ", NBSP]))
def test_money_round_trip(d: Decimal, fmt: tuple[str, float, str], sep: str) -> None:
    template, scale, unit = fmt
    text = "It reached " + template.format(v=_show(d)).replace(" ", sep) + " last week."
    found = find_quantities(text)
    assert len(found) == 1, text
    assert found[0].unit == unit
    assert math.isclose(found[0].value, float(Decimal(_show(d)) * Decimal(scale)), rel_tol=1e-9), text


@settings(max_examples=150, deadline=None)
@given(d=decimals, fmt=st.sampled_from(UNIT_FORMATS))
def test_unit_round_trip(d: Decimal, fmt: tuple[str, str]) -> None:
    template, unit = fmt
    text = "It reached " + template.format(v=_show(d)) + " this year."
    found = find_quantities(text)
    assert len(found) == 1, text
    assert found[0].unit == unit
    assert math.isclose(found[0].value, float(Decimal(_show(d))), rel_tol=1e-9), text


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=10_000, max_value=999_999_999), style=st.sampled_from(["western", "lakh"]))
def test_grouped_counts_round_trip(n: int, style: str) -> None:
    shown = f"{n:,}" if style == "western" else _lakh_grouping(n)
    found = find_quantities(f"As many as {shown} companies registered.")
    assert len(found) == 1 and found[0].value == n and found[0].unit == "count"


def _lakh_grouping(n: int) -> str:
    digits = str(n)
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"]
_TEENS += ["sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spell(n: int) -> str:
    if n < 10:
        return _UNITS[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_UNITS[unit - 1]}" if unit else "")


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=2, max_value=99), scale=st.sampled_from(["", " million", " thousand"]))
def test_spelled_numbers_round_trip(n: int, scale: str) -> None:
    found = find_quantities(f"They set up {_spell(n)}{scale} centres.")
    factor = {"": 1, " million": 10**6, " thousand": 10**3}[scale]
    assert len(found) == 1 and found[0].value == n * factor and found[0].spelled


@settings(max_examples=100, deadline=None)
@given(a=st.integers(min_value=1, max_value=500), gap=st.integers(min_value=1, max_value=500))
def test_ranges_round_trip(a: int, gap: int) -> None:
    b = a + gap
    (q,) = find_quantities(f"expected to generate ${a}-{b} million by 2027")
    assert (q.value, q.value_high, q.unit) == (a * 1e6, b * 1e6, "USD")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_valid_spans(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.value == q.value and q.value >= 0  # not NaN
