"""Hostile text cannot hang the extractor, and what it returns stays well-formed.

Speed and linearity are measured by ``make bench`` (``extraction.linearity``: ten times the text,
about ten times the time). Here the guard is against a pattern that backtracks catastrophically:
such a pattern does not run ten times slower on this input, it runs for hours. So the texts are
large (60,000 repetitions) and run in a child process that must finish well inside a ceiling
hundreds of times above what linear work takes (about 0.1 s a piece on this machine).
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.extraction import HOSTILE_PIECES
from pkit.ingestion.extract import extract_facts
from pkit.ingestion.extract.numbers import find_quantities
from pkit.ingestion.extract.sentences import split_sentences

CEILING_SECONDS = 120
REPEATS = 60_000

_CHILD = """
import json, sys
from pkit.ingestion.extract import extract_facts
from pkit.ingestion.extract.numbers import find_quantities
from pkit.ingestion.extract.sentences import split_sentences
out = {}
for piece in json.loads(sys.argv[1]):
    text = piece * int(sys.argv[2])
    out[piece] = [len(split_sentences(text)), len(find_quantities(text)), len(extract_facts(text, "h.txt"))]
print(json.dumps(out))
"""


def test_hostile_texts_finish() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(HOSTILE_PIECES), str(REPEATS)],
        capture_output=True,
        text=True,
        timeout=CEILING_SECONDS,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    counts = json.loads(proc.stdout)
    assert set(counts) == set(HOSTILE_PIECES)
    # "IT 5 IT 5 …" is the one piece with numbers a reader could take for counts; the others hold no
    # figure at all (a lone "1," or "1." is no quantity of anything).
    for piece in ("$", "a.", "-", "(", "Rs ", "FY", "first ", "per cent "):
        assert counts[piece][2] == 0, (piece, counts[piece])


def test_spans_of_hostile_text_are_valid() -> None:
    for piece in HOSTILE_PIECES:
        text = piece * 2_000
        for sentence in split_sentences(text):
            start, end = _span(sentence)
            assert 0 <= start < end <= len(text), (piece, start, end)
        for fact in extract_facts(text, "h.txt"):
            row = fact if isinstance(fact, dict) else fact.to_dict()
            # start/end locate the number's mention; the quote is the clause around it, verbatim
            assert 0 <= row["start"] < row["end"] <= len(text), (piece, row["start"], row["end"])
            assert text[row["start"] : row["end"]] in row["quote"] and row["quote"] in text, piece
        for quantity in find_quantities(text):
            start, end = _span(quantity)
            assert 0 <= start < end <= len(text), (piece, quantity)


def _span(item: object) -> tuple[int, int]:
    if isinstance(item, tuple):
        return item[0], item[1]
    return item.start, item.end
