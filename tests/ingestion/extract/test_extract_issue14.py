"""Issue 14's failure kinds, one rule per test group: the header block, jurisdiction, periods carried
across sentences, kinds, enumerations and mixed scales, subjects. Passages are written for these tests
(not taken from the held-out or dev sets)."""

from __future__ import annotations

import datetime
from typing import Any

from pkit.ingestion.extract import detect_metadata, extract_facts
from pkit.ingestion.extract.metadata import header_block


def _facts(text: str, published: datetime.date | None = None) -> list[dict[str, Any]]:
    if published is None:
        published = detect_metadata(text).published_date
    return [f.to_dict() for f in extract_facts(text, "t.txt", published_date=published)]


def _one(found: list[dict[str, Any]], value: float, unit: str) -> dict[str, Any]:
    hits = [f for f in found if f["unit"] == unit and abs(f["value"] - value) <= 1e-6 * max(1.0, value)]
    assert len(hits) == 1, (value, unit, found)
    return hits[0]


def _none(found: list[dict[str, Any]], value: float, unit: str) -> None:
    assert not [f for f in found if f["unit"] == unit and abs(f["value"] - value) <= 1e-6 * max(1.0, value)]


HEADED = (
    "url: https://news.example.pk/2024/311/it-exports-up-18pc\n"
    "outlet: Example Daily\n"
    "title: IT exports up 18pc in 1HFY24\n"
    "published: 2024-01-18\n"
    "---\n"
    "KARACHI: Pakistan's IT exports rose to $1.5 billion, according to the central bank.\n"
)


# --- header block ---------------------------------------------------------------------------------
def test_header_block_is_read_as_the_documents_citation():
    header = header_block(HEADED)
    assert header is not None and HEADED[header.body_start :].startswith("KARACHI:")
    meta = detect_metadata(HEADED)
    assert meta.title == "IT exports up 18pc in 1HFY24"
    assert meta.outlet == "Example Daily"
    assert meta.published_date == datetime.date(2024, 1, 18)


def test_header_lines_state_no_facts_and_the_title_gives_the_period():
    found = _facts(HEADED)
    _none(found, 18.0, "percent")  # the title's figure
    _none(found, 311, "count")  # the URL's digits
    fact = _one(found, 1.5e9, "USD")
    assert fact["period"] == "Jul-Dec FY2023-24"
    assert fact["start"] >= HEADED.index("---")


def test_text_without_a_header_block_is_unchanged():
    assert header_block("Title: a colon in the first line of a story\nMore text.") is None


# --- jurisdiction ---------------------------------------------------------------------------------
def test_the_nearest_country_before_a_figure_owns_it():
    found = _facts("India's IT exports were $194 billion in FY24, while Pakistan's stood at $3.2 billion.")
    _none(found, 194e9, "USD")
    assert _one(found, 3.2e9, "USD")["subject"] == "Pakistan ICT exports"


def test_a_silent_sentence_takes_its_paragraphs_country():
    text = (
        "The Philippines earned $32 billion from its IT outsourcing industry in 2022. Its IT workforce "
        "stands at 1.6 million.\n\nPakistan's IT exports were $2.6 billion in FY23. The government wants "
        "to raise IT exports to $15 billion by 2030."
    )
    found = _facts(text)
    _none(found, 32e9, "USD")
    _none(found, 1.6e6, "count")
    _one(found, 2.6e9, "USD")
    _one(found, 15e9, "USD")


def test_a_silent_sentence_takes_the_articles_country_from_its_title():
    text = (
        "url: https://wire.example.com/india-software\ntitle: India's software exports near $200 billion\n"
        "published: 2024-05-02\n---\nSoftware exports grew 5 percent to $199 billion, the industry body "
        "said. IT firms added 60,000 employees."
    )
    found = _facts(text)
    assert [f for f in found if f["unit"] in ("USD", "percent", "count")] == []


def test_world_market_figures_are_not_pakistans_but_pakistans_share_is():
    found = _facts("The global IT services market is valued at $1.4 trillion.")
    _none(found, 1.4e12, "USD")
    found = _facts("Pakistan's IT exports are $3.2 billion, a sliver of the global IT services market.")
    _one(found, 3.2e9, "USD")


def test_a_foreign_lender_does_not_make_a_projects_figures_foreign():
    found = _facts(
        "The IT park will cost Rs 20 billion, of which the Japanese government is providing $50 million "
        "as a soft loan."
    )
    _one(found, 20e9, "PKR")
    _one(found, 50e6, "USD")


# --- mixed scales and broken numbers --------------------------------------------------------------
def test_an_amount_in_two_scales_is_one_amount():
    from pkit.ingestion.extract.numbers import find_quantities

    def read(text: str) -> list[tuple[float, str]]:
        return [(q.value, q.unit) for q in find_quantities(text)]

    assert read("Rs 41 billion and 39 crores were spent") == [(41.39e9, "PKR")]
    assert read("2 lakh 40 thousand youths") == [(240_000, "count")]
    assert read("Rs 3 arab 20 crore was released") == [(3.2e9, "PKR")]
    assert read("12 crore 40 lakh users") == [(124e6, "count")]
    # two amounts, not one: an enumeration, and a part larger than a unit of the first scale
    assert read("Rs 5 billion and Rs 20 crore") == [(5e9, "PKR"), (2e8, "PKR")]
    assert len(read("Rs 2 billion and 500 million")) == 2


def test_a_number_broken_across_a_line_break_is_one_number():
    text = "The park, built at a cost of $88.\n\n4 million, will house 120 IT companies."
    found = _facts(text)
    fact = _one(found, 88.4e6, "USD")
    assert text[fact["start"] : fact["end"]] == "$88.\n\n4 million"
    _none(found, 88.0, "USD")


# --- periods named once ---------------------------------------------------------------------------
JAN_2025 = datetime.date(2025, 1, 17)


def test_a_period_carries_to_the_next_sentence_of_its_paragraph():
    found = _facts(
        "IT exports for December stood at $348 million. The segment witnessed a growth of 12 percent "
        "month-on-month.",
        JAN_2025,
    )
    assert _one(found, 348e6, "USD")["period"] == "2024-12"
    assert _one(found, 12.0, "percent")["period"] == "2024-12"


def test_a_period_does_not_carry_to_a_target_or_an_undated_stock():
    found = _facts(
        "PSEB registered 1,200 IT companies in FY24. It aims to register 5,000 IT companies. The board "
        "currently lists 20,000 IT companies.",
        JAN_2025,
    )
    assert _one(found, 1200, "count")["period"] == "FY2023-24"
    assert _one(found, 5000, "count")["period"] is None
    assert _one(found, 20000, "count")["period"] is None


def test_the_ledes_period_governs_the_amounts_of_the_story():
    found = _facts(
        "ISLAMABAD: The government has allocated Rs 5.2 billion to the Ministry of IT under the PSDP for "
        "the next fiscal year.\n\nThe allocation includes Rs 310 million for the Software Technology Park "
        "in Gilgit and Rs 92 million for a cyber security lab.",
        datetime.date(2025, 6, 11),
    )
    for value in (5.2e9, 310e6, 92e6):
        assert _one(found, value, "PKR")["period"] == "FY2025-26"


def test_last_month_is_the_month_before_publication():
    found = _facts(
        "Broadband subscribers in the country reached 134 million last month.", datetime.date(2024, 5, 15)
    )
    assert _one(found, 134e6, "count")["period"] == "2024-04"


# --- kinds ----------------------------------------------------------------------------------------
def test_the_earlier_figure_of_from_x_in_p1_to_y_in_p2_is_a_comparison():
    found = _facts("Pakistan's ICT exports rose from $1,192 million in FY19 to $1,439 million in FY20.")
    earlier, later = _one(found, 1192e6, "USD"), _one(found, 1439e6, "USD")
    assert (earlier["kind"], earlier["period"]) == ("comparison", "FY2018-19")
    assert (later["kind"], later["period"]) == ("actual", "FY2019-20")


def test_a_decision_to_build_and_the_planned_total_are_targets():
    found = _facts(
        "Ignite has decided to establish two new National Incubation Centres at a cost of Rs 850 million. "
        "With the addition, the total number of NICs will reach nine."
    )
    assert _one(found, 2, "count")["kind"] == "target"
    assert _one(found, 850e6, "PKR")["kind"] == "target"
    assert _one(found, 9, "count")["kind"] == "target"


def test_a_facilitys_design_and_capacity_are_targets_its_outcomes_projections():
    found = _facts(
        "The IT park will consist of 12 floors and will provide office space to 225 IT companies. "
        "It will provide 8,000 jobs to young IT graduates."
    )
    assert _one(found, 12, "count")["kind"] == "target"
    assert _one(found, 225, "count")["kind"] == "target"
    assert _one(found, 8000, "count")["kind"] == "projection"


def test_the_cost_of_an_unfinished_facility_is_a_target_of_a_finished_one_actual():
    found = _facts(
        "The software technology park being built in Lahore at a cost of Rs 5 billion is 60 percent complete."
    )
    assert _one(found, 5e9, "PKR")["kind"] == "target"
    found = _facts("The incubation centre, inaugurated on Monday, was set up at a cost of Rs 240 million.")
    assert _one(found, 240e6, "PKR")["kind"] == "actual"


# --- subjects -------------------------------------------------------------------------------------
def test_a_pronoun_in_the_figures_clause_takes_the_entity_named_before():
    found = _facts(
        "Ignite has set up eight National Incubation Centres across the country. Officials said they had "
        "supported over 1,900 startups since 2016."
    )
    assert _one(found, 1900, "count")["subject"] == "National Incubation Centres"


def test_a_programmes_phase_is_its_own_subject():
    found = _facts("The second phase, DigiSkills 2.0, had trained 2.7 million people.")
    assert _one(found, 2.7e6, "count")["subject"] == "DigiSkills 2.0"
    found = _facts("The e-Rozgaar Phase-II programme has trained 15,000 freelancers.")
    assert _one(found, 15000, "count")["subject"] == "e-Rozgaar Phase-II"
    found = _facts("DigiSkills 3.0 aims to train 3 million people.")
    assert _one(found, 3e6, "count")["subject"] == "DigiSkills 3.0"  # the gazetteer's own name


# --- enumerations ---------------------------------------------------------------------------------
def test_each_amount_of_an_enumeration_has_its_own_subject():
    found = _facts(
        "Under the PSDP, Rs 221.042 million has been allocated for a Software Technology Park in Gilgit, "
        "Rs 206.097 million for e-Rozgaar centres, Rs 92 million for a cyber security lab and Rs 2 billion "
        "for the Digital Economy Enhancement Project."
    )
    subjects = {f["value"]: f["subject"] for f in found if f["unit"] == "PKR"}
    assert subjects[206.097e6] == "e-Rozgaar"
    assert subjects[92e6] == "cyber security lab"
    assert subjects[2e9] == "DEEP"
    assert {f["metric"] for f in found if f["unit"] == "PKR"} == {"budget_allocation"}


def test_a_growth_rate_after_an_export_figure_is_the_series_growth():
    found = _facts(
        "Computer services exports for August stood at $218 million. They witnessed a growth of 8 percent "
        "month-on-month.",
        datetime.date(2023, 9, 12),
    )
    fact = _one(found, 8.0, "percent")
    assert (fact["metric"], fact["subject"], fact["period"]) == (
        "mom_growth",
        "Pakistan ICT exports",
        "2023-08",
    )


def test_a_fall_is_a_negative_growth():
    found = _facts(
        "Pakistan's computer services exports declined 7 percent month-on-month to $182 million in "
        "November, and were down 3.2 percent year-on-year.",
        datetime.date(2022, 12, 19),
    )
    assert _one(found, -7.0, "percent")["metric"] == "mom_growth"
    assert _one(found, -3.2, "percent")["metric"] == "yoy_growth"
    found = _facts(
        "IT exports grew 12 percent year-on-year to $300 million in November.", datetime.date(2024, 12, 19)
    )
    assert _one(found, 12.0, "percent")["metric"] == "yoy_growth"


def test_a_period_carries_within_a_later_paragraph_and_for_counts():
    found = _facts(
        "ISLAMABAD: IT exports rose in March, officials said.\n\nFreelancers earned $40 million in March. "
        "The freelancers also received $5 million from local clients.\n",
        datetime.date(2024, 4, 10),
    )
    assert _one(found, 5e6, "USD")["period"] == "2024-03"
    found = _facts(
        "PSEB registered 300 IT companies in March. The board also registered 1,100 IT freelancers.",
        datetime.date(2024, 4, 10),
    )
    assert _one(found, 1100, "count")["period"] == "2024-03"


def test_the_titles_period_governs_an_undated_amount_in_a_later_paragraph():
    found = _facts(
        "url: https://news.example.pk/psdp\ntitle: PSDP 2025-26: Rs 9bn for IT schemes\n"
        "published: 2025-06-11\n---\nISLAMABAD: The ministry welcomed the budget on Wednesday.\n\n"
        "The ministry said Rs 310 million "
        "has been set aside for a software technology park in Gilgit."
    )
    assert _one(found, 310e6, "PKR")["period"] == "FY2025-26"


def test_a_deadline_in_days_is_not_a_fact():
    found = _facts("The court directed the PTA to file its reply on the IT policy within 14 days.")
    _none(found, 14.0, "days")


def test_pakistans_figure_set_against_another_countrys_is_kept():
    found = _facts(
        "Bangladesh earned $1.3 billion from ICT exports last year. Pakistan, by comparison, earned "
        "$3.2 billion in FY24.",
        datetime.date(2024, 8, 10),
    )
    _none(found, 1.3e9, "USD")
    assert _one(found, 3.2e9, "USD")["period"] == "FY2023-24"
