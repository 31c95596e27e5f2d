"""Kind of a figure: ``actual``, ``target`` (a goal or plan: "aims", "goal", "target of", a planned
facility's design size "will cover N sq ft"), ``projection`` (a forecast: "expected to", "projected",
"will create") or ``comparison`` (the earlier figure quoted beside a current one: "compared to $2.284
billion", "from 38 per cent to 25 per cent", "up 21.6% from $1.997 billion").

Cues are read in the number's clause, nearest first; a past-tense verb between the cue and the number
("aims to train 1m and has trained 500,000") ends the search.
"""

from __future__ import annotations

from pkit.ingestion.extract.lexicon import words
from pkit.ingestion.extract.phrases import NounPhrase, SentenceView

TARGET_CUES = words(
    """aim aims aimed aiming goal goals target targets targeted targeting plan plans planned planning
    envision envisions envisioned envisage envisages envisaged vision ambition ambitions seeks seek seeking
    intends intend intended intention pledged pledge pledges vowed vows wants aspires aspire strives strive
    eyes eyeing earmarked proposed upcoming mandate decided decides decide resolved"""
)
PROJECTION_CUES = words(
    """projected projection projections projects expected expects expect expectation expectations forecast
    forecasts forecasted anticipated anticipates anticipate likely poised potential could would might
    may"""
)
DESIGN_VERBS = words(
    """cover covers occupy occupies span spans house houses accommodate accommodates consist consists comprise
    comprises feature features include includes offer offers"""
)
# "will provide office space to 225 start-ups": a facility's capacity is part of its design (a target),
# where "will provide 5,000 jobs" is an outcome (a projection).
CAPACITY_NOUNS = words("space spaces accommodation capacity seats room rooms facilities facility")
# "the total number of NICs will reach nine": the units an actor builds add up to a planned total.
TOTAL_NOUNS = words("total number")
TOTAL_VERBS = words("reach rise increase climb go grow")
ACTUAL_STOPS = words(
    """has have had was were reached rose grew increased surged stood recorded posted totalled totaled
    amounted achieved trained generated created attracted earned helped benefited registered emerged
    crossed hit touched clocked registered contributed jumped climbed declined fell dropped doubled
    reduced cut provided supported hosted launched completed"""
)
MODALS = words("will would could should may might to")
# After "will": setting something up is a plan (target); what it will bring about is a forecast.
PLAN_VERBS = words(
    """establish establishing established set build built construct constructed launch launched develop
    developed allocate allocated spend spent invest invested disburse disbursed open opened introduce
    introduced inaugurate upgrade upgraded install installed lay laid"""
)
OUTCOME_VERBS = words(
    """create creates generate generates provide provides bring brings add adds attract attracts help helps
    enable enables contribute contributes boost boosts produce produces employ employs earn earns fetch"""
)
SPEC_UNITS = frozenset({"sqft", "sqm", "km", "Tbps"})  # a planned facility's size or capacity is a target
PLAN_NOUNS = words("strategy plan roadmap blueprint vision")
COMPARE_BEFORE = words("compared against versus vs")
TARGET_AFTER = words("goal target vision aim ambition plan planned proposed envisaged")
PROJECTION_AFTER = words("expected projected forecast anticipated estimated")


_PERIOD_GLUE = words("in during for of the")


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
            while after < len(view.tokens) and (view.tok_p[after] >= 0 or view.word(after) in _PERIOD_GLUE):
                after += 1  # "from $1,192 million in FY19 to $1,439 million in FY20"
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
    if nxt == "to" and view.word(after + 1) == "be" and view.word(after + 2) in PLAN_VERBS:
        return "target", True  # "15 parks to be set up", "Rs 2bn to be spent"
    if view.quantities[qi].unit in SPEC_UNITS and _will_after(view, after):
        return "target", True  # "14,100 kilometres of fibre will be laid"
    if any(w in ("upcoming", "proposed", "planned") for w in np.modifiers()):
        return "target", True
    if any(w.norm in ("target", "goal") for w in np.words):
        return "target", True  # "$25bn IT export target"
    first = view.q_first[qi]
    clause = view.clause[first] if first < len(view.tokens) else -1
    stop = max(-1, first - 26)
    i = first
    while i - 1 > stop:
        i -= 1
        if view.clause[i] != clause:
            if not _verbless_clause(view, i + 1):
                break
            # ", with an investment of Rs 4.5 billion": a phrase with no verb of its own is governed
            # by the clause it hangs on ("plans to establish 15 parks ..., with ...")
            clause, stop = view.clause[i], max(-1, i - 26)
        norm = view.word(i)
        if norm in ("project", "projects") and not _verb_after_subject(view, i):
            continue  # "1,200 projects", "the project": a noun
        if norm in ("has", "have", "had") and view.word(i - 1) in MODALS:
            continue  # "will have the capacity to house": the modal decides
        if norm in ACTUAL_STOPS and view.tok_e[i] < 0:
            if view.word(i - 1) == "be":
                continue  # "will be completed at a cost of": a passive after a modal, which decides
            return "actual", False
        if norm == "will":
            return _will_kind(view, i, first, view.quantities[qi].unit), True
        if norm in TARGET_CUES and view.tok_e[i] < 0:
            return "target", True
        if norm in PROJECTION_CUES and view.tok_e[i] < 0:
            if norm == "may" and view.tokens[i].text == "May":
                continue
            return "projection", True
        if norm == "project" and _verb_after_subject(view, i):
            return "projection", True  # "analysts project exports of $3.5bn" (not "the project")
        if norm == "set" and view.word(i + 1) == "to":
            return "projection", True
        if norm == "to" and _headline_infinitive(view, i):
            return "target", True
    if PLAN_NOUNS & view.norms():
        return "target", False
    return "actual", False


_PHRASE_OPENERS = words("with at costing worth involving including entailing")


def _verbless_clause(view: SentenceView, i: int) -> bool:
    """Whether the clause starting at token ``i`` is a phrase hanging on the previous clause: it opens with
    "with", "at a cost of", "costing" ... and has no auxiliary or past-tense verb of its own."""
    if view.word(i) not in _PHRASE_OPENERS:
        return False
    clause = view.clause[i]
    k = i + 1
    while k < len(view.tokens) and view.clause[k] == clause:
        if view.word(k) in ACTUAL_STOPS | (MODALS - {"to"}) or view.word(k) in ("is", "are", "will"):
            return False
        k += 1
    return True


_VERB_SUBJECTS = words(
    """we they he she it analysts economists experts officials estimates brokerages government ministry
    bank imf report survey"""
)


def _verb_after_subject(view: SentenceView, i: int) -> bool:
    """Whether "project(s)" at ``i`` is a verb: its subject ("analysts", "the SBP") comes just before it."""
    if i <= 0 or view.tok_e[i] >= 0:
        return False  # "Digital Economy Enhancement Project": part of a name
    return view.word(i - 1) in _VERB_SUBJECTS or view.tok_e[i - 1] >= 0


def _will_kind(view: SentenceView, will: int, first: int, unit: str) -> str:
    """Kind of a figure governed by the "will" at token ``will``: the verb nearest before the number
    decides ("will house 250 companies and create 10,000 jobs": house -> target, create -> projection)."""
    for k in range(first - 1, will, -1):
        word = view.word(k)
        if word in OUTCOME_VERBS:
            if any(view.word(j) in CAPACITY_NOUNS for j in range(k + 1, first)):
                return "target"
            return "projection"
        if word in TOTAL_VERBS and unit == "count":
            before = {view.word(j) for j in range(max(0, will - 5), will)}
            if before & TOTAL_NOUNS:
                return "target"
        if word in DESIGN_VERBS or word in PLAN_VERBS or word == "capacity":
            return "target"
    return "target" if unit in SPEC_UNITS else "projection"


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
