"""Writes articles and raw pages to the store in batches, off the reactor thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import DeferredLock
from twisted.internet.threads import deferToThread

from twincrawl.extract import ExtractionMode, extraction_mode
from twincrawl.items import Article, PageGone, ProcessedPage
from twincrawl.process import extractor_version
from twincrawl.runs import STORE_UNWRITABLE_REASON
from twincrawl.store import Store, StoreUnwritable, open_store
from twincrawl.store.base import RawPage, WriteResult

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: Pages whose body is useless for reprocessing are not kept.
_RAW_NOT_KEPT = frozenset({"empty body", "binary content", "page too large", "not html"})


class StorePipeline:
    """Every processed page ends here: stored (counted new / updated / unchanged) or dropped with a reason."""

    def __init__(
        self, store: Store, batch_size: int, drop_irrelevant: bool, stats: StatsCollector,
        mode: ExtractionMode = "accurate", *, stop_crawl: Callable[[], object] | None = None,
    ) -> None:  # fmt: skip
        self.store = store
        self.version = extractor_version(mode)
        """Kept with each raw page: ``reprocess`` processes again the pages another version made."""
        self.batch_size = batch_size
        self.drop_irrelevant = drop_irrelevant
        self.stats = stats
        self.articles: list[Article] = []
        self.raw_pages: list[RawPage] = []
        self.write_lock = DeferredLock()
        self.stop_crawl = stop_crawl
        """Called once when the store turns out unwritable (the crawl would only fetch pages to lose them)."""
        self.unwritable: str | None = None
        """Why no write can succeed any more, once a write found out."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        assert crawler.stats is not None

        def stop_crawl() -> object:
            assert crawler.engine is not None
            return deferred_from_coro(crawler.engine.close_spider_async(reason=STORE_UNWRITABLE_REASON))

        return cls(
            open_store(settings.get("TWINCRAWL_STORE_URI")),
            settings.getint("TWINCRAWL_STORE_BATCH_SIZE"),
            settings.getbool("TWINCRAWL_DROP_IRRELEVANT"),
            crawler.stats,
            extraction_mode(settings.get("TWINCRAWL_EXTRACTION_MODE")),
            stop_crawl=stop_crawl,
        )

    async def process_item(self, item: ProcessedPage | PageGone) -> Article:
        if isinstance(item, PageGone):
            await self._mark_withdrawn(item)
            raise DropItem(f"{item.url}: gone (http {item.status})")
        article = item.article
        if self.unwritable is not None:
            if article is not None:
                self._lost(article)
            raise DropItem(f"{item.page.url}: the store cannot be written ({self.unwritable})")
        if item.skip_reason not in _RAW_NOT_KEPT:
            self.raw_pages.append(RawPage.from_page(item.page, self.version, article.id if article else None))
        if article is None:
            await self._maybe_flush()
            raise DropItem(f"{item.page.url}: {item.skip_reason}")
        if self.drop_irrelevant and not article.relevance.is_twinning:
            self.stats.inc_value(f"twincrawl/{article.source}/dropped/not twinning")
            await self._maybe_flush()
            raise DropItem(f"{item.page.url}: not twinning (score {article.relevance.score:.2f})")
        self.articles.append(article)
        await self._maybe_flush()
        return article

    async def _mark_withdrawn(self, gone: PageGone) -> None:
        """Mark the article stored from the page withdrawn (counted in ``articles/withdrawn``), the record kept."""
        if self.unwritable is not None:
            return
        try:
            marked = await maybe_deferred_to_future(
                self.write_lock.run(deferToThread, self.store.mark_withdrawn, gone.source, gone.url, gone.withdrawn())
            )
        except StoreUnwritable as error:
            self.unwritable = str(error)
            return
        if marked is not None:
            self.stats.inc_value(f"twincrawl/{gone.source}/articles/withdrawn")

    async def _maybe_flush(self) -> None:
        if len(self.articles) + len(self.raw_pages) >= self.batch_size:
            await self._flush()

    async def _flush(self) -> None:
        articles, self.articles = self.articles, []
        raw_pages, self.raw_pages = self.raw_pages, []
        if not (articles or raw_pages):
            return
        await maybe_deferred_to_future(self.write_lock.run(deferToThread, self._write, articles, raw_pages))
        if self.unwritable is not None and self.stop_crawl is not None:
            logger.error(
                "stopping the crawl: %s (the pages not stored are not known, so the next run fetches them again)",
                self.unwritable,
            )
            stop, self.stop_crawl = self.stop_crawl, None
            stop()

    def _write(self, articles: list[Article], raw_pages: list[RawPage]) -> None:
        if self.unwritable is not None:
            for article in articles:
                self._lost(article)
            return
        try:
            self._write_batch(articles, raw_pages)
        except StoreUnwritable as error:
            self.unwritable = str(error)
            for article in articles:
                self._lost(article)

    def _write_batch(self, articles: list[Article], raw_pages: list[RawPage]) -> None:
        # Raw pages first: an article the store refuses still has its page kept for `twincrawl reprocess`.
        _write_each(raw_pages, self.store.save_raw, lambda page: page.url, "raw page")
        result = WriteResult()
        spooled_before = self._spooled()
        _write_each(
            articles, lambda batch: result.merge(self.store.upsert(batch)), lambda article: article.url,
            "article", self._store_failed,
        )  # fmt: skip
        sources = {article.id: article.source for article in articles}
        for outcome, ids in (("new", result.new), ("updated", result.updated), ("unchanged", result.unchanged)):
            for article_id in ids:
                self.stats.inc_value(f"twincrawl/{sources[article_id]}/articles/{outcome}")
        if self._spooled() > spooled_before:  # the store was unreachable: the batch waits in its local spool
            written = {*result.new, *result.updated, *result.unchanged}
            for article in articles:
                if article.id not in written:
                    self.stats.inc_value(f"twincrawl/{article.source}/articles/spooled")

    def _spooled(self) -> int:
        """Records waiting in the store's local spool (only stores with a server have one)."""
        return int(getattr(self.store, "spooled", 0))

    def _store_failed(self, article: Article) -> None:
        self.stats.inc_value(f"twincrawl/{article.source}/dropped/store error")

    def _lost(self, article: Article) -> None:
        self.stats.inc_value(f"twincrawl/{article.source}/dropped/{STORE_UNWRITABLE_REASON}")

    async def close_spider(self) -> None:
        await self._flush()
        self.store.close()


def _write_each(
    records: list[T],
    write: Callable[[list[T]], object],
    url: Callable[[T], str],
    kind: str,
    failed: Callable[[T], None] | None = None,
) -> None:
    """Write ``records`` as one batch; when that raises, one at a time, so that a record the store refuses
    costs only itself (logged with its URL and passed to ``failed``), not its whole batch."""
    if not records:
        return
    try:
        write(records)
        return
    except StoreUnwritable:
        raise
    except Exception:
        logger.warning("writing a batch of %d %ss failed; writing them one at a time", len(records), kind)
    for record in records:
        try:
            write([record])
        except StoreUnwritable:
            raise
        except Exception:
            logger.exception("the store refused the %s of %s", kind, url(record))
            if failed is not None:
                failed(record)
