"""A redirect back to a URL of its own chain fails the request as ``redirect loop``.

Left to Scrapy, the hop back to a URL already requested is dropped by the scheduler's duplicate filter without
a word: the page is lost and no counter says so. This middleware sits closer to the downloader than
``RedirectMiddleware`` (600), so it sees the 3xx answer before the redirect is followed.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from twincrawl.fetch import strip_session_ids


class RedirectLoop(IgnoreRequest):
    """The request was redirected to a URL its redirect chain already went through."""


class RedirectLoopMiddleware:
    """Raises :class:`RedirectLoop` (reported as ``redirect loop``) for a redirect whose target is the
    request's own URL or one it was redirected from."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        if not crawler.settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured("REDIRECT_ENABLED is off")
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if not 300 <= response.status < 400 or not location or request.meta.get("dont_redirect"):
            return response
        target = strip_session_ids(urljoin(request.url, location.decode("latin-1").strip()).split("#")[0])
        chain = {strip_session_ids(url) for url in (*request.meta.get("redirect_urls", ()), request.url)}
        if target in chain:
            raise RedirectLoop(f"redirect loop: {request.url} -> {target}, already in its redirect chain")
        return response
