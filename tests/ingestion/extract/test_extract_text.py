"""Sentences, metadata (title, outlet, publication date) and the articles inside one scraped page."""

from __future__ import annotations

import datetime

import pytest

from pkit.config import PROJECT_ROOT
from pkit.ingestion.extract import DocumentMeta, detect_metadata
from pkit.ingestion.extract.metadata import find_segments, parse_date
from pkit.ingestion.extract.sentences import MAX_SENTENCE, split_sentences

DOCS = PROJECT_ROOT / "data" / "documents"


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_sentences_end_at_stops_but_not_at_decimals_or_abbreviations() -> None:
    text = (
        "Exports rose to $3.223 billion. Dr. Umar Saif said Rs. 5bn was allocated; the rest is pending. "
        "Visit DigiSkills.pk, then apply! ISLAMABAD, Jun. 9 (APP): The board met."
    )
    assert sentences(text) == [
        "Exports rose to $3.223 billion.",
        "Dr. Umar Saif said Rs. 5bn was allocated;",
        "the rest is pending.",
        "Visit DigiSkills.pk, then apply!",
        "ISLAMABAD, Jun. 9 (APP): The board met.",
    ]


def test_line_breaks_end_sentences_unless_the_line_was_wrapped() -> None:
    text = "The $5.2 Billion Vision\nSetting a goal matters.\nIt will help the\nindustry grow."
    assert sentences(text) == [
        "The $5.2 Billion Vision",
        "Setting a goal matters.",
        "It will help the\nindustry grow.",
    ]


def test_paragraph_numbers_follow_lines() -> None:
    text = "One. Two.\nThree.\n\nFour."
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 1, 2]


def test_a_huge_line_without_punctuation_is_cut_into_bounded_pieces() -> None:
    text = "word " * 50_000
    pieces = split_sentences(text)
    assert all(s.end - s.start <= MAX_SENTENCE for s in pieces)
    assert sum(s.end - s.start for s in pieces) >= len(text.strip()) - len(pieces)


def test_spans_index_into_the_text() -> None:
    text = "  First one.   Second one!  \n\n Third?"
    for s in split_sentences(text):
        assert text[s.start : s.end] == text[s.start : s.end].strip()


DATES = [
    ("Published: March 12, 2025", datetime.date(2025, 3, 12)),
    ("12 March 2025", datetime.date(2025, 3, 12)),
    ("Wednesday, March 12th, 2025", datetime.date(2025, 3, 12)),
    ("Updated 2025-03-12", datetime.date(2025, 3, 12)),
    ("10-08-2025", datetime.date(2025, 8, 10)),  # day-month-year, as in Pakistan
    ("12/03/2025", datetime.date(2025, 3, 12)),
    ("_11 November 2022_", datetime.date(2022, 11, 11)),
    ("no date here", None),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date(text: str, expected: datetime.date | None) -> None:
    assert parse_date(text) == expected


HEADERS = [
    (
        "- Advertisement -\nIT exports up 28pc in October\nPublished: November 19, 2024\n"
        "KARACHI: The country's IT exports rose 28 per cent year-on-year to $338 million in October, "
        "according "
        "to data released by the State Bank of Pakistan on Monday, as the sector continued its strong run.",
        DocumentMeta("IT exports up 28pc in October", None, datetime.date(2024, 11, 19)),
    ),
    (
        "Karachi IT Park to be completed by 2026\nThe Express Tribune\nMarch 3, 2025\nKARACHI: The "
        "Karachi IT Park "
        "being built with a $40 million loan from South Korea will house 400 companies on "
        "completion, officials "
        "of the ministry told the newspaper on Monday in a detailed briefing on the project.",
        DocumentMeta(
            "Karachi IT Park to be completed by 2026", "The Express Tribune", datetime.date(2025, 3, 3)
        ),
    ),
    (
        "Freelancers earn $400m | Dawn\nMar 12, 2025 | Dawn\nBody text that is long enough to be a "
        "paragraph of the "
        "story rather than a header line, so that header scanning stops here and the body starts, as "
        "in real pages.",
        DocumentMeta("Freelancers earn $400m", "Dawn", datetime.date(2025, 3, 12)),
    ),
    (
        "# PSEB registers 500 new companies\n\n_11 November 2022_\n\nPSEB has registered 500 new IT "
        "companies this "
        "year, its managing director said on Friday while addressing a ceremony held in Islamabad "
        "for exporters.",
        DocumentMeta("PSEB registers 500 new companies", None, datetime.date(2022, 11, 11)),
    ),
    (
        "ISLAMABAD, June 9, 2025 (APP): Pakistan's ICT exports rose by 23.7% in the first nine "
        "months of fiscal year "
        "2025, reaching $2.825 billion compared to $2.284 billion during the same period last year, "
        "the survey said.",
        DocumentMeta(None, "APP", datetime.date(2025, 6, 9)),
    ),
    (
        "Body paragraph about exports that runs long enough to count as the start of the story and "
        "not a title, "
        "which is how many scraped files begin when the page header was stripped by the scraper "
        "before saving.\n"
        "Published in Dawn, December 5th, 2024",
        DocumentMeta(None, "Dawn", datetime.date(2024, 12, 5)),
    ),
]


@pytest.mark.parametrize(("text", "expected"), HEADERS)
def test_detect_metadata(text: str, expected: DocumentMeta) -> None:
    assert detect_metadata(text) == expected


def test_dateline_without_a_year_takes_the_copyright_year() -> None:
    text = (
        "ISLAMABAD, Jun 09 (APP): Pakistan's ICT exports rose by 23.7% in the first nine months, the "
        "Economic Survey "
        "showed on Monday, with the sector reporting the highest trade surplus among all services.\n"
        "Copyright APP, 2025"
    )
    assert detect_metadata(text) == DocumentMeta(None, "APP", datetime.date(2025, 6, 9))


def test_list_items_and_lead_in_lines_are_not_titles() -> None:
    text = "The centres have achieved the following since 2016:\n- 1,200 startups incubated\n- 35,000 jobs\n"
    assert detect_metadata(text).title is None


def test_page_furniture_is_not_a_date() -> None:
    text = "Premium Content\n2 days ago\nPakistan's Digital Leap\n\n" + "Body " * 80
    meta = detect_metadata(text)
    assert meta.title == "Pakistan's Digital Leap" and meta.published_date is None


def test_bundled_documents() -> None:
    metas = {p.name[:3]: detect_metadata(p.read_text(encoding="utf-8")) for p in sorted(DOCS.glob("*.txt"))}
    assert metas["000"].title == "IT exports soar as digital transformation accelerates"
    assert metas["002"].outlet == "APP"
    assert metas["004"].title == "Pakistan’s Digital Leap: Unveiling the IT and ITeS Export Strategy"
    assert all(m.published_date is None for m in metas.values())  # none of them states a full date


def test_related_articles_are_separate_segments_with_their_own_dates() -> None:
    text = (DOCS / "000_7e4bca8efecceee0.txt").read_text(encoding="utf-8")
    segments = find_segments(text)
    assert segments[0].start == 0 and segments[0].anchor.any_year is None
    teasers = [s for s in segments[1:] if s.end - s.start > 100]
    assert len(teasers) == 3
    assert [s.anchor.year for s in teasers] == [2025, 2025, 2025]  # "Copyright Business Recorder, 2025"
    assert teasers[-1].anchor.date == datetime.date(2025, 8, 10)  # "10-08-2025"
    assert text[teasers[0].start :].startswith("Business Recorder\n2 days ago")
