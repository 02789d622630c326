"""Content fingerprints: an exact hash of the normalized content and a SimHash for near-duplicates."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")
_SHINGLE = 3
_BITS = 64


def normalized_words(text: str) -> list[str]:
    """Lower-cased words: the form both fingerprints are computed on (markup and spacing do not matter)."""
    return _WORD.findall(text.lower())


def content_hash(title: str, text: str) -> str:
    """SHA-256 of the normalized title and text."""
    payload = " ".join(normalized_words(title)) + "\n" + " ".join(normalized_words(text))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def simhash(text: str) -> str:
    """64-bit SimHash (hex) over word 3-shingles: near-identical texts differ in a few bits."""
    words = normalized_words(text)
    shingles = [" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))]
    weights = [0] * _BITS
    for shingle in shingles:
        value = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(_BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    fingerprint = sum(1 << bit for bit, weight in enumerate(weights) if weight > 0)
    return f"{fingerprint:016x}"


def hamming(left: str, right: str) -> int:
    """Number of differing bits between two SimHash values."""
    return (int(left, 16) ^ int(right, 16)).bit_count()
