"""The gazetteer (``data/gazetteer.yml``): canonical entities, their aliases, and finding them in text.

Matching works on tokens with a dictionary keyed on the first word of each alias, so finding every
mention in a sentence costs one dictionary look-up per token, however long the gazetteer grows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pkit.config import Settings
from pkit.ingestion.extract.sentences import Token, normalise, tokenize

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "gazetteer.yml"
KINDS = ("park", "program", "agency", "series")


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str
    heads: frozenset[str] = frozenset()
    parent: str | None = None
    metrics: tuple[tuple[str, str], ...] = ()  # (unit, metric): what a bare figure about it measures

    def default_metric(self, unit: str) -> str | None:
        return next((metric for u, metric in self.metrics if u == unit), None)


@dataclass(frozen=True)
class _AliasWord:
    key: str  # singular normal form
    exact: str | None  # acronyms must match this exactly (plural 's' aside)


@dataclass(frozen=True)
class _Alias:
    words: tuple[_AliasWord, ...]
    entity: Entity
    metric: str | None


@dataclass(frozen=True)
class Mention:
    first: int  # token index
    last: int  # token index, exclusive
    start: int  # character offsets
    end: int
    entity: Entity
    metric: str | None  # the metric the alias implies, if any


@dataclass
class Gazetteer:
    entities: dict[str, Entity]
    index: dict[str, list[_Alias]] = field(default_factory=dict)

    def find(self, tokens: list[Token]) -> list[Mention]:
        """Every entity mention in ``tokens`` (longest alias first, no overlaps)."""
        out: list[Mention] = []
        i, n = 0, len(tokens)
        index = self.index
        while i < n:
            tok = tokens[i]
            candidates = index.get(tok.key)
            if tok.exact:
                exact = index.get(tok.exact)
                if exact:
                    candidates = exact + candidates if candidates else exact
            found: tuple[int, _Alias] | None = None
            if candidates:
                nxt = tokens[i + 1] if i + 1 < n else None
                for alias in candidates:
                    words = alias.words
                    if len(words) > 1:
                        second = words[1]
                        if nxt is None or (
                            second.exact is None and nxt.key != second.key and nxt.text != "("
                        ):
                            continue
                    end = _match(tokens, i, alias)
                    if end is not None:
                        found = (end, alias)
                        break
            if found is None:
                i += 1
                continue
            end, alias = found
            if (
                end + 2 < n
                and tokens[end].text == "("
                and tokens[end + 2].text == ")"
                and is_acronym(tokens[end + 1].text)
            ):
                end += 3  # "Software Technology Parks (STPs)"
            out.append(Mention(i, end, tokens[i].start, tokens[end - 1].end, alias.entity, alias.metric))
            i = end
        return out


def is_acronym(word: str) -> bool:
    upper = sum(1 for c in word if c.isupper())
    lower = sum(1 for c in word if c.islower())
    return upper >= 2 and lower <= 1


def _strip_possessive(word: str) -> str:
    if word.endswith(("’s", "'s")):
        return word[:-2]
    return word


def _match(tokens: list[Token], i: int, alias: _Alias) -> int | None:
    j, n = i, len(tokens)
    for k, word in enumerate(alias.words):
        if k and j < n and tokens[j].text == "(":
            close = next((x for x in range(j + 1, min(n, j + 5)) if tokens[x].text == ")"), None)
            if close is not None:
                j = close + 1
        if j >= n:
            return None
        tok = tokens[j]
        if word.exact is not None:
            text = _strip_possessive(tok.text)
            if text != word.exact and text.rstrip("s") != word.exact.rstrip("s"):
                return None
        elif tok.key != word.key:
            return None
        j += 1
    return j


def _alias_words(text: str) -> tuple[_AliasWord, ...]:
    return tuple(
        _AliasWord(tok.key, tok.text if is_acronym(tok.text) else None)
        for tok in tokenize(text, 0, len(text))
    )


def build(data: dict[str, Any]) -> Gazetteer:
    entities: dict[str, Entity] = {}
    aliases: list[_Alias] = []
    for row in data.get("entities", []):
        name = str(row["name"])
        kind = str(row.get("kind", "series"))
        if kind not in KINDS:
            raise ValueError(f"gazetteer: {name}: kind must be one of {KINDS}, not {kind!r}")
        heads = frozenset(normalise(str(h)) for h in row.get("heads", []) or [])
        metrics = tuple(sorted((str(u), str(m)) for u, m in (row.get("metrics") or {}).items()))
        entity = Entity(name, kind, heads, row.get("parent"), metrics)
        entities[name] = entity
        for alias in [name, *(row.get("aliases") or [])]:
            text, metric = (
                (alias.get("text", ""), alias.get("metric")) if isinstance(alias, dict) else (alias, None)
            )
            words = _alias_words(str(text))
            if words:
                aliases.append(_Alias(words, entity, metric))
    index: dict[str, list[_Alias]] = {}
    for alias in aliases:
        first = alias.words[0]
        key = "=" + first.exact.rstrip("s") if first.exact is not None else first.key
        index.setdefault(key, []).append(alias)
    for bucket in index.values():
        bucket.sort(key=lambda a: -len(a.words))
    return Gazetteer(entities, index)


@lru_cache(maxsize=4)
def _load_path(path: str) -> Gazetteer:
    with open(path, encoding="utf-8") as fh:
        return build(yaml.safe_load(fh) or {})


def load(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer (``PKIT_GAZETTEER``, default ``data/gazetteer.yml``), read once per process."""
    return _load_path(str(path or Settings.current().gazetteer_file))
