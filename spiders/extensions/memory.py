"""Memory of the whole crawl: the crawler, its processing workers and the browser it drives.

Scrapy's own MemoryUsage extension sees only the crawler's process, while Chromium and the worker pool run as its
children. This extension samples the process tree, keeps the peaks in the stats (``twincrawl/memory/peak_mb`` for
the tree, ``twincrawl/memory/crawler_peak_mb`` for the crawler alone) and, over ``TWINCRAWL_MEMORY_LIMIT_MB``,
closes the crawl with the reason ``memory limit`` (the run then exits as a partial failure; what was stored stays).
"""

from __future__ import annotations

import logging
import os

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from twincrawl.runs import MEMORY_LIMIT_REASON, pss_bytes, tree_pss_bytes

logger = logging.getLogger(__name__)

_MB = 1024 * 1024


class TreeMemory:
    """Samples the crawl's process tree every ``interval`` seconds; closes the crawl above ``limit_mb``."""

    def __init__(self, crawler: Crawler, *, interval: float, limit_mb: int) -> None:
        self.crawler = crawler
        self.interval = interval
        self.limit_mb = limit_mb
        self.loop = task.LoopingCall(self.sample)
        self.peak_mb = 0
        self.crawler_peak_mb = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TreeMemory:
        settings = crawler.settings
        if not settings.getbool("TWINCRAWL_MEMORY_ENABLED"):
            raise NotConfigured
        extension = cls(
            crawler,
            interval=settings.getfloat("TWINCRAWL_MEMORY_CHECK_INTERVAL"),
            limit_mb=settings.getint("TWINCRAWL_MEMORY_LIMIT_MB"),
        )
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self) -> None:
        self.loop.start(self.interval, now=True)

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.sample()

    def sample(self) -> None:
        pid = os.getpid()
        tree_mb, own_mb = tree_pss_bytes(pid) // _MB, pss_bytes(pid) // _MB
        self.peak_mb, self.crawler_peak_mb = max(self.peak_mb, tree_mb), max(self.crawler_peak_mb, own_mb)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("twincrawl/memory/peak_mb", self.peak_mb)
        stats.set_value("twincrawl/memory/crawler_peak_mb", self.crawler_peak_mb)
        if self.limit_mb and tree_mb > self.limit_mb and self.loop.running:
            self.loop.stop()
            logger.error(
                "the crawl uses %d MB with its workers and browser, over TWINCRAWL_MEMORY_LIMIT_MB=%d: stopping it "
                "(what was collected is kept)", tree_mb, self.limit_mb,
            )  # fmt: skip
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=MEMORY_LIMIT_REASON))
