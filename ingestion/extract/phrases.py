"""A sentence seen as tokens: which quantity, period and entity mention covers each token, its clauses,
and the noun phrase that follows a number ("250 e-Rozgaar centres", "15 international and two local
events", "eight million women coming online").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pkit.ingestion.extract.gazetteer import Mention, is_acronym
from pkit.ingestion.extract.lexicon import COUNT_NOUNS, words
from pkit.ingestion.extract.numbers import Quantity
from pkit.ingestion.extract.periods import PeriodMention
from pkit.ingestion.extract.sentences import Sentence, Token, singular

PREPOSITIONS = words(
    """in of for to by from with within across under via through at on into during as than per against
    between among after before since until till including like such over about toward towards onto
    upon amid amidst"""
)
AUXILIARIES = words(
    """is are was were be been being has have had will would can could should may might must shall do does
    did"""
)
CONJUNCTIONS = words("or but while which that who whom whose where when if because so nor yet")
DETERMINERS = words("the a an this these those its their his her our your my some any each every")
COMMON_VERBS = words(
    """use uses own owns access accesses include includes work works live lives earn earns remain remains come
    comes become becomes get gets make makes join joins serve serves hold holds need needs want wants"""
)
NP_STOP = PREPOSITIONS | AUXILIARIES | CONJUNCTIONS | DETERMINERS | COMMON_VERBS
REPORTING = words("adding saying noting stating claiming explaining warning insisting")
HARD_AFTER_COMMA = words("with while whereas but although though however yet whereby")
PRONOUN_SUBJECTS = words("we they he she i it there")
TEMPORARY_MODIFIERS = words("upcoming new planned proposed additional more further another extra")
_WORD = re.compile(r"[^\W_]")


@dataclass
class NounPhrase:
    first: int  # token index of the first word after the number
    last: int  # exclusive
    words: list[Token] = field(default_factory=list)
    head: str | None = None  # normal form of the head noun
    head_index: int = -1
    coordinated: list[str] = field(default_factory=list)  # other heads joined by "and"
    participle: str | None = None  # "coming online"
    shared_from: int = (
        -1
    )  # quantity whose noun phrase supplied the head ("15 international and two ... events")
    head_before: bool = False  # the head was found before the number ("subscribers crossed 137,450,000")

    def modifiers(self) -> list[str]:
        return [w.norm for w in self.words if self.head_index < 0 or w is not self.words[-1]]


@dataclass
class SentenceView:
    sentence: Sentence
    text: str
    tokens: list[Token]
    quantities: list[Quantity]
    periods: list[PeriodMention]
    mentions: list[Mention]
    tok_q: list[int]
    tok_p: list[int]
    tok_e: list[int]
    clause: list[int]
    barrier: list[int]  # clauses with the same barrier share a time frame (a period carries forward)
    q_first: list[int]
    q_last: list[int]
    p_first: list[int]
    _norms: frozenset[str] | None = None
    _determiners: list[int] | None = None

    @property
    def quote(self) -> str:
        return self.text[self.sentence.start : self.sentence.end]

    def determiners(self) -> list[int]:
        """Token indices of "these", "those", "this", "that", "the", "its" (words that point back)."""
        if self._determiners is None:
            pointing = ("these", "those", "this", "that", "the", "its")
            self._determiners = [i for i, t in enumerate(self.tokens) if t.norm in pointing]
        return self._determiners

    def norms(self) -> frozenset[str]:
        if self._norms is None:
            self._norms = frozenset(t.norm for t in self.tokens)
        return self._norms

    def word(self, i: int) -> str:
        return self.tokens[i].norm if 0 <= i < len(self.tokens) else ""

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and bool(_WORD.match(self.tokens[i].text))


def build_view(
    text: str,
    sentence: Sentence,
    tokens: list[Token],
    quantities: list[Quantity],
    periods: list[PeriodMention],
    mentions: list[Mention],
) -> SentenceView:
    n = len(tokens)
    tok_q = [-1] * n
    tok_p = [-1] * n
    tok_e = [-1] * n
    q_first = [n] * len(quantities)
    q_last = [n] * len(quantities)
    p_first = [max(0, n - 1)] * len(periods)
    for spans, marks in ((quantities, tok_q), (periods, tok_p)):
        j = 0
        for idx, span in enumerate(spans):
            while j < n and tokens[j].end <= span.start:
                j += 1
            k = j
            while k < n and tokens[k].start < span.end:
                marks[k] = idx
                k += 1
            if marks is tok_q:
                q_first[idx], q_last[idx] = j, k
            elif j < n:
                p_first[idx] = j
    for idx, mention in enumerate(mentions):
        for k in range(mention.first, mention.last):
            tok_e[k] = idx
    clause = [0] * n
    barrier = [0] * n
    current = wall = 0
    for i in range(1, n):
        if tokens[i - 1].text in (",", "—", "–") and (
            tokens[i].norm in HARD_AFTER_COMMA
            or (tokens[i].norm == "and" and i + 1 < n and tokens[i + 1].norm in PRONOUN_SUBJECTS)
        ):
            current += 1
        elif tokens[i].text == ";":
            current += 1
            wall += 1
        elif (
            tokens[i - 1].text == ","
            and tokens[i].norm in REPORTING
            and i + 1 < n
            and tokens[i + 1].norm == "that"
        ):
            current += 1  # ", adding that 300,000 had enrolled": a new statement; its own time frame
            wall += 1
        clause[i] = current
        barrier[i] = wall
    return SentenceView(
        sentence,
        text,
        tokens,
        quantities,
        periods,
        mentions,
        tok_q,
        tok_p,
        tok_e,
        clause,
        barrier,
        q_first,
        q_last,
        p_first,
    )


def noun_phrase(view: SentenceView, qi: int, depth: int = 0) -> NounPhrase:
    """The noun phrase right after quantity ``qi`` (stops at prepositions, verbs and punctuation)."""
    tokens = view.tokens
    n = len(tokens)
    i = view.q_last[qi]
    np = NounPhrase(i, i)
    while i < n and len(np.words) < 8:
        tok = tokens[i]
        if view.tok_q[i] >= 0 or view.tok_p[i] >= 0:
            break  # another number, or a time expression ("134 million last month")
        if tok.text == "(":
            if i + 2 < n and tokens[i + 2].text == ")" and is_acronym(tokens[i + 1].text):
                i += 3
                continue
            break
        if not _WORD.match(tok.text) and tok.text not in ("&",):
            break
        norm = tok.norm
        if norm == "and" or tok.text == "&":
            nxt = i + 1
            if nxt < n and view.tok_q[nxt] >= 0 and depth < 2:
                other = noun_phrase(view, view.tok_q[nxt], depth + 1)
                if other.head is not None and np.head is None:
                    np.head, np.shared_from = other.head, view.tok_q[nxt]
                break
            if nxt < n and (
                tokens[nxt].text[:1].isupper()
                or tokens[nxt].norm in COUNT_NOUNS
                or is_acronym(tokens[nxt].text)
            ):
                if np.head is not None and singular(np.head) in COUNT_NOUNS | {
                    singular(w) for w in COUNT_NOUNS
                }:
                    np.coordinated.append(np.head)
                np.words.append(tok)
                i += 1
                continue
            break
        if norm in NP_STOP:
            break
        if norm.endswith("ed") and not _continues(view, i + 1):
            break
        if norm.endswith("ing") and np.head is not None:
            if _continues(view, i + 1) and tokens[i + 1].norm not in COUNT_NOUNS:
                np.participle = f"{norm} {tokens[i + 1].norm}"
            else:
                np.participle = norm
            break
        np.words.append(tok)
        if norm in COUNT_NOUNS or singular(norm) in COUNT_NOUNS:
            np.head, np.head_index = norm, len(np.words) - 1
        i += 1
    np.last = i
    if np.head is None and np.words and np.shared_from < 0:
        last = np.words[-1]
        if _WORD.match(last.text) and not last.norm.endswith("ly"):
            np.head, np.head_index = last.norm, len(np.words) - 1
    if np.head is not None and np.head_index >= 0:
        np.words = np.words[: np.head_index + 1]
    return np


def noun_before(view: SentenceView, qi: int) -> str | None:
    """ "Broadband subscribers crossed 137,450,000", "the number of IT companies ... rose to 12,345": the
    counted noun stated before a number that has none after it."""
    first = view.q_first[qi]
    if first >= len(view.tokens):
        return None
    clause = view.clause[first]
    link = view.word(first - 1)
    if not (link in PREPOSITIONS or is_verb(link) or link in ADVERBS):
        return None
    for i in range(first - 1, max(-1, first - 14), -1):
        if view.clause[i] != clause or view.tok_q[i] >= 0 or view.tokens[i].text in (",", ";", ":"):
            return None
        norm = view.word(i)
        if norm in COUNT_NOUNS and view.tok_p[i] < 0:
            return norm
        if view.tok_e[i] >= 0 and norm.endswith("s"):
            entity = view.mentions[view.tok_e[i]].entity
            heads = [h for h in entity.heads if h.endswith("s") and h in COUNT_NOUNS]
            if heads:
                return heads[0]  # "increase the number of STZs to 25": zones
    return None


def _continues(view: SentenceView, i: int) -> bool:
    """Whether token ``i`` can continue a noun phrase (a word that is not a stop word)."""
    if i >= len(view.tokens) or view.tok_q[i] >= 0:
        return False
    tok = view.tokens[i]
    return bool(_WORD.match(tok.text)) and tok.norm not in NP_STOP and tok.norm != "and"


def snake(words: list[str], limit: int = 5) -> str:
    parts = []
    for w in words[-limit:]:
        w = re.sub(r"[^a-z0-9]+", "_", w.lower()).strip("_")
        if w:
            parts.append(w)
    return "_".join(parts)


def subject_phrase(view: SentenceView, qi: int) -> list[Token]:
    """The noun phrase a number is said of, looking back: "the mobile internet gender gap had fallen from"."""
    tokens = view.tokens
    i = view.q_first[qi] - 1
    clause = view.clause[view.q_first[qi]] if view.q_first[qi] < len(tokens) else -1
    skipped_verb = False
    steps = 0
    while i >= 0 and steps < 14 and view.clause[i] == clause:
        tok = tokens[i]
        norm = tok.norm
        if view.tok_q[i] >= 0 or norm in PREPOSITIONS or norm in AUXILIARIES or norm in ADVERBS:
            i -= 1
            steps += 1
            continue
        if is_verb(norm):
            skipped_verb = True
            i -= 1
            steps += 1
            continue
        break
    if not skipped_verb:
        return []
    words: list[Token] = []
    while i >= 0 and len(words) < 6 and view.clause[i] == clause:
        tok = tokens[i]
        if not _WORD.match(tok.text) or tok.norm in NP_STOP or view.tok_q[i] >= 0 or view.tok_p[i] >= 0:
            break
        words.append(tok)
        i -= 1
    words.reverse()
    return words


ADVERBS = frozenset(
    [
        "nearly",
        "almost",
        "currently",
        "now",
        "also",
        "further",
        "still",
        "already",
        "only",
        "just",
        "about",
        "around",
        "approximately",
        "roughly",
        "significantly",
        "sharply",
        "substantially",
        "steadily",
        "reportedly",
    ]
)
_VERBS = words(
    """rose rise rises grew grow grows reduced reduce reduces doubled tripled fell fall falls dropped drop
    surged surge climbed climb jumped jump increased increase decreased decrease declined decline stood stands
    stand reached reach reaches hit hits touched crossed cross crosses make makes made account accounts
    accounted represent represents represented constitute constitutes constituted recorded posted
    improved improve widened narrowed shrank expanded expand up down cut cuts slashed lowered raised
    contributed contribute contributes"""
)


def is_verb(norm: str) -> bool:
    return norm in _VERBS or (norm.endswith("ed") and len(norm) > 4)
