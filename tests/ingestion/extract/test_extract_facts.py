"""End to end: the API the pipeline calls, and subject, metric, period and kind on articles written like the
press writes them (none of these sentences is from the bundled documents)."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pkit.config import PROJECT_ROOT
from pkit.ingestion.extract import EXTRACTOR_VERSION, DocumentMeta, Fact, detect_metadata, extract_facts
from pkit.ingestion.extract.gazetteer import build, load

CONTRACT_FIELDS = ["doc", "subject", "metric", "value", "value_high", "qualifier", "unit", "period"]
CONTRACT_FIELDS += ["kind", "quote", "start", "end"]
UNITS = {"USD", "PKR", "percent", "count", "sqft", "sqm", "km", "Tbps", "days"}
KINDS = {"actual", "target", "projection", "comparison"}
DOCS = PROJECT_ROOT / "data" / "documents"


def facts(text: str, published: datetime.date | None = None) -> list[dict[str, Any]]:
    return [f.to_dict() for f in extract_facts(text, "t.txt", published_date=published)]


def one(found: list[dict[str, Any]], value: float) -> dict[str, Any]:
    hits = [f for f in found if abs(f["value"] - value) <= 1e-9 * max(1.0, abs(value))]
    assert len(hits) == 1, (value, found)
    return hits[0]


def check(found: list[dict[str, Any]], value: float, **expected: Any) -> None:
    fact = one(found, value)
    assert {k: fact[k] for k in expected} == expected, fact


def test_api_shape() -> None:
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION.count(".") == 2
    assert dataclasses.is_dataclass(Fact) and Fact.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert dataclasses.is_dataclass(DocumentMeta) and DocumentMeta.__dataclass_params__.frozen  # type: ignore[attr-defined]
    text = "Pakistan's IT exports rose to $3.2 billion in FY24."
    (fact,) = extract_facts(text, "a.txt")
    row = fact.to_dict()
    assert list(row) == CONTRACT_FIELDS
    json.dumps(row)
    assert text[row["start"] : row["end"]] == "$3.2 billion"


def test_every_fact_keeps_its_provenance_on_the_bundled_documents() -> None:
    for path in sorted(DOCS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = extract_facts(text, path.name, published_date=detect_metadata(text).published_date)
        assert found, path.name
        for f in found:
            assert f.doc == path.name
            assert f.unit in UNITS and f.kind in KINDS
            assert f.subject and f.metric and f.metric == f.metric.lower() and " " not in f.metric
            assert 0 <= f.start < f.end <= len(text)
            assert f.quote in text and text[f.start : f.end] in f.quote
            assert f.value_high is None or f.value_high >= f.value


def test_published_date_falls_back_to_the_text() -> None:
    text = (
        "Published: August 16, 2025\n"
        "The ministry expects IT exports to reach $4.5 billion in the current fiscal year."
    )
    assert facts(text)[0]["period"] == "FY2025-26"
    assert facts(text.split("\n", 1)[1])[0]["period"] is None  # no date, no resolution


def test_monthly_export_story() -> None:
    text = (
        "IT exports up 28pc in October\nPublished in Dawn, November 19th, 2024\n"
        "KARACHI: The country's IT exports rose 28 per cent year-on-year to $338 million in October, "
        "according "
        "to data released by the State Bank of Pakistan on Monday.\n"
        "In the first four months (July-October) of the current fiscal year, IT exports stood at "
        "$1.205bn, up 29pc "
        "from $933m in the same period last year.\n"
        "For details call 021-35221234."
    )
    found = facts(text, detect_metadata(text).published_date)
    check(found, 338e6, subject="Pakistan ICT exports", metric="it_exports", period="2024-10", kind="actual")
    check(found, 1.205e9, metric="it_exports", period="Jul-Oct FY2024-25", kind="actual")
    check(found, 29.0, metric="yoy_growth", period="Jul-Oct FY2024-25")
    check(found, 933e6, metric="it_exports", period="Jul-Oct FY2023-24", kind="comparison")
    assert all(f["value"] != 21 and f["value"] < 1e10 for f in found)  # no phone number


def test_fiscal_year_story_with_previous_year() -> None:
    text = (
        "ISLAMABAD: Pakistan’s IT and ITeS exports rose by 18.2pc to a record US$3.8 billion in FY2024-25, "
        "compared with $3.22bn in the previous fiscal year, according to figures released by the SBP."
    )
    found = facts(text, datetime.date(2025, 7, 18))
    check(found, 3.8e9, metric="it_exports", period="FY2024-25", kind="actual")
    check(found, 18.2, metric="yoy_growth", period="FY2024-25")
    check(found, 3.22e9, metric="it_exports", period="FY2023-24", kind="comparison")


def test_brokerage_style_growth_rates() -> None:
    found = facts(
        "Pakistan’s IT exports rose 24% YoY to $2.5bn in 8MFY25. "
        "In Feb 2025, the exports clocked in at $305mn, up 22% YoY but down 5% MoM."
    )
    check(found, 24.0, metric="yoy_growth", period="Jul-Feb FY2024-25")
    check(found, 2.5e9, metric="it_exports", period="Jul-Feb FY2024-25")
    check(found, 305e6, metric="it_exports", period="2025-02", subject="Pakistan ICT exports")
    check(found, 22.0, metric="yoy_growth", period="2025-02")
    check(found, -5.0, metric="mom_growth", period="2025-02")  # a fall is a negative growth


def test_ict_wording_keeps_ict_metric() -> None:
    found = facts("ICT exports grew 21% to $3.3bn in FY25, while telecom exports reached $400m.")
    check(found, 3.3e9, subject="Pakistan ICT exports", metric="ict_exports", period="FY2024-25")


def test_targets_and_projections() -> None:
    found = facts(
        "The government has set a target of achieving $25 billion in IT exports by 2029 under the Uraan "
        "Pakistan programme. P@SHA said the sector could cross $4bn in FY25. "
        "The Karachi IT Park will have the capacity to house 400 companies and is expected to create "
        "12,000 jobs."
    )
    check(
        found, 25e9, subject="Pakistan ICT exports", metric="export_target", period="by 2029", kind="target"
    )
    check(found, 4e9, subject="Pakistan ICT exports", kind="projection", period="FY2024-25")
    check(found, 400, subject="Karachi IT Park", metric="companies_hosted", kind="target")
    check(found, 12_000, subject="Karachi IT Park", metric="jobs_created", kind="projection")


def test_relative_deadlines() -> None:
    text = (
        "The ministry aims to train 1 million youth in AI over the next five years, "
        "adding that 300,000 had enrolled."
    )
    found = facts(text, datetime.date(2025, 7, 18))
    check(found, 1e6, subject="MoITT", metric="trainees", kind="target", period="by 2030")
    check(found, 300_000, metric="enrolments", kind="actual", period=None)
    assert one(facts(text), 1e6)["period"] is None  # no publication date: not resolved


def test_programs_and_aliases() -> None:
    found = facts(
        "So far, DigiSkills.pk has trained more than 4.5 million people across the country. "
        "Under the e-Rozgar programme, the Punjab government has trained 34,000 freelancers who have "
        "collectively "
        "earned Rs7.2 billion. The federal cabinet approved Rs 5 crore for the National Incubation Centre in "
        "Hyderabad, which has incubated 150 startups since 2019."
    )
    check(found, 4.5e6, subject="DigiSkills.pk", metric="trainees", qualifier="over", period=None)
    check(found, 34_000, subject="e-Rozgaar", metric="trainees")
    check(found, 7.2e9, subject="e-Rozgaar", metric="freelancer_earnings", unit="PKR")
    check(found, 5e7, subject="National Incubation Centres", unit="PKR")
    deep = facts("The World Bank's Digital Economy Enhancement Project (DEEP) of $78 million is on track.")
    check(deep, 78e6, subject="DEEP", metric="funding")  # the gazetteer's default metric for DEEP
    check(found, 150, subject="National Incubation Centres", metric="startups")


def test_parks_stock_and_anaphora() -> None:
    found = facts(
        "PSEB has set up 45 Software Technology Parks across the country. These parks host over 450 "
        "IT companies "
        "and around 12,000 professionals within 1.9 million square feet of space. They contribute "
        "$100 million "
        "to foreign exchange earnings annually."
    )
    check(found, 45, subject="Software Technology Parks", metric="parks")
    check(found, 450, subject="Software Technology Parks", metric="companies_hosted", qualifier="over")
    check(found, 12_000, subject="Software Technology Parks", metric="professionals", qualifier="around")
    check(found, 1.9e6, subject="Software Technology Parks", metric="area_sqft", unit="sqft")
    check(found, 1e8, subject="Software Technology Parks", metric="forex_earnings", period=None)


def test_list_items_speak_of_the_line_above() -> None:
    found = facts(
        "The National Incubation Centres have achieved the following since 2016:\n"
        "- 1,200 startups incubated\n- Rs 5.6 billion raised\n- 35,000 jobs created\n"
    )
    check(found, 1200, subject="National Incubation Centres", metric="startups")
    check(found, 5.6e9, subject="National Incubation Centres", unit="PKR")
    check(found, 35_000, subject="National Incubation Centres", metric="jobs_created")


def test_speaker_organisation_for_first_person_claims() -> None:
    found = facts("“We have trained 500,000 youth this year,” said Ignite CEO Asim Hussain.")
    check(found, 500_000, subject="Ignite", metric="trainees", period=None)


def test_conversions_in_brackets_share_the_fact() -> None:
    found = facts(
        "The Islamabad IT Park project, costing Rs 35 billion ($161 million), is financed by Korea Exim Bank."
    )
    check(found, 35e9, subject="Islamabad IT Park", metric="project_cost", unit="PKR")
    check(found, 161e6, subject="Islamabad IT Park", metric="project_cost", unit="USD")


def test_counts_whose_noun_comes_first() -> None:
    text = (
        "According to PTA, broadband subscribers in the country reached 138,500,000 by the end of March 2025."
    )
    check(
        facts(text),
        138.5e6,
        subject="Pakistan broadband",
        metric="broadband_subscribers",
        period="as of 2025-03",
    )


def test_subsets_repeat_the_counted_noun() -> None:
    found = facts("Pakistan has 195 million cellular subscribers, of which 140 million use 3G/4G services.")
    check(found, 195e6, subject="Pakistan cellular", metric="mobile_subscribers")
    check(found, 140e6, subject="Pakistan cellular", metric="mobile_subscribers")


def test_connectivity() -> None:
    found = facts(
        "The activated capacity on international submarine cables has reached 9.281 Tbps, while "
        "2,100 km of optical "
        "fibre was laid in 98 union councils."
    )
    check(found, 9.281, metric="submarine_capacity_tbps", unit="Tbps")
    check(found, 2100, subject="Pakistan optical fiber network", metric="fiber_km", unit="km")


def test_startup_funding_with_comparison() -> None:
    found = facts(
        "Pakistani startups raised $75.6 million in 2023, down 77 per cent from $347 million in "
        "2022, according "
        "to data compiled by Data Darbar."
    )
    check(found, 75.6e6, subject="Pakistan startups", metric="funding", period="2023", kind="actual")
    check(found, 347e6, metric="funding", period="2022", kind="comparison")


NOT_FACTS = [
    "The 2nd edition of ITCN Asia will be held on 12-14 September at the Karachi Expo Centre.",
    "Section 4 of the IT policy, notified on 21st January 2025, was discussed for 3 hours.",
    "India's IT exports reached $200 billion, the Indian minister said.",
    "Türkiye’s e-governance system serves 67 million citizens through 8,000 digital services.",
    "Pakistan's total exports rose to $32 billion while textile exports were $16.7 billion.",
    "The overall services sector saw a trade deficit of $2.3 billion during the same time.",
    "Copyright Business Recorder, 2025",
    "2 days ago",
    "The National AI Policy 2025 and the 5G auction were discussed on Tuesday.",
    "Pakistan climbed 14 ranks in the UN e-Government Development Index and has Tier-1 status.",
    "It is one of the five main pillars of the plan, the top three suppliers said.",
]


@pytest.mark.parametrize("text", NOT_FACTS)
def test_numbers_that_are_not_sector_facts(text: str) -> None:
    assert facts(text) == [], facts(text)


def test_gazetteer_is_data(tmp_path: Path) -> None:
    gaz = load()
    canonical = {
        "Pakistan ICT exports", "Karachi IT Park", "Islamabad IT Park", "Software Technology Parks",
        "Arfa Software Technology Park", "Special Technology Zones", "DigiSkills.pk", "e-Rozgaar", "DEEP",
        "National Incubation Centres", "Pakistan Startup Fund", "BridgeStart", "PSEB", "MoITT",
    }  # fmt: skip
    assert canonical <= set(gaz.entities)
    row = {"name": "Lahore Tech City", "kind": "park", "aliases": ["LTC"], "metrics": {"USD": "project_cost"}}
    custom = build({"entities": [row]})
    from pkit.ingestion.extract.sentences import tokenize

    text = "The LTC will host 200 firms."
    (mention,) = custom.find(tokenize(text, 0, len(text)))
    assert mention.entity.name == "Lahore Tech City"
    assert mention.entity.default_metric("USD") == "project_cost"
    assert mention.entity.default_metric("count") is None
    with pytest.raises(ValueError, match="kind"):
        build({"entities": [{"name": "X", "kind": "planet"}]})


@settings(max_examples=60, deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=999),
    year=st.integers(min_value=2015, max_value=2030),
    word=st.sampled_from(["IT exports", "ICT exports", "computer services exports"]),
)
def test_generated_export_sentences(amount: int, year: int, word: str) -> None:
    text = f"Pakistan's {word} stood at ${amount} million in FY{year}, officials said."
    (fact,) = facts(text)
    assert fact["value"] == amount * 1e6 and fact["unit"] == "USD"
    assert fact["period"] == f"FY{year - 1}-{year % 100:02d}"
    assert fact["subject"] == "Pakistan ICT exports"
    assert fact["metric"] == {"IT exports": "it_exports", "ICT exports": "ict_exports"}.get(
        word, "computer_services_exports"
    )


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.$%-–RsPKRmbnFYIT\n()'abc")), max_size=400))
def test_never_crashes_and_spans_are_valid(text: str) -> None:
    for f in extract_facts(text, "fuzz.txt"):
        assert 0 <= f.start < f.end <= len(text)
        assert f.unit in UNITS and f.kind in KINDS
