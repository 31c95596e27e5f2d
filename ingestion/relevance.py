"""Is a fetched article about Pakistan's IT sector? Decided with the extractor's own gazetteer.

Why the gazetteer: it is the list of what the warehouse is about (parks, programs, agencies, national
series), maintained by analysts, matched with the extractor's tokenizer and its acronym rules (``IT``
must be written in capitals, so "it" is no match). A feed of a business desk carries mostly other news;
those articles are counted per feed as "not relevant" and never become documents.

Rule: at least one mention of a park, program or agency of the gazetteer (all Pakistani), or of a
national series (IT exports, freelancers, ...) in a text that names Pakistan, or at least two mentions
of Pakistan-wide entities. A national series alone does not do: "India's IT exports" matches the alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pkit.ingestion.extract import gazetteer as gz
from pkit.ingestion.extract.sentences import tokenize

_PAKISTAN = re.compile(r"\bPakistan(?:i|is|'s)?\b", re.IGNORECASE)
_LOCAL_KINDS = frozenset({"park", "program", "agency"})


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    reason: str  # which entities decided, for the report and the document's metadata


def judge(text: str, gazetteer_path: Path | str | None = None) -> Relevance:
    """Whether ``text`` is about Pakistan's IT sector, and why."""
    gazetteer = gz.load(gazetteer_path)
    mentions = gazetteer.find(tokenize(text, 0, len(text)))
    names = sorted({m.entity.name for m in mentions})
    local = sorted({m.entity.name for m in mentions if m.entity.kind in _LOCAL_KINDS})
    national = sorted({m.entity.name for m in mentions if m.entity.kind == "series"})
    names_pakistan = _PAKISTAN.search(text) is not None
    if local:
        return Relevance(True, f"mentions {', '.join(local[:3])}")
    if national and names_pakistan:
        return Relevance(True, f"mentions {', '.join(national[:3])} and Pakistan")
    if national:
        return Relevance(False, f"mentions {', '.join(national[:3])} but not Pakistan")
    return Relevance(False, "mentions no entity of the gazetteer" if not names else "no sector entity")
