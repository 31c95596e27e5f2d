"""Reading source documents: bytes → identity (SHA-256) → text, refusing what is not a document.

Text offsets of extracted facts index into the text produced here, so this is the only place that
decides how bytes become text.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pkit.errors import InputRejected

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})

# Magic numbers of formats people drop into an inbox by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DROP_HTML = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, template"


@dataclass(frozen=True)
class ParsedDocument:
    doc_id: str
    file_name: str
    source_path: str
    media_type: str
    encoding: str
    text: str
    byte_count: int
    html_title: str | None = None
    html_published: str | None = None
    html_url: str | None = None
    warnings: tuple[str, ...] = field(default=())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_document(data: bytes, source_path: str, *, max_bytes: int) -> ParsedDocument:
    """Turn a document's bytes into text, or raise :class:`InputRejected` saying why not."""
    name = Path(source_path).name
    if not data:
        raise InputRejected(
            source_path, "the file is empty (0 bytes); remove it or replace it with the article"
        )
    if len(data) > max_bytes:
        raise InputRejected(
            source_path,
            f"the file is {len(data):,} bytes, above the limit of {max_bytes:,} (PKIT_MAX_DOCUMENT_BYTES); "
            "split it or raise the limit",
        )
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputRejected(
                source_path, f"this is {what}, not a text document; convert it to .txt or .html"
            )
    text, encoding, warnings = _decode(data, source_path)
    suffix = Path(source_path).suffix.lower()
    media_type = {".htm": "html"}.get(suffix, suffix.lstrip("."))
    title = published = url = None
    if media_type == "html" or (media_type != "md" and _looks_like_html(text)):
        media_type = "html"
        text, title, published, url = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ParsedDocument(
        doc_id=sha256_hex(data),
        file_name=name,
        source_path=source_path,
        media_type=media_type,
        encoding=encoding,
        text=text,
        byte_count=len(data),
        html_title=title,
        html_published=published,
        html_url=url,
        warnings=tuple(warnings),
    )


def _decode(data: bytes, source_path: str) -> tuple[str, str, list[str]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return text, codec, _replacement_warning(text, codec)
    if b"\x00" in data[:4096]:
        raise InputRejected(
            source_path, "contains NUL bytes without a byte-order mark: binary data, not a text document"
        )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        utf8_error = err
    # Not UTF-8: Windows-1252 is what Latin-1 text from Windows editors really is; every byte but
    # five decodes, and those few are flagged rather than the whole document being lost.
    text = data.decode("cp1252", errors="replace")
    warnings = [f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}); decoded as Windows-1252"]
    return text, "cp1252", warnings + _replacement_warning(text, "cp1252")


def _replacement_warning(text: str, codec: str) -> list[str]:
    bad = text.count("\ufffd")
    return (
        [f"{bad} byte sequence(s) could not be decoded as {codec} and were replaced by U+FFFD"] if bad else []
    )


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def html_to_text(html: str) -> tuple[str, str | None, str | None, str | None]:
    """Readable text of an HTML page (scripts, styles and navigation dropped), title, published date,
    and the page's own address (``<link rel=canonical>``, else ``og:url``) for its citation."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    title = None
    published = None
    for selector, attr in (
        ('meta[property="og:title"]', "content"),
        ("title", None),
    ):
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get(attr) if attr else node.text(strip=True)
            if value:
                title = value.strip()
                break
    for selector in (
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[name="publish-date"]',
        "time[datetime]",
    ):
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime")
            if value:
                published = value.strip()
                break
    url = None
    for selector, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        value = node.attributes.get(attr) if node is not None else None
        if value and value.strip().lower().startswith(("http://", "https://")):
            url = value.strip()
            break
    for node in tree.css(_DROP_HTML):
        node.decompose()
    body = tree.body or tree.root
    text = body.text(separator="\n", strip=True) if body is not None else ""
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line), title, published, url
