"""From text to facts: numbers, then for each its subject, metric, period and kind.

One pass over the sentences of each article of the page (see :mod:`metadata`), carrying a little
discourse state: the last subject (for "It", "These parks"), the last period (for "during this
period"), the export wording in use (IT vs ICT) and the money figures already stated (a restatement
of "$5.2 billion" repeats the first mention's fields).
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from dataclasses import replace

from pkit.ingestion.extract import gazetteer, jurisdiction
from pkit.ingestion.extract.attach import choose_periods
from pkit.ingestion.extract.discourse import (
    ArticleState,
    Draft,
    Subject,
    entity_subject,
    remember_mentions,
    unique_heads,
)
from pkit.ingestion.extract.gazetteer import Mention
from pkit.ingestion.extract.kinds import is_comparison, kind_of
from pkit.ingestion.extract.lexicon import COUNT_NOUNS, MONTHS, NON_FACT_HEADS, words
from pkit.ingestion.extract.metadata import Segment, detect_metadata, find_segments, header_block
from pkit.ingestion.extract.metrics import (
    EXPORT_METRICS,
    NATIONAL_METRICS,
    MetricContext,
    count_metric,
    is_decline,
    money_metric,
    percent_metric,
)
from pkit.ingestion.extract.model import Fact
from pkit.ingestion.extract.numbers import Quantity, find_quantities
from pkit.ingestion.extract.periods import find_periods
from pkit.ingestion.extract.phrases import NounPhrase, SentenceView, build_view, noun_before, noun_phrase
from pkit.ingestion.extract.sentences import Sentence, singular, split_sentences, tokenize
from pkit.ingestion.extract.subjects import (
    DEFAULT_SUBJECT,
    NATIONAL_EXPORTS,
    TIME_NOUNS,
    after_dateline,
    anaphoric_start,
    choose_subject,
    fallback_subject,
    refers_back,
)

_IT_WORDS = words(
    """ict ites tech technology technologies digital software telecom telecommunication telecommunications
    broadband internet mobile fibre cable cables freelancer freelancers freelancing freelance startup startups
    e-commerce cyber cybersecurity data cloud ai 5g online computer computing park parks incubation
    incubator incubators bpo outsourcing gig platform platforms app apps e-governance e-government
    digitisation digitalisation digitization digitalization semiconductor semiconductors spectrum
    connectivity internet-based 3g 4g lte laptop laptops"""
)
CONTEXT_SENTENCES = 4  # sentences without numbers read before each sentence with numbers
_RANK_BEFORE = words("top ranked rank ranks no number position")
_FURNITURE_SENTENCE = re.compile(
    r"^\s*(?:[-–—•|]\s*)?(?:\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
    r"|\d+\s+min(?:ute)?s?\s+read|comments?\s*\(?\d*\)?|share\s*\d*|page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+"
    r"|copyright\b.*|©.*|all rights reserved.*)\s*$",
    re.IGNORECASE,
)


def extract_facts(text: str, doc: str, published_date: datetime.date | None = None) -> list[Fact]:
    """The facts stated in ``text`` (one per number mention), per docs/fact-schema.md."""
    if published_date is None:
        published_date = detect_metadata(text).published_date
    gaz = gazetteer.load()
    segments = find_segments(text, published_date)
    header = header_block(text)
    body_start = header.body_start if header is not None else 0
    quantities = find_quantities(text)
    facts: list[Fact] = []
    seg_of: list[int] = []
    seg_index = 0
    q_index = 0
    by_head = unique_heads(gaz)
    state = ArticleState(by_head=by_head)
    if header is not None and header.title_span is not None:
        _read_title(text, header.title_span, segments[0], state, gaz)
    # Sentences without numbers only matter for what they name (for "It", "these parks" later on): read
    # the last few of them when a sentence with numbers comes, and skip the rest.
    pending: deque[tuple[int, Sentence]] = deque(maxlen=CONTEXT_SENTENCES)
    for s_index, sentence in enumerate(split_sentences(text)):
        if sentence.start < body_start:
            continue  # the header block (url, outlet, title, date) states no facts
        while seg_index + 1 < len(segments) and sentence.start >= segments[seg_index + 1].start:
            seg_index += 1
            state = ArticleState(by_head=by_head)
            pending.clear()
        while q_index < len(quantities) and quantities[q_index].start < sentence.start:
            q_index += 1
        here: list[Quantity] = []
        k = q_index
        while k < len(quantities) and quantities[k].start < sentence.end:
            if quantities[k].end <= sentence.end:
                here.append(quantities[k])
            k += 1
        if not here:
            pending.append((s_index, sentence))
            continue
        while pending:
            p_index, earlier = pending.popleft()
            _sentence_facts(text, doc, earlier, p_index, [], segments[seg_index], gaz, state)
        found = _sentence_facts(text, doc, sentence, s_index, here, segments[seg_index], gaz, state)
        facts.extend(found)
        seg_of.extend([seg_index] * len(found))
    return _share_restated_periods(facts, seg_of)


def _read_title(
    text: str, span: tuple[int, int], segment: Segment, state: ArticleState, gaz: gazetteer.Gazetteer
) -> None:
    """A header's title names the period its story is about ("ICT exports up 25pc in 1HFY25"): the
    national export figures of the body that name none take it, as they take a lede's."""
    title_tokens = tokenize(text, span[0], span[1])
    title_markers = jurisdiction.markers(title_tokens, gaz.find(title_tokens))
    state.jurisdiction.article = jurisdiction.sentence_side(title_markers)
    periods = find_periods(text, span[0], span[1], segment.anchor)
    found = next((p.value for p in periods if p.role == "abs" and p.value is not None), None)
    if found is not None and found.prefix == "" and found.form in ("fy", "span", "month"):
        state.series_period = found
        state.article_period = found


_VERSION = re.compile(r"\d{1,2}\.\d")
_PHASE = re.compile(r"(?i:phase)(?:[-‑ ]?(?:[IVX]{1,4}|\d{1,2}))?")
_ROMAN_OR_DIGITS = re.compile(r"[IVX]{1,4}|\d{1,2}")


def _with_phases(text: str, tokens: list, mentions: list[Mention]) -> list[Mention]:
    """ "DigiSkills 2.0", "e-Rozgaar Phase-II": a programme's phase is its own subject, named as written
    (its parent the programme), unless the gazetteer knows that phase by name already."""
    out = []
    for m in mentions:
        k = m.last
        if m.entity.kind != "program" or k >= len(tokens):
            out.append(m)
            continue
        tok = tokens[k]
        end = -1
        if _VERSION.fullmatch(tok.text):
            end = k + 1
        elif _PHASE.fullmatch(tok.text):
            end = k + 1
            if "-" not in tok.text and k + 1 < len(tokens) and _ROMAN_OR_DIGITS.fullmatch(tokens[k + 1].text):
                end = k + 2
            elif tok.text.lower() == "phase":
                end = -1
        if end < 0:
            out.append(m)
            continue
        name = text[m.start : tokens[end - 1].end]
        entity = gazetteer.Entity(name, "program", m.entity.heads, m.entity.name, m.entity.metrics)
        out.append(Mention(m.first, end, m.start, tokens[end - 1].end, entity, m.metric))
    return out


def _share_restated_periods(facts: list[Fact], seg_of: list[int]) -> list[Fact]:
    """An amount restated in one article (a headline and its story) takes the period stated elsewhere."""
    periods: dict[tuple[object, ...], str] = {}
    keys = []
    for fact, seg in zip(facts, seg_of, strict=True):
        key = (seg, fact.unit, fact.value, fact.value_high, fact.metric, fact.subject, fact.kind)
        keys.append(key)
        if fact.period is not None and fact.unit in ("USD", "PKR"):
            periods.setdefault(key, fact.period)
    return [
        replace(fact, period=periods[key]) if fact.period is None and key in periods else fact
        for fact, key in zip(facts, keys, strict=True)
    ]


def _sentence_facts(
    text: str,
    doc: str,
    sentence: Sentence,
    s_index: int,
    quantities: list[Quantity],
    segment: Segment,
    gaz: gazetteer.Gazetteer,
    state: ArticleState,
) -> list[Fact]:
    tokens = tokenize(text, sentence.start, sentence.end)
    mentions = _with_phases(text, tokens, gaz.find(tokens))
    for mention in mentions:
        if mention.metric in ("it_exports", "ict_exports"):
            state.family = mention.metric
    if state.first_paragraph < 0:
        state.first_paragraph = sentence.paragraph
    markers = jurisdiction.markers(tokens, mentions)
    context = jurisdiction.context_side(state.jurisdiction, sentence.paragraph)
    jurisdiction.remember(state.jurisdiction, sentence.paragraph, markers)
    if not quantities or _FURNITURE_SENTENCE.match(text, sentence.start, sentence.end):
        remember_mentions(state, mentions, None, s_index)
        return []
    periods = find_periods(text, sentence.start, sentence.end, segment.anchor)
    masks = [(p.start, p.end) for p in periods] + [(m.start, m.end) for m in mentions]
    quantities = [q for q in quantities if not any(q.start < e and s < q.end for s, e in masks)]
    if not quantities:
        remember_mentions(state, mentions, None, s_index)
        return []
    view = build_view(text, sentence, tokens, quantities, periods, mentions)
    anaphoric = anaphoric_start(view)
    relevant = (
        _relevant(view)
        or (anaphoric and state.prev_relevant)
        or refers_back(view, state)
        or _continues_series(view, state, s_index)
        or _goes_on(view, state, s_index)
        or _pakistan_by_contrast(view, markers, state, s_index)
    )
    if relevant:
        state.relevant_index = s_index
    restated = any((q.unit, round(q.value, 2), q.value_high) in state.money_facts for q in quantities)
    if not (relevant or restated):
        remember_mentions(state, mentions, None, s_index)
        return []
    drafts: list[Draft] = []
    for qi, q in enumerate(quantities):
        if jurisdiction.figure_side(markers, view.q_first[qi], context) == jurisdiction.FOREIGN:
            continue  # another country's figure, or the world's: not Pakistan's fact
        np = noun_phrase(view, qi)
        if not _is_fact(view, qi, q, np, drafts):
            continue
        drafts.append(Draft(qi, q, np))
    for d in drafts:
        d.comparison = is_comparison(view, d.qi)
        if d.comparison:
            d.kind, d.kind_cued = "comparison", True
        else:
            d.kind, d.kind_cued = kind_of(view, d.qi, d.np)
        d.subject = choose_subject(view, d, anaphoric, state)
    money: list[tuple[int, str]] = []
    for d in drafts:
        converted = _converted_from(view, d, drafts)
        if converted is not None:
            d.metric, d.metric_cued, d.kind, d.kind_cued = (
                converted.metric,
                True,
                converted.kind,
                converted.kind_cued,
            )
            d.subject, d.comparison = converted.subject, converted.comparison
            continue
        _choose_metric(view, d, drafts, state, money)
        if d.q.unit in ("USD", "PKR") and not d.comparison:
            money.append((d.qi, d.metric))
    _enumerated(view, drafts)
    for d in drafts:
        entity = d.subject.entity if d.subject is not None else None
        if not d.metric_cued and entity is not None and entity.default_metric(d.q.unit):
            d.metric, d.metric_cued = entity.default_metric(d.q.unit) or d.metric, True
    for d in drafts:
        if d.metric in NATIONAL_METRICS and (d.subject is None or d.subject.kind in ("series", "agency")):
            d.subject = Subject(NATIONAL_EXPORTS, "series", frozenset({"exports"}))
    for d in drafts:
        if d.metric == "project_cost" and d.kind == "actual" and not d.kind_cued and _unfinished(view):
            d.kind = "target"  # the approved or estimated cost of a facility not yet finished
    choose_periods(view, drafts, anaphoric, s_index, state)
    fallbacks = _fallback_subjects(view, drafts, state, s_index)
    facts: list[Fact] = []
    for d in drafts:
        key = (d.q.unit, round(d.q.value, 2), d.q.value_high)
        first = state.money_facts.get(key) if d.q.unit in ("USD", "PKR") else None
        if not relevant and first is None:
            continue
        subject = d.subject or fallbacks[d.qi]
        metric, kind, period = d.metric, d.kind, d.period.norm() if d.period else None
        if first is not None:
            if not d.metric_cued:
                metric, subject = first.metric, Subject(first.subject, None)
            if not d.kind_cued:
                kind = first.kind
            if period is None and metric == first.metric:
                period = first.period
        value = d.q.value
        if metric in ("yoy_growth", "mom_growth") and d.q.unit == "percent" and is_decline(view, d.qi):
            value = -value  # a fall is a negative growth: "declined 7 percent month-on-month" -> -7.0
        fact = Fact(
            doc=doc,
            subject=subject.name,
            metric=metric,
            value=value,
            value_high=d.q.value_high,
            qualifier=d.q.qualifier,
            unit=d.q.unit,
            period=period,
            kind=kind,
            quote=view.quote,
            start=d.q.start,
            end=d.q.end,
        )
        facts.append(fact)
        if d.q.unit in ("USD", "PKR") and key not in state.money_facts:
            state.money_facts[key] = fact
    _update_state(state, view, drafts, facts, mentions, s_index, relevant)
    return facts


_ITEM_STOP = words("and or while whereas which that with")
_TRAILING = words("in of at for to the a an on by")
_ALLOCATION_WORDS = words("allocated allocation allocations earmarked budget budgeted")
_SPENDING_WORDS = words("spent spending expenditure expenses utilised utilized")


def _enumerated(view: SentenceView, drafts: list[Draft]) -> None:
    """ "Rs 221 million for A, Rs 206 million for B ... and Rs 2 billion for C": each amount of an
    enumeration is about what follows its own "for" (a gazetteer entity there, else the phrase as
    written), and all measure what the first does."""
    items = [
        d
        for d in drafts
        if d.q.unit in ("USD", "PKR") and not d.comparison and view.word(view.q_last[d.qi]) == "for"
    ]
    if len(items) < 2:
        return
    norms = view.norms()
    if norms & _ALLOCATION_WORDS:
        metric = "budget_allocation"
    elif norms & _SPENDING_WORDS:
        metric = "spending"
    else:
        metric = next((d.metric for d in items if d.metric and d.metric != "amount"), "")
    tokens = view.tokens
    for d in items:
        j = view.q_last[d.qi] + 1
        while view.word(j) in ("the", "a", "an", "its", "their"):
            j += 1
        k = j
        while (
            k < len(tokens)
            and k - j < 8
            and view.is_word(k)
            and view.tok_q[k] < 0
            and not (
                view.word(k) in _ITEM_STOP
                and (k == j or view.tok_q[k + 1 if k + 1 < len(tokens) else k] >= 0 or view.word(k) != "and")
            )
        ):
            k += 1
        while k > j and view.word(k - 1) in _TRAILING:
            k -= 1
        if k == j:
            continue
        entity = next((view.mentions[view.tok_e[i]] for i in range(j, k) if view.tok_e[i] >= 0), None)
        if entity is not None and entity.entity.kind != "series":
            d.subject = entity_subject(entity.entity)
        else:
            d.subject = Subject(view.text[tokens[j].start : tokens[k - 1].end], None)
        if metric:
            d.metric, d.metric_cued = metric, True


def _fallback_subjects(
    view: SentenceView, drafts: list[Draft], state: ArticleState, s_index: int
) -> dict[int, Subject]:
    """Subjects for the drafts no entity claimed. An amount that would fall to the sector default shares the
    phrase of a count in the same sentence: "will establish 10 IT parks ... at a cost of Rs 15 billion"."""
    found = {d.qi: fallback_subject(view, d, state, s_index) for d in drafts if d.subject is None}
    phrase = next(
        (found[d.qi] for d in drafts if d.qi in found and d.q.unit == "count" and found[d.qi].kind is None),
        None,
    )
    if phrase is not None:
        for d in drafts:
            if d.qi in found and d.q.unit in ("USD", "PKR") and found[d.qi].name == DEFAULT_SUBJECT:
                found[d.qi] = phrase
    return found


_SPAN_BEFORE = words("within in after for next past last over")


def _is_fact(view: SentenceView, qi: int, q: Quantity, np: NounPhrase, kept: list[Draft]) -> bool:
    """Whether a count is a fact: a noun must say what is counted (or the number repeats one: "with 50")."""
    first = view.q_first[qi]
    if q.unit == "days":
        return view.word(first - 1) not in _SPAN_BEFORE  # "within 14 days": a deadline, not a measure
    if q.unit != "count":
        return True
    if view.word(first - 1) in _RANK_BEFORE or (
        view.word(first - 1) == "of" and view.word(first - 2) == "one"
    ):
        return False
    head = np.head
    if head is None:
        if np.shared_from >= 0:
            return True
        if view.word(view.q_last[qi]) in ("ago",):
            return False
        before = noun_before(view, qi)
        if before is not None:
            np.head, np.head_before = before, True
            return not q.spelled or before in COUNT_NOUNS
        return any(d.q.unit == "count" for d in kept) or (q.scaled and not q.spelled)
    if head in NON_FACT_HEADS or singular(head) in NON_FACT_HEADS:
        return False
    return not (q.spelled and not q.scaled and head not in COUNT_NOUNS and singular(head) not in COUNT_NOUNS)


def _relevant(view: SentenceView) -> bool:
    if view.mentions:
        return True
    for tok in view.tokens:
        if tok.text in ("IT", "ICT", "ITeS", "IT’s", "IT's") or tok.norm in _IT_WORDS:
            return True
        if tok.norm.startswith(("e-", "digi", "tech", "freelanc", "telecom")):
            return True
    return False


_GENERIC_BACK = words(
    """sector segment industry figure figures number numbers total growth allocation amount programme
    program scheme initiative project"""
)


def _goes_on(view: SentenceView, state: ArticleState, s_index: int) -> bool:
    """ "IT exports for December stood at $348 million. The segment witnessed a growth of 12 percent":
    right after a sentence with relevant figures, in the same paragraph, "the sector", "the segment",
    "this programme", "they" or "them" goes on about the same thing."""
    if not state.prev_relevant or state.prev_sentence_index != s_index - 1:
        return False
    if state.prev_sentence_paragraph != view.sentence.paragraph:
        return False
    i = after_dateline(view)
    if view.word(i) in ("the", "this", "these", "its", "their") and view.word(i + 1) in _GENERIC_BACK:
        return True
    return any(t.text in ("them", "they") for t in view.tokens)  # "wants to raise them to $15 billion"


_UNFINISHED = words("will estimated proposed planned approved upcoming")
_FINISHED = words("inaugurated inaugurates completed opened operational functional")
_BEING = words("built constructed developed established set")


def _unfinished(view: SentenceView) -> bool:
    """ "being built", "under construction", "will", "estimated", "approved": a facility not yet finished."""
    norms = view.norms()
    if norms & _FINISHED:
        return False  # "the centre, inaugurated on Monday, was set up at a cost of ..."
    if norms & _UNFINISHED:
        return True
    for i in range(len(view.tokens) - 1):
        word, nxt = view.word(i), view.word(i + 1)
        if (word == "being" and nxt in _BEING) or (word == "under" and nxt == "construction"):
            return True
    return False


_CONTRAST = words("comparison contrast meanwhile whereas against compared unlike")


def _pakistan_by_contrast(
    view: SentenceView, markers: list[tuple[int, str]], state: ArticleState, s_index: int
) -> bool:
    """ "Bangladesh earned $1.3 billion from ICT exports ... Pakistan, by comparison, earned $3.2 billion":
    Pakistan's figure set against another country's relevant one right before it is as relevant."""
    return (
        state.relevant_index == s_index - 1
        and jurisdiction.sentence_side(markers) == jurisdiction.PAKISTAN
        and bool(_CONTRAST & view.norms())
    )


_BARE_EXPORTS_BEFORE = words("the these such monthly its their")


def _continues_series(view: SentenceView, state: ArticleState, s_index: int) -> bool:
    """ "In March alone, exports were $342m": right after figures of the national IT export series, a bare
    "exports" (not "textile exports", "total exports") goes on about that series."""
    if state.prev_sentence_subject != NATIONAL_EXPORTS or s_index - state.prev_sentence_index > 2:
        return False
    for i, tok in enumerate(view.tokens):
        if tok.norm in ("exports", "export") and view.tok_e[i] < 0:
            before = view.word(i - 1)
            return not view.is_word(i - 1) or before in _BARE_EXPORTS_BEFORE
    return False


def _choose_metric(
    view: SentenceView, d: Draft, drafts: list[Draft], state: ArticleState, money: list[tuple[int, str]]
) -> None:
    subject = d.subject
    alias_metric = None
    first, last = view.q_first[d.qi], view.q_last[d.qi]
    clause = view.clause[first] if first < len(view.tokens) else -1
    best = 10**6
    for m in view.mentions:
        if m.metric is None or view.clause[m.first] != clause:
            continue
        distance = first - m.last if m.last <= first else (m.first - last) + 4  # prefer the wording before
        if 0 <= distance < best and distance <= 12:
            best, alias_metric = distance, m.metric
    ctx = MetricContext(
        subject_kind=subject.kind if subject else None,
        subject_heads=subject.heads if subject else frozenset(),
        family=alias_metric if alias_metric in ("it_exports", "ict_exports") else state.family,
        alias_metric=alias_metric,
        kind=d.kind,
        previous_money_metric=_main_money(money) or state.prev_money_metric,
    )
    if d.comparison:
        partner = next(
            (
                o
                for o in reversed(drafts)
                if o.qi < d.qi and o.q.unit == d.q.unit and not o.comparison and o.metric
            ),
            None,
        )
        if partner is None:
            partner = next(
                (o for o in drafts if o.qi > d.qi and o.q.unit == d.q.unit and not o.comparison), None
            )
            if partner is not None and not partner.metric:
                _choose_metric(view, partner, drafts, state, money)
        if partner is not None:
            d.metric, d.metric_cued = partner.metric, True
            d.subject = d.subject or partner.subject
            if partner.subject is not None and partner.subject.name != (
                d.subject.name if d.subject else None
            ):
                d.subject = partner.subject
            return
    unit = d.q.unit
    if unit in ("USD", "PKR"):
        d.metric, d.metric_cued = money_metric(view, d.qi, d.np, ctx)
        if ctx.kind == "comparison" and d.metric == "export_target":
            d.metric = ctx.family
    elif unit == "percent":
        d.metric, d.metric_cued = percent_metric(view, d.qi, d.np, ctx, money)
    elif unit == "count":
        if (d.np.head is None or d.np.head_before) and d.np.shared_from < 0:
            prev = next(
                (o for o in reversed(drafts) if o.qi < d.qi and o.q.unit == "count" and o.metric), None
            )
            if prev is not None and not d.np.head_before:
                d.metric, d.metric_cued = prev.base_metric or prev.metric, True
                after = {view.word(k) for k in range(view.q_last[d.qi], view.q_last[d.qi] + 3)}
                if "enrolled" in after and d.metric == "trainees":
                    d.metric = "enrolments"  # "... to train 1 million, adding that 300,000 had enrolled"
                d.base_metric = d.metric
                via = _via(view, d)
                if via:
                    d.metric += "_via_" + via
                d.subject = (
                    d.subject if d.subject and d.subject.kind != "series" else prev.subject or d.subject
                )
                return
        if d.np.shared_from >= 0 and d.np.head is not None:
            d.metric, d.metric_cued = count_metric(view, d.qi, d.np, ctx)
            return
        d.metric, d.metric_cued = count_metric(view, d.qi, d.np, ctx)
    elif unit in ("sqft", "sqm"):
        d.metric, d.metric_cued = "area_sqft", True  # the contract's one area metric; the unit tells sqft/sqm
    elif unit == "km":
        cues = {"fibre", "optical", "ofc", "cable", "cables", "fiberisation", "fiberization", "fibre-optic"}
        d.metric, d.metric_cued = ("fiber_km" if cues & view.norms() else "length_km"), True
    elif unit == "Tbps":
        d.metric, d.metric_cued = (
            ("submarine_capacity_tbps" if "submarine" in view.norms() else "capacity_tbps"),
            True,
        )
    else:
        d.metric, d.metric_cued = "duration_days", False


def _converted_from(view: SentenceView, d: Draft, drafts: list[Draft]) -> Draft | None:
    """ "Rs 35 billion ($161 million)": the amount in brackets restates the one before it."""
    first = view.q_first[d.qi]
    if d.q.unit not in ("USD", "PKR") or view.tokens[first - 1].text != "(" if first > 0 else True:
        return None
    before = view.tok_q[first - 2] if first >= 2 else -1
    for other in drafts:
        if other.qi == before and other.q.unit in ("USD", "PKR") and other.q.unit != d.q.unit:
            return other
    return None


def _via(view: SentenceView, d: Draft) -> str | None:
    """ "300,000 via Huawei": the partner a share of a count comes through. Only a name (capitalised,
    not a month or any part of a time expression) qualifies: "20,000 by June 2026" is a deadline."""
    i = view.q_last[d.qi]
    nxt = i + 1
    if view.word(i) not in ("via", "through", "by", "from") or not view.is_word(nxt):
        return None
    tok = view.tokens[nxt]
    if view.tok_p[nxt] >= 0 or view.tok_p[i] >= 0 or view.tok_q[nxt] >= 0 or not tok.text[:1].isupper():
        return None
    if tok.norm.rstrip(".") in MONTHS or tok.norm in TIME_NOUNS or tok.text[:1].isdigit():
        return None
    return re.sub(r"[^a-z0-9]+", "_", tok.norm).strip("_") or None


def _main_money(money: list[tuple[int, str]]) -> str | None:
    return money[0][1] if money else None


def _update_state(
    state: ArticleState,
    view: SentenceView,
    drafts: list[Draft],
    facts: list[Fact],
    mentions: list[Mention],
    s_index: int,
    relevant: bool,
) -> None:
    primary = None
    if drafts and facts:
        primary = drafts[0].subject or fallback_subject(view, drafts[0], state, s_index)
        for d in drafts:
            if d.subject is not None and d.subject.kind is None:
                state.antecedents.append((d.subject, False))
    remember_mentions(state, mentions, primary, s_index)
    if (
        primary is not None
        and primary.kind in (None, "park")
        and primary not in [a for a, _ in state.antecedents]
    ):
        state.antecedents.append((primary, False))
    main = next(
        (d.period for d in drafts if not d.comparison and d.period is not None and not d.period_weak), None
    )
    if facts:
        state.prev_sentence_period = main
        state.prev_sentence_subject = primary.name if primary is not None else None
        state.prev_sentence_index = s_index
        state.prev_sentence_paragraph = view.sentence.paragraph
        state.prev_sentence_kind = next((d.kind for d in drafts if not d.comparison), None)
        if (
            state.article_period is None
            and view.sentence.paragraph == state.first_paragraph
            and main is not None
            and state.prev_sentence_kind == "actual"
            and main.prefix == ""
            and main.form in ("fy", "span", "month")
        ):
            state.article_period = main  # the lede's period
        state.prev_relevant = relevant
    for d in drafts:
        if d.comparison or d.period is None:
            continue
        state.last_period = d.period
        if (
            d.subject is not None
            and d.subject.name == NATIONAL_EXPORTS
            and d.period.form in ("fy", "span")
            and d.period.prefix == ""
            and d.metric in EXPORT_METRICS | {"yoy_growth"}
        ):
            state.series_period = d.period
    money = [d.metric for d in drafts if d.q.unit in ("USD", "PKR") and not d.comparison and d.metric]
    if money:
        state.prev_money_metric = money[0]
