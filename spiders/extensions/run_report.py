"""The run lock and the run report of a crawl started by Scrapy's own command (``scrapy crawl news``).

As ``twincrawl crawl`` does, the crawl takes the lock (``TWINCRAWL_LOCK_FILE``, by default ``crawl.lock`` in the
state directory: ``TWINCRAWL_STATE_DIR``, else beside a SQLite store) before its engine and pipelines are built, and
at its end updates the run state's marks and writes the report to ``<state dir>/reports/<UTC start>.json``. While
another crawl holds the lock, the crawler does not start: one line says so, nothing is fetched or stored and
``scrapy crawl`` exits with code 3 (``spiders.commands.crawl``).

It runs when ``TWINCRAWL_LOCK_AND_REPORT`` is on, as ``scrapy crawl`` sets it: ``twincrawl crawl`` takes the
lock and writes the report itself, other commands building a crawler (``scrapy shell``) are no run, and the
distributed profile's workers share one run (it turns the setting off at the project's priority).
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from twincrawl.items import utc_now
from twincrawl.runs import LockHeld, RunLock, conclude_run, default_state_dir, lock_path, report_path

logger = logging.getLogger(__name__)


class RunLockAndReport:
    """Holds the run lock from the crawler's start to the report written when the spider closes."""

    def __init__(self, crawler: Crawler, lock: RunLock, state_dir: Path) -> None:
        self.crawler = crawler
        self.lock = lock
        self.state_dir = state_dir
        self.started = utc_now()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLockAndReport:
        settings = crawler.settings
        if not settings.getbool("TWINCRAWL_LOCK_AND_REPORT"):
            raise NotConfigured
        state_dir = Path(settings.get("TWINCRAWL_STATE_DIR") or default_state_dir(settings.get("TWINCRAWL_STORE_URI")))
        lock = RunLock(Path(settings.get("TWINCRAWL_LOCK_FILE") or lock_path(state_dir)))
        try:
            lock.acquire()  # extensions are built before the engine: no pipeline has opened the store yet
        except LockHeld as error:
            logger.error("%s", error)
            raise
        extension = cls(crawler, lock, state_dir)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def closed(self, spider: Spider) -> None:
        assert self.crawler.stats is not None
        path = report_path(self.state_dir, self.started)
        try:
            report = conclude_run(
                self.crawler.stats.get_stats(), self.crawler.settings.get("TWINCRAWL_STORE_URI"),
                list(getattr(spider, "sources", {})), self.state_dir,
                path=path, warn=logger.error,
            )  # fmt: skip
        finally:
            self.lock.release()
        level = logging.WARNING if report.has_failures else logging.INFO
        logger.log(level, "%s (run report: %s)", report.summary(), path)
