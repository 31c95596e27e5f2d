"""One story, however many outlets print it: near-duplicate detection with MinHash and LSH (datasketch).

Why: an APP story is reprinted word for word, or lightly edited, by several outlets; counting each copy
would count one event several times. Every article's text is shingled (3-word shingles of normalised
words), MinHashed, and looked up in an LSH index of the stories seen so far (Jaccard threshold 0.5 by
default: a light edit keeps most shingles; two different stories on one topic share few). A match joins
that story; otherwise the article starts a new one. The first-published copy is the story's canonical
one (publication date, then the order seen): a copy seen later but published earlier takes over.

Persisted as JSON (``stories.json``: story id, canonical URL, members, MinHash values) so syndication
is recognised across nights and feeds; the LSH index is rebuilt from it on load (a few thousand stories
are a few megabytes).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# datasketch >= 2 needs the permutation scheme of stored hash values; fixed, so stories.json stays readable.
SCHEME = "affine32"
SHINGLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Member:
    url: str
    outlet: str
    published: str | None  # ISO date, when known
    document: str | None = None  # the document written for it (canonical copy only)


@dataclass
class Story:
    story_id: str
    canonical: Member
    members: list[Member] = field(default_factory=list)
    hashvalues: list[int] = field(default_factory=list)


def minhash(text: str) -> MinHash:
    words = [w.lower() for w in _WORD.findall(text)]
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    for shingle in shingles:
        mh.update(shingle.encode("utf-8"))
    return mh


@dataclass
class StoryIndex:
    path: Path
    threshold: float = 0.5
    stories: dict[str, Story] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
        if self.path.is_file():
            for raw in json.loads(self.path.read_text(encoding="utf-8")):
                story = Story(
                    raw["story_id"],
                    Member(**raw["canonical"]),
                    [Member(**m) for m in raw["members"]],
                    raw["hashvalues"],
                )
                self.stories[story.story_id] = story
                self._lsh.insert(story.story_id, _stored(story.hashvalues))

    def assign(self, text: str, member: Member) -> tuple[Story, bool]:
        """The story ``text`` belongs to, and whether it is new. Joins the most similar story, if any."""
        mh = minhash(text)
        best, best_score = None, 0.0
        for story_id in self._lsh.query(mh):
            story = self.stories[story_id]
            score = mh.jaccard(_stored(story.hashvalues))
            if score > best_score:
                best, best_score = story, score
        if best is not None:
            if not any(m.url == member.url for m in best.members):
                best.members.append(member)
            if _earlier(member.published, best.canonical.published):
                best.canonical = member
            return best, False
        story_id = "story-" + hashlib.sha256(member.url.encode("utf-8")).hexdigest()[:16]
        story = Story(story_id, member, [member], [int(v) for v in mh.hashvalues])
        self.stories[story_id] = story
        self._lsh.insert(story_id, mh)
        return story, True

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".part")
        tmp.write_text(json.dumps([asdict(s) for s in self.stories.values()], indent=1), encoding="utf-8")
        tmp.replace(self.path)


def _stored(hashvalues: list[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=hashvalues, scheme=SCHEME)


def _earlier(a: str | None, b: str | None) -> bool:
    return a is not None and (b is None or a < b)
