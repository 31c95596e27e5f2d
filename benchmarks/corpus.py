"""A synthetic inbox of sector news, written file by file (streaming), reproducible from a seed.

Document ``i`` depends only on ``(seed, i)``: the 1,000-document corpus is the first thousand files of
the 100,000-document one, and "1 % new documents" are simply the next indices. Each document is a
headline, a dateline, paragraphs of fact sentences (``templates``) mixed with noise paragraphs, and
page furniture ("2 days ago", "Related Articles", navigation), as plain text, Markdown or HTML. A
source URL with the index makes every document's bytes, and so its SHA-256, unique.
"""

from __future__ import annotations

import hashlib
import html
import math
import multiprocessing
import os
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from benchmarks import vocab
from benchmarks.figures import PlantedFact
from benchmarks.templates import TEMPLATES, Story

SHARD_SIZE = 1000  # files per sub-folder of the inbox
_POOL_SIZE = 800


@dataclass(frozen=True)
class CorpusSpec:
    seed: int = 7
    first_date: date = date(2018, 1, 1)
    last_date: date = date(2026, 3, 31)  # no story after this (reproducible, and never in the future)
    mean_bytes: int = 3000
    html_share: float = 0.12
    md_share: float = 0.05


@dataclass
class GeneratedDoc:
    index: int
    rel_path: str
    data: bytes
    published: date
    media_type: str  # txt | md | html
    facts: list[PlantedFact] = field(default_factory=list)


@dataclass
class CorpusStats:
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_type: dict[str, int] = field(default_factory=dict)

    def add(self, other: CorpusStats) -> None:
        self.files += other.files
        self.bytes += other.bytes
        for key, value in other.by_type.items():
            self.by_type[key] = self.by_type.get(key, 0) + value

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "bytes": self.bytes,
            "mean_bytes": round(self.bytes / self.files) if self.files else 0,
            "seconds": round(self.seconds, 3),
            "by_type": dict(sorted(self.by_type.items())),
        }


@dataclass
class _Parts:
    title: str
    head: list[str]
    date_line: str | None
    paragraphs: list[str]
    tail: list[str]
    url: str


class CorpusGenerator:
    def __init__(self, spec: CorpusSpec | None = None) -> None:
        self.spec = spec or CorpusSpec()
        pool_rng = random.Random(f"{self.spec.seed}:pool")
        self._noise = [_noise_paragraph(pool_rng) for _ in range(_POOL_SIZE)]
        self._span = (self.spec.last_date - self.spec.first_date).days
        sigma = 0.45
        # Documents overshoot their target by about half a paragraph; aim a little low.
        self._mu = math.log(self.spec.mean_bytes * 0.76) - sigma**2 / 2
        self._sigma = sigma

    def document(self, index: int) -> GeneratedDoc:
        rng = random.Random(f"{self.spec.seed}:{index}")
        published = self.spec.first_date + timedelta(days=rng.randint(0, self._span))
        outlet, domain, agency = rng.choice(vocab.OUTLETS)
        target = min(12_000, max(900, int(rng.lognormvariate(self._mu, self._sigma))))
        story = Story(published)
        facts: list[PlantedFact] = []
        paragraphs = [_dateline(rng, published, agency) + self._fact_paragraph(rng, story, facts)]
        size = len(paragraphs[0])
        while size < target:
            if rng.random() < 0.55:
                paragraph = self._fact_paragraph(rng, story, facts)
            else:
                paragraph = rng.choice(self._noise)
            paragraphs.append(paragraph)
            size += len(paragraph) + 1
        parts = _Parts(
            title=_headline(rng, published),
            head=rng.sample(vocab.HEAD_FURNITURE, rng.randint(0, 3)),
            date_line=_date_line(rng, published, outlet) if rng.random() < 0.9 else None,
            paragraphs=paragraphs,
            tail=_tail(rng, outlet, published),
            url=f"https://{domain}/news/{published:%Y/%m/%d}/{_slug(rng)}-{index}",
        )
        roll = rng.random()
        if roll < self.spec.html_share:
            media, text = "html", _render_html(parts, outlet, published)
        elif roll < self.spec.html_share + self.spec.md_share:
            media, text = "md", _render_md(parts)
        else:
            media, text = "txt", _render_txt(rng, parts)
        data = text.encode("utf-8")
        name = f"{index:07d}_{hashlib.sha256(data).hexdigest()[:16]}.{media}"
        return GeneratedDoc(index, f"{index // SHARD_SIZE:04d}/{name}", data, published, media, facts)

    def _fact_paragraph(self, rng: random.Random, story: Story, facts: list[PlantedFact]) -> str:
        sentences = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            text, planted = rng.choice(TEMPLATES)(rng, story)
            sentences.append(text)
            facts.extend(planted)
        if rng.random() < 0.5:
            sentences.insert(rng.randint(0, len(sentences)), rng.choice(vocab.CLAUSES))
        return " ".join(sentences)


def _noise_paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 5)):
        roll = rng.random()
        if roll < 0.45:
            sentences.append(
                f"{rng.choice(vocab.ACTORS)} {rng.choice(vocab.VERBS)} {rng.choice(vocab.GOALS)}."
            )
        elif roll < 0.65:
            speaker = rng.choice(vocab.SPEAKERS)
            sentences.append(f"“{rng.choice(vocab.QUOTES)},” said {speaker}.")
        elif roll < 0.8:
            speaker = rng.choice(vocab.SPEAKERS)
            goal, other = rng.sample(vocab.GOALS, 2)
            sentences.append(f"Speaking on the occasion, {speaker} stressed {goal} and {other}.")
        else:
            sentences.append(rng.choice(vocab.CLAUSES))
    return " ".join(sentences)


def _headline(rng: random.Random, published: date) -> str:
    template = rng.choice(vocab.TEASER_HEADLINES)
    return template.format(
        n=rng.randint(3, 25),
        p=rng.randint(2, 40),
        k=rng.randint(5, 250),
        month=vocab.MONTHS[(published.month - 2) % 12],
        year=published.year + rng.randint(1, 3),
    )


def _dateline(rng: random.Random, published: date, agency: str | None) -> str:
    city = rng.choice(vocab.CITIES)
    if agency:
        return f"{city}, {vocab.MONTH_ABBR[published.month - 1]} {published.day:02d} ({agency}): "
    return f"{city}: " if rng.random() < 0.5 else ""


def _date_line(rng: random.Random, published: date, outlet: str) -> str:
    month = vocab.MONTHS[published.month - 1]
    return rng.choice(
        (
            f"Published {month} {published.day}, {published.year}",
            f"{published.day} {month} {published.year}",
            f"{vocab.MONTH_ABBR[published.month - 1]} {published.day}, {published.year} | {outlet}",
            f"Updated {published.isoformat()}",
        )
    )


def _tail(rng: random.Random, outlet: str, published: date) -> list[str]:
    lines: list[str] = []
    for group in rng.sample(vocab.TAIL_FURNITURE, rng.randint(1, 3)):
        lines.extend(group)
    if rng.random() < 0.7:
        lines.append("Related Articles")
        for _ in range(rng.randint(2, 4)):
            teaser_outlet = rng.choice(vocab.OUTLETS)[0]
            lines += [teaser_outlet, rng.choice(vocab.AGO), f"- {teaser_outlet}", _headline(rng, published)]
    if rng.random() < 0.4:
        lines.append(f"Copyright {outlet}, {published.year}")
    return lines


def _slug(rng: random.Random) -> str:
    words = ("it", "exports", "pakistan", "digital", "parks", "pseb", "startups", "freelancers", "growth")
    return "-".join(rng.choice(words) for _ in range(rng.randint(3, 6)))


def _render_txt(rng: random.Random, parts: _Parts) -> str:
    sep = "\n\n" if rng.random() < 0.3 else "\n"
    lines = [*parts.head, parts.title]
    if parts.date_line:
        lines.append(parts.date_line)
    body = sep.join(parts.paragraphs)
    tail = "\n".join([*parts.tail, f"Source: {parts.url}"])
    return "\n".join(lines) + "\n" + body + "\n\n" + tail + "\n"


def _render_md(parts: _Parts) -> str:
    date_line = f"_{parts.date_line}_\n\n" if parts.date_line else ""
    tail = "\n".join(f"- {line}" for line in parts.tail)
    body = "\n\n".join(parts.paragraphs)
    return f"# {parts.title}\n\n{date_line}{body}\n\n---\n\n{tail}\n\n[Source]({parts.url})\n"


def _render_html(parts: _Parts, outlet: str, published: date) -> str:
    def e(text: str) -> str:
        return html.escape(text, quote=False)

    nav = "".join(f"<li>{e(item)}</li>" for item in vocab.HEAD_FURNITURE[3].split(" | "))
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in parts.paragraphs)
    aside = "\n".join(f"<div>{e(line)}</div>" for line in parts.tail)
    date_line = f'<p class="date">{e(parts.date_line)}</p>\n' if parts.date_line else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(parts.title)} | {e(outlet)}</title>\n"
        f'<meta property="og:title" content="{html.escape(parts.title)}">\n'
        f'<meta property="article:published_time" content="{published.isoformat()}T09:00:00+05:00">\n'
        f'<link rel="canonical" href="{html.escape(parts.url)}">\n'
        "<style>body{font-family:sans-serif}</style>\n"
        "<script>window.dataLayer=window.dataLayer||[];</script>\n</head>\n<body>\n"
        f"<header><nav><ul>{nav}</ul></nav></header>\n<article>\n<h1>{e(parts.title)}</h1>\n"
        f"{date_line}{paragraphs}\n</article>\n<aside>\n{aside}\n</aside>\n"
        f"<footer>© {published.year} {e(outlet)}. All rights reserved.</footer>\n</body>\n</html>\n"
    )


def write_range(root: Path, start: int, stop: int, spec: CorpusSpec) -> CorpusStats:
    """Write documents ``start`` to ``stop - 1`` under ``root`` as they are generated."""
    generator = CorpusGenerator(spec)
    stats = CorpusStats()
    made: set[Path] = set()
    for index in range(start, stop):
        doc = generator.document(index)
        path = root / doc.rel_path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        with open(path, "wb") as fh:
            fh.write(doc.data)
        stats.files += 1
        stats.bytes += len(doc.data)
        stats.by_type[doc.media_type] = stats.by_type.get(doc.media_type, 0) + 1
    return stats


def write_corpus(
    root: Path, count: int, spec: CorpusSpec | None = None, *, start: int = 0, workers: int | None = None
) -> CorpusStats:
    """Write ``count`` documents (indices ``start`` ..) under ``root``; big corpora use several processes.

    The bytes do not depend on ``workers``: each document depends only on the seed and its index.
    """
    spec = spec or CorpusSpec()
    workers = workers or min(8, os.cpu_count() or 1)
    t0 = time.perf_counter()
    if workers < 2 or count < 5_000:
        stats = write_range(root, start, start + count, spec)
    else:
        stats = CorpusStats()
        step = math.ceil(count / (workers * 4))
        ranges = [(i, min(i + step, start + count)) for i in range(start, start + count, step)]
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn")
        ) as pool:
            futures = [pool.submit(write_range, root, a, b, spec) for a, b in ranges]
            for future in futures:
                stats.add(future.result())
    stats.seconds = time.perf_counter() - t0
    return stats
