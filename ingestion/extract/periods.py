"""The period grammar: time expressions, normalised per the fact contract.

Pakistan's fiscal year runs 1 July - 30 June; ``FY2023-24`` is July 2023 - June 2024, and ``FY24``,
``FY2024``, ``FY 2023-24`` and ``fiscal year 2023-24`` all name it. Normal forms: ``FY2023-24``,
``Jul-Mar FY2024-25``, ``2024-11``, ``2025``, ``as of 2025-03``, ``by 2027``, ``by 2027-11``,
``by FY2026-27``. Relative phrases ("current fiscal year", "within three years") are resolved against
an :class:`Anchor` (the publication date, or only its year) and are null without one.

Each mention also has a *role*: ``abs`` (stated), ``weak`` (the year in a report's name: "2025 GSMA
Gender Gap Report", "Economic Survey 2024-25"), ``compare`` (the previous period of a comparison:
"same period last year"), ``anaphor`` ("during this period") or ``null`` (a time expression that
cannot be resolved, which still keeps another sentence's period from being borrowed).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pkit.fiscal import fy_label
from pkit.ingestion.extract.lexicon import MONTH_ABBR, MONTH_PATTERN, MONTHS, UNITS_WORDS

_NUMW = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_M = MONTH_PATTERN
_FYK = r"(?:FY|F\.Y\.?|fiscal\s+year|financial\s+year|fiscal)"
_YEARSPEC = r"(?:(?:19|20)\d{2}(?:\s?[-–—/‑]\s?(?:(?:19|20)\d{2}|\d{2}))?|'?\d{2})"
_TITLE_AFTER = re.compile(
    r"\s+(?:[A-Z][\w&.’'-]*\s+){0,5}(?:Report|Index|Survey|Census|Review|Outlook|Study|Ranking|Rankings"
    r"|Rankings|Statistics|Yearbook)\b"
)
_WEAK_BEFORE = re.compile(r"(?:Report|Index|Survey|Census|Review|Outlook|Statistics|Yearbook|Budget)\s?$")
_NAME_BEFORE = re.compile(r"(?:Policy|Vision|Plan|Strategy|Act|Agenda|Programme|Program|Framework)\s?$")


@dataclass(frozen=True)
class PeriodValue:
    form: str  # fy | span | month | year
    year: int  # fiscal start year (fy, span) or calendar year (month, year)
    month: int = 0
    first: int = 0
    last: int = 0
    prefix: str = ""  # "" | "by " | "as of "

    def norm(self) -> str:
        if self.form == "fy":
            body = fy_label(self.year)
        elif self.form == "span":
            body = f"{MONTH_ABBR[self.first - 1]}-{MONTH_ABBR[self.last - 1]} {fy_label(self.year)}"
        elif self.form == "month":
            body = f"{self.year}-{self.month:02d}"
        else:
            body = str(self.year)
        return self.prefix + body

    def shifted(self, years: int) -> PeriodValue:
        return replace(self, year=self.year + years)

    def months(self) -> tuple[int, int]:
        """First and last month as absolute month numbers (year * 12 + month - 1)."""
        if self.form == "fy":
            return self.year * 12 + 6, self.year * 12 + 17
        if self.form == "span":
            first = self.year * 12 + (self.first - 1) + (0 if self.first >= 7 else 12)
            last = self.year * 12 + (self.last - 1) + (0 if self.last >= 7 else 12)
            return first, last
        if self.form == "month":
            return self.year * 12 + self.month - 1, self.year * 12 + self.month - 1
        return self.year * 12, self.year * 12 + 11

    def within(self, other: PeriodValue) -> bool:
        a, b = self.months()
        c, d = other.months()
        return c <= a and b <= d and (a, b) != (c, d)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    value: PeriodValue | None
    role: str  # abs | weak | compare | anaphor | null


@dataclass(frozen=True)
class Anchor:
    """What is known of the publication date: the date, or only the year (a copyright line)."""

    date: datetime.date | None = None
    year: int | None = None

    @property
    def any_year(self) -> int | None:
        return self.date.year if self.date else self.year


def fiscal_start(day: datetime.date) -> int:
    return day.year if day.month >= 7 else day.year - 1


def parse_fy(spec: str) -> int | None:
    """Start year of the fiscal year named by ``spec``: "24", "'24", "2024" -> 2023; "2023-24" -> 2023."""
    spec = spec.strip().lstrip("'")
    parts = re.split(r"\s?[-–—/‑]\s?", spec)
    first = parts[0]
    if len(parts) == 1:
        if len(first) == 2:
            return 2000 + int(first) - 1
        return int(first) - 1
    start = int(first) if len(first) == 4 else 2000 + int(first)
    second = parts[1]
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if end == start + 1 or (len(second) == 2 and int(second) == (start + 1) % 100):
        return start
    return None


def _month(word: str) -> int:
    return MONTHS.get(word.lower().rstrip("."), 0)


def _count(word: str) -> int:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return {"half": 6, "quarter": 3}.get(w, UNITS_WORDS.get(w, 0))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


_PAREN = r"(?:\s*\([^()]{3,30}\))?"  # "(July-October)" between the words
_FYW = r"(?:FY|F\.Y\.?|(?i:fiscal\s+year|financial\s+year|fiscal))"  # case-sensitive FY, any-case words
_YTD = re.compile(
    rf"\bfirst\s+(?P<n>{_NUMW}|half|quarter)\s+(?:months?{_PAREN}\s+)?of\s+(?:the\s+)?(?:current\s+|this\s+)?"
    rf"{_FYK}\s?(?P<fy>{_YEARSPEC})(?![\d])(?:\s*\(\s*{_M}\s*[-–—‑]\s*{_M}\s*\))?",
    re.IGNORECASE,
)
_YTD_REL = re.compile(
    rf"\bfirst\s+(?P<n>{_NUMW}|half|quarter)\s+(?:months?{_PAREN}\s+)?of\s+(?:the\s+)?"
    r"(?P<rel>current|this|ongoing|present|last|previous|next)\s+(?:fiscal|financial)\s+year",
    re.IGNORECASE,
)
_MONTHS_FY = re.compile(rf"(?<![\w])(?P<n>\d{{1,2}})\s?M\s?FY\s?(?P<fy>{_YEARSPEC})(?![\d])")  # "8MFY25"
_QUARTER = re.compile(rf"(?<![\w])(?P<q>Q[1-4]|H[12]|[12]H|[1-4]Q)\s?{_FYW}\s?(?P<fy>{_YEARSPEC})(?![\d])")
# Month names must be capitalised ("may", "march" are words), which also lets the scan skip quickly.
_SPAN_YEARS = re.compile(
    rf"\b(?P<m1>{_M})\.?\s+(?P<y1>(?:19|20)\d{{2}})\s?(?:[-–—‑]|to|till|through|until)\s?"
    rf"(?P<m2>{_M})\.?\s+(?P<y2>(?:19|20)\d{{2}})"
)
_SPAN = re.compile(
    rf"\b(?P<m1>{_M})\.?\s?(?:[-–—‑]|to|till|through|until)\s?(?P<m2>{_M})\b\.?"
    rf"(?:\s*,?\s*(?:of\s+)?(?:the\s+)?(?:{_FYW}\s?(?P<fy>{_YEARSPEC})|(?P<yr>(?:19|20)\d{{2}}\s?[-–/]\s?\d{{2,4}}))"
    rf"(?![\d]))?"
)
_FY = re.compile(rf"(?<![A-Za-z]){_FYW}\s?(?P<fy>{_YEARSPEC})(?![\d%])")
_BY_BEFORE = re.compile(r"(?<![A-Za-z])by\s+(?:the\s+end\s+of\s+)?(?:the\s+)?$", re.IGNORECASE)
_END_OF_BEFORE = re.compile(r"(?<![A-Za-z])(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_YEAR_RANGE = re.compile(
    r"(?<![\w.$/-])(?P<by>by\s+)?(?P<y1>(?:19|20)\d{2})\s?[-–/‑]\s?(?P<y2>(?:19|20)\d{2}|\d{2})(?![\d%/-])",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    rf"\b(?P<m>{_M})\.?\s*(?:(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s*)?,?\s*(?P<y>(?:19|20)\d{{2}})(?![\d%-])"
)
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+$")
_MONTH_PREFIX = re.compile(
    r"(?<![A-Za-z])(?P<pre>by\s+the\s+end\s+of|by\s+end\s+of|as\s+of|as\s+on|as\s+at|up\s+to|end\s+of|by|till"
    r"|until|through|since)\s+$|end-$",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"(?<![\w$.])(?P<pre>by|in|during|for|since|until|till|through|as\s+of|by\s+the\s+end\s+of|by\s+end\s+of"
    r"|end\s+of|before|after|of|from)\s+(?:the\s+)?(?:year\s+|calendar\s+year\s+|CY\s?)?"
    r"(?P<y>(?:19|20)\d{2})(?![\d%,.-]\d|[\d%-]|\s?(?:million|billion|bn|mn|m|crore|lakh)\b)",
    re.IGNORECASE,
)
_YEAR_TITLE = re.compile(r"(?<![\w$.,-])(?P<y>(?:19|20)\d{2})(?![\d%,-])")
_REL_FY = re.compile(
    r"\b(?P<rel>current|this|ongoing|present|next|upcoming|coming|last|previous|past|preceding|outgoing|new)"
    r"\s+(?:fiscal|financial)\s+year(?:’s|'s)?",
    re.IGNORECASE,
)
_REL_YEARS = re.compile(
    rf"\b(?:(?:within|in|over|during)\s+(?:the\s+)?(?:next\s+|coming\s+)?|(?:the\s+)?next\s+)(?P<n>{_NUMW})"
    r"\s+years?\b",
    re.IGNORECASE,
)
_REL_YEAR = re.compile(
    r"\b(?P<rel>this|next|current|last|previous)\s+(?:calendar\s+)?year\b(?!\s+(?:of|to)\b)", re.IGNORECASE
)
_REL_MONTH = re.compile(r"\b(?P<rel>last|previous|past|this|current)\s+month\b(?![’'-])", re.IGNORECASE)
_COMPARE = re.compile(
    r"\b(?:(?:during|in|over|for)\s+(?:the\s+)?|the\s+)?(?:same|corresponding|comparable|similar)\s+"
    r"(?:period|months?|time|quarter)\s+(?:of\s+)?(?:the\s+)?(?:last|previous|preceding|prior)\s+"
    r"(?:fiscal\s+|financial\s+)?year|\b(?:a|one)\s+year\s+(?:earlier|ago|before)"
    r"|\b(?:the\s+)?(?:previous|preceding|prior)\s+(?:fiscal\s+)?year|\blast\s+year",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:during|in|over|for|within)\s+(?:this|that|the\s+same|the\s+said|the)\s+(?:time\s+)?"
    r"(?:period|time|duration|timeframe|months)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\b(?:since\s+(?:its|their|the)\s+(?:launch|inception|establishment|start|beginning|creation|inauguration)"
    r"|so\s+far|to\s+date|till\s+date|up\s+till\s+now|in\s+total)\b",
    re.IGNORECASE,
)
# "in December", "In November alone", "for the month of March": a month named without its year. The
# preposition may be capitalised (a sentence opening); the month name must be ("may", "march" are words).
_MONTH_ONLY = re.compile(
    rf"\b(?P<pre>(?i:in|during|for|by|since|till|until))\s+(?:(?i:the\s+month\s+of)\s+)?(?P<m>{_M})\b"
    r"(?!\.?\s*\d)"
)


_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_MONTH_WORD = re.compile(_M)


_TRIGGER_WORDS = (
    "first", "fy", "fiscal", "financial", "f.y", "year", "period", "time", "month", "quarter", "duration",
    "timeframe",
)  # fmt: skip


def _triggers(text: str, start: int, end: int) -> frozenset[str]:
    """Cheap tests that decide which patterns can match at all in this sentence."""
    low = text[start:end].lower()
    found = {w for w in _TRIGGER_WORDS if w in low}
    if _YEAR_DIGITS.search(text, start, end):
        found.add("digits")
    if _MONTH_WORD.search(text, start, end):
        found.add("month-name")
    return frozenset(found)


def find_periods(text: str, start: int, end: int, anchor: Anchor) -> list[PeriodMention]:
    """Time expressions in ``text[start:end]`` (a sentence), without overlaps, longest first."""
    found: list[PeriodMention] = []
    triggers = _triggers(text, start, end)
    for pattern, handler, needs in _HANDLERS:
        if "any" in needs:
            if not (needs & triggers):
                continue
        elif not needs <= triggers:
            continue
        for m in pattern.finditer(text, start, end):
            mention = handler(text, m, anchor)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda p: (-(p.end - p.start), p.start))
    kept: list[PeriodMention] = []
    for p in found:
        if all(p.end <= k.start or p.start >= k.end for k in kept):
            kept.append(p)
    kept.sort(key=lambda p: p.start)
    fy_here = next((p.value.year for p in kept if p.value is not None and p.value.form == "fy"), None)
    return [_complete_month(_complete_span(p, fy_here, anchor), fy_here, anchor) for p in kept]


def _complete_span(p: PeriodMention, fy_start: int | None, anchor: Anchor) -> PeriodMention:
    """A "July-March" with no year takes the sentence's fiscal year, else the latest one before the anchor."""
    if p.role != "span?" or p.value is None:
        return p
    if fy_start is None and anchor.date is not None:
        here = anchor.date.year * 12 + anchor.date.month - 1
        fy_start = fiscal_start(anchor.date)
        if replace(p.value, year=fy_start).months()[1] > here:
            fy_start -= 1  # "July-March" said in February means the last completed July-March
    if fy_start is None:
        return PeriodMention(p.start, p.end, None, "null")
    return PeriodMention(p.start, p.end, replace(p.value, year=fy_start), "abs")


def _ytd(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    n = _count(m.group("n"))
    start = parse_fy(m.group("fy"))
    if not 1 <= n <= 12 or start is None:
        return None
    if n == 12:
        return PeriodMention(m.start(), m.end(), PeriodValue("fy", start), "abs")
    return PeriodMention(m.start(), m.end(), PeriodValue("span", start, 0, 7, (6 + n - 1) % 12 + 1), "abs")


def _ytd_rel(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    n = _count(m.group("n"))
    if not 1 <= n <= 11:
        return None
    if anchor.date is None:
        return PeriodMention(m.start(), m.end(), None, "null")
    start = fiscal_start(anchor.date) + _relative_offset(m.group("rel"))
    return PeriodMention(m.start(), m.end(), PeriodValue("span", start, 0, 7, (6 + n - 1) % 12 + 1), "abs")


def _quarter(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    start = parse_fy(m.group("fy"))
    if start is None:
        return None
    q = m.group("q").upper()
    first, last = {
        "Q1": (7, 9), "1Q": (7, 9), "Q2": (10, 12), "2Q": (10, 12), "Q3": (1, 3), "3Q": (1, 3),
        "Q4": (4, 6), "4Q": (4, 6), "H1": (7, 12), "1H": (7, 12), "H2": (1, 6), "2H": (1, 6),
    }[q]  # fmt: skip
    return PeriodMention(m.start(), m.end(), PeriodValue("span", start, 0, first, last), "abs")


def _span_years(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    m1, m2 = _month(m.group("m1")), _month(m.group("m2"))
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if not (_capitalised(m.group("m1")) and _capitalised(m.group("m2"))):
        return None
    start = y1 if m1 >= 7 else y1 - 1
    end_fy = y2 if m2 >= 7 else y2 - 1
    if start != end_fy:
        return None
    return PeriodMention(m.start(), m.end(), PeriodValue("span", start, 0, m1, m2), "abs")


def _span(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    if not (_capitalised(m.group("m1")) and _capitalised(m.group("m2"))):
        return None
    m1, m2 = _month(m.group("m1")), _month(m.group("m2"))
    if ((m1 + 5) % 12) > ((m2 + 5) % 12) or m1 == m2:
        return None  # a span runs forward inside one fiscal year
    spec = m.group("fy") or m.group("yr")
    if spec:
        start = parse_fy(spec)
        if start is None:
            return None
        return PeriodMention(m.start(), m.end(), PeriodValue("span", start, 0, m1, m2), "abs")
    return PeriodMention(m.start(), m.end(), PeriodValue("span", 0, 0, m1, m2), "span?")


def _fy(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    start = parse_fy(m.group("fy"))
    if start is None:
        return None
    before = text[max(0, m.start() - 24) : m.start()]
    by = _BY_BEFORE.search(before)
    prefix = "by " if by is not None and "end" not in by.group(0).lower() else ""
    begin = m.start() - (len(before) - by.start()) if by is not None else m.start()
    return PeriodMention(begin, m.end(), PeriodValue("fy", start, prefix=prefix), "abs")


def _year_range(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    y1 = int(m.group("y1"))
    start = parse_fy(f"{m.group('y1')}-{m.group('y2')}")
    if start is None or start != y1:
        return None
    before = text[max(0, m.start() - 12) : m.start()]
    role = "weak" if _WEAK_BEFORE.search(before) or _TITLE_AFTER.match(text, m.end()) else "abs"
    if _NAME_BEFORE.search(before):
        role = "null"
    prefix = "by " if m.group("by") else ""
    return PeriodMention(m.start(), m.end(), PeriodValue("fy", start, prefix=prefix), role)


def _month_year(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    month, year = _month(m.group("m")), int(m.group("y"))
    begin = m.start()
    before = text[max(0, begin - 40) : begin]
    day = _DAY_BEFORE.search(before)
    if day is not None:
        before = before[: day.start()]
        begin -= len(day.group(0))
    found = _MONTH_PREFIX.search(before)
    pre = ""
    if found is not None:
        pre = (found.group("pre") or "end-").lower()
        begin -= len(found.group(0))
    if pre == "since":
        return PeriodMention(begin, m.end(), None, "null")
    prefix = ""
    if pre.startswith("by"):
        prefix = "by "
    elif pre and pre != "end-":
        prefix = "as of "
    return PeriodMention(begin, m.end(), PeriodValue("month", year, month, prefix=prefix), "abs")


def _year(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    pre = m.group("pre").lower()
    year = int(m.group("y"))
    if pre == "since" or pre == "from" or pre == "after" or pre == "before":
        return PeriodMention(m.start(), m.end(), None, "null")
    if pre == "of" and not _TITLE_AFTER.match(text, m.end()):
        return None
    prefix = (
        "by " if pre.startswith("by") else "as of " if pre in ("as of", "until", "till", "through") else ""
    )
    role = "weak" if _TITLE_AFTER.match(text, m.end()) else "abs"
    before = text[max(0, m.start() - 12) : m.start()]
    if _NAME_BEFORE.search(before):
        return None
    return PeriodMention(m.start(), m.end(), PeriodValue("year", year, prefix=prefix), role)


def _year_title(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    before = text[max(0, m.start() - 12) : m.start()]
    if _TITLE_AFTER.match(text, m.end()) or _WEAK_BEFORE.search(before):
        return PeriodMention(m.start(), m.end(), PeriodValue("year", int(m.group("y"))), "weak")
    return None


def _relative_offset(word: str) -> int:
    w = word.lower()
    if w in ("next", "upcoming", "coming", "new"):
        return 1
    if w in ("last", "previous", "past", "preceding", "outgoing"):
        return -1
    return 0


def _rel_fy(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    offset = _relative_offset(m.group("rel"))
    if offset < 0:
        # "the previous fiscal year": the year before the figure it is compared with, or before the anchor
        value = PeriodValue("fy", fiscal_start(anchor.date) - 1) if anchor.date else None
        return PeriodMention(m.start(), m.end(), value, "compare")
    if anchor.date is None:
        return PeriodMention(m.start(), m.end(), None, "null")
    start = fiscal_start(anchor.date) + offset
    return PeriodMention(m.start(), m.end(), PeriodValue("fy", start), "abs")


def _rel_years(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    n = _count(m.group("n"))
    if not 1 <= n <= 30:
        return None
    year = anchor.any_year
    if year is None:
        return PeriodMention(m.start(), m.end(), None, "null")
    return PeriodMention(m.start(), m.end(), PeriodValue("year", year + n, prefix="by "), "abs")


def _rel_year(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    offset = _relative_offset(m.group("rel"))
    if offset < 0:
        return None  # "last year" is handled as a comparison
    year = anchor.any_year
    if year is None:
        return PeriodMention(m.start(), m.end(), None, "null")
    end_of = _END_OF_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
    prefix = "by " if end_of is not None and end_of.group(0).lower().startswith("by") else ""
    return PeriodMention(m.start(), m.end(), PeriodValue("year", year + offset, prefix=prefix), "abs")


def _rel_month(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    """ "last month", "this month": the month before the publication date's, or its own."""
    if anchor.date is None:
        return PeriodMention(m.start(), m.end(), None, "null")
    index = anchor.date.year * 12 + anchor.date.month - 1
    if m.group("rel").lower() in ("last", "previous", "past"):
        index -= 1
    return PeriodMention(m.start(), m.end(), PeriodValue("month", index // 12, index % 12 + 1), "abs")


def _compare(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    value = None
    if m.group(0).lower().strip() == "last year" and anchor.any_year is not None:
        value = PeriodValue("year", anchor.any_year - 1)
    return PeriodMention(m.start(), m.end(), value, "compare")


def _anaphor(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    return PeriodMention(m.start(), m.end(), None, "anaphor")


def _since(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    """ "since its launch", "so far", "to date": a running total, with no period of its own."""
    return PeriodMention(m.start(), m.end(), None, "null")


def _month_only(text: str, m: re.Match[str], anchor: Anchor) -> PeriodMention | None:
    month = _month(m.group("m"))
    if m.group("m") == "May" and m.group("pre").lower() not in ("in", "during", "since", "until", "till"):
        return None
    pre = m.group("pre").lower()
    if pre == "since":
        return PeriodMention(m.start(), m.end(), None, "null")
    prefix = "by " if pre == "by" else "as of " if pre in ("till", "until") else ""
    # the year is settled by :func:`_complete_month`, once the sentence's fiscal year is known
    return PeriodMention(m.start(), m.end(), PeriodValue("month", 0, month, prefix=prefix), "month?")


def _complete_month(p: PeriodMention, fy_start: int | None, anchor: Anchor) -> PeriodMention:
    """A month named without its year: the one inside the sentence's fiscal year ("in July, the first month
    of FY2025-26"); else, for a deadline ("by June"), the one nearest the publication date; else the latest
    one not after it ("In December alone, exports stood at ..."); null without a date."""
    if p.role != "month?" or p.value is None:
        return p
    month = p.value.month
    if fy_start is not None:
        year = fy_start if month >= 7 else fy_start + 1
    elif anchor.date is None:
        return PeriodMention(p.start, p.end, None, "null")
    elif p.value.prefix == "by ":
        year = _nearest_year_of(month, anchor.date)
    else:
        year = anchor.date.year if month <= anchor.date.month else anchor.date.year - 1
    return PeriodMention(p.start, p.end, replace(p.value, year=year), "abs")


def _nearest_year_of(month: int, day: datetime.date) -> int:
    """The year of the occurrence of ``month`` closest to ``day`` (within six months either side)."""
    delta = month - day.month
    if delta > 6:
        return day.year - 1
    if delta < -6:
        return day.year + 1
    return day.year


# (pattern, handler, trigger words that must all be present; "any" means one of them is enough)
_Handler = Callable[[str, re.Match[str], Anchor], PeriodMention | None]
_HANDLERS: tuple[tuple[re.Pattern[str], _Handler, frozenset[str]], ...] = (
    (_YTD, _ytd, frozenset({"first"})),
    (_YTD_REL, _ytd_rel, frozenset({"first", "year"})),
    (_QUARTER, _quarter, frozenset({"any", "fy", "fiscal", "financial", "f.y"})),
    (_MONTHS_FY, _ytd, frozenset({"fy"})),
    (_SPAN_YEARS, _span_years, frozenset({"month-name", "digits"})),
    (_SPAN, _span, frozenset({"month-name"})),
    (_FY, _fy, frozenset({"any", "fy", "fiscal", "financial", "f.y"})),
    (_YEAR_RANGE, _year_range, frozenset({"digits"})),
    (_MONTH_YEAR, _month_year, frozenset({"month-name", "digits"})),
    (_YEAR, _year, frozenset({"digits"})),
    (_YEAR_TITLE, _year_title, frozenset({"digits"})),
    (_REL_FY, _rel_fy, frozenset({"year"})),
    (_REL_YEARS, _rel_years, frozenset({"year"})),
    (_REL_YEAR, _rel_year, frozenset({"year"})),
    (_COMPARE, _compare, frozenset({"year"})),
    (_REL_MONTH, _rel_month, frozenset({"month"})),
    (_ANAPHOR, _anaphor, frozenset({"any", "period", "time", "duration", "timeframe", "month"})),
    (_MONTH_ONLY, _month_only, frozenset({"month-name"})),
    (_SINCE, _since, frozenset()),
)
