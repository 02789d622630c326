"""Per-domain politeness shared by every worker of a frontier."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import deferLater

from spiders.extensions.frontier_worker import FrontierSeat, frontier_seat


class SharedDomainDelay:
    """Spaces the requests to one host by ``TWINCRAWL_DOMAIN_DELAY`` seconds across all workers.

    Before a request goes out, the worker takes the host's token in Redis (``SET key NX PX delay``); while
    another worker holds it, the request waits for the token's remaining lifetime and tries again. Scrapy's
    own ``DOWNLOAD_DELAY`` only spaces the requests of one process; the distributed profile moves it here.
    """

    def __init__(self, seat: FrontierSeat, delay: float) -> None:
        self.seat = seat
        self.delay = delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedDomainDelay:
        delay = crawler.settings.getfloat("TWINCRAWL_DOMAIN_DELAY")
        if delay <= 0:
            raise NotConfigured("TWINCRAWL_DOMAIN_DELAY is 0: requests are not spaced across workers")
        return cls(frontier_seat(crawler), delay)

    async def process_request(self, request: Request) -> None:
        # The reactor already installed: importing it at module level would install the default one.
        from twisted.internet import reactor

        host = urlparse_cached(request).hostname or ""
        while (wait := self.seat.frontier.reserve_domain(host, self.delay, self.seat.worker)) > 0:
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
