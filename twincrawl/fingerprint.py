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
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(shingle.encode("utf-8"), digest_size=8).digest() for shingle in shingles])
    # All hashes as one string of bits, so that the ones in each bit position are counted by C code rather
    # than a Python loop of 64 steps per shingle: character i of every 64 is bit 63 - i of one hash.
    bits = format(int.from_bytes(digests, "big"), f"0{len(digests) * 8}b")
    half = len(shingles) / 2
    fingerprint = "".join("1" if bits[i::_BITS].count("1") > half else "0" for i in range(_BITS))
    return f"{int(fingerprint, 2):016x}"


def hamming(left: str, right: str) -> int:
    """Number of differing bits between two SimHash values."""
    return (int(left, 16) ^ int(right, 16)).bit_count()
