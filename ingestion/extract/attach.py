"""Which period governs each figure: the nearest time expression in its clause, one carried forward from
an earlier clause, the previous period of a comparison ("same period last year"), or one carried over
from earlier sentences where the text points back ("during this period", "It", the export series)."""

from __future__ import annotations

from pkit.ingestion.extract.discourse import ArticleState, Draft
from pkit.ingestion.extract.kinds import ACTUAL_STOPS
from pkit.ingestion.extract.lexicon import words
from pkit.ingestion.extract.periods import PeriodValue
from pkit.ingestion.extract.phrases import SentenceView
from pkit.ingestion.extract.subjects import NATIONAL_EXPORTS, after_dateline

PAST = words("had has have was were")
# a stock with no date
_UNDATED = words("currently now presently today total cumulative overall collectively cumulatively")
_UNDATED_METRICS = words("project_cost funding")  # a project's cost and its financing are no period's flow
_POINTING = words("it its they their them this these those the such")


def choose_periods(
    view: SentenceView, drafts: list[Draft], anaphoric: bool, s_index: int, state: ArticleState
) -> None:
    owned: dict[int, int] = {}  # period index -> comparison quantity index
    # "usage doubled from 10 per cent to 19 per cent": a change between two undated points states its
    # own time frame (unknown), so no other sentence's period is borrowed for it
    compared = any(d.comparison for d in drafts)
    for d in drafts:
        if not d.comparison:
            continue
        end_tok = len(view.tokens)
        for other in drafts:
            if other.qi > d.qi:
                end_tok = view.q_first[other.qi]
                break
        for pi in range(len(view.periods)):
            tok = _period_token(view, pi)
            if view.q_last[d.qi] <= tok < end_tok and view.clause[tok] == view.clause[view.q_first[d.qi]]:
                owned.setdefault(pi, d.qi)
    for d in drafts:
        if d.comparison:
            continue
        d.period = _period_for(view, d, owned, anaphoric, s_index, state, compared)
        if (
            d.period is not None
            and d.period.prefix == "by "
            and d.kind == "actual"
            and d.period.form in ("month", "year")
            and (PAST | ACTUAL_STOPS) & view.norms()
            and "will" not in view.norms()
        ):
            d.period = PeriodValue(d.period.form, d.period.year, d.period.month, prefix="as of ")
    for d in drafts:
        if not d.comparison:
            continue
        mine = [pi for pi, qi in owned.items() if qi == d.qi]
        base = next(
            (o.period for o in drafts if not o.comparison and o.q.unit == d.q.unit and o.period), None
        )
        if base is None:
            base = next((o.period for o in drafts if not o.comparison and o.period), None)
        d.period = None
        if mine:
            p = view.periods[min(mine)]
            if p.role == "compare" and base is not None and base.prefix == "":
                d.period = base.shifted(-1)
            elif p.role in ("abs", "weak") and p.value is not None:
                d.period = p.value


def _same_tense(before: str | None, kind: str) -> bool:
    """Whether a period stated for figures of kind ``before`` can govern one of ``kind``: an actual's for
    actuals, a plan's or forecast's for plans and forecasts."""
    return before is None or before == kind or {before, kind} <= {"target", "projection"}


def _carried_period(view: SentenceView, d: Draft, s_index: int, state: ArticleState) -> PeriodValue | None:
    """A period named once and meant for the figures after it: "IT exports for December stood at $348
    million. The segment witnessed a growth of 12 percent ...". A sentence that names no time at all
    takes the period of the previous sentence with figures, when that sentence is in the same paragraph
    (or is the lede, just before) and stated figures of the same kind, and this one speaks of the same
    thing (the same subject) or points back to it ("It", "The segment", "These", "Their")."""
    period = state.prev_sentence_period
    if period is None or view.periods or not _same_tense(state.prev_sentence_kind, d.kind):
        return None
    paragraph = view.sentence.paragraph
    same_paragraph = paragraph == state.prev_sentence_paragraph
    after_lede = (
        state.prev_sentence_paragraph == state.first_paragraph and s_index - state.prev_sentence_index == 1
    )
    if not (same_paragraph or after_lede) or _UNDATED & view.norms():
        return None
    start = after_dateline(view)
    if view.word(start) in _POINTING - {"the"}:
        return period  # "It", "They", "These": the sentence goes on about the same thing
    same_subject = d.subject is not None and d.subject.name == state.prev_sentence_subject
    if d.subject is not None and d.subject.name == NATIONAL_EXPORTS and state.series_period is not None:
        return None  # the export series' own fiscal period governs its figures (below)
    return period if same_subject or view.word(start) == "the" else None


def _period_token(view: SentenceView, pi: int) -> int:
    return view.p_first[pi]


def _period_for(
    view: SentenceView,
    d: Draft,
    owned: dict[int, int],
    anaphoric: bool,
    s_index: int,
    state: ArticleState,
    compared: bool = False,
) -> PeriodValue | None:
    first, last = view.q_first[d.qi], view.q_last[d.qi]
    clause = view.clause[first] if first < len(view.tokens) else 0
    best: tuple[int, int] | None = None  # (distance, period index) in the same clause
    earlier: tuple[int, int] | None = None
    fallback: PeriodValue | None = None
    for pi, p in enumerate(view.periods):
        if pi in owned:
            continue
        if p.role == "compare":
            if p.value is not None and view.clause[_period_token(view, pi)] == clause:
                fallback = fallback or p.value  # "IT exports were $3bn last year" (the anchor's year before)
            continue
        tok = _period_token(view, pi)
        end_tok = tok
        while end_tok + 1 < len(view.tokens) and view.tok_p[end_tok + 1] == pi:
            end_tok += 1
        distance = first - end_tok if end_tok < first else tok - last + 1
        if view.clause[tok] == clause:
            rank = distance + (1000 if p.role == "weak" else 0)
            if best is None or rank < best[0]:
                best = (rank, pi)
        elif (
            view.clause[tok] < clause
            and view.barrier[tok] == view.barrier[first]
            and (earlier is None or distance < earlier[0])
        ):
            earlier = (distance, pi)
    chosen = best or earlier
    if chosen is not None and view.periods[chosen[1]].value is not None:
        outer = view.periods[chosen[1]].value
        for pi, p in enumerate(view.periods):
            if pi in owned or p.role != "abs" or p.value is None or outer is None:
                continue
            if (
                view.clause[_period_token(view, pi)] == clause
                and p.value.within(outer)
                and not p.value.prefix
            ):
                chosen = (0, pi)  # "the first four months (July-October) of the current fiscal year"
                break
    if chosen is not None:
        p = view.periods[chosen[1]]
        if p.role == "anaphor":
            return state.last_period
        if p.role == "weak" and p.value is not None:
            context = state.last_period
            if context is not None and context.within(p.value):
                return context
            d.period_weak = True
            return p.value
        return p.value
    if (
        anaphoric
        and state.prev_sentence_index == s_index - 1
        and state.prev_sentence_period is not None
        and _same_tense(state.prev_sentence_kind, d.kind)
        and (
            d.subject is None
            or state.prev_sentence_subject is None
            or d.subject.name == state.prev_sentence_subject
        )
    ):
        return state.prev_sentence_period
    carried = None if compared else _carried_period(view, d, s_index, state)
    if carried is not None:
        return carried
    if (
        d.subject is not None
        and d.subject.name == NATIONAL_EXPORTS
        and d.kind == "actual"
        and state.series_period is not None
    ):
        return state.series_period
    if (
        d.kind == "actual"
        and d.q.unit in ("USD", "PKR", "percent")
        and d.metric not in _UNDATED_METRICS
        and not view.periods
        and not _UNDATED & view.norms()
        and state.article_period is not None
    ):
        return state.article_period  # the story's period, named once in its title or lede
    return None
