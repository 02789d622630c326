"""Which earlier article a text repeats: the crawl's dedup pipeline and ``twincrawl reprocess`` both ask here."""

from __future__ import annotations

import attrs

from twincrawl.dedup.fingerprint import hamming
from twincrawl.items import Article, simhash_bands
from twincrawl.store import Store

#: SimHash values within this many bits share at least one of four 16-bit bands, so looking in the bands finds
#: them all; at 4 bits or more two values could differ in every band, so a larger setting is lowered to this.
MAX_NEAR_BITS = 3


class DuplicateIndex:
    """The articles seen so far: exact duplicates by content hash, near ones by SimHash within ``max_bits``.

    The store's own articles are not read by :meth:`checked`: a caller passes what :meth:`stored_original` found
    (a store read it does where reading suits it: off the crawl's event loop, or in a command), so a story stored
    by an earlier run, from any source, is found as well as one seen in this run.
    """

    def __init__(self, max_bits: int = MAX_NEAR_BITS) -> None:
        self.max_bits = min(max_bits, MAX_NEAR_BITS)
        self._hashes: dict[str, str] = {}
        self._bands: dict[str, list[tuple[str, str]]] = {}

    def stored_original(self, store: Store, article: Article) -> str | None:
        """The stored article ``article`` repeats: one with its content hash, else the nearest SimHash within
        ``max_bits`` (the store looks up each in one indexed query, so the cost stays flat as it grows)."""
        same = store.find_by_hash(article.content_hash)
        if same is not None and same != article.id:
            return same
        near = [(hamming(value, article.simhash), other) for value, other in store.find_near(article.simhash)]
        close = sorted((bits, other) for bits, other in near if bits <= self.max_bits and other != article.id)
        return close[0][1] if close else None

    def checked(self, article: Article, stored_original: str | None = None) -> Article:
        """``article`` with ``duplicate_of`` set to the article it repeats; one that repeats none is remembered."""
        original = self._original(article, stored_original)
        if original is not None:
            return attrs.evolve(article, duplicate_of=original)
        self._hashes.setdefault(article.content_hash, article.id)
        for band in simhash_bands(article.simhash):
            self._bands.setdefault(band, []).append((article.simhash, article.id))
        return article

    def _original(self, article: Article, stored_original: str | None) -> str | None:
        candidates = [self._hashes.get(article.content_hash), stored_original]
        for band in simhash_bands(article.simhash):
            near = self._bands.get(band, ())
            candidates += [other for value, other in near if hamming(value, article.simhash) <= self.max_bits]
        return next((other for other in candidates if other is not None and other != article.id), None)
