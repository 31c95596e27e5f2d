"""The number grammar: amounts as the press writes them, turned into values in base units.

``$3.223 billion``, ``US$ 332 million``, ``$324m``, ``Rs260 million``, ``PKR 20bn``, ``over 600,000``,
``5,000+``, ``1.12 million square feet``, ``23.7 per cent``, ``9.281 Tbps``, ranges (``$18-20 million``,
``10-15 per cent``) and spelled-out numbers (``two``, ``eight million``). Numbers that are not
quantities are skipped here: years, dates, times, ordinals, phone numbers, labels ("Section 3",
"Tier 1"), versions ("3.0"), codes ("5G", "COVID-19"), time spans ("three years") and page furniture
("2 days ago").

Every pattern is anchored and bounded (``re.match`` at a position, or a search in a window of a few
dozen characters), so the scan is linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pkit.ingestion.extract.lexicon import (
    ADDRESS_WORDS,
    LABEL_WORDS,
    MONTH_PATTERN,
    MONTHS,
    QUALIFIERS,
    SCALES,
    TENS_WORDS,
    UNITS_WORDS,
    words,
)

NUMBER_PATTERN = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS = re.compile(NUMBER_PATTERN)
# Spelled-out numbers, as a trie so the scan stays fast: "two", "eleven", "twenty-five", "two hundred".
_WORDS = re.compile(
    r"\b(?P<w>t(?:en|wo|hree|hirteen|hirty|welve|wenty)|f(?:our(?:teen)?|ive|ifteen|orty|ifty)"
    r"|s(?:ix(?:teen|ty)?|even(?:teen|ty)?)|e(?:ight(?:een|y)?|leven)|n(?:ine(?:teen|ty)?)|one)\b"
    r"(?:[-‑\s](?P<u>one|two|three|four|five|six|seven|eight|nine)\b)?(?:\s(?P<h>hundred)\b)?",
    re.IGNORECASE,
)

_QUALIFIER_BEFORE = re.compile(
    r"(?<![A-Za-z])(more than|over and above|well over|just over|just under|over|above|in excess of"
    r"|upwards of|exceeding|around|about|roughly|some|circa|approximately|approx\.?|an estimated"
    r"|estimated|nearly|almost|close to|up to|as many as|as much as|at least|a minimum of|at most"
    r"|less than|fewer than|under|below)\s+$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"(?<![A-Za-z])from\s+(?:\S+\s+)?$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"(?<![A-Za-z])between\s+(?:\S+\s+)?$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s?(?:of\s)?{MONTH_PATTERN}\b")
_DATE_AT = re.compile(r"\d{1,4}([-/.])\d{1,2}\1\d{1,4}(?![\d.])")
_TIME_AFTER = re.compile(r"(?::\d{2}|\s?(?:a\.?m\.?|p\.?m\.?)(?![A-Za-z]))", re.IGNORECASE)
_PHONE_AFTER = re.compile(r"(?:[\s-]\d{3,}){1,3}")
_RANGE_AFTER = re.compile(
    r"\s?(?P<sep>[-–—‑‒]|to\b|and\b)\s?(?P<cur>US\s?\$|\$|Rs\.?\s?|PKR\s?)?"
    rf"(?P<num>{NUMBER_PATTERN})(?![\d])",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(
    r"(?P<space>\s?)(?P<scale>billion|bn|million|mn|mln|thousand|trillion|trn|tn|crores?|lakhs?|lacs?|arab"
    r"|[mMbBkK])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"\s?(?:(?P<percent>%|per\s?cent\b|percent\b|per-cent\b|pc\b|pct\b|percentage\s?points?\b)"
    r"|(?P<sqft>sq\.?\s?(?:ft|feet)\b\.?|square\s(?:feet|foot)\b|sft\b)"
    r"|(?P<sqm>sq\.?\s?m(?:etres?|eters?)?\b|square\s(?:metres?|meters?)\b|sqm\b|m²)"
    r"|(?P<km>km\b|kms\b|kilomet(?:re|er)s?\b)"
    r"|(?P<tbps>Tbps\b|terabits?\sper\ssecond\b)"
    r"|(?P<gbps>Gbps\b|gigabits?\sper\ssecond\b)"
    r"|(?P<days>days?\b)"
    r"|(?P<usd>(?:US\s)?dollars?\b)"
    r"|(?P<pkr>(?:Pakistani\s)?rupees?\b)"
    r"|(?P<acre>[-‑]?acres?\b)|(?P<hectare>[-‑]?hectares?\b)"
    r"|(?P<other>(?:euros?|pounds?|yuan|riyals?|dirhams?|kanals?|marlas?)\b))",
    re.IGNORECASE,
)
# Land areas the contract has no unit for, converted to the base unit it has (exact factors): the acre
# is 43,560 sq ft and the hectare 10,000 sq m. Kanals and marlas vary by province and are not converted.
_AREA_FACTORS: dict[str, tuple[str, Decimal]] = {
    "acre": ("sqft", Decimal(43_560)),
    "hectare": ("sqm", Decimal(10_000)),
}
_PLUS_AFTER = re.compile(r"\+|-plus\b|\splus\b", re.IGNORECASE)
_AGO_AFTER = re.compile(
    r"\s(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b", re.IGNORECASE
)
_SPAN_AFTER = re.compile(
    r"[\s‑-](?:years?|months?|weeks?|hours?|minutes?|decades?|centuries|century|days?|day|year|month|week"
    r"|hour|fold|times|mins?|hrs?|secs?)\b",
    re.IGNORECASE,
)
_HYPHEN_WORD_AFTER = re.compile(r"[-‑][A-Za-z]")
# "Rs 41 billion and 39 crores", "2 lakh 40 thousand", "Rs 3 arab 20 crore": one amount in two scales.
_COMPOUND_AFTER = re.compile(
    r"\s(?P<and>and\s)?\s?(?P<num>\d{1,3}(?:\.\d+)?)\s?(?P<scale>crores?|lakhs?|lacs?|thousand|million)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SOUTH_ASIAN_PARTS = frozenset({"crore", "crores", "lakh", "lakhs", "lac", "lacs", "thousand"})
# Scraped text that breaks a number after its decimal point: "$88.\n\n4 million" is $88.4 million.
_SPLIT_DECIMAL = re.compile(
    r"\.[ \t]*\n[ \t\n]*(?P<frac>\d+)(?=\s?(?:billion|bn|million|mn|crores?|lakhs?|trillion|%|percent"
    r"|per\s?cent)(?![A-Za-z]))",
    re.IGNORECASE,
)


def split_decimal_at(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` is the decimal point of a number broken across a line break."""
    return dot > 0 and text[dot - 1].isdigit() and _SPLIT_DECIMAL.match(text, dot) is not None


@dataclass(frozen=True)
class Quantity:
    """One number mention, with its value in the contract's base units."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str  # USD, PKR, percent, count, sqft, sqm, km, Tbps, days
    qualifier: str | None
    bare: bool  # no currency, scale or unit: a count only if a noun says what is counted
    spelled: bool
    scaled: bool
    text: str


def parse_number(token: str) -> Decimal:
    """``"600,000"`` -> 600000, ``"1,00,000"`` (lakh grouping) -> 100000, ``"3.223"`` -> 3.223."""
    return Decimal(token.replace(",", ""))


def word_value(match: re.Match[str]) -> tuple[int, int]:
    """(value, end offset) of a spelled-out number ("twenty-five" -> 25; "two three" reads only "two")."""
    first = match.group("w").lower()
    if first in TENS_WORDS:
        value = TENS_WORDS[first]
        if match.group("u"):
            value += UNITS_WORDS[match.group("u").lower()]
        elif match.group("h"):
            return value, match.end("w")
    else:
        value = UNITS_WORDS[first]
        if match.group("u"):
            return value, match.end("w")
    if match.group("h"):
        value *= 100
    return value, match.end()


def _window(text: str, end: int, size: int) -> str:
    return text[max(0, end - size) : end]


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity mentioned in ``text``, in order (linear time)."""
    candidates: list[tuple[int, re.Match[str], bool]] = [
        (m.start(), m, False) for m in _DIGITS.finditer(text)
    ]
    spelled = [(m.start(), m, True) for m in _WORDS.finditer(text)]
    if spelled:
        candidates = sorted(candidates + spelled, key=lambda c: c[0])
    out: list[Quantity] = []
    consumed = 0
    for start, match, is_word in candidates:
        if start < consumed:
            continue
        result = _read(text, match, is_word)
        if isinstance(result, int):
            consumed = max(consumed, result)
            continue
        consumed = result.end
        out.append(result)
    return out


def _read(text: str, match: re.Match[str], is_word: bool) -> Quantity | int:
    """The quantity starting at ``match``, or the offset up to which the text is not a quantity."""
    start, pos = match.start(), match.end()
    n = len(text)
    if is_word:
        value, pos = word_value(match)
        number = Decimal(value)
        raw = text[start:pos]
    else:
        raw = match.group(0)
        number = parse_number(raw)
        if pos < n and text[pos] == "." and "." not in raw:
            split = _SPLIT_DECIMAL.match(text, pos)
            if split is not None:
                number = parse_number(raw + "." + split.group("frac"))
                pos = split.end()
        if pos < n and (
            text[pos].isdigit() or (text[pos] in ".," and pos + 1 < n and text[pos + 1].isdigit())
        ):
            return pos + 1
        if pos < n and text[pos] in "-/.":
            date = _DATE_AT.match(text, start)
            if date is not None:
                return date.end()
        if pos < n and text[pos] in "/:" and pos + 1 < n and text[pos + 1].isdigit():
            return pos + 2
    prev = text[start - 1] if start else " "
    currency, cur_start = _currency_before(text, start)
    if currency == "other":
        return pos  # C$, HK$, EUR, AED ...: not a contract currency
    if not is_word and currency is None:
        if prev.isalpha() or prev in "/:#@_+'’":
            return pos
        if prev in ".," and start >= 2 and text[start - 2].isdigit():
            return pos
        if prev in "-‐‑–" and start >= 2 and text[start - 2].isalnum():
            return pos
    elif is_word and (prev in "-‑" or prev.isalpha()):
        return pos

    value_high: Decimal | None = None
    rng = None if is_word or not _may_range(text, pos) else _RANGE_AFTER.match(text, pos)
    if rng is not None:
        ok = _range_ok(text, start, rng, number)
        if ok is None:  # a year span or a code: not a quantity at all
            return _skip_run(text, rng.end())
        if ok:
            value_high = parse_number(rng.group("num"))
            pos = rng.end()
        else:
            rng = None
    scale = 1
    scaled = False
    sc = _SCALE_AFTER.match(text, pos)
    if sc is not None:
        word = sc.group("scale").lower()
        single = len(word) == 1
        if not (single and (sc.group("space") or (word == "b" and currency is None))):
            scale = SCALES[word]
            scaled = True
            pos = sc.end()
            comp = _COMPOUND_AFTER.match(text, pos) if rng is None and scale > 1000 else None
            if comp is not None:
                part_scale = SCALES[comp.group("scale").lower()]
                part = parse_number(comp.group("num"))
                if (
                    part_scale < scale
                    and part * part_scale < scale
                    and (comp.group("and") is None or comp.group("scale").lower() in _SOUTH_ASIAN_PARTS)
                ):
                    number += part * part_scale / scale
                    pos = comp.end()
    unit = "count"
    um = _UNIT_AFTER.match(text, pos)
    factor = Decimal(1)
    if um is not None:
        kind = um.lastgroup
        if kind == "other":
            return um.end()
        if kind in ("usd", "pkr"):
            if currency is None:
                currency = kind.upper()
            pos = um.end()
        elif currency is None:
            unit = {"gbps": "Tbps", "tbps": "Tbps"}.get(kind or "", kind or "count")
            if kind == "gbps":
                factor = Decimal("0.001")
            if kind in _AREA_FACTORS:
                unit, factor = _AREA_FACTORS[kind]
            pos = um.end()
    if currency is not None:
        unit = currency
    if rng is None and not is_word and _may_range(text, pos):
        rng2 = _RANGE_AFTER.match(text, pos)
        if rng2 is not None and rng2.group("sep") in ("-", "–", "—", "‑", "‒", "to", "TO", "To"):
            tail_unit, tail_scale, tail_end = _suffix_after(text, rng2.end())
            same_unit = tail_unit == unit or (tail_unit == "count" and currency is not None)
            if same_unit and tail_scale in (scale, 1) and not _FROM_BEFORE.search(_window(text, start, 20)):
                high = parse_number(rng2.group("num"))
                if high > number:
                    value_high = high
                    pos = tail_end
    plus = _PLUS_AFTER.match(text, pos) if text[pos : pos + 1] in ("+", "-", " ") else None
    qualifier = None
    if plus is not None:
        qualifier = "over"
        pos = plus.end()
    if pos < n and (text[pos].isalnum() or text[pos] == "_"):
        return pos  # "5G", "78th", "10x", "1990s"
    bare = unit == "count" and not scaled
    if bare:
        if is_word:
            if number == 1 or _HYPHEN_WORD_AFTER.match(text, pos) or _SPAN_AFTER.match(text, pos):
                return pos
        else:
            skip = _bare_number_skip(text, start, pos, raw, number)
            if skip is not None:
                return skip
    elif unit == "days" and (_AGO_AFTER.match(text, match.end()) or is_word):
        return pos
    if unit == "count" and _AGO_AFTER.match(text, match.end()):
        return pos
    if bare and _SPAN_AFTER.match(text, pos):
        return pos
    if qualifier is None:
        qualifier = _qualifier_before(text, cur_start)
    multiplier = Decimal(scale) * factor
    value = float(number * multiplier)
    high = float(value_high * multiplier) if value_high is not None else None
    return Quantity(
        start=cur_start,
        end=pos,
        value=value,
        value_high=high,
        unit=unit,
        qualifier=qualifier,
        bare=bare,
        spelled=is_word,
        scaled=scaled,
        text=text[cur_start:pos],
    )


def _may_range(text: str, pos: int) -> bool:
    """A cheap look before the range pattern: a dash, "to" or "and" must come next."""
    head = text[pos : pos + 5].lstrip()
    return head[:1] in ("-", "–", "—", "‑", "‒") or head[:2].lower() == "to" or head[:3].lower() == "and"


def _range_ok(text: str, start: int, rng: re.Match[str], low: Decimal) -> bool | None:
    """Whether ``rng`` (the text after a number) makes a range; None when the pair is not a quantity."""
    sep = rng.group("sep").lower()
    high_text = rng.group("num")
    high = parse_number(high_text)
    low_int = low == low.to_integral_value()
    if sep not in ("to", "and"):
        if low_int and 1900 <= low <= 2100 and (len(high_text) == 2 or 1900 <= high <= 2100):
            return None  # 2023-24, 2024-2027: years
        nxt = rng.end()
        if nxt < len(text) - 1 and text[nxt] in "-‑–/" and text[nxt + 1].isdigit():
            return None  # 10-08-2025, 111-222-333
        if high_text.startswith("0") and len(high_text) > 1 and "." not in high_text:
            return None
    before = _window(text, start, 24)
    if sep == "and" and not _BETWEEN_BEFORE.search(before):
        return False
    if sep == "to" and _FROM_BEFORE.search(before):
        return False
    if high <= low:
        return False
    if sep not in ("to", "and") and high > low * 100 and low_int and len(rng.group("num")) >= 4:
        return None  # 051-1234567
    return True


def _suffix_after(text: str, pos: int) -> tuple[str, int, int]:
    """(unit, scale, end) of the scale/unit written after the second number of "X bn to Y bn"."""
    scale = 1
    sc = _SCALE_AFTER.match(text, pos)
    if sc is not None and not (len(sc.group("scale")) == 1 and sc.group("space")):
        scale = SCALES[sc.group("scale").lower()]
        pos = sc.end()
    um = _UNIT_AFTER.match(text, pos)
    unit = "count"
    if um is not None and um.lastgroup not in ("other", "usd", "pkr"):
        unit = {"gbps": "Tbps", "tbps": "Tbps"}.get(um.lastgroup or "", um.lastgroup or "count")
        unit = _AREA_FACTORS[unit][0] if unit in _AREA_FACTORS else unit
        pos = um.end()
    return unit, scale, pos


def _skip_run(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos].isdigit() or text[pos] in "-/."):
        if text[pos] == "." and (pos + 1 >= len(text) or not text[pos + 1].isdigit()):
            break
        pos += 1
    return pos


def _bare_number_skip(text: str, start: int, pos: int, raw: str, number: Decimal) -> int | None:
    """For a plain number: the offset to skip to when it is a year, date, label, code or phone number."""
    if "." in raw:
        return pos  # "3.0", "4.5": versions and ratings, not counts
    if raw.startswith("0") and len(raw) > 1:
        phone = _PHONE_AFTER.match(text, pos)
        return phone.end() if phone else pos
    if "," not in raw and len(raw) >= 7:
        return pos
    phone = _PHONE_AFTER.match(text, pos)
    if phone is not None and "," not in raw:
        return phone.end()
    last = _last_word(text, start)
    if 1900 <= number <= 2100 and "," not in raw and _qualifier_before(text, start) is None:
        return pos
    if number <= 31 and (last in MONTHS or _MONTH_AFTER.match(text, pos)):
        return pos
    if _TIME_AFTER.match(text, pos):
        return pos
    if last in LABEL_WORDS or text[max(0, start - 2) : start].strip() == "#":
        return pos
    if last in ADDRESS_WORDS and _last_word(text, start, lower=False)[:1].isupper():
        return pos
    return None


_ABBREVIATED_LABELS = frozenset({"no", "nos", "sec", "art", "fig", "vol", "p", "pp", "para"})


def _last_word(text: str, start: int, lower: bool = True) -> str:
    """The word just before ``start`` in the same sentence ("" after a full stop), trailing dot dropped."""
    words = text[max(0, start - 24) : start].split()
    if not words:
        return ""
    word = words[-1]
    if word.endswith(".") and word[:-1].lower() not in _ABBREVIATED_LABELS:
        return ""  # "... the next phase. 1,050 startups": the word ends the previous sentence
    word = word.rstrip(".:#")
    return word.lower() if lower else word


_USD_PREFIXES = ("U.S.$", "US$", "USD", "$")
_PKR_PREFIXES = ("Pak Rs.", "Pak Rs", "PakRs", "Rupees", "Rupee", "PKR", "Rs.", "Rs")
_OTHER_PREFIXES = (
    "C$", "A$", "HK$", "S$", "NZ$", "CA$", "AU$", "€", "£", "¥", "₹", "AED", "Dhs", "Dh", "RMB", "Rmb", "EUR",
    "GBP", "INR", "SAR", "CNY", "Tk",
)  # fmt: skip
_QUALIFIER_LAST = frozenset(q.split()[-1].rstrip(".") for q in QUALIFIERS)


def _currency_before(text: str, start: int) -> tuple[str | None, int]:
    """("USD" | "PKR" | "other" | None, where the currency sign starts) for the number at ``start``."""
    j = start - 1
    if j >= 0 and text[j] in " \u00a0\u202f\t":
        j -= 1
    if j < 0 or not (text[j] in "$.€£¥₹" or text[j].isalpha()):
        return None, start
    lo = max(0, start - 10)
    window = text[lo:start]
    stripped = window.rstrip()
    if len(window) - len(stripped) > 1 or not stripped:
        return None, start
    for prefixes, name in ((_OTHER_PREFIXES, "other"), (_USD_PREFIXES, "USD"), (_PKR_PREFIXES, "PKR")):
        for prefix in prefixes:
            if stripped.endswith(prefix):
                at = len(stripped) - len(prefix)
                if at > 0 and stripped[at - 1].isalpha() and prefix[0].isalpha():
                    continue  # "TRs 5": the letters are part of a word
                if name != "other" and at > 0 and stripped[at - 1].isalpha() and prefix == "$":
                    return "other", start  # "Z$5"
                return name, lo + at
    return None, start


def _qualifier_before(text: str, start: int) -> str | None:
    """ "over", "around", "approximately" ... written just before the number (normal form)."""
    window = text[max(0, start - 30) : start]
    if not window or not window[-1].isspace():
        return None
    words = window.split()
    if not words or words[-1].lower().rstrip(".") not in _QUALIFIER_LAST:
        return None
    m = _QUALIFIER_BEFORE.search(window)
    if m is None:
        return None
    word = m.group(1).lower()
    prepositional = word in ("over", "under", "above", "below", "about", "around", "some")
    if prepositional and len(words) >= 2 and words[-2].lower() in _PLACE_VERBS:
        return None  # "spread over 1.2 million square feet": a preposition, not a qualifier
    return QUALIFIERS.get(word, word)


_PLACE_VERBS = words(
    """spread spreads spanning spans spanned stretched stretching stretches extended extending extends
    sprawling sprawled built located situated laid talked brought"""
)
