"""Obey a server's ``Retry-After`` on 429 and 503 before Scrapy's retry sends the request again."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

#: The statuses whose Retry-After asks a client to come back later (RFC 9110 15.5.20 and 15.6.4; RFC 6585).
_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str, now: float) -> float | None:
    """Seconds a ``Retry-After`` value asks to wait (delay-seconds or an HTTP date), None when it is neither."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


class RetryAfterMiddleware:
    """Waits what a 429 or 503 response's ``Retry-After`` asks, at most ``TWINCRAWL_RETRY_AFTER_MAX`` seconds,
    when Scrapy's ``RetryMiddleware`` is going to retry the request; the retry then goes out after the wait.

    It sits closer to the downloader than ``RetryMiddleware`` (550), so it sees the response first. The
    request keeps its place in the downloader while it waits: the cap bounds what a server can hold.
    """

    def __init__(self, crawler: Crawler, cap: float, retry_times: int, retry_codes: set[int]) -> None:
        self.crawler = crawler
        self.cap = cap
        self.retry_times = retry_times
        self.retry_codes = retry_codes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings = crawler.settings
        cap = settings.getfloat("TWINCRAWL_RETRY_AFTER_MAX")
        if cap <= 0 or not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("TWINCRAWL_RETRY_AFTER_MAX is 0 or retries are off: Retry-After is not obeyed")
        codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        return cls(crawler, cap, settings.getint("RETRY_TIMES"), codes)

    def _will_retry(self, request: Request, response: Response) -> bool:
        if request.meta.get("dont_retry") or response.status not in self.retry_codes:
            return False
        return int(request.meta.get("retry_times", 0)) < int(request.meta.get("max_retry_times", self.retry_times))

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in _STATUSES or not self._will_retry(request, response):
            return response
        header = response.headers.get("Retry-After")
        asked = retry_after_seconds(header.decode("latin-1"), time.time()) if header else None
        if not asked:
            return response
        wait = min(asked, self.cap)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("twincrawl/retry_after/waits")
            stats.inc_value("twincrawl/retry_after/ms", round(wait * 1000))
            if asked > self.cap:
                stats.inc_value("twincrawl/retry_after/capped")
        # The reactor already installed: importing it at module level would install the default one.
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return response
