"""Crawler traps: session ids in URLs are stripped before the scheduler dedupes, and each URL pattern gets
at most ``TWINCRAWL_MAX_PAGES_PER_PATTERN`` distinct URLs per source and run (endless calendars, facets)."""

from __future__ import annotations

import logging
from collections import defaultdict

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from twincrawl.fetch import strip_session_ids, url_pattern

logger = logging.getLogger(__name__)


class PatternCapped(IgnoreRequest):
    """The request's URL pattern already had its share of pages in this run."""


class TrapGuardMiddleware:
    """Returns a request without session ids in place of one that has them (the scheduler then drops it when
    the page was already requested); raises :class:`PatternCapped` past the per-pattern cap."""

    def __init__(self, max_per_pattern: int) -> None:
        self.max_per_pattern = max_per_pattern
        self.seen: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapGuardMiddleware:
        cap = crawler.settings.getint("TWINCRAWL_MAX_PAGES_PER_PATTERN")
        if cap <= 0:
            raise NotConfigured("TWINCRAWL_MAX_PAGES_PER_PATTERN is 0 (no cap)")
        return cls(cap)

    def process_request(self, request: Request) -> Request | None:
        url = strip_session_ids(request.url)
        if url != request.url:
            return request.replace(url=url)
        source = request.meta.get("source")
        if source is None:
            return None
        urls = self.seen[(source, url_pattern(url))]
        if url not in urls:
            if len(urls) >= self.max_per_pattern:
                raise PatternCapped(f"pattern capped: {url_pattern(url)} had {self.max_per_pattern} pages")
            urls.add(url)
        return None
