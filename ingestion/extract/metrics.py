"""Metric of a figure: the contract's vocabulary (docs/fact-schema.md) chosen from cue words around
the number, and a snake_case phrase from the text where no cue fits ("international_events").
"""

from __future__ import annotations

from dataclasses import dataclass

from pkit.ingestion.extract.lexicon import PERSON_NOUNS, words
from pkit.ingestion.extract.phrases import (
    ADVERBS,
    NP_STOP,
    NounPhrase,
    SentenceView,
    is_verb,
    snake,
    subject_phrase,
)
from pkit.ingestion.extract.sentences import singular

EXPORT_METRICS = frozenset(
    {"it_exports", "ict_exports", "computer_services_exports", "telecom_exports", "export_target"}
)
NATIONAL_METRICS = EXPORT_METRICS | {
    "ict_trade_surplus", "trade_surplus", "share_of_services_exports", "yoy_growth", "mom_growth",
    "ict_trade_surplus_growth", "ict_exports_increase", "it_exports_increase", "ict_trade_deficit",
}  # fmt: skip

# Money cues: a word (or the last word of a two-word cue) near an amount, and the metric it names.
MONEY_CUES: dict[str, str] = {
    "investment": "investment", "investments": "investment", "invested": "investment",
    "investors": "investment", "funding": "funding", "financing": "funding", "financed": "funding",
    "loan": "funding", "grant": "funding", "committed": "funding", "funds": "funding", "fund": "funding",
    "budget": "budget_allocation", "allocated": "budget_allocation", "allocation": "budget_allocation",
    "psdp": "budget_allocation", "cost": "project_cost", "costing": "project_cost", "costs": "project_cost",
    "revenue": "revenue", "revenues": "revenue", "earnings": "earnings", "earned": "earnings",
    "earn": "earnings", "salaries": "salaries", "salary": "salaries", "valuation": "valuation",
    "surplus": "trade_surplus", "deficit": "trade_deficit", "raised": "funding", "raise": "funding",
    "raising": "funding", "secured": "funding", "approved": "budget_allocation", "fdi": "investment",
    "contract": "contract_value", "contracts": "contract_value", "grants": "funding",
    "proposed": "budget_allocation", "earmarked": "budget_allocation", "disbursed": "funding",
    "disbursement": "funding", "funded": "funding", "released": "funding",
}  # fmt: skip
MONEY_BIGRAMS: dict[tuple[str, str], str] = {
    ("foreign", "exchange"): "forex_earnings", ("domestic", "revenue"): "domestic_revenue",
    ("new", "business"): "new_business", ("business", "generated"): "business_generated",
    ("venture", "capital"): "investment", ("market", "size"): "market_size",
    ("trade", "surplus"): "trade_surplus", ("trade", "deficit"): "trade_deficit",
}  # fmt: skip
EXPORT_WORDS = frozenset({"export", "exports", "remittances", "remittance"})
_LONG_RANGE = frozenset(
    {"exports", "trade_surplus", "trade_deficit"}
)  # cues that may stand far from the amount
FAMILY_MARKERS: dict[str, str] = {
    "ict": "ict_exports", "it": "it_exports", "ites": "it_exports", "it-ites": "it_exports",
    "software": "it_exports", "computer": "computer_services_exports", "telecom": "telecom_exports",
    "telecommunication": "telecom_exports", "telecommunications": "telecom_exports",
}  # fmt: skip
GROWTH_WORDS = words(
    """rose rise rises rising grew grow grows growing growth increase increased increases increasing surged
    surge surging jumped jump climbed climb up higher expanded expand expanding expansion gain gains gained
    soared soar"""
)
RATE_WORDS = words("year-on-year yoy y/y month-on-month mom m/m year-over-year month-over-month")
DECLINE_WORDS = words("fell fall declined decline decrease decreased dropped drop down lower")
REDUCTION_WORDS = words("cut cuts reduced reduce reduces reduction slashed lowered")
TRAIN_WORDS = frozenset(
    [
        "train",
        "trained",
        "training",
        "trainings",
        "imparted",
        "upskilled",
        "upskill",
        "certified",
        "certifications",
        "skilling",
    ]
)
COMPANY_NOUNS = words("company companies firm firms enterprise enterprises business businesses house houses")
PROFESSIONAL_NOUNS = frozenset(
    [
        "professional",
        "professionals",
        "worker",
        "workers",
        "engineer",
        "engineers",
        "developer",
        "developers",
        "expert",
        "experts",
    ]
)
FACILITY_NOUNS = words("park parks centre centres stp stps zone zones incubator incubators hub hubs")


@dataclass
class MetricContext:
    """What the metric choice needs beyond the sentence: the subject and the document's export wording."""

    subject_kind: str | None  # park | program | agency | series | None
    subject_heads: frozenset[str]
    family: str  # it_exports / ict_exports ... last used in the article
    alias_metric: str | None  # metric implied by the alias of an export series near the number
    kind: str
    previous_money_metric: str | None  # the main money metric of the previous sentence


def export_family(view: SentenceView, lo: int, hi: int, default: str) -> str | None:
    """The export series named in tokens ``lo..hi`` (nearest to ``hi``), or None if no export word."""
    for i in range(hi - 1, lo - 1, -1):
        if view.word(i) in EXPORT_WORDS:
            for k in range(i - 1, max(lo - 1, i - 7), -1):
                marker = FAMILY_MARKERS.get(view.word(k))
                if marker is not None:
                    return marker
                if view.word(k) == "services" and view.word(k - 1) == "computer":
                    return "computer_services_exports"
            return default
    return None


def money_metric(view: SentenceView, qi: int, np: NounPhrase, ctx: MetricContext) -> tuple[str, bool]:
    """(metric, whether a cue named it) for an amount of money."""
    if np.head in ("increase", "rise", "jump", "growth", "decline", "drop", "decrease"):
        base = ctx.previous_money_metric or ctx.family
        suffix = "_decrease" if np.head in ("decline", "drop", "decrease") else "_increase"
        return base + suffix, True
    first, last = view.q_first[qi], view.q_last[qi]
    clause = view.clause[first] if first < len(view.tokens) else 0
    after_end = min(len(view.tokens), last + 6)
    candidates: list[tuple[int, str]] = []
    for i in range(last, after_end):
        if view.clause[i] != clause or (view.tok_q[i] >= 0 and i > last):
            break
        metric = _money_cue_at(view, i, ctx)
        if metric is not None:
            candidates.append((i - last, metric))
            break
    words = crossed = 0
    for i in range(first - 1, max(-1, first - 30), -1):
        if view.clause[i] != clause:
            break
        if view.tok_q[i] >= 0 and view.tok_q[i] != view.tok_q[i + 1]:
            crossed += 1
            if crossed > 2:
                break
        metric = _money_cue_at(view, i, ctx)
        if metric is not None and (words <= 4 or metric in _LONG_RANGE):
            candidates.append((words + 1, metric))
            break
        if view.is_word(i) and view.tok_e[i] < 0:
            words += 1
            if words > 15:
                break
    if candidates:
        metric = min(candidates, key=lambda c: c[0])[1]
    else:
        norms = view.norms()
        if any(w.startswith("freelanc") for w in norms):
            return "freelancer_earnings", True
        if EXPORT_WORDS & norms:
            metric = "exports"
        elif ({"sector", "industry"} & norms) and ctx.subject_kind in (None, "series", "agency"):
            metric = "exports"  # "the sector could cross $4bn in FY25": in this domain, its exports
        else:
            return "amount", False
    before = range(max(0, first - 12), first)
    if metric == "exports" and any(view.word(i).startswith("freelanc") for i in before):
        return "freelancer_earnings", True  # "freelancers earned $350m in remittances"
    if metric == "exports":
        if ctx.subject_kind in ("park", "program"):
            return "export_contribution", True
        if ctx.kind == "target":
            return "export_target", True
        return ctx.alias_metric or export_family(view, 0, len(view.tokens), ctx.family) or ctx.family, True
    if metric in ("trade_surplus", "trade_deficit"):
        norms = view.norms()
        if norms & {"ict", "it", "ites", "software", "sector"} and "services" not in norms - {"ites"}:
            return "ict_" + metric, True
        if norms & {"ict", "it", "ites"}:
            return "ict_" + metric, True
        return metric, True
    if metric == "earnings" and (
        any(w.startswith("freelanc") for w in view.norms()) or "online" in view.norms()
    ):
        return "freelancer_earnings", True
    return metric, True


def _money_cue_at(view: SentenceView, i: int, ctx: MetricContext) -> str | None:
    norm = view.word(i)
    if view.tok_e[i] >= 0:
        mention = view.mentions[view.tok_e[i]]
        if mention.metric is not None and mention.entity.kind == "series":
            return "exports"
        if not norm.startswith("freelanc"):
            return None
    if norm in EXPORT_WORDS:
        return "exports"
    bigram = MONEY_BIGRAMS.get((view.word(i - 1), norm)) or MONEY_BIGRAMS.get((norm, view.word(i + 1)))
    if bigram is not None:
        return bigram
    if norm.startswith("freelanc"):
        return "freelancer_earnings"
    return MONEY_CUES.get(norm)


def is_decline(view: SentenceView, qi: int) -> bool:
    """ "declined 7 percent month-on-month", "down 3.2 percent": the rate is a fall (a negative growth)."""
    first, last = view.q_first[qi], view.q_last[qi]
    near = {view.word(i) for i in range(max(0, first - 4), first)} | {
        view.word(i) for i in range(last, min(len(view.tokens), last + 3))
    }
    return bool(DECLINE_WORDS & near) and not GROWTH_WORDS & near


def percent_metric(
    view: SentenceView, qi: int, np: NounPhrase, ctx: MetricContext, sentence_money: list[tuple[int, str]]
) -> tuple[str, bool]:
    """(metric, whether a cue named it) for a percentage."""
    first, last = view.q_first[qi], view.q_last[qi]
    clause = view.clause[first] if first < len(view.tokens) else 0
    window = [
        view.word(i)
        for i in range(max(0, first - 8), min(len(view.tokens), last + 6))
        if view.clause[i] == clause
    ]
    if {"women", "woman", "female", "females"} & set(window):
        return "women_share", True
    if view.word(last) == "of":
        rest = [view.word(i) for i in range(last + 1, min(len(view.tokens), last + 5))]
        if "services" in rest and ("exports" in rest or "export" in rest):
            return "share_of_services_exports", True
    before = [view.word(i) for i in range(max(0, first - 4), first)]
    after = [view.word(i) for i in range(last, min(len(view.tokens), last + 3))]
    growth = bool(GROWTH_WORDS & set(before) or GROWTH_WORDS & set(after) or RATE_WORDS & set(window))
    decline = bool(DECLINE_WORDS & set(before) or DECLINE_WORDS & set(after))
    reduction = bool(REDUCTION_WORDS & set(before[-4:]))
    if growth or decline:
        base = _nearest_money(sentence_money, qi) or ctx.alias_metric
        if base is None:
            fam = (
                export_family(view, 0, len(view.tokens), ctx.family) if EXPORT_WORDS & view.norms() else None
            )
            base = fam
        if base is None and RATE_WORDS & set(window) and ctx.previous_money_metric in EXPORT_METRICS:
            base = ctx.previous_money_metric  # "... stood at $218m. They grew 8 percent month-on-month"
        near_after = {view.word(i) for i in range(last, min(len(view.tokens), last + 3))}
        if near_after & {"year-on-year", "yoy", "year-over-year"}:
            monthly: set[str] = set()
        elif near_after & {"month-on-month", "mom", "month-over-month"}:
            monthly = {"month-on-month"}
        else:
            monthly = {"month-on-month", "mom", "month-over-month"} & set(window)
        if base in EXPORT_METRICS or base in ("ict_exports", "it_exports"):
            return ("mom_growth" if monthly else "yoy_growth"), True
        if base is not None:
            return base + ("_decline" if decline and not growth else "_growth"), True
        phrase = subject_phrase(view, qi)
        if phrase:
            return snake([t.norm for t in phrase]) + "_growth", True
        return "growth", False
    if (
        np.head is not None
        and not np.head_before
        and np.head not in GROWTH_WORDS | DECLINE_WORDS | REDUCTION_WORDS | {"of", "share"}
        and view.word(last) != "of"
    ):
        return snake([w.norm for w in np.words]), True  # "a 100 per cent tax exemption", "a 20% stake"
    if np.head in REDUCTION_WORDS | GROWTH_WORDS | DECLINE_WORDS and view.word(np.last) == "in":
        rest = []
        for i in range(np.last + 1, min(len(view.tokens), np.last + 6)):
            w = view.word(i)
            if not view.is_word(i) or w in NP_STOP - {"the"}:
                break
            if w != "the":
                rest.append(w)
        if rest:
            suffix = "_reduction" if np.head in REDUCTION_WORDS | DECLINE_WORDS else "_growth"
            return snake(rest) + suffix, True  # "a 50% reduction in the withholding tax"
    if reduction:
        obj = [view.tokens[i].norm for i in range(max(0, first - 6), first) if view.is_word(i)]
        while obj and obj[-1] in ("by", "to"):
            obj.pop()
        words = []
        for w in reversed(obj):
            if w in REDUCTION_WORDS or w in ("has", "have", "had", "the", "a", "its"):
                break
            words.append(w)
        return (snake(list(reversed(words))) or "value") + "_reduction", True
    phrase = subject_phrase(view, qi)
    if phrase:
        return snake([t.norm for t in phrase]), True
    if view.word(last) == "of" and view.is_word(last + 1):
        rest: list[str] = []
        i = last + 1
        while i < min(len(view.tokens), last + 6):
            w = view.word(i)
            if not view.is_word(i) or w in NP_STOP - {"the", "its", "their"} or w in ADVERBS or is_verb(w):
                break
            if w not in ("the", "total", "all", "its", "their"):
                rest.append(w)
            i += 1
        if rest:
            passive = passive_at(view, i)
            if passive:
                return snake([*rest, passive]) + "_share", True
            return "share_of_" + snake(rest), True
    return "percent", False


def _nearest_money(sentence_money: list[tuple[int, str]], qi: int) -> str | None:
    before = [m for j, m in sentence_money if j < qi]
    if before:
        return before[-1]
    after = [m for j, m in sentence_money if j > qi]
    return after[0] if after else None


def count_metric(view: SentenceView, qi: int, np: NounPhrase, ctx: MetricContext) -> tuple[str, bool]:
    """(metric, whether a cue named it) for a count."""
    head = np.head or ""
    head_s = singular(head)
    first = view.q_first[qi]
    clause = view.clause[first] if first < len(view.tokens) else 0
    near = {
        view.word(i)
        for i in range(max(0, first - 8), min(len(view.tokens), np.last + 5))
        if view.clause[i] == clause
    }
    mods = [w for w in np.modifiers() if w != head]
    if np.coordinated and (
        singular(np.coordinated[0]) in FACILITY_NOUNS or np.coordinated[0] in FACILITY_NOUNS
    ):
        return "facilities", True
    if head in COMPANY_NOUNS:
        if near & {"registered", "registration", "register", "registers"}:
            return "registered_companies", True
        if ctx.subject_kind == "park" or ctx.subject_heads & FACILITY_NOUNS:
            return "companies_hosted", True
        if ctx.subject_kind in ("program", "agency"):
            return "companies_supported", True
        return "companies", False
    if head in ("startup", "startups"):
        return "startups", True
    if head in ("job", "jobs") or (
        head in ("opportunity", "opportunities") and ("job" in mods or "employment" in mods)
    ):
        return "jobs_created", True
    if head_s in ("park", "stp"):
        planned = {"upcoming", "planned", "proposed", "new"} & set(mods)
        return ("parks_planned" if planned or ctx.kind == "target" else "parks"), True
    if head_s == "centre":
        return "centres", True
    if head_s in ("subscriber", "user", "connection"):
        norms = view.norms()
        if "broadband" in norms:
            return "broadband_subscribers", True
        if "mobile" in norms or "cellular" in norms:
            return "mobile_subscribers", True
        return ("internet_users" if "internet" in norms else snake([head])), True
    if head in ("freelancer", "freelancers") and not (near & TRAIN_WORDS):
        return "freelancers", True
    if head in ("training", "trainings"):
        return "trainees", True
    if head in ("enrolment", "enrolments") or "enrolled" in near:
        return "enrolments", True
    if head in PERSON_NOUNS or head_s in PERSON_NOUNS:
        if near & TRAIN_WORDS or head in ("trainee", "trainees", "graduates", "students"):
            return "trainees", True
        additional = "additional" in mods or "additional" in (view.word(first - 1), view.word(first - 2))
        if additional and head in PROFESSIONAL_NOUNS:
            return snake([head]) + "_added", True
        if head in PROFESSIONAL_NOUNS:
            return "professionals", True
        if head in ("employee", "employees"):
            return "employees", True
        if np.participle and np.participle.split()[0] in ("employed", "employing", "working"):
            return "employees", True
        if np.participle:
            return snake([head, *np.participle.split()]), True
        if any(w.startswith("employ") for w in near):
            return "employees", True
        if any(w.startswith("benefit") for w in near):
            return "people_benefited", True
        return snake([head]), False
    if head_s == "event":
        return snake([*mods[-1:], head]), True
    if head_s == "facility":
        return "facilities", True
    if head:
        passive = passive_at(view, np.last)
        words = [*mods[-2:], head]
        return snake(words + ([passive] if passive else [])), False
    return "count", False


def passive_at(view: SentenceView, i: int) -> str | None:
    """ "have been opened" -> "opened"."""
    words = [view.word(k) for k in range(i, min(len(view.tokens), i + 3))]
    if (
        len(words) >= 3
        and words[0] in ("have", "has", "had")
        and words[1] == "been"
        and words[2].endswith("ed")
    ):
        return words[2]
    if len(words) >= 2 and words[0] in ("are", "were", "was", "is") and words[1].endswith("ed"):
        return words[1]
    return None
