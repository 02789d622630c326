"""Marks articles whose text was already collected under another URL (``duplicate_of``)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from twincrawl.dedup import DuplicateIndex
from twincrawl.items import PageGone, ProcessedPage
from twincrawl.store import Store, open_store


class DedupPipeline:
    """Applies :class:`twincrawl.dedup.DuplicateIndex`; the store's look-ups (content hash, SimHash bands) run in a
    thread."""

    def __init__(self, store: Store, index: DuplicateIndex, stats: StatsCollector) -> None:
        self.store = store
        self.index = index
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        assert crawler.stats is not None
        store = open_store(crawler.settings.get("TWINCRAWL_STORE_URI"))
        return cls(store, DuplicateIndex(crawler.settings.getint("TWINCRAWL_NEAR_DUPLICATE_BITS")), crawler.stats)

    async def process_item(self, item: ProcessedPage | PageGone) -> ProcessedPage | PageGone:
        if isinstance(item, PageGone):
            return item
        article = item.article
        if article is None:
            return item
        stored = await maybe_deferred_to_future(deferToThread(self.index.stored_original, self.store, article))
        item.article = self.index.checked(article, stored)
        if item.article.duplicate_of is not None:
            self.stats.inc_value(f"twincrawl/{article.source}/duplicates")
        return item

    def close_spider(self) -> None:
        self.store.close()
