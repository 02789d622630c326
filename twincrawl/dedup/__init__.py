"""Deduplication: content hashes and SimHash fingerprints of article texts."""

from twincrawl.dedup.fingerprint import content_hash, fingerprints, hamming

__all__ = ["content_hash", "fingerprints", "hamming"]
