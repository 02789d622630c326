"""Deduplication: content hashes and SimHash fingerprints of article texts, and the index of those seen."""

from twincrawl.dedup.duplicates import DuplicateIndex
from twincrawl.dedup.fingerprint import content_hash, fingerprints, hamming

__all__ = ["DuplicateIndex", "content_hash", "fingerprints", "hamming"]
