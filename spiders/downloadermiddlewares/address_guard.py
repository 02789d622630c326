"""Refuses requests to non-public addresses before any connection (the guard against request forgery).

Every request passes here, redirects included (a redirect is a new request through the middlewares).
A host name is resolved with the crawl's own DNS resolver (cached, so the connection uses the address checked
here) and the address is checked with :mod:`twincrawl.fetch.guard` against the source's ``allow_addresses``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from twincrawl.fetch import Network, Refused, host_address, refusal, url_host
from twincrawl.registry import load_registry

logger = logging.getLogger(__name__)


class AddressRefused(IgnoreRequest):
    """The request's URL or address is not one the crawl may connect to."""


class AddressGuardMiddleware:
    """Raises :class:`AddressRefused` (reported as ``address refused``) for a scheme other than http(s) or an
    address that is neither public nor allowed for the request's source."""

    def __init__(self, allow: dict[str, tuple[Network, ...]], stats: StatsCollector) -> None:
        self.allow = allow
        # Requests of no source (the bench spider's) may go where any source may; robots.txt carries the source
        # of the page that needed it.
        self.allow_any = tuple({network for networks in allow.values() for network in networks})
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        if not crawler.settings.getbool("TWINCRAWL_ADDRESS_GUARD_ENABLED"):
            raise NotConfigured("TWINCRAWL_ADDRESS_GUARD_ENABLED is off")
        files = crawler.settings.getlist("TWINCRAWL_SOURCES_FILES")
        registry = load_registry([Path(file) for file in files] if files else None)
        assert crawler.stats is not None
        return cls({key: source.allow_addresses for key, source in registry.items()}, crawler.stats)

    async def process_request(self, request: Request) -> None:
        source = request.meta.get("source")
        allow = self.allow.get(source, ()) if source else self.allow_any
        try:
            host = url_host(request.url)
        except Refused as error:
            self._refuse(request, str(error))
        address = host_address(host)
        if address is None:
            address = host_address(await self._resolve(host))
            assert address is not None
        reason = refusal(address, allow)
        if reason is not None:
            self._refuse(request, reason)

    @staticmethod
    async def _resolve(host: str) -> str:
        # Imported here: at module level it would install the default reactor before Scrapy installs its own.
        from twisted.internet import reactor

        try:
            resolving: Deferred[object] = reactor.resolve(host)  # type: ignore[assignment, arg-type]
            return str(await maybe_deferred_to_future(resolving))
        except DNSLookupError as error:
            raise CannotResolveHostError(f"cannot resolve {host}: {error}") from error

    def _refuse(self, request: Request, reason: str) -> None:
        self.stats.inc_value("twincrawl/address_guard/refused")
        logger.warning("refused %s: %s", request.url, reason)
        raise AddressRefused(f"address refused: {reason}")
