"""The news spider as a worker of a shared Redis frontier, and the seeding of that frontier."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from twisted.python.failure import Failure

from spiders.news import NewsSpider
from spiders.scheduler.dupefilter import DISCOVERY, ExpiringDupeFilter
from spiders.scheduler.queue import IN_FLIGHT, ReliableQueue
from twincrawl.registry import Source
from twincrawl.runs.frontier import Frontier, connect


def worker_name(settings: Settings) -> str:
    """``TWINCRAWL_FRONTIER_WORKER``, else ``<host>-<pid>``: unique among the workers of a run."""
    return settings.get("TWINCRAWL_FRONTIER_WORKER") or f"{socket.gethostname()}-{os.getpid()}"


class FrontierNewsSpider(NewsSpider):
    """:class:`NewsSpider` taking its requests from the frontier at ``TWINCRAWL_FRONTIER_URI``.

    It only consumes: the start requests are pushed by ``twincrawl seed``, or by this worker when
    ``TWINCRAWL_FRONTIER_SEED`` is set and it finds the frontier empty (one worker of several does it).
    """

    name = "news-worker"
    frontier: Frontier
    worker: str

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FrontierNewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, FrontierNewsSpider)
        settings = crawler.settings
        spider.frontier = Frontier(connect(settings["TWINCRAWL_FRONTIER_URI"]), settings["TWINCRAWL_FRONTIER_RUN"])
        spider.worker = worker_name(settings)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.settings.getbool("TWINCRAWL_FRONTIER_SEED") or not self._frontier_empty():
            return
        if self.frontier.claim_seeding():
            self.logger.info("the frontier is empty: seeding it")
            self.frontier.start_run()
            async for request in super().start():
                yield request

    def _frontier_empty(self) -> bool:
        self.frontier.requeue_dead()
        status = self.frontier.status()
        return not status.queued and not any(status.in_flight.values())

    def _request(self, url: str, source: Source, callback: Any, **meta: Any) -> scrapy.Request:
        request = super()._request(url, source, callback, **meta)
        if callback != self.parse_article:
            request.meta[DISCOVERY] = True
        return request

    def failed(self, failure: Failure) -> None:
        super().failed(failure)
        field = failure.request.meta.get(IN_FLIGHT)  # type: ignore[attr-defined]
        if field is not None:
            self.frontier.done(self.worker, field)


async def seed(settings: Settings) -> int:
    """Start a new run on the frontier and push the selected sources' feeds, sitemaps and listings into it.

    Also puts dead workers' requests back. Returns the number of requests pushed (those already queued or
    already fetched in this run are not pushed twice).
    """
    crawler = Crawler(FrontierNewsSpider, settings)
    spider = FrontierNewsSpider.from_crawler(crawler)
    spider.frontier.requeue_dead()
    spider.frontier.start_run()
    queue = ReliableQueue(spider.frontier.client, spider, spider.frontier.keys.queue)
    seen = ExpiringDupeFilter.from_spider(spider)
    pushed = 0
    async for request in NewsSpider.start(spider):
        if not seen.request_seen(request):
            queue.push(request)
            pushed += 1
    return pushed
