"""Content fingerprints: an exact hash of the normalized content and a SimHash for near-duplicates."""

from __future__ import annotations

import hashlib

from twincrawl.words import lower_words

_SHINGLE = 3
_BITS = 64
#: For each bit of a byte, most significant first: every byte value mapped to 1 when it has that bit set, else 0.
_BIT_SET = [bytes(value >> (7 - bit) & 1 for value in range(256)) for bit in range(8)]


def normalized_words(text: str) -> list[str]:
    """Lower-cased words: the form both fingerprints are computed on (markup and spacing do not matter)."""
    return lower_words(text)


def content_hash(title: str, text: str) -> str:
    """SHA-256 of the normalized title and text."""
    return _content_hash(normalized_words(title), normalized_words(text))


def simhash(text: str) -> str:
    """64-bit SimHash (hex) over word 3-shingles: near-identical texts differ in a few bits."""
    return _simhash(normalized_words(text))


def fingerprints(title: str, text: str) -> tuple[str, str]:
    """:func:`content_hash` and :func:`simhash` of an article, its text normalized once for both."""
    words = normalized_words(text)
    return _content_hash(normalized_words(title), words), _simhash(words)


def _content_hash(title_words: list[str], text_words: list[str]) -> str:
    payload = " ".join(title_words) + "\n" + " ".join(text_words)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _simhash(words: list[str]) -> str:
    if len(words) < _SHINGLE:  # one shingle of the words there are
        shingles = [" ".join(words)]
    else:
        triples = zip(words, words[1:], words[2:], strict=False)  # the shorter slices end it
        shingles = [f"{first} {second} {third}" for first, second, third in triples]
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(shingle.encode("utf-8"), digest_size=8).digest() for shingle in shingles])
    # Bit i of the fingerprint is set when bit i is set in more than half of the shingles' hashes. The ones are
    # counted by C code rather than a Python loop per shingle: byte j of every hash makes one column, which
    # bytes.translate turns into 1s and 0s for one bit at a time.
    half = len(shingles) / 2
    fingerprint = 0
    for byte in range(_BITS // 8):
        column = digests[byte :: _BITS // 8]
        for ones in _BIT_SET:
            fingerprint = fingerprint << 1 | (column.translate(ones).count(1) > half)
    return f"{fingerprint:016x}"


def hamming(left: str, right: str) -> int:
    """Number of differing bits between two SimHash values."""
    return (int(left, 16) ^ int(right, 16)).bit_count()
