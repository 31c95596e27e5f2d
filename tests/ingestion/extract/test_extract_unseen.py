"""Held-out sentences in the style of the Pakistani business press (Dawn, Business Recorder, Express Tribune,
APP, ProPakistani, ministry and SBP press releases), written for these tests and not taken from the bundled
documents or the gold facts. Each case states the value and unit of one fact and, where it matters, its
period, kind, subject and metric; the negatives must yield nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from pkit.ingestion.extract import extract_facts

PUBLISHED = datetime.date(2025, 1, 17)  # the publication date relative periods resolve against
ACRE_SQFT = 43_560


@dataclass(frozen=True)
class Case:
    text: str
    value: float
    unit: str
    expected: dict[str, Any] = field(default_factory=dict)
    published: datetime.date | None = PUBLISHED


def _facts(text: str, published: datetime.date | None) -> list[dict[str, Any]]:
    return [f.to_dict() for f in extract_facts(text, "unseen.txt", published_date=published)]


def _one(found: list[dict[str, Any]], value: float, unit: str) -> dict[str, Any]:
    hits = [f for f in found if f["unit"] == unit and abs(f["value"] - value) <= 1e-6 * max(1.0, value)]
    assert len(hits) == 1, (value, unit, found)
    return hits[0]


CASES = [
    # --- numbers, scales and currencies ---------------------------------------------------------------
    Case(
        "Pakistan's IT exports surged to $2.6bn in the first five months of FY2024-25, according to SBP "
        "data.",
        2.6e9, "USD",
        {"subject": "Pakistan ICT exports", "metric": "it_exports", "period": "Jul-Nov FY2024-25",
         "kind": "actual"},
    ),
    Case(
        "The federal government has allocated Rs 12.5 billion for IT sector projects in the PSDP for "
        "FY2025-26.",
        12.5e9, "PKR", {"metric": "budget_allocation", "period": "FY2025-26", "kind": "actual"},
    ),
    Case(
        "PSEB disbursed PKR 500 million to software companies under its subsidy scheme in FY24.",
        500e6, "PKR", {"subject": "PSEB", "metric": "funding", "period": "FY2023-24"},
    ),
    Case(
        "The World Bank has approved USD 1.2 billion for digital connectivity projects in Pakistan.",
        1.2e9, "USD", {"kind": "actual"},
    ),
    Case(
        "Pakistan is home to 3.5 million freelancers, the third largest pool in the world.",
        3.5e6, "count", {"subject": "Pakistan freelancers", "metric": "freelancers"},
    ),
    Case(
        "More than 1,500+ IT companies are now registered with PSEB.",
        1500, "count", {"qualifier": "over", "metric": "registered_companies"},
    ),
    Case(
        "ICT exports grew 23.7 per cent to $3.8 billion in fiscal year 2024-25.",
        23.7, "percent", {"metric": "yoy_growth", "period": "FY2024-25", "subject": "Pakistan ICT exports"},
    ),
    Case(
        "The ministry expects IT exports to grow 10-15 per cent in FY2025.",
        10.0, "percent",
        {"value_high": 15.0, "metric": "yoy_growth", "period": "FY2024-25", "kind": "projection"},
    ),
    Case(
        "Analysts project IT exports of $3.5-3.7 billion in the current fiscal year.",
        3.5e9, "USD", {"value_high": 3.7e9, "period": "FY2024-25", "kind": "projection"},
    ),
    Case(
        "The government expects IT exports to reach USD 4 billion in FY2026, up from USD 3.8 billion in "
        "FY2025.",
        3.8e9, "USD", {"kind": "comparison", "period": "FY2024-25", "metric": "it_exports"},
    ),
    # --- periods ----------------------------------------------------------------------------------------
    Case(
        "IT exports stood at $2.83 billion during July–March FY25, up 24pc from $2.28bn in the same period "
        "last year.",
        2.28e9, "USD", {"kind": "comparison", "period": "Jul-Mar FY2023-24"},
    ),
    Case(
        "In November 2024, IT exports clocked in at $348 million, the highest monthly figure on record.",
        348e6, "USD", {"period": "2024-11", "kind": "actual", "metric": "it_exports"},
    ),
    Case(
        "IT and ITeS exports reached $3.2 billion in FY24, compared to $2.6 billion a year earlier.",
        2.6e9, "USD", {"period": "FY2022-23", "kind": "comparison"},
    ),
    Case(
        "The country's ICT exports are projected to touch $4.5 billion in the upcoming fiscal year.",
        4.5e9, "USD", {"metric": "ict_exports", "period": "FY2025-26", "kind": "projection"},
    ),
    Case(
        "Freelancers earned $350 million in the first quarter of FY2024-25.",
        350e6, "USD", {"metric": "freelancer_earnings", "period": "Jul-Sep FY2024-25"},
    ),
    Case(
        "IT exports stood at $1.1 billion in the first quarter of the current fiscal year.",
        1.1e9, "USD", {"period": "Jul-Sep FY2024-25"},
    ),
    Case(
        "The ministry plans to set up 20 new incubation centres over the next three years.",
        20, "count", {"metric": "centres", "period": "by 2028", "kind": "target"},
    ),
    Case(
        "The government targets IT exports of $10 billion within the next three years.",
        10e9, "USD", {"metric": "export_target", "period": "by 2028", "kind": "target"},
    ),
    Case(
        "Pakistan's IT exports are expected to cross $25 billion by 2029, the minister said.",
        25e9, "USD", {"period": "by 2029", "kind": "projection", "subject": "Pakistan ICT exports"},
    ),
    Case(
        "Broadband subscribers increased to 140 million by the end of December 2024.",
        140e6, "count", {"metric": "broadband_subscribers", "period": "as of 2024-12"},
    ),
    Case(  # a month without a year resolves inside the fiscal year the sentence names
        "Pakistan's IT exports rose to $298 million in July, the first month of FY2025-26, up 12pc from "
        "July last year.",
        298e6, "USD", {"period": "2025-07", "kind": "actual"},
    ),
    Case(  # ... and against the publication date when none is named
        "Computer services exports rose 31 per cent month-on-month to $285 million in October.",
        285e6, "USD", {"metric": "computer_services_exports", "period": "2024-10"},
    ),
    Case(
        "Tech startups received funding of $12 million in November 2024, down from $20 million in October.",
        20e6, "USD", {"kind": "comparison", "period": "2024-10", "metric": "funding"},
    ),
    Case(
        "Pakistan Software Export Board registered 2,300 new IT companies during July-March FY2024-25.",
        2300, "count", {"subject": "PSEB", "metric": "registered_companies", "period": "Jul-Mar FY2024-25"},
    ),
    # --- kinds: plans and what they will bring about ----------------------------------------------------
    Case(
        "The Punjab government will establish 10 IT parks across the province at a cost of Rs 15 billion.",
        15e9, "PKR", {"kind": "target", "metric": "project_cost", "subject": "IT parks"},
    ),
    Case(
        "The Islamabad IT Park, being built with Korean assistance, will house 250 companies and create "
        "10,000 jobs.",
        10_000, "count", {"subject": "Islamabad IT Park", "metric": "jobs_created", "kind": "projection"},
    ),
    Case(
        "The Karachi IT Park will be completed by June 2027 at a cost of $160 million.",
        160e6, "USD", {"subject": "Karachi IT Park", "metric": "project_cost", "kind": "projection"},
    ),
    Case(
        "Ignite has funded 1,200 projects with Rs 6 billion since 2007.",
        6e9, "PKR", {"subject": "Ignite", "metric": "funding", "kind": "actual"},
    ),
    # --- subjects not in the gazetteer fall back to the name the text gives -----------------------------
    Case(
        "The Sindh IT Board has trained 12,000 youth in digital skills so far.",
        12_000, "count", {"subject": "Sindh IT Board", "metric": "trainees", "kind": "actual"},
    ),
    Case(
        "The Rawalpindi Technology Hub will offer 200,000 square feet of space to startups.",
        200_000, "sqft", {"subject": "Rawalpindi Technology Hub", "metric": "area_sqft", "kind": "target"},
    ),
    Case(
        "The Ministry of Science and Technology has launched a Rs 2 billion fund for tech startups.",
        2e9, "PKR", {"subject": "Ministry of Science and Technology", "metric": "funding"},
    ),
    Case(
        "The Khyber Pakhtunkhwa IT Board will train 30,000 youth in the next fiscal year.",
        30_000, "count", {"subject": "KPITB", "metric": "trainees", "period": "FY2025-26"},
    ),
    Case(
        "Under the DigiSkills programme, around 2.8 million people have been trained since its launch in "
        "2018.",
        2.8e6, "count",
        {"subject": "DigiSkills.pk", "metric": "trainees", "qualifier": "around", "period": None},
    ),
    Case(  # land areas come in the contract's units: 800 acres in square feet
        "The Nawaz Sharif IT City will be built on 800 acres at a cost of Rs 50 billion.",
        800 * ACRE_SQFT, "sqft", {"subject": "Nawaz Sharif IT City", "metric": "area_sqft", "kind": "target"},
    ),
    Case(  # with no publication date, relative periods stay unresolved
        "The ministry aims to raise IT exports to $5 billion in the current fiscal year.",
        5e9, "USD", {"metric": "export_target", "period": None, "kind": "target"}, None,
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.text[:50])
def test_unseen_sentences(case: Case) -> None:
    fact = _one(_facts(case.text, case.published), case.value, case.unit)
    assert {k: fact[k] for k in case.expected} == case.expected, fact


NOT_FACTS = [
    "Pakistan moved up to 78th position in the Global Innovation Index 2024, the IT minister said.",
    "The IT policy was approved on 14 August 2024 under Section 4 of the Act, at 3:30 pm.",
    "Contact PSEB at +92-51-9206290 or 0800-73273 for registration of IT companies.",
    "IT exports: 2 days ago | 5 min read",
    "Pakistan was ranked 3rd among freelancing nations in 2023, the report said.",
    "The 5G spectrum auction is planned for 2025, the PTA chairman said in the 2nd quarter review.",
    "For details about the IT park, call 051-9204567. Posted 3 hours ago.",
    "The Digital Nation Pakistan Act 2025 was passed in the National Assembly on January 21.",
]


@pytest.mark.parametrize("text", NOT_FACTS, ids=lambda t: t[:40])
def test_unseen_non_facts(text: str) -> None:
    assert _facts(text, PUBLISHED) == []


ARTICLE = """Published: January 17, 2025

ISLAMABAD: Pakistan's information technology exports rose 18.7 per cent year-on-year to $1.86 billion in the \
first half (July-December) of the current fiscal year, the State Bank of Pakistan said on Friday.
In December alone, IT exports stood at US$348 million, up from $291m in the same month last year.
The Ministry of IT and Telecom has set a target of $15 billion in IT exports by 2030.
The government plans to establish 15 new software technology parks across the country over the next two \
years, with an investment of Rs 4.5 billion.
Under the e-Rozgar programme, more than 50,000 youth have been trained so far, while the Punjab IT Board \
aims to train another 20,000 by June 2026.
The Lahore Technology Park will spread over 30 acres and is expected to create 25,000 jobs.
Call 051-9204567 for details. Posted 3 hours ago.
"""


def test_unseen_article_keeps_each_sentence_its_own_period_subject_and_kind() -> None:
    found = _facts(ARTICLE, None)  # the date comes from the "Published:" line
    expect = [
        (18.7, "percent", {"metric": "yoy_growth", "period": "Jul-Dec FY2024-25"}),
        (1.86e9, "USD", {"period": "Jul-Dec FY2024-25", "kind": "actual", "metric": "it_exports"}),
        (348e6, "USD", {"period": "2024-12", "kind": "actual", "subject": "Pakistan ICT exports"}),
        (291e6, "USD", {"period": "2023-12", "kind": "comparison"}),
        (15e9, "USD", {"period": "by 2030", "kind": "target", "metric": "export_target"}),
        (15, "count", {"subject": "Software Technology Parks", "kind": "target", "period": "by 2027"}),
        (4.5e9, "PKR", {"metric": "investment", "kind": "target"}),
        (50_000, "count", {"subject": "e-Rozgaar", "metric": "trainees", "kind": "actual"}),
        (
            20_000,
            "count",
            {"subject": "PITB", "metric": "trainees", "kind": "target", "period": "by 2026-06"},
        ),
        (30 * ACRE_SQFT, "sqft", {"subject": "Lahore Technology Park", "metric": "area_sqft"}),
        (
            25_000,
            "count",
            {"subject": "Lahore Technology Park", "metric": "jobs_created", "kind": "projection"},
        ),
    ]
    for value, unit, expected in expect:
        fact = _one(found, value, unit)
        assert {k: fact[k] for k in expected} == expected, fact
    assert len(found) == len(expect), found  # no phone number, no "3 hours ago"
    assert all("_via_" not in f["metric"] and "june" not in f["metric"] for f in found)


def test_unseen_follow_up_sentences() -> None:
    text = (
        "KARACHI: Pakistan's IT exports rose 26pc year-on-year to $3.2bn in the first nine months "
        "(July-March) of FY25.\nIn March alone, exports were $342m, up 8pc month-on-month.\n"
        "The Nawaz Sharif IT City will be built on 800 acres. It is expected to create 60,000 direct jobs."
    )
    found = _facts(text, datetime.date(2025, 4, 16))
    march = _one(found, 342e6, "USD")
    assert (march["subject"], march["metric"]) == ("Pakistan ICT exports", "it_exports")
    assert march["period"] == "2025-03"
    assert _one(found, 8.0, "percent")["metric"] == "mom_growth"
    jobs = _one(found, 60_000, "count")
    assert (jobs["subject"], jobs["metric"]) == ("Nawaz Sharif IT City", "jobs_created")
    assert jobs["kind"] == "projection"
