"""Document metadata (title, outlet, publication date) and the articles inside one page.

Scraped pages carry furniture: "- Advertisement -", "Premium Content", a title, "Published March 12,
2025", a dateline ("ISLAMABAD, Jun 09 (APP):"), and at the end "Related Articles" teasers, each with its
outlet, "2 days ago" or a date, and "Copyright Business Recorder, 2025". :func:`detect_metadata` reads
the main article's header; :func:`find_segments` cuts the page into articles (the main one, then each
teaser) and gives each the date (or year) that relative periods in it are resolved against.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from pkit.ingestion.extract.lexicon import MONTH_PATTERN, MONTHS
from pkit.ingestion.extract.model import DocumentMeta
from pkit.ingestion.extract.periods import Anchor

HEADER_CHARS = 4000

OUTLETS: dict[str, str] = {
    "dawn": "Dawn", "dawn.com": "Dawn", "the express tribune": "The Express Tribune",
    "express tribune": "The Express Tribune", "tribune": "The Express Tribune",
    "tribune.com.pk": "The Express Tribune", "business recorder": "Business Recorder",
    "brecorder": "Business Recorder", "brecorder.com": "Business Recorder", "the news": "The News",
    "the news international": "The News", "thenews.com.pk": "The News", "propakistani": "ProPakistani",
    "propakistani.pk": "ProPakistani", "techjuice": "TechJuice", "techjuice.pk": "TechJuice",
    "app": "APP", "associated press of pakistan": "APP", "app.com.pk": "APP",
    "pakistan observer": "Pakistan Observer", "arab news": "Arab News Pakistan",
    "arab news pakistan": "Arab News Pakistan", "profit": "Profit", "pakistan today": "Pakistan Today",
    "profit by pakistan today": "Profit", "urdupoint": "UrduPoint", "the nation": "The Nation",
    "daily times": "Daily Times", "daily8": "Daily8", "geo news": "Geo News", "geo.tv": "Geo News",
    "ary news": "ARY News", "samaa": "Samaa", "samaa tv": "Samaa", "mettis global": "Mettis Global",
    "wealth pk": "WealthPK", "wealthpk": "WealthPK", "the friday times": "The Friday Times",
    "dunya news": "Dunya News", "express": "The Express Tribune", "reuters": "Reuters", "afp": "AFP",
    "bloomberg": "Bloomberg", "xinhua": "Xinhua", "inp": "INP", "nni": "NNI", "ppi": "PPI",
    "radio pakistan": "Radio Pakistan", "pakistan economist": "Pakistan & Gulf Economist",
}  # fmt: skip

_FURNITURE = re.compile(
    r"^\s*(?:[-–—•|]\s*)?(?:advertisement|premium content|print friendly, pdf & email|listen to this article"
    r"|breaking news|follow us on google news|share(?: this)?:?|hashtags|comments|no comments yet\.*"
    r"|related articles|related stories|related news|related posts|read more:?|leave a comment"
    r"|home\s*[|›>].*|subscribe.*|sign in|log in|menu|search|trending|latest news|\d+\s+min(?:ute)?s?\s+read"
    r"|try our ai features|explore what .* can do for you:?|copyright\b.*|©.*|all rights reserved.*)"
    r"(?:\s*[-–—]\s*)?\s*$",
    re.IGNORECASE,
)
_AGO = re.compile(
    r"^\s*(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\s*$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_PATTERN})\.?,?"
    rf"|(?P<m2>{MONTH_PATTERN})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)\s+(?P<y>(?:19|20)\d{{2}})(?!\d)"
)
_DATE_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_DATE_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d{2})(?!\d)")
_DATE_PREFIX = re.compile(
    r"^\s*(?:published|updated|posted|last updated|date|dated|first published)\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^\s*(?P<city>[A-Z][A-Za-z .'-]{{2,30}}),\s*(?P<m>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}})"
    r"(?:,\s*(?P<y>(?:19|20)\d{2}))?\s*(?:\((?P<agency>[A-Za-z]{2,12})\))?\s*[:–—-]"
)
_AGENCY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,30}\s*(?:,[^()\n]{0,30})?\((?P<agency>[A-Za-z]{2,12})\)\s*[:–—-]"
)
_COPYRIGHT = re.compile(
    r"(?:Copyright|©|\(c\))\s*(?:(?P<y1>(?:19|20)\d{2})\s+(?P<o1>[A-Z][\w&.' -]{1,40})"
    r"|(?P<o2>[A-Z][\w&.' -]{1,40}?),?\s+(?P<y2>(?:19|20)\d{2}))",
)
_PUBLISHED_IN = re.compile(r"Published in (?P<outlet>[A-Z][\w&.' -]{1,40}?),\s+(?P<date>[^\n]{6,40})")
_RELATED = re.compile(
    r"^\s*(?:related articles|related stories|related news|related posts|more from \w.*|also read"
    r"|you may also like|recommended(?: for you)?|more stories)\s*:?\s*$",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\n]*")


_HEADER_FIELD = re.compile(r"(?P<key>[A-Za-z][A-Za-z_ -]{0,19}?)\s*:[ \t]*(?P<value>[^\n]*?)\s*")
_HEADER_KEYS = frozenset(
    {"url", "link", "source", "outlet", "publication", "title", "headline", "author", "authors", "byline",
     "published", "date", "updated", "section", "category", "tags"}
)  # fmt: skip
_HEADER_RULE = re.compile(r"\s*-{3,}\s*")


@dataclass(frozen=True)
class Header:
    """A header block: ``key: value`` lines (``url:``, ``outlet:``, ``title:``, ``published:`` ...) closed
    by a ``---`` line, as scrapers and the evaluation articles write a page's citation above its text."""

    body_start: int  # where the article text starts (after the ``---`` line)
    fields: tuple[tuple[str, str], ...]
    title_span: tuple[int, int] | None  # the title's characters, read for the period it names

    def get(self, *keys: str) -> str | None:
        return next((v for k, v in self.fields if k in keys and v), None)


@lru_cache(maxsize=8)
def header_block(text: str) -> Header | None:
    """The header block that opens ``text``, if any (fields of known names only, at most 15 lines)."""
    pos, n = 0, len(text)
    fields: list[tuple[str, str]] = []
    title_span = None
    for _ in range(16):
        if pos >= n:
            return None
        eol = text.find("\n", pos)
        eol = n if eol < 0 else eol
        if not text[pos:eol].strip():
            pos = eol + 1
            continue
        if _HEADER_RULE.fullmatch(text, pos, eol):
            if fields:
                return Header(min(eol + 1, n), tuple(fields), title_span)
            pos = eol + 1  # the opening rule of YAML-style front matter
            continue
        m = _HEADER_FIELD.fullmatch(text, pos, eol)
        if m is None or m.group("key").strip().lower() not in _HEADER_KEYS:
            return None
        key = m.group("key").strip().lower()
        fields.append((key, m.group("value")))
        if key in ("title", "headline") and title_span is None:
            title_span = (m.start("value"), m.end("value"))
        pos = eol + 1
    return None


@dataclass(frozen=True)
class Segment:
    """One article of a page: its character span and what is known of its publication date."""

    start: int
    end: int
    anchor: Anchor


def parse_date(text: str) -> datetime.date | None:
    """A calendar date written in ``text`` (day-month order for numeric dates, as in Pakistan)."""
    for pattern in (_DATE_WORDS, _DATE_ISO, _DATE_DMY):
        m = pattern.search(text)
        if m is None:
            continue
        try:
            if pattern is _DATE_WORDS:
                month = MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
                day = int(m.group("d1") or m.group("d2"))
                return datetime.date(int(m.group("y")), month, day)
            return datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except (ValueError, KeyError):
            continue
    return None


def _outlet(line: str) -> str | None:
    key = line.strip().strip("-–—|•").strip().lower()
    return OUTLETS.get(key)


def _is_date_line(line: str) -> bool:
    stripped = _DATE_PREFIX.sub("", line).strip()
    if not stripped or len(stripped) > 80:
        return False
    m = parse_date(stripped)
    if m is None:
        return False
    rest = _DATE_WORDS.sub("", stripped)
    rest = _DATE_ISO.sub("", _DATE_DMY.sub("", rest))
    rest = re.sub(r"\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?|PKT|GMT|\+\d{2}:?\d{2}|[|,•-]", " ", rest)
    return len(rest.split()) <= 4


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _LINE.finditer(text, start, end):
        if m.group(0).strip():
            out.append((m.start(), m.end(), m.group(0)))
    return out


@lru_cache(maxsize=8)
def detect_metadata(text: str) -> DocumentMeta:
    """Title, outlet and publication date of the main article, where the text states them: from its
    header block first (:func:`header_block`), then from the page's own lines."""
    header = header_block(text)
    if header is None:
        return _page_metadata(text)
    outlet_field = header.get("outlet", "publication", "source")
    date_field = header.get("published", "date", "updated")
    url_field = header.get("url", "link")
    meta = DocumentMeta(
        title=header.get("title", "headline"),
        outlet=(_outlet(outlet_field) or outlet_field.strip()) if outlet_field else None,
        published_date=parse_date(date_field) if date_field else None,
        url=url_field.strip()
        if url_field and url_field.strip().lower().startswith(("http://", "https://"))
        else None,
    )
    if meta.title and meta.outlet and meta.published_date:
        return meta
    page = _page_metadata(text[header.body_start :])
    return DocumentMeta(
        title=meta.title or page.title,
        outlet=meta.outlet or page.outlet,
        published_date=meta.published_date or page.published_date,
        url=meta.url,
    )


def _page_metadata(text: str) -> DocumentMeta:
    head = text[:HEADER_CHARS]
    title = outlet = None
    published: datetime.date | None = None
    starts = _segment_starts(text)
    main_end = starts[1] if len(starts) > 1 else len(text)
    for _, _, line in _lines(head, 0, len(head))[:15]:
        stripped = line.strip()
        words = stripped.split()
        if _FURNITURE.match(stripped) or _AGO.match(stripped):
            continue
        found = _outlet(stripped)
        if found is not None:
            outlet = outlet or found
            continue
        if _is_date_line(stripped):
            published = published or parse_date(_DATE_PREFIX.sub("", stripped))
            for part in re.split(r"\s[|•]\s", stripped)[1:]:
                outlet = outlet or _outlet(part)
            continue
        dateline = _DATELINE.match(stripped)
        sentence_like = len(words) >= 12 and stripped.endswith((".", "!", "?", "”", '"'))
        if len(stripped) > 250 or len(words) > 35 or sentence_like or dateline is not None:
            if dateline is not None:
                outlet = outlet or _outlet(dateline.group("agency") or "")
                if dateline.group("y"):
                    published = published or _safe_date(
                        int(dateline.group("y")),
                        MONTHS[dateline.group("m").lower()],
                        int(dateline.group("d")),
                    )
                elif published is None:
                    year = _copyright_year(text, 0, main_end)
                    if year is not None:
                        published = _safe_date(
                            year, MONTHS[dateline.group("m").lower()], int(dateline.group("d"))
                        )
            else:
                agency = _AGENCY_DATELINE.match(stripped)
                if agency is not None:
                    outlet = outlet or _outlet(agency.group("agency"))
            break  # the body has started
        if stripped.endswith(":") and len(words) >= 5:
            break  # "The centres have achieved the following:" opens the body
        if stripped[:1] in "-•*–" and stripped[1:2] == " ":
            continue  # a list item is not a title
        if title is None and 2 <= len(words) <= 35 and not stripped.endswith((".", ":", ",")):
            parts = re.split(r"\s[|–—-]\s", stripped.lstrip("# ").strip())
            if len(parts) > 1 and _outlet(parts[-1]):
                outlet = outlet or _outlet(parts[-1])
                parts = parts[:-1]
            title = " | ".join(parts).strip() or None
    footer = _PUBLISHED_IN.search(text, 0, main_end)
    if footer is not None:
        outlet = outlet or _outlet(footer.group("outlet"))
        published = published or parse_date(footer.group("date"))
    copyright_match = _COPYRIGHT.search(text, 0, main_end)
    if copyright_match is not None and outlet is None:
        outlet = _outlet(copyright_match.group("o1") or copyright_match.group("o2") or "")
    return DocumentMeta(title=title, outlet=outlet, published_date=published)


def clear_caches() -> None:
    """Forget cached page analyses (for honest timing of repeated runs over the same texts)."""
    detect_metadata.cache_clear()
    header_block.cache_clear()
    _segment_starts.cache_clear()


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _copyright_year(text: str, start: int, end: int) -> int | None:
    m = _COPYRIGHT.search(text, start, end)
    if m is None:
        return None
    return int(m.group("y1") or m.group("y2"))


def find_segments(text: str, published: datetime.date | None = None) -> list[Segment]:
    """The articles of a page: the main one first, then each "Related Articles" teaser."""
    starts = _segment_starts(text)
    segments = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(text)
        date = published if k == 0 else None
        if date is None:
            for _, _, line in _lines(text, s, min(e, s + 400))[:4]:
                if _is_date_line(line):
                    date = parse_date(_DATE_PREFIX.sub("", line))
                    break
        year = date.year if date else _copyright_year(text, s, e)
        segments.append(Segment(s, e, Anchor(date, year)))
    return segments


@lru_cache(maxsize=8)
def _segment_starts(text: str) -> tuple[int, ...]:
    """Where each article of the page starts (cached: the pipeline asks for metadata, then facts)."""
    starts = [0]
    lines = _lines(text, 0, len(text))
    in_related = False
    for i, (start, _, line) in enumerate(lines):
        if _RELATED.match(line):
            in_related = True
            starts.append(start)
            continue
        if _outlet(line) is None:
            continue
        following = [lines[j][2] for j in range(i + 1, min(len(lines), i + 3))]
        if any(_AGO.match(f) or _is_date_line(f) for f in following) and (
            in_related or len(starts) > 1 or i > 3
        ):
            if starts[-1] != start:
                starts.append(start)
            in_related = True
    return tuple(sorted(set(starts)))
