"""The synthetic corpus: reproducible, the right size, readable, and full of figures one can parse."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from benchmarks.corpus import CorpusGenerator, CorpusSpec, write_corpus
from benchmarks.figures import Figure
from pkit.ingestion.documents import parse_document

SPEC = CorpusSpec(seed=11)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path):
    write_corpus(tmp_path / "a", 150, SPEC, workers=1)
    write_corpus(tmp_path / "b", 150, SPEC, workers=1)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(a) == 150
    assert a == b


def test_another_seed_other_documents():
    first = CorpusGenerator(CorpusSpec(seed=1)).document(0).data
    assert first != CorpusGenerator(CorpusSpec(seed=2)).document(0).data


def test_a_document_depends_only_on_seed_and_index(tmp_path):
    """The small corpus is the start of the big one; the +1 % batch is just the next indices."""
    write_corpus(tmp_path / "whole", 60, SPEC, workers=1)
    write_corpus(tmp_path / "head", 40, SPEC, workers=1)
    write_corpus(tmp_path / "head", 20, SPEC, start=40, workers=1)
    assert _files(tmp_path / "whole") == _files(tmp_path / "head")


def test_bytes_do_not_depend_on_the_number_of_processes(tmp_path):
    stats = write_corpus(tmp_path / "pool", 5000, SPEC, workers=2)
    generator = CorpusGenerator(SPEC)
    for index in (0, 1234, 2500, 4999):
        doc = generator.document(index)
        assert (tmp_path / "pool" / doc.rel_path).read_bytes() == doc.data
    assert stats.files == 5000


def test_sizes_and_mix(tmp_path):
    stats = write_corpus(tmp_path / "docs", 1000, SPEC, workers=1)
    files = _files(tmp_path / "docs")
    assert stats.files == len(files) == 1000
    assert stats.bytes == sum(len(data) for data in files.values())
    assert 2_600 <= stats.bytes / stats.files <= 3_500  # ~3 KB a document on average
    assert len({hashlib.sha256(data).hexdigest() for data in files.values()}) == 1000  # no duplicate content
    assert set(stats.by_type) == {"txt", "html", "md"}
    assert stats.by_type["txt"] > stats.by_type["html"] > stats.by_type["md"]
    assert all(name.split("/")[0] == "0000" for name in files)  # sharded by thousands


def test_every_document_reads_as_text_with_furniture():
    generator = CorpusGenerator(SPEC)
    furniture = 0
    for index in range(300):
        doc = generator.document(index)
        parsed = parse_document(doc.data, doc.rel_path, max_bytes=50 * 2**20)
        assert parsed.media_type == doc.media_type
        assert parsed.warnings == ()
        assert len(parsed.text) > 300
        assert SPEC.first_date <= doc.published <= SPEC.last_date
        furniture += any(m in parsed.text for m in ("Related Articles", "ago", "Comments", "Share this:"))
    assert furniture > 200


# An independent reader of the figures as written, to check the text states what the generator planted.
_SCALE = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6, "": 1.0}
_MONEY = re.compile(r"^(?:US\$|\$|USD |Rs ?|PKR )([\d,]+(?:\.\d+)?)\s?(billion|bn|million|mn|m)?$")
_UNITS = r"%|percent|per cent|sq ft|square feet|sq m|Tbps|km|kilometres"
_NUMBER = re.compile(rf"^([\d,]+(?:\.\d+)?)(?: (million))?\+?(?: ?({_UNITS}))?$")


def parse_figure(figure: Figure) -> float:
    text = figure.text
    if figure.qualifier and text.startswith(figure.qualifier + " "):
        text = text[len(figure.qualifier) + 1 :]
    text = text.removesuffix(" square feet").removesuffix(" sq ft").replace(" million square", " million")
    if figure.unit in {"USD", "PKR"}:
        match = _MONEY.match(text)
        assert match, figure
        return float(match[1].replace(",", "")) * _SCALE[match[2] or ""]
    match = _NUMBER.match(text.replace(" feet", ""))
    assert match, figure
    return float(match[1].replace(",", "")) * (1e6 if match[2] else 1.0)


_PERIOD = re.compile(
    r"^(FY\d{4}-\d{2}|[A-Z][a-z]{2}-[A-Z][a-z]{2} FY\d{4}-\d{2}|\d{4}-\d{2}|\d{4}"
    r"|as of \d{4}-\d{2}|by \d{4}|by \d{4}-\d{2}|by FY\d{4}-\d{2})$"
)


@pytest.mark.parametrize("seed", [3, 7])
def test_documents_contain_the_planted_figures(seed):
    generator = CorpusGenerator(CorpusSpec(seed=seed))
    planted = 0
    for index in range(200):
        doc = generator.document(index)
        text = parse_document(doc.data, doc.rel_path, max_bytes=50 * 2**20).text.lower()
        assert doc.facts, f"document {index} states no fact"
        for fact in doc.facts:
            planted += 1
            assert fact.figure.text.lower() in text, (index, fact)
            value = parse_figure(fact.figure)
            assert value == pytest.approx(fact.figure.value, rel=0.005), (index, fact)
            assert fact.figure.unit in {"USD", "PKR", "percent", "count", "sqft", "sqm", "km", "Tbps"}
            assert fact.kind in {"actual", "target", "projection", "comparison"}
            assert fact.period is None or _PERIOD.match(fact.period), fact.period
    assert planted > 200 * 4


def test_actual_months_are_not_after_the_story():
    generator = CorpusGenerator(SPEC)
    for index in range(300):
        doc = generator.document(index)
        for fact in doc.facts:
            if fact.kind == "actual" and fact.period and re.fullmatch(r"\d{4}-\d{2}", fact.period):
                assert fact.period <= f"{doc.published:%Y-%m}", (index, fact)


def test_the_extractor_finds_facts_in_the_corpus():
    extract = pytest.importorskip("pkit.ingestion.extract")
    if not hasattr(extract, "extract_facts"):
        pytest.skip("pkit.ingestion.extract has no extract_facts yet")
    generator = CorpusGenerator(SPEC)
    with_facts = 0
    for index in range(100):
        doc = generator.document(index)
        parsed = parse_document(doc.data, doc.rel_path, max_bytes=50 * 2**20)
        with_facts += bool(extract.extract_facts(parsed.text, parsed.file_name))
    assert with_facts >= 80
