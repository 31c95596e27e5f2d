"""Sentences of sector news that state facts, each returning the facts it planted.

Values follow a rough model of the sector (ICT exports growing ~14 % a year from $3.2bn in FY2023-24,
computer services ~78 % of them) so figures look plausible; periods are relative to the story's
publication date, so no actual figure is dated after the story.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from benchmarks import figures as fig
from benchmarks.figures import Figure, Period, PlantedFact
from benchmarks.vocab import PARK_NAMES
from pkit.fiscal import fiscal_month, fy_start

ICT = "Pakistan ICT exports"


@dataclass(frozen=True)
class Story:
    published: date

    @property
    def current_fy(self) -> int:
        """Start year of the fiscal year the story was published in."""
        return fy_start(self.published.year, self.published.month)

    @property
    def last_complete_fy(self) -> int:
        return self.current_fy - 1 if self.published.month >= 8 else self.current_fy - 2

    def previous_month(self, back: int = 1) -> tuple[int, int]:
        index = self.published.year * 12 + self.published.month - 1 - back
        return index // 12, index % 12 + 1

    def months_into_fy(self) -> int:
        """Complete months of the current fiscal year before the publication month."""
        return fiscal_month(self.published.month) - 1


Sentence = tuple[str, list[PlantedFact]]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fy_exports(rng: random.Random, start: int) -> float:
    return 3.223e9 * 1.14 ** (start - 2023) * rng.uniform(0.96, 1.04)


def _export_words(rng: random.Random) -> tuple[str, str, float]:
    """(how the text names the series, metric, share of ICT exports)."""
    return rng.choice(
        (
            ("ICT exports", "ict_exports", 1.0),
            ("IT exports", "it_exports", 1.0),
            ("IT and IT-enabled services exports", "it_exports", 1.0),
            ("computer services exports", "computer_services_exports", 0.78),
            ("IT & ITeS export remittances", "it_exports", 1.0),
        )
    )


def _fy_period(rng: random.Random, story: Story) -> tuple[int, Period]:
    start = story.last_complete_fy - (0 if rng.random() < 0.7 else 1)
    return start, fig.fiscal_year(rng, start)


def exports_fiscal_year(rng: random.Random, story: Story) -> Sentence:
    start, period = _fy_period(rng, story)
    words, metric, share = _export_words(rng)
    value = _fy_exports(rng, start) * share
    growth = rng.uniform(6, 30)
    now, pct = fig.usd(rng, value), fig.percent(rng, growth)
    prev = fig.usd(rng, value / (1 + growth / 100))
    verb = rng.choice(("rose", "grew", "jumped", "increased"))
    text = (
        f"Pakistan's {words} {verb} by {pct.text} to {now.text} in {period.text}, "
        f"compared to {prev.text} in the previous year."
    )
    return text, [
        PlantedFact(ICT, metric, now, period.norm, "actual"),
        PlantedFact(ICT, "yoy_growth", pct, period.norm, "actual"),
        PlantedFact(ICT, metric, prev, None, "comparison"),
    ]


def exports_month(rng: random.Random, story: Story) -> Sentence:
    year, mon = story.previous_month(rng.randint(1, 3))
    period = fig.month(rng, year, mon)
    words, metric, share = _export_words(rng)
    start = fy_start(year, mon)
    value = _fy_exports(rng, start) * share / 12 * rng.uniform(0.85, 1.15)
    now, pct = fig.usd(rng, value), fig.percent(rng, rng.uniform(2, 40))
    source = rng.choice(
        ("the State Bank of Pakistan (SBP) data showed", "PBS figures showed", "official data revealed")
    )
    text = f"{_cap(words)} stood at {now.text} in {period.text}, up {pct.text} year-on-year, {source}."
    return text, [
        PlantedFact(ICT, metric, now, period.norm, "actual"),
        PlantedFact(ICT, "yoy_growth", pct, period.norm, "actual"),
    ]


def exports_ytd(rng: random.Random, story: Story) -> Sentence:
    months = story.months_into_fy()
    start = story.current_fy
    if months < 2:
        start, months = start - 1, rng.randint(2, 11)
    period = fig.year_to_date(rng, start, months)
    words, metric, share = _export_words(rng)
    value = _fy_exports(rng, start) * share * months / 12
    growth = rng.uniform(5, 35)
    now, prev = fig.usd(rng, value), fig.usd(rng, value / (1 + growth / 100))
    pct = fig.percent(rng, growth)
    text = (
        f"During {period.text}, {words} reached {now.text}, compared to {prev.text} during the same period "
        f"last year, a growth of {pct.text}."
    )
    return text, [
        PlantedFact(ICT, metric, now, period.norm, "actual"),
        PlantedFact(ICT, metric, prev, None, "comparison"),
        PlantedFact(ICT, "yoy_growth", pct, period.norm, "actual"),
    ]


def export_target(rng: random.Random, story: Story) -> Sentence:
    year = story.published.year + rng.randint(1, 5)
    period = fig.deadline(rng, year)
    target = fig.usd(rng, _fy_exports(rng, year) * rng.uniform(1.2, 3.0))
    if rng.random() < 0.5:
        text = f"The ministry has set a target of {target.text} in IT exports {period.text}."
        kind = "target"
    else:
        text = (
            f"Officials projected that IT exports could reach {target.text} {period.text} "
            "if connectivity improves."
        )
        kind = "projection"
    return text, [PlantedFact(ICT, "export_target", target, period.norm, kind)]


def park_plan(rng: random.Random, story: Story) -> Sentence:
    name = rng.choice(PARK_NAMES[:2])[0]
    sqft = fig.area(rng, rng.uniform(4e5, 1.3e6))
    firms = fig.count(rng, rng.uniform(150, 450))
    jobs = fig.count(rng, rng.uniform(5e3, 25e3))
    period = fig.deadline(rng, story.published.year + rng.randint(1, 4))
    text = (
        f"The {name}, spread over {sqft.text}, will house {firms.text} companies and create "
        f"{jobs.text} jobs once completed {period.text}."
    )
    return text, [
        PlantedFact(name, "area_sqft", sqft, None, "actual"),
        PlantedFact(name, "companies_hosted", firms, period.norm, "target"),
        PlantedFact(name, "jobs_created", jobs, period.norm, "target"),
    ]


def park_cost(rng: random.Random, story: Story) -> Sentence:
    name = rng.choice(PARK_NAMES[:2])[0]
    dollars = rng.uniform(1.2e8, 2.6e8)
    rupees = fig.pkr(rng, dollars * rng.uniform(160, 285))
    usd = fig.usd(rng, dollars)
    lender = rng.choice(
        ("the Korea Exim Bank", "the Public Sector Development Programme", "a concessional loan")
    )
    text = f"The {name} project, costing {rupees.text} ({usd.text}), is financed by {lender}."
    return text, [
        PlantedFact(name, "project_cost", rupees, None, "actual"),
        PlantedFact(name, "project_cost", usd, None, "actual"),
    ]


def stp_network(rng: random.Random, story: Story) -> Sentence:
    parks = fig.Figure(str(n := rng.randint(20, 60)), float(n), "count")
    firms = fig.count(rng, rng.uniform(250, 900))
    people = fig.count(rng, rng.uniform(8e3, 30e3))
    space = fig.area(rng, rng.uniform(1e6, 3e6))
    text = (
        f"PSEB has set up {parks.text} Software Technology Parks (STPs) across the country, hosting "
        f"{firms.text} IT companies and {people.text} professionals within {space.text} of space."
    )
    subject = "Software Technology Parks"
    return text, [
        PlantedFact(subject, "parks", parks, None, "actual"),
        PlantedFact(subject, "companies_hosted", firms, None, "actual"),
        PlantedFact(subject, "professionals", people, None, "actual"),
        PlantedFact(subject, "area_sqft", space, None, "actual"),
    ]


def stp_earnings(rng: random.Random, story: Story) -> Sentence:
    forex, revenue = fig.usd(rng, rng.uniform(5e7, 2e8)), fig.usd(rng, rng.uniform(5e6, 3e7))
    text = (
        f"These parks contribute {forex.text} to foreign exchange earnings and {revenue.text} "
        "to domestic revenue annually."
    )
    subject = "Software Technology Parks"
    return text, [
        PlantedFact(subject, "forex_earnings", forex, None, "actual"),
        PlantedFact(subject, "domestic_revenue", revenue, None, "actual"),
    ]


def digiskills(rng: random.Random, story: Story) -> Sentence:
    year, mon = story.previous_month(rng.randint(0, 2))
    period = fig.as_of(year, mon)
    trainees = fig.count(rng, rng.uniform(3e5, 4.5e6))
    if rng.random() < 0.5:
        text = f"{_cap(trainees.text)} individuals have been trained under DigiSkills.pk {period.text}."
        return text, [PlantedFact("DigiSkills.pk", "trainees", trainees, period.norm, "actual")]
    _start, fy = _fy_period(rng, story)
    earned = fig.usd(rng, rng.uniform(5e6, 9e7))
    text = (
        f"DigiSkills.pk has imparted {trainees.text} trainings since its launch, and its graduates "
        f"earned {earned.text} online in {fy.text}."
    )
    return text, [
        PlantedFact("DigiSkills.pk", "trainees", trainees, None, "actual"),
        PlantedFact("DigiSkills.pk", "freelancer_earnings", earned, fy.norm, "actual"),
    ]


def erozgaar(rng: random.Random, story: Story) -> Sentence:
    if rng.random() < 0.5:
        total = rng.randint(100, 300)
        first = rng.randint(20, total // 2)
        target = fig.deadline(rng, story.published.year + rng.randint(1, 3))
        opening = fig.fiscal_year(rng, story.current_fy)
        text = (
            f"PSEB aims to launch {total} e-Rozgaar centres {target.text}, with {first} expected to start "
            f"operations in {opening.text}."
        )
        return text, [
            PlantedFact(
                "e-Rozgaar", "centres", Figure(str(total), float(total), "count"), target.norm, "target"
            ),
            PlantedFact(
                "e-Rozgaar", "centres", Figure(str(first), float(first), "count"), opening.norm, "target"
            ),
        ]
    trained = fig.count(rng, rng.uniform(2e4, 1.5e5))
    earned = fig.pkr(rng, rng.uniform(5e8, 1.2e10))
    text = (
        f"The e-Rozgaar programme has trained {trained.text} young people, who have earned {earned.text} "
        "through freelancing."
    )
    return text, [
        PlantedFact("e-Rozgaar", "trainees", trained, None, "actual"),
        PlantedFact("e-Rozgaar", "freelancer_earnings", earned, None, "actual"),
    ]


def deep(rng: random.Random, story: Story) -> Sentence:
    funding = fig.usd(rng, rng.uniform(7.8e7, 1.6e8))
    share = fig.percent(rng, rng.uniform(5, 60))
    year, mon = story.previous_month(rng.randint(1, 4))
    period = fig.as_of(year, mon)
    text = (
        f"Under the Digital Economy Enhancement Project (DEEP), the World Bank has committed {funding.text}, "
        f"and {share.text} of the funds had been disbursed {period.text}."
    )
    return text, [
        PlantedFact("DEEP", "funding", funding, None, "actual"),
        PlantedFact("DEEP", "funds_disbursed_share", share, period.norm, "actual"),
    ]


def freelancers(rng: random.Random, story: Story) -> Sentence:
    _start, period = _fy_period(rng, story)
    earned = fig.usd(rng, rng.uniform(2.5e8, 6e8))
    text = f"Freelancers from Pakistan added {earned.text} to the economy during {period.text}."
    return text, [PlantedFact("Pakistan freelancers", "freelancer_earnings", earned, period.norm, "actual")]


def startups(rng: random.Random, story: Story) -> Sentence:
    n = fig.count(rng, rng.uniform(100, 1500))
    jobs = fig.count(rng, rng.uniform(2e3, 6e4))
    money = fig.pkr(rng, rng.uniform(2e8, 2e10))
    text = (
        f"{_cap(n.text)} startups have emerged from the National Incubation Centres, generating "
        f"{jobs.text} jobs and attracting {money.text} in investments."
    )
    subject = "National Incubation Centres"
    return text, [
        PlantedFact(subject, "startups", n, None, "actual"),
        PlantedFact(subject, "jobs_created", jobs, None, "actual"),
        PlantedFact(subject, "investment", money, None, "actual"),
    ]


def broadband(rng: random.Random, story: Story) -> Sentence:
    year, mon = story.previous_month(rng.randint(1, 3))
    period = fig.month(rng, year, mon)
    subs = fig.count(rng, rng.uniform(9e7, 1.5e8), qualified=False)
    pct = fig.percent(rng, rng.uniform(35, 62))
    text = (
        f"Broadband subscribers crossed {subs.text} in {period.text}, while {pct.text} of the population "
        "now uses mobile internet."
    )
    return text, [
        PlantedFact("Pakistan broadband", "broadband_subscribers", subs, period.norm, "actual"),
        PlantedFact("Pakistan broadband", "mobile_internet_share", pct, period.norm, "actual"),
    ]


def connectivity(rng: random.Random, story: Story) -> Sentence:
    tbps = fig.capacity(rng, rng.uniform(4, 40))
    km = fig.length_km(rng, rng.uniform(2e3, 5e4))
    period = fig.deadline(rng, story.published.year + rng.randint(1, 3))
    text = (
        f"The new submarine cable will add {tbps.text} of capacity {period.text}, "
        f"and {km.text} of fibre will be laid."
    )
    return text, [
        PlantedFact("submarine cable", "submarine_capacity_tbps", tbps, period.norm, "target"),
        PlantedFact("National Fiberisation", "fiber_km", km, None, "target"),
    ]


def services_share(rng: random.Random, story: Story) -> Sentence:
    start, period = _fy_period(rng, story)
    share = fig.percent(rng, rng.uniform(30, 50))
    surplus = fig.usd(rng, _fy_exports(rng, start) * rng.uniform(0.65, 0.8))
    text = (
        f"The ICT sector made up {share.text} of total services exports in {period.text} and posted "
        f"a trade surplus of {surplus.text}, the highest among all services."
    )
    return text, [
        PlantedFact(ICT, "share_of_services_exports", share, period.norm, "actual"),
        PlantedFact(ICT, "trade_surplus", surplus, period.norm, "actual"),
    ]


def registered_companies(rng: random.Random, story: Story) -> Sentence:
    year, mon = story.previous_month(rng.randint(0, 2))
    period = fig.as_of(year, mon)
    firms = fig.count(rng, rng.uniform(1.2e4, 3.2e4))
    text = f"The number of IT companies registered with PSEB rose to {firms.text} {period.text}."
    return text, [PlantedFact("PSEB", "registered_companies", firms, period.norm, "actual")]


TEMPLATES: tuple[Callable[[random.Random, Story], Sentence], ...] = (
    exports_fiscal_year,
    exports_fiscal_year,
    exports_month,
    exports_month,
    exports_ytd,
    exports_ytd,
    export_target,
    park_plan,
    park_cost,
    stp_network,
    stp_earnings,
    digiskills,
    erozgaar,
    deep,
    freelancers,
    startups,
    broadband,
    connectivity,
    services_share,
    registered_companies,
)
