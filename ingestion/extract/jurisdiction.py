"""Whose figure it is: Pakistan's, or another country's (India, Bangladesh, the Philippines ...) or the
world's. Only Pakistan's figures are facts (docs/fact-schema.md: the contract has no country field), so
the others are dropped before they can join Pakistan's rows.

Each figure is decided by the words of its own sentence first: a country, its people or its cities
("India's", "Bangladeshi", "NEW DELHI:") against Pakistan's ("Pakistan's", "Karachi", a programme or
agency of the gazetteer). Where a sentence names both, the nearest name before the figure decides
("India earned $194bn while Pakistan earned $3.2bn"), else the nearest after it. A sentence that names
none is silent, and takes the jurisdiction last stated in its paragraph, else the article's (its title
or its first sentence). World markets ("the global IT services market",
"Globally, ...") count as foreign only where the sentence names nothing of Pakistan's.
"""

from __future__ import annotations

from dataclasses import dataclass

from pkit.ingestion.extract.gazetteer import Mention
from pkit.ingestion.extract.lexicon import FOREIGN_COUNTRIES, words
from pkit.ingestion.extract.sentences import Token

PAKISTAN = "pk"
FOREIGN = "foreign"

PAKISTAN_WORDS = words(
    """pakistan pakistani pakistanis punjab sindh balochistan baluchistan khyber pakhtunkhwa kp
    gilgit-baltistan gilgit azad ajk islamabad karachi lahore peshawar quetta rawalpindi faisalabad
    multan hyderabad sialkot gujranwala abbottabad muzaffarabad gwadar"""
)
FOREIGN_WORDS = FOREIGN_COUNTRIES | words(
    """philippine filipinos nepal nepalese bhutan maldives saudi emirati qatar qatari bahrain oman kuwait
    japan japanese korea korean singapore singaporean estonia estonian rwanda brazil brazilian mexico
    poland romania argentina morocco moroccan delhi mumbai bengaluru bangalore chennai pune dhaka
    chittagong manila cebu hanoi colombo kabul beijing shenzhen nasscom basis"""
)
# A country that lends, grants or invests is a partner in Pakistan's project, not the figure's owner.
_PARTNER_WORDS = words(
    """provide provides providing provided fund funds funding funded finance finances financing financed
    loan loans lend lends lending grant grants invest invests investing invested assistance"""
)
# Words that name the world market only when a market-like noun follows within a few words.
GLOBAL_WORDS = words("global worldwide globally")
_MARKET_NOUNS = words(
    """market markets industry industries spending revenue revenues economy outsourcing demand sector
    trade exports services"""
)
_DESTINATION_BEFORE = words("to from into with")  # "exports to the US", "investment from China"


@dataclass
class JurisdictionState:
    paragraph: int = -1
    in_paragraph: str | None = None  # last jurisdiction stated in the current paragraph
    article: str | None = None  # the article's, as its title or its first sentence states it
    sentences: int = 0


def markers(tokens: list[Token], mentions: list[Mention]) -> list[tuple[int, str]]:
    """(token index, PAKISTAN | FOREIGN) for each word of the sentence that names a jurisdiction."""
    out: list[tuple[int, str]] = []
    global_at: list[int] = []
    for i, tok in enumerate(tokens):
        norm = tok.norm
        if norm in PAKISTAN_WORDS:
            out.append((i, PAKISTAN))
        elif norm in FOREIGN_WORDS:
            if norm == "basis" and tok.text != "BASIS":
                continue
            k = i - 1
            while k >= 0 and tokens[k].norm in ("the", "a"):
                k -= 1
            if k >= 0 and tokens[k].norm in _DESTINATION_BEFORE:
                continue  # a market or partner of Pakistan's, not the figure's owner
            if any(t.norm in _PARTNER_WORDS for t in tokens[i + 1 : i + 5]):
                continue
            out.append((i, FOREIGN))
        elif norm in GLOBAL_WORDS and (
            norm != "global" or any(t.norm in _MARKET_NOUNS for t in tokens[i + 1 : i + 5])
        ):
            global_at.append(i)
    for m in mentions:
        if m.entity.kind != "series":
            out.append((m.first, PAKISTAN))
    if global_at and not any(side == PAKISTAN for _, side in out):
        out.extend((i, FOREIGN) for i in global_at)
    out.sort()
    return out


def sentence_side(found: list[tuple[int, str]]) -> str | None:
    """The jurisdiction a sentence states as a whole: Pakistan's if it names Pakistan at all."""
    if not found:
        return None
    return PAKISTAN if any(side == PAKISTAN for _, side in found) else FOREIGN


def figure_side(found: list[tuple[int, str]], first: int, fallback: str | None) -> str | None:
    """The jurisdiction of the figure whose first token is ``first``."""
    if not found:
        return fallback
    sides = {side for _, side in found}
    if len(sides) == 1:
        return next(iter(sides))
    before = [side for i, side in found if i <= first]
    if before:
        return before[-1]
    return found[0][1]


def context_side(state: JurisdictionState, paragraph: int) -> str | None:
    """For a silent sentence: its paragraph's jurisdiction, else the article's."""
    if state.paragraph != paragraph:
        state.paragraph, state.in_paragraph = paragraph, None
    return state.in_paragraph or state.article


def remember(state: JurisdictionState, paragraph: int, found: list[tuple[int, str]]) -> None:
    """After a sentence: what it named carries to the silent sentences after it."""
    if state.paragraph != paragraph:
        state.paragraph, state.in_paragraph = paragraph, None
    state.sentences += 1
    if not found:
        return
    state.in_paragraph = found[-1][1]
    if state.article is None and state.sentences == 1:
        state.article = sentence_side(found)
