"""A one-line progress display on a terminal (``TWINCRAWL_PROGRESS``; the command sets it only on a TTY)."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

_INTERVAL_SECONDS = 1.0


class Progress:
    """Redraws ``pages, stored, failed`` on stderr every second while the crawl runs."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop = task.LoopingCall(self.draw)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("TWINCRAWL_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def _total(self, suffix: str) -> int:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        return sum(v for k, v in stats.items() if k.startswith("twincrawl/") and suffix in k and isinstance(v, int))

    def draw(self) -> None:
        pages, new = self._total("/pages_fetched"), self._total("/articles/new")
        failed = self._total("/failures/")
        sys.stderr.write(f"\r{pages} pages fetched, {new} new articles, {failed} failed requests ")
        sys.stderr.flush()

    def opened(self) -> None:
        self.loop.start(_INTERVAL_SECONDS, now=False)

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.draw()
        sys.stderr.write("\n")
