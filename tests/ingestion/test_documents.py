import codecs

import pytest

from pkit.errors import InputRejected
from pkit.ingestion.documents import parse_document, sha256_hex

LIMIT = 1_000_000


def test_identity_is_the_sha256_of_the_bytes():
    data = b"Pakistan's IT exports rose to $3.223 billion."
    doc = parse_document(data, "a.txt", max_bytes=LIMIT)
    assert doc.doc_id == sha256_hex(data) == parse_document(data, "other-name.txt", max_bytes=LIMIT).doc_id
    assert doc.text == data.decode()
    assert doc.encoding == "utf-8"


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"abc\x00\x00\x01\x02binary", "NUL"),
    ],
)
def test_non_documents_are_rejected_with_the_reason(data, needle):
    with pytest.raises(InputRejected) as err:
        parse_document(data, "inbox/photo.txt", max_bytes=LIMIT)
    assert needle in str(err.value)
    assert "inbox/photo.txt" in str(err.value)


def test_too_large_is_rejected():
    with pytest.raises(InputRejected, match="above the limit"):
        parse_document(b"x" * 101, "big.txt", max_bytes=100)


def test_latin1_is_decoded_and_flagged():
    doc = parse_document("Café exports rose 5%".encode("latin-1"), "l.txt", max_bytes=LIMIT)
    assert doc.text == "Café exports rose 5%"
    assert doc.encoding == "cp1252"
    assert any("not valid UTF-8" in w for w in doc.warnings)


def test_utf16_with_bom_is_decoded():
    data = codecs.BOM_UTF16_LE + "IT exports $3.2 billion".encode("utf-16-le")
    doc = parse_document(data, "u.txt", max_bytes=LIMIT)
    assert doc.text == "IT exports $3.2 billion"
    assert doc.encoding == "utf-16"


def test_html_is_reduced_to_text_without_scripts_or_navigation():
    html = b"""<!doctype html><html><head><title>IT exports hit record</title>
    <meta property="article:published_time" content="2024-07-18T09:00:00+05:00">
    <script>var exports = 999;</script><style>p{}</style></head>
    <body><nav>Home | Business | 2 days ago</nav><article><h1>IT exports hit record</h1>
    <p>Exports reached $3.223 billion in FY 2023-24.</p></article>
    <footer>Contact 021-111</footer></body></html>"""
    doc = parse_document(html, "page.html", max_bytes=LIMIT)
    assert doc.media_type == "html"
    assert "Exports reached $3.223 billion" in doc.text
    assert "999" not in doc.text and "Home | Business" not in doc.text and "021-111" not in doc.text
    assert doc.html_title == "IT exports hit record"
    assert doc.html_published == "2024-07-18T09:00:00+05:00"
    assert doc.html_url is None


def test_a_document_carries_its_address_for_its_citation():
    canonical = b"""<html><head><link rel="canonical" href="https://www.app.com.pk/business/ict-exports/">
    <meta property="og:url" content="https://m.app.com.pk/ict-exports"></head><body><p>Text.</p></body></html>"""
    assert (
        parse_document(canonical, "a.html", max_bytes=LIMIT).html_url
        == "https://www.app.com.pk/business/ict-exports/"
    )
    og_only = b"""<html><head><meta property="og:url" content="https://tribune.com.pk/story/1"></head>
    <body><p>Text.</p></body></html>"""
    assert parse_document(og_only, "b.html", max_bytes=LIMIT).html_url == "https://tribune.com.pk/story/1"
    relative = (
        b"""<html><head><link rel="canonical" href="/story/1"></head><body><p>Text.</p></body></html>"""
    )
    assert parse_document(relative, "c.html", max_bytes=LIMIT).html_url is None  # not an address to cite

    from pkit.ingestion.extract import detect_metadata

    header = (
        "url: https://tribune.com.pk/story/2491207/x\noutlet: The Express Tribune\n"
        "title: T\npublished: 2024-08-26\n---\nBody.\n"
    )
    meta = detect_metadata(header)
    assert meta.url == "https://tribune.com.pk/story/2491207/x" and meta.outlet == "The Express Tribune"


def _extract_in_a_daemon(queue) -> None:
    from pkit.ingestion.ingest_documents import POOL_THRESHOLD, _Extractor

    batch = [
        (f"doc{i}.txt", f"IT exports reached $3.2 billion in FY2023-24 ({i}).".encode())
        for i in range(POOL_THRESHOLD + 6)
    ]
    try:
        with _Extractor() as extractor:
            queue.put(len(extractor.extract(batch, 1_000_000)))
    except BaseException as err:  # the parent reports what the daemon hit
        queue.put(f"{type(err).__name__}: {err}")


def test_a_night_of_many_documents_extracts_inside_a_daemonic_worker():
    """Celery's prefork workers are daemonic and may not start children: a batch large enough for the
    process pool must still be extracted (in-process) instead of failing every try."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_extract_in_a_daemon, args=(queue,), daemon=True)
    worker.start()
    result = queue.get(timeout=120)
    worker.join(30)
    assert result == 70, result
