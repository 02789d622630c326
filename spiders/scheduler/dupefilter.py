"""Request fingerprints in the frontier: article fingerprints expire, so due pages are fetched again."""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.settings import BaseSettings
from scrapy_redis.dupefilter import RFPDupeFilter

from spiders.extensions.frontier_worker import frontier_seat
from twincrawl.runs.frontier import Frontier

#: Request meta flag of discovery pages (feeds, sitemaps, listings): those are fetched once per run.
DISCOVERY = "twincrawl_discovery"


class ExpiringDupeFilter(RFPDupeFilter):
    """``DUPEFILTER_CLASS`` of the distributed crawl.

    Within a run (``twincrawl seed`` starts one) no request is scheduled twice, whichever worker finds it.
    Across runs, discovery pages (feeds, sitemaps, listings) are fetched again each run, and an article page
    once its fingerprint is ``TWINCRAWL_FINGERPRINT_TTL`` seconds old (0: never): it is then due for a
    re-check. Fingerprints outlive the workers: closing a worker keeps them.
    """

    def __init__(self, frontier: Frontier, ttl: int, debug: bool = False) -> None:
        super().__init__(frontier.client, frontier.keys.seen("*"), debug)
        self.frontier = frontier
        self.ttl = ttl

    @classmethod
    def from_spider(cls, spider: Spider) -> ExpiringDupeFilter:
        """The filter of a running crawl, on its frontier (scrapy-redis's scheduler makes it this way)."""
        return cls.for_frontier(frontier_seat(spider.crawler).frontier, spider.settings)

    @classmethod
    def for_frontier(cls, frontier: Frontier, settings: BaseSettings) -> ExpiringDupeFilter:
        """The filter on ``frontier`` with ``TWINCRAWL_FINGERPRINT_TTL`` and ``DUPEFILTER_DEBUG``."""
        ttl = settings.getint("TWINCRAWL_FINGERPRINT_TTL")
        if ttl < 0:
            raise ValueError(
                f"TWINCRAWL_FINGERPRINT_TTL is {ttl}: give seconds, or 0 for fingerprints that never expire"
            )
        return cls(frontier, ttl, settings.getbool("DUPEFILTER_DEBUG"))

    def request_seen(self, request: Request) -> bool:
        fingerprint = self.request_fingerprint(request)
        if not self.frontier.first_in_run(fingerprint):
            return True
        return not request.meta.get(DISCOVERY) and not self.frontier.first_since(fingerprint, self.ttl)

    def close(self, reason: Any = "") -> None:
        """Keep the fingerprints: the other workers and the next run use them."""

    def clear(self) -> None:
        self.frontier.forget_fingerprints()
