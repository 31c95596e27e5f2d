"""Who or what a figure is about: gazetteer entities near the number, anaphora ("It", "These parks",
"the project"), and the noun phrase itself when no entity is named."""

from __future__ import annotations

from pkit.ingestion.extract.discourse import ArticleState, Draft, Subject, entity_subject
from pkit.ingestion.extract.gazetteer import Mention
from pkit.ingestion.extract.lexicon import words
from pkit.ingestion.extract.metrics import FACILITY_NOUNS
from pkit.ingestion.extract.phrases import (
    DETERMINERS,
    TEMPORARY_MODIFIERS,
    NounPhrase,
    SentenceView,
    subject_phrase,
)
from pkit.ingestion.extract.sentences import singular

NATIONAL_EXPORTS = "Pakistan ICT exports"
DEFAULT_SUBJECT = "Pakistan IT sector"
_ANAPHORS = frozenset({"it", "they", "these", "this", "those"})
_EXPLETIVE_AFTER = words(
    """reported said expected estimated noted learnt learned announced believed imperative important
    necessary clear worth evident likely hoped feared stated understood"""
)
_RAISING = words("expected estimated likely reported said believed understood hoped feared")
TIME_NOUNS = words("year month week period time quarter fiscal day decade")
_POST_PREPS = words("under by through via from into at in of across within for")
_SOURCE_AFTER = words("data figures statistics said says report reported showed shows")


def is_list_item(view: SentenceView) -> bool:
    """ "- 1,200 startups incubated": a bullet under a line that says whose figures these are."""
    text = view.quote
    return text[:1] in "-•*–▪" and text[1:2] in (" ", "\t")


def anaphoric_start(view: SentenceView) -> bool:
    """ "It aims to ...", "These parks ...", "This support ..." (not "It was reported", "This year"); and list
    items, which speak of the line above them."""
    if not view.tokens:
        return False
    if is_list_item(view):
        return True
    i = after_dateline(view)
    while i < len(view.tokens) and not view.is_word(i):
        i += 1
    if i >= len(view.tokens) or view.tokens[i].text.lower() not in _ANAPHORS or view.tokens[i].text.isupper():
        return False
    nxt = view.word(i + 1)
    if view.word(i) == "it" and (nxt in ("is", "was", "has", "had") and view.word(i + 2) in _EXPLETIVE_AFTER):
        # "It is expected that ..." says nothing of a thing; "It is expected to create 60,000 jobs" does
        return view.word(i + 2) in _RAISING and view.word(i + 3) == "to"
    if view.word(i) == "it" and nxt in ("will", "would") and view.word(i + 2) == "be":
        return not (view.word(i + 3) in _EXPLETIVE_AFTER and view.word(i + 4) != "to")
    if nxt in _EXPLETIVE_AFTER and view.word(i) == "it":
        return False
    return not (view.word(i) in ("this", "these") and nxt in TIME_NOUNS)


def refers_back(view: SentenceView, state: ArticleState) -> bool:
    """ "The project, spread over ...": a definite noun naming something already in the article."""
    recent = set()
    for subject, _ in state.antecedents[-12:]:
        recent |= subject.heads
    for i in range(len(view.tokens) - 1):
        if view.word(i) in ("the", "this", "these", "its", "their", "that") and view.word(i + 1) in recent:
            return True
    return False


def after_dateline(view: SentenceView) -> int:
    """Index of the first token after a dateline ("LAHORE, May 19 (APP):", "ISLAMABAD:"), else 0."""
    for i in range(min(len(view.tokens), 10)):
        if view.tokens[i].text in (":", "–", "—") and i > 0 and view.tokens[0].text.isupper():
            return i + 1
    return 0


def choose_subject(view: SentenceView, d: Draft, anaphoric: bool, state: ArticleState) -> Subject | None:
    np = d.np
    q_first, q_last = view.q_first[d.qi], view.q_last[d.qi]
    if np.coordinated and np.head is not None:
        coordinated = _coordinated_subject(np)
        if coordinated is not None:
            return coordinated
    np_series: Mention | None = None
    for m in view.mentions:
        if q_last <= m.first < max(np.last, q_last + 1):
            if m.entity.kind != "series":
                return entity_subject(m.entity)
            np_series = np_series or m
    clause = view.clause[q_first] if q_first < len(view.tokens) else -1
    preceding = [m for m in view.mentions if m.last <= q_first and not _is_source(view, m)]
    specific = [m for m in preceding if m.entity.kind != "series" and view.clause[m.first] == clause]
    after = _post_prepositional(view, np.last)
    if after is not None and view.word(np.last) == "for" and after.entity.kind == "series":
        after = None  # "$70 million for exports" names a use, not who
    if after is not None and (after.entity.kind != "series" or not specific):
        return entity_subject(after.entity)
    resolved = _demonstrative(view, d, state)
    if resolved is not None:
        return resolved
    if (anaphoric or _pronoun_before(view, q_first)) and state.last_primary is not None and not specific:
        return state.last_primary  # "It has trained ...", "officials said they had supported ..."
    if specific:
        return entity_subject(specific[-1].entity)
    named = named_subject(view, q_first)
    if named is not None:
        return named  # "The Lahore Technology Park will ...": the clause's own subject, named in full
    if preceding:
        return entity_subject(preceding[-1].entity)
    if np_series is not None:
        return entity_subject(np_series.entity)
    if {"we", "our", "us"} & view.norms():
        speakers = [m for m in view.mentions if m.entity.kind != "series"]
        if speakers:
            return entity_subject(speakers[0].entity)  # "“We have trained 500,000 youth,” said Ignite's CEO"
    return None


_AUXILIARIES = frozenset({"has", "have", "had", "will", "would", "are", "is", "was", "were"})


def _pronoun_before(view: SentenceView, first: int) -> bool:
    """ "Officials said they had supported over 1,900 startups": a pronoun is the subject of the figure's
    own clause (a few words before it), pointing to the entity named before."""
    clause = view.clause[first] if first < len(view.tokens) else -1
    for i in range(first - 1, max(-1, first - 7), -1):
        if view.clause[i] != clause or view.tok_q[i] >= 0:
            return False
        if view.tokens[i].text in ("they", "it", "They", "It"):
            nxt = view.word(i + 1)
            return nxt in ("has", "have", "had", "will", "would", "are", "is", "was", "were") or nxt.endswith(
                "ed"
            )
    return False


def _post_prepositional(view: SentenceView, i: int) -> Mention | None:
    """ "600,000 individuals have been trained under DigiSkills.pk": the entity after the phrase."""
    steps = 0
    while steps < 3 and (
        view.word(i) in ("have", "has", "had", "been", "are", "were", "is", "was", "being")
        or (view.word(i).endswith("ed") and view.word(i) not in _POST_PREPS)
    ):
        i += 1
        steps += 1
    if view.word(i) not in _POST_PREPS:
        return None
    j = i + 1
    while view.word(j) in DETERMINERS:
        j += 1
    if j < len(view.tokens) and view.tok_e[j] >= 0:
        return view.mentions[view.tok_e[j]]
    return None


def _coordinated_subject(np: NounPhrase) -> Subject | None:
    """ "50 Software Technology Parks (STPs) and e-Rozgaar centres": one subject naming both."""
    words = []
    for tok in np.words:
        words.append(tok.text)
    if len(words) < 3:
        return None
    name = " ".join(words).replace(" ( ", " (").replace(" )", ")")
    return Subject(name, "park", frozenset({np.head or ""}))


def _is_source(view: SentenceView, m: Mention) -> bool:
    """ "according to PTA", "SBP data showed": the entity is where the number comes from."""
    before = {view.word(m.first - 1), view.word(m.first - 2)}
    return ("according" in before and view.word(m.first - 1) == "to") or (
        m.entity.kind == "agency" and view.word(m.last) in _SOURCE_AFTER
    )


def _demonstrative(view: SentenceView, d: Draft, state: ArticleState) -> Subject | None:
    """ "these parks", "the project": the last subject with that head noun."""
    first = view.q_first[d.qi]
    clause = view.clause[first] if first < len(view.tokens) else -1
    lo, hi = max(0, first - 20), min(len(view.tokens), d.np.last + 8)
    for i in view.determiners():
        if i < lo or i >= hi:
            continue
        word = view.word(i)
        if view.clause[i] != clause:
            continue
        if word in ("the", "its", "this", "that") and i > first:
            continue
        noun_at = i + 1
        if view.tok_e[noun_at if noun_at < len(view.tokens) else i] >= 0 or not view.is_word(noun_at):
            continue
        noun = view.word(noun_at)
        if noun in TIME_NOUNS or noun_at == first or _longer_name(view, noun_at):
            continue
        found = _antecedent(state, noun, strict=view.word(i) == "the")
        if found is None and word in ("these", "those", "the"):
            found = state.by_head.get(noun)  # "these parks", "the ministry": the one entity so named
        if found is not None:
            return found
    return None


def _longer_name(view: SentenceView, i: int) -> bool:
    """ "The Ministry of Science and Technology", "the Board of Investment": a capitalised head that opens a
    longer proper name is that name, not a pointer back to the one ministry or board named before."""
    if not view.tokens[i].text[:1].isupper():
        return False
    nxt = i + 1
    if view.word(nxt) == "of":
        nxt += 1
    return nxt < len(view.tokens) and nxt > i + 1 and view.tokens[nxt].text[:1].isupper()


def _antecedent(state: ArticleState, noun: str, strict: bool) -> Subject | None:
    last = state.last_primary
    if last is not None and noun in last.heads:
        return last
    for subject, from_gazetteer in reversed(state.antecedents):
        if from_gazetteer and noun in subject.heads:
            return subject
    if strict:
        return None
    for subject, _ in reversed(state.antecedents):
        if singular(noun) in {singular(h) for h in subject.heads}:
            return subject
    return None


def fallback_subject(view: SentenceView, d: Draft, state: ArticleState, s_index: int) -> Subject:
    """No entity: a facility named by the noun phrase, else the article's recent topic (a park, program
    or agency named in the last few sentences), else the noun phrase the number is about, as written."""
    words = [t.text for t in d.np.words if t.norm not in TEMPORARY_MODIFIERS]
    named = d.np.head is not None and (
        singular(d.np.head) in FACILITY_NOUNS or any(t.text[:1].isupper() for t in d.np.words)
    )
    if d.q.unit == "count" and words and named:
        name = " ".join(words)
        return Subject(name[:1].upper() + name[1:], None, frozenset({d.np.head or ""}))
    topic = state.last_primary
    if (
        topic is not None
        and topic.kind in ("park", "program", "agency")
        and s_index - state.primary_index <= 4
    ):
        return topic
    if d.q.unit == "count" and words and d.np.head is not None:
        name = " ".join(words)
        return Subject(name[:1].upper() + name[1:], None, frozenset({d.np.head}))
    phrase = [t.text for t in subject_phrase(view, d.qi)]
    if phrase:
        name = " ".join(phrase)
        return Subject(name[:1].upper() + name[1:], None, frozenset({phrase[-1].lower()}))
    return Subject(DEFAULT_SUBJECT, "series", frozenset({"sector"}))


# Last words of a proper name that make it an institution a figure can be about, and the subject kind
# each implies (so a park, programme or agency not in the gazetteer is handled like one that is).
_PLACE_HEADS = words(
    """park parks zone zones city tower towers hub hubs valley campus incubator incubators accelerator
    accelerators centre centres complex estate"""
)
_PROGRAM_HEADS = words(
    "programme programmes scheme schemes initiative initiatives project projects fund plan drive package"
)
_AGENCY_HEADS = words(
    """board authority ministry division department council commission agency institute university
    corporation company foundation academy association society chamber cell directorate"""
)
NAMED_HEADS: dict[str, str] = {
    **dict.fromkeys(_PLACE_HEADS, "park"),
    **dict.fromkeys(_PROGRAM_HEADS, "program"),
    **dict.fromkeys(_AGENCY_HEADS, "agency"),
}
_NAME_CONNECTORS = words("of and & for on")
_NAME_OPENERS = words("while whereas and but meanwhile the a an its")
_HEADLINE_VERBS = words("to will has have is are was were gets get set sets")
_REPORTED_AFTER = words("said says added told stated announced noted informed that")


def named_subject(view: SentenceView, q_first: int) -> Subject | None:
    """The grammatical subject of the number's clause when it is the proper name of an institution not in
    the gazetteer: "The Lahore Technology Park will spread over 30 acres", ", while the Sindh IT Board aims
    to train 20,000", "he said the Lahore Technology Park would create". Only subject positions are read
    (the clause opening, after an introductory phrase's comma, after "said (that)"), and a name followed
    by "said" or "data" is a source, not a subject."""
    if q_first >= len(view.tokens):
        return None
    clause = view.clause[q_first]
    start = q_first
    while start > 0 and view.clause[start - 1] == clause:
        start -= 1
    starts = [max(start, after_dateline(view))]
    for k in range(starts[0], q_first):
        if len(starts) >= 4:
            break
        if view.tokens[k].text == "," or (view.word(k) in _REPORTED_AFTER and view.tok_e[k] < 0):
            starts.append(k + 1)
    for begin in starts:
        found = _name_at(view, begin, q_first)
        if found is not None:
            return found
    return None


def _name_at(view: SentenceView, i: int, limit: int) -> Subject | None:
    """A run of capitalised words from token ``i`` (before ``limit``) that names an institution."""
    while i < limit and view.word(i) in _NAME_OPENERS:
        i += 1
    words: list[str] = []
    heads: list[int] = []  # positions in ``words`` of institutional head words
    k = i
    while k < limit and len(words) < 10:
        tok = view.tokens[k]
        if view.tok_q[k] >= 0 or view.tok_p[k] >= 0 or view.tok_e[k] >= 0:
            break
        if tok.text[:1].isupper() and view.is_word(k):
            if tok.norm in NAMED_HEADS:
                heads.append(len(words))
            words.append(tok.text)
        elif tok.norm in _NAME_CONNECTORS and words:
            words.append(tok.text)
        else:
            break
        k += 1
    for h in heads:
        if h + 1 < len(words) and words[h + 1].lower() in _HEADLINE_VERBS:
            del words[h + 1 :]  # a headline in title case: "Lahore Technology Park To Create 25,000 Jobs"
            heads = [x for x in heads if x <= h]
            k = i + len(words)
            break
    while words and not words[-1][:1].isupper():
        words.pop()
        k -= 1
    if len(words) < 2 or not heads or view.word(k) in _SOURCE_AFTER:
        return None
    # "Lahore Technology Park" (the head ends the name) or "Ministry of Science and Technology" (head + of)
    head_last = heads[-1] == len(words) - 1
    head_of = [h for h in heads if h + 1 < len(words) and words[h + 1] == "of"]
    if not head_last and not head_of:
        return None
    words[-1] = _strip_possessive(words[-1])  # "the Lahore Technology Park's 30 acres"
    norm = view.tokens[i + heads[-1]].norm if head_last else view.tokens[i + head_of[0]].norm
    return Subject(" ".join(words), NAMED_HEADS[norm], frozenset({norm, singular(norm)}))


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("’s", "'s")) else word
