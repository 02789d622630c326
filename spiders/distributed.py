"""The news spider as a worker of a shared Redis frontier, and the seeding of that frontier."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from twisted.python.failure import Failure

from spiders.extensions.frontier_worker import FrontierSeat, frontier_seat
from spiders.news import NewsSpider
from spiders.scheduler.dupefilter import DISCOVERY, ExpiringDupeFilter
from spiders.scheduler.queue import IN_FLIGHT, ReliableQueue
from twincrawl.items import PageGone
from twincrawl.registry import Source


class FrontierNewsSpider(NewsSpider):
    """:class:`NewsSpider` taking its requests from the frontier at ``TWINCRAWL_FRONTIER_URI``.

    It only consumes: the start requests are pushed by ``twincrawl seed``, or by this worker when
    ``TWINCRAWL_FRONTIER_SEED`` is set and it finds the frontier empty (one worker of several does it).
    The frontier is the crawl's :class:`FrontierSeat`, held by the FrontierWorker extension.
    """

    name = "news-worker"

    # A method, not a property: serializing a request inspects every attribute of the spider, and seeding
    # serializes requests without a running crawl (and so without its extension).
    def seat(self) -> FrontierSeat:
        """The crawl's seat on the frontier."""
        return frontier_seat(self.crawler)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.settings.getbool("TWINCRAWL_FRONTIER_SEED") or not self._frontier_empty():
            return
        if self.seat().frontier.claim_seeding():
            self.logger.info("the frontier is empty: seeding it")
            self.seat().frontier.start_run()
            async for request in super().start():
                yield request

    def _frontier_empty(self) -> bool:
        self.seat().frontier.requeue_dead()
        status = self.seat().frontier.status()
        return not status.queued and not any(status.in_flight.values())

    def _request(self, url: str, source: Source, callback: Any, **meta: Any) -> scrapy.Request:
        request = super()._request(url, source, callback, **meta)
        if callback != self.parse_article:
            request.meta[DISCOVERY] = True
        return request

    def failed(self, failure: Failure) -> list[PageGone]:
        gone = super().failed(failure)
        field = failure.request.meta.get(IN_FLIGHT)  # type: ignore[attr-defined]
        if field is not None:
            self.seat().frontier.done(self.seat().worker, field)
        return gone


async def seed(settings: Settings) -> int:
    """Start a new run on the frontier and push the selected sources' feeds, sitemaps and listings into it.

    Also puts dead workers' requests back. Returns the number of requests pushed (those already queued or
    already fetched in this run are not pushed twice).
    """
    spider = FrontierNewsSpider.from_crawler(Crawler(FrontierNewsSpider, settings))
    seat = FrontierSeat.from_settings(settings)
    seat.frontier.requeue_dead()
    seat.frontier.start_run()
    queue = ReliableQueue(seat.frontier.client, spider, seat.frontier.keys.queue, seat=seat)
    seen = ExpiringDupeFilter.for_frontier(seat.frontier, settings)
    pushed = 0
    async for request in NewsSpider.start(spider):
        if not seen.request_seen(request):
            queue.push(request)
            pushed += 1
    return pushed
