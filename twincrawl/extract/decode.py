"""Turn a response body into text with the right encoding.

HTTP headers often lie about Russian pages (a cp1251 body served as ``charset=utf-8``), so a declaration is
trusted only when the body decodes cleanly with it.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
#: The meta charset must be declared early in the document; looking further costs time on huge pages.
_META_SCAN_BYTES = 4096
#: The ten most frequent lower-case Russian letters: in a text decoded with the right Cyrillic code page they
#: make up ~45% of the letters, with the wrong one (cp1251 read as KOI8-R or back) a few percent.
_FREQUENT_RUSSIAN = frozenset("оеаинтсрвл")
_CYRILLIC_CODE_PAGES = ("cp1251", "koi8_r")
#: charset-normalizer is slow on big bodies; a sample of this size is enough to tell encodings apart.
_DETECT_SAMPLE_BYTES = 64 * 1024
#: Every byte but the control characters that do not occur in text (all below 32 except tab, newlines, form feed
#: and carriage return): deleting these from a sample leaves its control characters, counted in C.
_NOT_CONTROL = bytes([*range(9, 14), *range(32, 256)])
#: How much of a body the binary test looks at, and the share of control characters above which it is not text:
#: random (compressed) bytes have ~10.5%, a text with a stray NUL or two well under 1%.
_BINARY_SAMPLE_BYTES = 4096
_BINARY_CONTROL_SHARE = 0.05
#: Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Signatures of the binary formats servers most often send as text/html; a compressed stream after a textual
#: header (a PDF) has too few control characters in its sample to be told by their share alone.
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"RIFF",
    b"OggS",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
)


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_encodings(body: bytes, content_type: str | None) -> list[str]:
    """Encodings declared by the page itself (meta) and by the HTTP header, in that order, known ones only."""
    found = []
    meta = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    if meta:
        found.append(_canonical(meta.group(1).decode("ascii", "ignore")))
    header = _HEADER_CHARSET.search(content_type or "")
    if header:
        found.append(_canonical(header.group(1)))
    return [name for name in dict.fromkeys(found) if name]


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _russian_letter_share(text: str) -> float:
    letters = [char for char in text if char.isalpha() and not char.isascii()]
    if len(letters) < 20:
        return 0.0
    return sum(char in _FREQUENT_RUSSIAN for char in letters) / len(letters)


def _best_cyrillic(sample: bytes) -> str | None:
    """cp1251 or KOI8-R when the sample reads as Russian in one of them, else None."""
    scores = {name: _russian_letter_share(sample.decode(name, errors="replace")) for name in _CYRILLIC_CODE_PAGES}
    name, score = max(scores.items(), key=lambda item: item[1])
    return name if score > 0.3 else None


def bom_encoding(body: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``body`` names (UTF-8, UTF-16, UTF-32), else None."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def detect_encoding(body: bytes, content_type: str | None = None, hint: str | None = None) -> str:
    """The encoding to read ``body`` with.

    Order: a byte-order mark; UTF-8 when the body is valid UTF-8 (a single-byte Cyrillic text practically never
    is); a declared non-UTF-8 encoding that decodes cleanly; the source's hint; a Russian code page whose
    letter frequencies read as Russian; statistical detection.
    """
    bom = bom_encoding(body)
    if bom:
        return bom
    if _decodes(body, "utf-8"):
        return "utf-8"
    for name in declared_encodings(body, content_type):
        if name != "utf-8" and _decodes(body, name):
            return name
    hinted = _canonical(hint)
    if hinted and _decodes(body, hinted):
        return hinted
    cyrillic = _best_cyrillic(body[:_DETECT_SAMPLE_BYTES])
    if cyrillic:
        return cyrillic
    best = charset_normalizer.from_bytes(body[:_DETECT_SAMPLE_BYTES]).best()
    if best is not None and best.encoding:
        return str(best.encoding)
    return "cp1252"


def decode_html(body: bytes, content_type: str | None = None, hint: str | None = None) -> str:
    """Decode a response body to text (undecodable bytes become U+FFFD only as a last resort)."""
    return body.decode(detect_encoding(body, content_type, hint), errors="replace")


def looks_binary(body: bytes) -> bool:
    """True when the body is not text at all (images, archives, PDFs served as text/html).

    The whole sample is weighed, not its first odd byte: a NUL in a title does not make a page binary, and a
    UTF-16 or UTF-32 page with a byte-order mark is judged on its decoded characters.
    """
    sample = body[:_BINARY_SAMPLE_BYTES]
    if not sample:
        return False
    if sample.startswith(_BINARY_MAGIC):
        return True
    encoding = bom_encoding(sample)
    if encoding and encoding != "utf-8-sig":
        text = sample.decode(encoding, errors="ignore")
        sample = text.encode("utf-8", errors="replace") if text else sample
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls / len(sample) > _BINARY_CONTROL_SHARE
