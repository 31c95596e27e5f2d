"""What an article has said so far: subjects, periods and figures a later sentence can point back to."""

from __future__ import annotations

from dataclasses import dataclass, field

from pkit.ingestion.extract import gazetteer
from pkit.ingestion.extract.gazetteer import Entity, Mention
from pkit.ingestion.extract.jurisdiction import JurisdictionState
from pkit.ingestion.extract.model import Fact
from pkit.ingestion.extract.numbers import Quantity
from pkit.ingestion.extract.periods import PeriodValue
from pkit.ingestion.extract.phrases import NounPhrase


@dataclass(frozen=True)
class Subject:
    name: str
    kind: str | None  # park | program | agency | series | None (a phrase from the text)
    heads: frozenset[str] = frozenset()
    entity: Entity | None = None


@dataclass
class ArticleState:
    """What one article has said so far."""

    family: str = "it_exports"
    last_primary: Subject | None = None
    primary_index: int = -10
    antecedents: list[tuple[Subject, bool]] = field(default_factory=list)  # (subject, from the gazetteer)
    last_period: PeriodValue | None = None  # latest period of a non-comparison fact
    series_period: PeriodValue | None = None  # latest fiscal year or span of the national export series
    prev_sentence_period: PeriodValue | None = None
    prev_sentence_subject: str | None = None
    prev_sentence_index: int = -10
    prev_sentence_paragraph: int = -1
    prev_sentence_kind: str | None = None
    first_paragraph: int = -1  # the lede's paragraph
    article_period: PeriodValue | None = None  # the period the title or the lede names for the story
    prev_money_metric: str | None = None
    prev_relevant: bool = False
    relevant_index: int = -10  # the last sentence with relevant figures, whoever's they were
    money_facts: dict[tuple[str, float, float | None], Fact] = field(default_factory=dict)
    by_head: dict[str, Subject] = field(default_factory=dict)  # plural heads that name one entity only
    jurisdiction: JurisdictionState = field(default_factory=JurisdictionState)


@dataclass
class Draft:
    qi: int
    q: Quantity
    np: NounPhrase
    subject: Subject | None = None
    metric: str = ""
    metric_cued: bool = False
    kind: str = "actual"
    kind_cued: bool = False
    comparison: bool = False
    period: PeriodValue | None = None
    period_weak: bool = False  # the period is only a report's year ("2025 GSMA Gender Gap Report")
    base_metric: str = ""


def entity_subject(entity: Entity) -> Subject:
    return Subject(entity.name, entity.kind, entity.heads, entity)


def unique_heads(gaz: gazetteer.Gazetteer) -> dict[str, Subject]:
    """Head nouns only one gazetteer entity has ("parks": Software Technology Parks, "ministry": MoITT)."""
    owners: dict[str, list[Entity]] = {}
    for entity in gaz.entities.values():
        for head in entity.heads:
            owners.setdefault(head, []).append(entity)
    return {head: entity_subject(found[0]) for head, found in owners.items() if len(found) == 1}


def remember_mentions(
    state: ArticleState, mentions: list[Mention], primary: Subject | None, s_index: int
) -> None:
    for m in mentions:
        state.antecedents.append((entity_subject(m.entity), True))
    if primary is None:
        primary = next((entity_subject(m.entity) for m in mentions if m.entity.kind != "series"), None)
    if primary is not None:
        state.last_primary = primary
        state.primary_index = s_index
    del state.antecedents[:-50]
