"""robots.txt as RFC 9309 reads it: a robots.txt answering 5xx means "disallow everything" (2.3.1.4).

Scrapy's own middleware parses whatever body a 5xx answer carries, which usually allows everything.
4xx still means "no rules" and a network error leaves the site's pages to fail on their own.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response

_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """:class:`RobotsTxtMiddleware` that reads a server error on robots.txt as a complete disallow."""

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("robotstxt/unavailable_disallow_all")
            response = response.replace(body=_DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)
