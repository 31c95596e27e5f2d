"""Sentences and tokens, found in one linear pass.

A sentence ends at ``.``, ``!``, ``?`` or ``;`` followed by white space and something that can start a
sentence, unless the word before the full stop is an abbreviation ("Dr.", "Rs.", "Jun.") or an
initial; a line break ends a sentence unless the line was hard-wrapped mid-sentence (the next line
starts in lower case). Sentences longer than :data:`MAX_SENTENCE` characters (a document without
punctuation) are cut at white space, so every later step works on bounded pieces of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from pkit.ingestion.extract.lexicon import words
from pkit.ingestion.extract.numbers import split_decimal_at

MAX_SENTENCE = 1000

_BOUNDARY = re.compile(r"\n[\s\n]*|[.!?;]+[\"'”’)\]]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
ABBREVIATIONS = words(
    """mr mrs ms dr prof sr jr st no nos rs co corp inc ltd pvt govt dept engr gen lt col maj capt sen rep
    hon fig vol pp p approx est vs etc e.g i.e u.s u.k u.n jan feb mar apr jun jul aug sep sept oct nov dec
    mn bn ft sq av ave blvd km"""
)
_STARTERS = "\"“‘'($£€-–—•[#"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


class Token(NamedTuple):
    start: int
    end: int
    text: str
    norm: str  # normal form: lower case, no possessive, British spelling
    key: str  # singular of the normal form (for dictionary look-ups)
    exact: str  # "=" + the word as written, possessive and plural "s" dropped, if capitalised; else ""


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` as character spans (white space trimmed), in order."""
    out: list[Sentence] = []
    n = len(text)
    seg_start = 0
    paragraph = 0
    for m in _BOUNDARY.finditer(text):
        token = m.group(0)
        if token[0] == "\n":
            before = text[m.start() - 1] if m.start() else "\n"
            after = text[m.end()] if m.end() < n else ""
            if token.count("\n") == 1 and (before.isalnum() or before == ",") and after.islower():
                continue  # a hard-wrapped line
            if before == "." and after.isdigit() and split_decimal_at(text, m.start() - 1):
                continue  # "$88.\n\n4 million": a number broken by the scraper
            _emit(text, seg_start, m.start(), paragraph, out)
            paragraph += 1
            seg_start = m.end()
            continue
        end = m.end()
        nxt = end
        while nxt < n and text[nxt] in " \t\u00a0\u202f":
            nxt += 1
        following = text[nxt] if nxt < n else ""
        if following == "\n" or following == "":
            continue  # the line break (or the end) closes the sentence
        if ";" not in token and "!" not in token and "?" not in token:
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if word is not None:
                w = word.group(1).lower().rstrip(".")
                if w in ABBREVIATIONS or (len(w) == 1 and word.group(1)[0].isupper()):
                    continue
            if not (following.isupper() or following.isdigit() or following in _STARTERS):
                continue
        _emit(text, seg_start, end, paragraph, out)
        seg_start = end
    _emit(text, seg_start, n, paragraph, out)
    return out


def _emit(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = _cut_point(text, start)
        out.append(Sentence(start, cut, paragraph))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, paragraph))


def _cut_point(text: str, start: int) -> int:
    """Where to cut an over-long sentence: at a space, preferably after a comma and not inside an amount."""
    lo, hi = start + MAX_SENTENCE // 2, start + MAX_SENTENCE
    comma = text.rfind(", ", lo, hi)
    if comma > 0:
        return comma + 1
    cut = text.rfind(" ", lo, hi)
    for _ in range(8):
        if cut <= lo or not (text[cut - 1].isdigit() or text[cut + 1 : cut + 2].isdigit()):
            break
        cut = text.rfind(" ", lo, cut)  # not between "$3.2" and "billion", nor "Rs" and "5bn"
    return cut if cut > start else hi


_TOKEN = re.compile(r"[^\W_](?:[\w’'&.@+-]{0,40}[^\W_])?|[^\w\s]")
_SPELLING = {
    "center": "centre", "centers": "centres", "program": "programme", "programs": "programmes",
    "fiber": "fibre", "kilometers": "kilometres", "kilometer": "kilometre", "labor": "labour",
    "enrollments": "enrolments", "enrollment": "enrolment", "start-up": "startup", "start-ups": "startups",
}  # fmt: skip


def normalise(word: str) -> str:
    """Lower case, possessive dropped, British spelling: ``"Nation’s"`` -> ``"nation"``."""
    w = word.lower()
    if w.endswith(("’s", "'s")):
        w = w[:-2]
    elif w.endswith(("s’", "s'")):
        w = w[:-1]
    return _SPELLING.get(w, w)


def singular(word: str) -> str:
    """A crude singular, applied the same way to the text and to the gazetteer: "companies" -> "company"."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_FORMS: dict[str, tuple[str, str, str]] = {}


def _forms(word: str) -> tuple[str, str, str]:
    forms = _FORMS.get(word)
    if forms is None:
        norm = normalise(word)
        exact = ""
        if word[:1].isupper():
            bare = word[:-2] if word.endswith(("’s", "'s")) else word
            exact = "=" + bare.rstrip("s")
        forms = (norm, singular(norm), exact)
        if len(_FORMS) < 200_000:
            _FORMS[word] = forms
    return forms


def tokenize(text: str, start: int, end: int) -> list[Token]:
    out = []
    new = tuple.__new__
    known = _FORMS.get
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        forms = known(word) or _forms(word)
        out.append(new(Token, (*m.span(), word, *forms)))
    return out
