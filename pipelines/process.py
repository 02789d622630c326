"""Turns each fetched page into an Article (:func:`twincrawl.process.page.process_page`) in worker processes."""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from twincrawl.items import FetchedPage, PageGone, ProcessedPage
from twincrawl.process import (
    Outcome,
    ProcessingOptions,
    init_worker,
    process_in_worker,
    process_outcome,
    stop_worker_server,
    worker_context,
)  # fmt: skip
from twincrawl.registry import Source, load_registry

logger = logging.getLogger(__name__)
T = TypeVar("T")


class ProcessPipeline:
    """Never loses a page: a page that gives no article, or whose processing raises, passes on with a reason.

    With ``TWINCRAWL_PROCESS_WORKERS`` > 0, pages are processed in that many worker processes (forked from a
    fork server that loaded the registry and warmed up once) while the reactor goes on downloading; with 0, in
    the reactor thread.
    Items may leave in a different order than they came; the store and the dedup do not depend on it. The run
    report's ``processing/pages`` and ``processing/cpu_ms`` say how much CPU the processing itself took.
    """

    def __init__(
        self, sources: dict[str, Source], options: ProcessingOptions, stats: StatsCollector,
        workers: int = 0, registry_files: list[str] | None = None,
    ) -> None:  # fmt: skip
        self.sources = sources
        self.options = options
        self.stats = stats
        self.workers = workers
        self.registry_files = registry_files or []
        self.pool = self._new_pool() if workers > 0 else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessPipeline:
        settings = crawler.settings
        files = settings.getlist("TWINCRAWL_SOURCES_FILES")
        options = ProcessingOptions.from_settings(settings)
        assert crawler.stats is not None
        registry = load_registry([Path(f) for f in files] if files else None)
        return cls(registry, options, crawler.stats, settings.getint("TWINCRAWL_PROCESS_WORKERS"), files)

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=worker_context(self.registry_files),
            initializer=init_worker, initargs=(os.getpid(), self.registry_files, self.options),
        )  # fmt: skip

    async def process_item(self, item: FetchedPage | PageGone) -> ProcessedPage | PageGone:
        if isinstance(item, PageGone):  # nothing to process: the store marks the article withdrawn
            return item
        outcome = await self._outcome(item)
        self.stats.inc_value("twincrawl/processing/pages")
        self.stats.inc_value("twincrawl/processing/cpu_ms", round(outcome.cpu_seconds * 1000))
        if outcome.error:
            logger.error("processing %s failed; its raw page is kept for `twincrawl reprocess`:\n%s",
                         item.url, outcome.error)  # fmt: skip
        if outcome.article is not None:
            return ProcessedPage(page=item, article=outcome.article)
        reason = outcome.skip_reason or "processing error"
        self.stats.inc_value(f"twincrawl/{item.source}/skipped/{reason}")
        return ProcessedPage(page=item, skip_reason=reason)

    async def _outcome(self, item: FetchedPage) -> Outcome:
        source = self.sources[item.source]
        pool = self.pool
        if pool is None:
            return process_outcome(item, source, self.options)
        try:
            return await maybe_deferred_to_future(_deferred(pool.submit(process_in_worker, item)))
        except BrokenProcessPool as error:
            # A worker died (killed, out of memory, a crash in C code): the pages it held are lost to this run
            # but counted; a new pool takes the rest.
            if pool is self.pool:
                logger.error("a processing worker died (%s); starting new workers", error)
                self.pool = self._new_pool()
                pool.shutdown(wait=False, cancel_futures=True)
            return Outcome(skip_reason="processing error", error=f"worker process died: {error}")

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            stop_worker_server()


def _deferred(future: Future[T]) -> Deferred[T]:
    """A Deferred fired in the reactor thread when ``future`` (run by a pool) is done."""
    # The running reactor: importing it at module level, before the crawl installs one, installs the default.
    from twisted.internet import reactor

    deferred: Deferred[T] = Deferred()

    def fire(done: Future[T]) -> None:
        error = done.exception()
        if error is None:
            deferred.callback(done.result())
        else:
            deferred.errback(Failure(error))  # type: ignore[no-untyped-call]

    future.add_done_callback(lambda done: reactor.callFromThread(fire, done))
    return deferred
