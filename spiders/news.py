"""The one news spider: discovers articles of the registry's sources through feeds, sitemaps and listings."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from spiders.addons.browser import browser_meta
from spiders.extensions.incremental import Incremental
from twincrawl.fetch import Link, failure_reason, page_links, parse_feed, parse_sitemap
from twincrawl.items import GONE_STATUSES, FetchedPage, PageGone
from twincrawl.registry import Source, load_registry, select
from twincrawl.runs import default_state_dir

#: Feeds and listings are fetched conditionally; a 304 answer means nothing new was published.
_CONDITIONAL = {"handle_httpstatus_list": [304]}


def _pages(value: Any) -> int:
    """The ``max_pages`` spider argument as a number (0 when not given)."""
    if value is None:
        return 0
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"max_pages={value!r}: give a whole number of pages") from None


class NewsSpider(scrapy.Spider):
    """Crawls the sources named by ``TWINCRAWL_SOURCES`` (default: every enabled source of the registry)."""

    name = "news"

    def __init__(
        self,
        sources: list[Source],
        max_pages: int | None = None,
        incremental: Incremental | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sources = {source.key: source for source in sources}
        self.max_pages = max_pages
        self.incremental = incremental
        self.article_requests = 0
        self.listing_pages: Counter[str] = Counter()
        self.offered: defaultdict[str, set[str]] = defaultdict(set)
        """Article URLs requested per source: each ends stored, skipped, dropped or failed, with a reason."""

    @classmethod
    def from_crawler(cls, crawler: scrapy.crawler.Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        files = crawler.settings.getlist("TWINCRAWL_SOURCES_FILES")
        registry = load_registry([Path(file) for file in files] if files else None)
        # `scrapy crawl news -a sources=KEY,KEY -a max_pages=N` take the place of the settings
        wanted = kwargs.pop("sources", None)
        keys = wanted.split(",") if isinstance(wanted, str) else crawler.settings.getlist("TWINCRAWL_SOURCES")
        sources = select(registry, [key.strip() for key in keys if key.strip()])
        max_pages = _pages(kwargs.pop("max_pages", None)) or crawler.settings.getint("TWINCRAWL_MAX_PAGES") or None
        incremental = None
        if crawler.settings.getbool("TWINCRAWL_INCREMENTAL"):
            uri = crawler.settings.get("TWINCRAWL_STORE_URI")
            since = crawler.settings.get("TWINCRAWL_SINCE")
            incremental = Incremental(
                uri, Path(crawler.settings.get("TWINCRAWL_STATE_DIR") or default_state_dir(uri)),
                [source.key for source in sources], date.fromisoformat(since) if since else None,
                crawler.settings.getint("TWINCRAWL_RECHECK_DAYS"),
                recheck_known=crawler.settings.getbool("TWINCRAWL_RECHECK_KNOWN"),
            )  # fmt: skip
        spider = super().from_crawler(crawler, sources, max_pages, incremental, *args, **kwargs)
        assert isinstance(spider, NewsSpider)
        crawler.signals.connect(spider.request_dropped, signal=scrapy.signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources.values():
            for url in source.feeds:
                yield self._conditional(url, source, self.parse_feed)
            for url in source.sitemaps:
                yield self._conditional(url, source, self.parse_sitemap)
            for url in source.start_urls:
                self.listing_pages[source.key] += 1
                yield self._conditional(url, source, self.parse_listing)

    def _conditional(self, url: str, source: Source, callback: Any) -> scrapy.Request:
        request = self._request(url, source, callback, **_CONDITIONAL)
        if self.incremental is not None:
            request.headers.update(self.incremental.conditional_headers(url))
        return request

    def _unchanged(self, response: Response) -> bool:
        """True (and counted) when the server says the feed or listing has not changed since the last run."""
        if response.status == 304:
            self._count(response.meta["source"], "listings_unchanged")
            return True
        if self.incremental is not None:
            self.incremental.remember(response)
        return False

    def _request(self, url: str, source: Source, callback: Any, **meta: Any) -> scrapy.Request:
        if source.needs_browser(url):
            meta.update(browser_meta(source.js_action if callback == self.parse_listing else None))
        return scrapy.Request(url, callback=callback, errback=self.failed, meta={"source": source.key, **meta})

    def _count(self, source: str, name: str, value: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"twincrawl/{source}/{name}", value)

    # -- discovery ----------------------------------------------------------------------------------------
    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        source = self.sources[response.meta["source"]]
        self._count(source.key, "feeds_fetched")
        if self._unchanged(response):
            return
        yield from self._articles(source, parse_feed(response.body, response.url))

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        source = self.sources[response.meta["source"]]
        self._count(source.key, "sitemaps_fetched")
        if self._unchanged(response):
            return
        content = parse_sitemap(response.body, response.url)
        for url in content.sitemaps:
            yield self._conditional(url, source, self.parse_sitemap)
        yield from self._articles(source, content.pages)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        source = self.sources[response.meta["source"]]
        self._count(source.key, "listings_fetched")
        if self._unchanged(response):
            return
        if not isinstance(response, scrapy.http.TextResponse):
            self._count(source.key, "failures/not html")
            return
        links = page_links(response.body, response.url)
        requests = list(self._articles(source, [Link(url=url) for url in links]))
        yield from requests
        # Paging stops at a page whose articles are all known from earlier runs; articles this run already took
        # from a feed or another listing are new content, and the next page may hold more.
        articles = [url for url in links if source.is_article(url)]
        if not requests and articles and not any(url in self.offered[source.key] for url in articles):
            self._count(source.key, "paging_stopped_at_known")
            return
        for url in links:
            if source.is_listing(url) and not source.is_article(url):
                if self.listing_pages[source.key] >= source.max_listing_pages:
                    self._count(source.key, "listing_pages_capped")
                    break
                self.listing_pages[source.key] += 1
                yield self._conditional(url, source, self.parse_listing)

    def _articles(self, source: Source, links: list[Link]) -> Iterator[scrapy.Request]:
        """Requests for the links that are articles, minus those known already or older than ``--since``."""
        for link in links:
            if not source.is_article(link.url):
                continue
            self._count(source.key, "article_links")
            if self.incremental is not None and self.incremental.is_known(source.key, link.url):
                self._count(source.key, "articles_known")
                continue
            if self.incremental is not None and self.incremental.is_too_old(link):
                self._count(source.key, "articles_before_since")
                continue
            if self.max_pages is not None and self.article_requests >= self.max_pages:
                self._count(source.key, "articles_capped")
                return
            if link.url in self.offered[source.key]:  # linked twice: the scheduler would drop the second
                continue
            self.offered[source.key].add(link.url)
            self.article_requests += 1
            self._count(source.key, "articles_offered")
            yield self._request(link.url, source, self.parse_article, listing_date=link.date)

    # -- articles -----------------------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        source = response.meta["source"]
        self._count(source, "pages_fetched")
        headers = {
            name.decode("latin-1").lower(): (response.headers.get(name) or b"").decode("latin-1")
            for name in response.headers
        }
        yield FetchedPage(
            url=response.url, source=source, body=response.body, status=response.status,
            headers=headers, listing_date=response.meta.get("listing_date"),
        )  # fmt: skip

    def failed(self, failure: Failure) -> list[PageGone]:
        """Count a failed request with its reason; an article page that answers 404 or 410 also goes to the
        store, which marks the article stored from it (if any) withdrawn."""
        request = failure.request  # type: ignore[attr-defined]
        error = failure.value or RuntimeError("unknown failure")
        status = error.response.status if isinstance(error, HttpError) else None
        reason = failure_reason(error, status)
        if reason == "robots":  # the site asked not to be fetched there: obeyed, not a failure
            self._count(request.meta["source"], "robots_disallowed")
            if request.callback == self.parse_article:
                self._count(request.meta["source"], "article_pages_disallowed")
            self.logger.info("%s: %s disallowed by robots.txt", request.meta["source"], request.url)
            return []
        self._count(request.meta["source"], f"failures/{reason}")
        self.logger.warning("%s: %s (%s)", request.meta["source"], request.url, reason)
        if request.callback != self.parse_article:
            return []
        self._count(request.meta["source"], "article_pages_failed")
        return (
            [PageGone(url=request.url, source=request.meta["source"], status=status)] if status in GONE_STATUSES else []
        )

    def request_dropped(self, request: scrapy.Request) -> None:
        """An article request the scheduler dropped as a duplicate after it changed its URL (a redirect to, or a
        session-id-free form of, a URL already requested) is a failure with its reason, not a page gone without
        a trace. A URL offered as it is and dropped was requested by another worker of a distributed crawl."""
        source = request.meta.get("source")
        if request.callback != self.parse_article or source is None:
            return
        if request.meta.get("redirect_urls") or request.url not in self.offered[source]:
            self._count(source, "failures/duplicate request")
            self._count(source, "article_pages_failed")

    def closed(self, reason: str) -> None:
        if self.incremental is not None:
            self.incremental.close(finished=reason == "finished")
