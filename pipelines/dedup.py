"""Marks articles whose text was already collected under another URL (``duplicate_of``)."""

from __future__ import annotations

import attrs
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from twincrawl.dedup import hamming
from twincrawl.items import ProcessedPage
from twincrawl.store import Store, open_store


class DedupPipeline:
    """Exact duplicates are found by content hash (this run and the store), near ones by SimHash in this run."""

    def __init__(self, store: Store, max_bits: int, stats: StatsCollector) -> None:
        self.store = store
        self.max_bits = max_bits
        self.stats = stats
        self.seen_hashes: dict[str, str] = {}
        # SimHash values within `max_bits` (< 4) of each other share at least one of four 16-bit bands.
        self.bands: dict[tuple[int, str], list[tuple[str, str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        assert crawler.stats is not None
        store = open_store(crawler.settings.get("TWINCRAWL_STORE_URI"))
        max_bits = min(crawler.settings.getint("TWINCRAWL_NEAR_DUPLICATE_BITS"), 3)
        return cls(store, max_bits, crawler.stats)

    def process_item(self, item: ProcessedPage) -> ProcessedPage:
        article = item.article
        if article is None:
            return item
        original = self._original(article.id, article.content_hash, article.simhash)
        if original is not None:
            item.article = attrs.evolve(article, duplicate_of=original)
            self.stats.inc_value(f"twincrawl/{article.source}/duplicates")
        else:
            self.seen_hashes.setdefault(article.content_hash, article.id)
            for band in _bands(article.simhash):
                self.bands.setdefault(band, []).append((article.simhash, article.id))
        return item

    def _original(self, article_id: str, content_hash: str, simhash: str) -> str | None:
        candidates = [self.seen_hashes.get(content_hash), self.store.find_by_hash(content_hash)]
        for band in _bands(simhash):
            near = self.bands.get(band, ())
            candidates += [other for value, other in near if hamming(value, simhash) <= self.max_bits]
        return next((other for other in candidates if other is not None and other != article_id), None)

    def close_spider(self) -> None:
        self.store.close()


def _bands(simhash: str) -> list[tuple[int, str]]:
    return [(index, simhash[index * 4 : index * 4 + 4]) for index in range(4)]
