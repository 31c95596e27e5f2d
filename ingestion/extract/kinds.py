"""Kind of a figure: ``actual``, ``target`` (a goal or plan: "aims", "goal", "target of", a planned
facility's design size "will cover N sq ft"), ``projection`` (a forecast: "expected to", "projected",
"will create") or ``comparison`` (the earlier figure quoted beside a current one: "compared to $2.284
billion", "from 38 per cent to 25 per cent", "up 21.6% from $1.997 billion").

Cues are read in the number's clause, nearest first; a past-tense verb between the cue and the number
("aims to train 1m and has trained 500,000") ends the search.
"""

from __future__ import annotations

from ingestion.extract.lexicon import words
from ingestion.extract.phrases import NounPhrase, SentenceView

TARGET_CUES = words(
    """aim aims aimed aiming goal goals target targets targeted targeting plan plans planned planning
    envision envisions envisioned envisage envisages envisaged vision ambition ambitions seeks seek seeking
    intends intend intended intention pledged pledge pledges vowed vows wants aspires aspire strives strive
    eyes eyeing earmarked proposed upcoming mandate"""
)
PROJECTION_CUES = words(
    """projected projection projections projects expected expects expect expectation expectations forecast
    forecasts forecasted anticipated anticipates anticipate likely poised potential could would might
    may"""
)
DESIGN_VERBS = words("cover covers occupy occupies span spans house houses accommodate accommodates")
ACTUAL_STOPS = words(
    """has have had was were reached rose grew increased surged stood recorded posted totalled totaled
    amounted achieved trained generated created attracted earned helped benefited registered emerged
    crossed hit touched clocked registered contributed jumped climbed declined fell dropped doubled
    reduced cut provided supported hosted launched completed"""
)
MODALS = words("will would could should may might to")
SPEC_UNITS = frozenset({"sqft", "sqm", "km", "Tbps"})  # a planned facility's size or capacity is a target
PLAN_NOUNS = words("strategy plan roadmap blueprint vision")
COMPARE_BEFORE = words("compared against versus vs")
TARGET_AFTER = words("goal target vision aim ambition plan")
PROJECTION_AFTER = words("expected projected forecast anticipated estimated")


def is_comparison(view: SentenceView, qi: int) -> bool:
    """Whether quantity ``qi`` is the earlier figure of a comparison."""
    first = view.q_first[qi]
    q = view.quantities[qi]
    for back in range(1, 4):
        i = first - back
        if i < 0 or view.tok_q[i] >= 0:
            break
        norm = view.word(i)
        if norm in COMPARE_BEFORE:
            return True
        if norm == "from":
            same_unit = [j for j, other in enumerate(view.quantities) if j != qi and other.unit == q.unit]
            if not same_unit:
                return False
            after = view.q_last[qi]
            if (
                view.word(after) == "to"
                and view.tok_q[after + 1 if after + 1 < len(view.tokens) else after] >= 0
            ):
                return True
            return any(
                view.q_last[j] <= first and view.clause[view.q_first[j]] == view.clause[first]
                for j in same_unit
            )
        if norm == "as" and view.word(i + 1) == "against":
            return True
        if norm not in ("to", "with", "the", "a", "an", "of", "just", "only", "as"):
            break
    return False


def kind_of(view: SentenceView, qi: int, np: NounPhrase) -> tuple[str, bool]:
    """(kind, whether a cue decided it) for a quantity that is not a comparison."""
    after = np.last if np.last > view.q_last[qi] else view.q_last[qi]
    nxt = view.word(after)
    if nxt in ("is", "are", "was", "were"):
        nxt = view.word(after + 1)
    if nxt in TARGET_AFTER:
        return "target", True
    if nxt in PROJECTION_AFTER:
        return "projection", True
    if view.quantities[qi].unit in SPEC_UNITS and _will_after(view, after):
        return "target", True  # "14,100 kilometres of fibre will be laid"
    if any(w in ("upcoming", "proposed", "planned") for w in np.modifiers()):
        return "target", True
    if any(w.norm in ("target", "goal") for w in np.words):
        return "target", True  # "$25bn IT export target"
    first = view.q_first[qi]
    clause = view.clause[first] if first < len(view.tokens) else -1
    for i in range(first - 1, max(-1, first - 26), -1):
        if view.clause[i] != clause:
            break
        norm = view.word(i)
        if norm in ("has", "have", "had") and view.word(i - 1) in MODALS:
            continue  # "will have the capacity to house": the modal decides
        if norm in ACTUAL_STOPS and view.tok_e[i] < 0:
            return "actual", False
        if norm == "will":
            ahead = {view.word(k) for k in range(i + 1, min(first, i + 6))}
            design = (
                bool(ahead & DESIGN_VERBS) or "capacity" in ahead or view.quantities[qi].unit in SPEC_UNITS
            )
            return ("target" if design else "projection"), True
        if norm in TARGET_CUES and view.tok_e[i] < 0:
            return "target", True
        if norm in PROJECTION_CUES and view.tok_e[i] < 0:
            if norm == "may" and view.tokens[i].text == "May":
                continue
            return "projection", True
        if norm == "set" and view.word(i + 1) == "to":
            return "projection", True
        if norm == "to" and _headline_infinitive(view, i):
            return "target", True
    if PLAN_NOUNS & view.norms():
        return "target", False
    return "actual", False


def _will_after(view: SentenceView, i: int) -> bool:
    """ "... of fibre will be laid": a "will" right after the number's phrase, in the same clause."""
    for k in range(i, min(len(view.tokens), i + 5)):
        if view.word(k) == "will":
            return True
        if not view.is_word(k) or view.tok_q[k] >= 0:
            return False
    return False


def _headline_infinitive(view: SentenceView, i: int) -> bool:
    """ "DigiSkills 3.0 to train 3.3 million", "Govt to set up 10 parks": a plan stated as "X to <verb>"."""
    if not view.is_word(i + 1) or view.tok_q[i + 1] >= 0 or view.tokens[i + 1].text[:1].isupper():
        return False
    if view.word(i - 1) in ("according", "due", "up", "close", "next", "owing", "thanks"):
        return False
    if i > 0 and view.tok_e[i - 1] >= 0:
        start = view.mentions[view.tok_e[i - 1]].first
        return start == 0 or not view.is_word(start - 1) or view.tokens[start - 1].text in (";", ":")
    return 0 < i <= 3 and all(view.tokens[k].text[:1].isupper() for k in range(i))
