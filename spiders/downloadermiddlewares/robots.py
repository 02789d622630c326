"""robots.txt as RFC 9309 reads it, fetched under the rules of the source whose request needed it.

- A 5xx answer, or a robots.txt that could not be downloaded (timeout, connection lost, an address the source
  may not use, too many redirects, a compressed body over the size cap), means "disallow everything"
  (2.3.1.4): the site's pages fail as ``robots.txt unreadable: REASON``. Scrapy's own middleware parses
  whatever body a 5xx carries and allows everything after a failed download.
- A 4xx answer means "no rules" (2.3.1.3).
- A robots.txt over ``TWINCRAWL_ROBOTS_MAX_BYTES`` (500 KiB, the least 2.5 lets a crawler parse) is read up to
  that size, cut at its last whole line, instead of being cancelled as a page over the page cap would be.

Written on Scrapy's public API (the engine's ``download_async``, the ``ROBOTSTXT_PARSER`` classes, the
``headers_received`` and ``bytes_received`` signals), not as a subclass of its ``RobotsTxtMiddleware``, whose
download and parse steps are private.
"""

from __future__ import annotations

import logging
from typing import Any

import attrs
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from twincrawl.fetch import failure_reason

logger = logging.getLogger(__name__)

_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
#: Meta key marking a robots.txt request (its value: bytes received so far).
_ROBOTS = "twincrawl_robots_bytes"
#: Above the engine's own requests, so that robots.txt is fetched before the pages waiting for it.
_PRIORITY = 1000


@attrs.frozen
class _Rules:
    parser: RobotParser
    unreadable: str | None = None
    """Why robots.txt could not be read (everything is then disallowed)."""


class StrictRobotsTxtMiddleware:
    """Obeys robots.txt (``ROBOTSTXT_OBEY``) per host, strictly: a robots.txt that cannot be read disallows."""

    def __init__(self, crawler: Crawler, max_bytes: int, parser_class: Any, user_agent: str) -> None:
        self.crawler = crawler
        self.max_bytes = max_bytes
        self.parser_class = parser_class
        self.user_agent = user_agent
        self._rules: dict[str, _Rules | Deferred[None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StrictRobotsTxtMiddleware:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off")
        middleware = cls(
            crawler,
            settings.getint("TWINCRAWL_ROBOTS_MAX_BYTES"),
            load_object(settings["ROBOTSTXT_PARSER"]),
            settings["ROBOTSTXT_USER_AGENT"] or settings["USER_AGENT"],
        )
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or urlparse_cached(request).scheme not in ("http", "https"):
            return
        rules = await self._rules_for(request)
        if rules.unreadable is not None:
            raise IgnoreRequest(f"robots.txt unreadable: {rules.unreadable}")
        if not rules.parser.allowed(request.url, request.headers.get(b"User-Agent") or self.user_agent):
            self._count(request, "forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")

    def headers_received(self, headers: Any, body_length: int, request: Request, spider: Any) -> None:
        """An uncompressed robots.txt is bounded by :meth:`bytes_received`, not by the page cap.

        Scrapy cancels a body over ``download_maxsize`` and offers no public way to keep its start; it reads that
        meta key after this signal, so lifting it here keeps the cap for a compressed body (whose decompressed
        size the cap bounds) and lets a plain one be cut at ``max_bytes`` instead.
        """
        if _ROBOTS in request.meta and not headers.get(b"Content-Encoding"):
            request.meta["download_maxsize"] = 0

    def bytes_received(self, data: bytes, request: Request, spider: Any) -> None:
        """Stop a robots.txt download once ``max_bytes`` have come: the response keeps what was received."""
        if _ROBOTS not in request.meta:
            return
        request.meta[_ROBOTS] += len(data)
        if request.meta[_ROBOTS] > self.max_bytes:
            raise StopDownload(fail=False)

    async def _rules_for(self, request: Request) -> _Rules:
        netloc = urlparse_cached(request).netloc
        known = self._rules.get(netloc)
        if isinstance(known, _Rules):
            return known
        if known is not None:
            # Every waiter hangs on the same Deferred, and a waiter's future takes the result off the chain (the
            # next one is called with None): the rules are read from the dict, where they are by then.
            await maybe_deferred_to_future(known)
            rules = self._rules[netloc]
            assert isinstance(rules, _Rules)
            return rules
        waiting: Deferred[None] = Deferred()
        self._rules[netloc] = waiting
        rules = await self._fetch(request)
        self._rules[netloc] = rules
        waiting.callback(None)
        return rules

    async def _fetch(self, request: Request) -> _Rules:
        url = urlparse_cached(request)
        robots = Request(
            f"{url.scheme}://{url.netloc}/robots.txt",
            priority=_PRIORITY,
            # The source goes along so that robots.txt, and every redirect it takes, is held to that source's
            # address rules; a new request, so no state of the page's request (retries, redirects) leaks in.
            meta={"dont_obey_robotstxt": True, "source": request.meta.get("source"), _ROBOTS: 0},
            callback=NO_CALLBACK,
        )
        assert self.crawler.engine is not None
        self._count(request, "request_count")
        try:
            response = await self.crawler.engine.download_async(robots)
        except Exception as error:  # every way the download can fail disallows, with its reason
            reason = failure_reason(error)
            logger.warning("robots.txt of %s unreadable (%s): its pages are not fetched", url.netloc, reason)
            self._count(request, "unreadable", f"robots.txt unreadable: {reason}")
            return _Rules(self._parse(_DISALLOW_ALL), unreadable=reason)
        return _Rules(self._parse(self._body(request, response)))

    def _body(self, request: Request, response: Response) -> bytes:
        if response.status >= 500:
            self._count(request, "unavailable_disallow_all")
            return _DISALLOW_ALL
        if response.status >= 400:
            return b""
        body = response.body
        if len(body) > self.max_bytes or "download_stopped" in response.flags:
            self._count(request, "truncated", "robots.txt truncated")
            logger.warning(
                "robots.txt of %s is over %d bytes: its first %d bytes are obeyed",
                urlparse_cached(request).netloc, self.max_bytes, self.max_bytes,
            )  # fmt: skip
            body = body[: self.max_bytes]
            body = body[: body.rfind(b"\n") + 1]
        return body

    def _parse(self, body: bytes) -> RobotParser:
        parser: RobotParser = build_from_crawler(self.parser_class, self.crawler, body)
        return parser

    def _count(self, request: Request, counter: str, in_report: str | None = None) -> None:
        """Count under Scrapy's ``robotstxt/`` stats and, as ``in_report``, in the run report of the request's
        source."""
        stats = self.crawler.stats
        if stats is None:
            return
        stats.inc_value(f"robotstxt/{counter}")
        source = request.meta.get("source")
        if in_report and source:
            stats.inc_value(f"twincrawl/{source}/{in_report}")
