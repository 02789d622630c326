"""Scrapy glue for rendering pages in Chromium through scrapy-playwright.

Only requests built with :func:`browser_meta` (``render: js`` sources, ``js_urls`` matches) go to the
browser; :class:`BrowserAddon` installs the scrapy-playwright handlers only when a selected source needs them
and Chromium is there, so HTML-only crawls never start Playwright.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy_playwright.page import PageMethod

from twincrawl.fetch import ChromiumMissing, find_chromium, launch_options, run_action
from twincrawl.registry import Source, load_registry, parse_action, select

if TYPE_CHECKING:
    from playwright.async_api import Page

logger = logging.getLogger(__name__)

#: Browser-rendered pages wait until the network is quiet, so content fetched by their scripts is in.
_GOTO = {"wait_until": "networkidle"}


def browser_meta(js_action: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Request meta that renders the page in Chromium, running the source's declared action when given."""
    meta: dict[str, Any] = {"playwright": True, "playwright_page_goto_kwargs": dict(_GOTO)}
    if js_action:
        meta["playwright_page_methods"] = [PageMethod(run_action, parse_action(js_action))]
    return meta


def _needs_browser(source: Source) -> bool:
    return source.render == "js" or bool(source.js_urls)


class BrowserAddon:
    """Turns the browser on for crawls that need it (``ADDONS`` in settings/base.py).

    When a selected source needs a browser: installs the scrapy-playwright download handlers with the launch
    options for the system Chromium, retries Playwright errors, and adds :class:`BrowserMiddleware`. When
    Chromium is missing it installs only the middleware, which fails those sources' requests with one clear
    error.
    """

    def __init__(self) -> None:
        self.js_sources: list[str] = []
        self.missing: ChromiumMissing | None = None

    def update_settings(self, settings: BaseSettings) -> None:
        files = settings.getlist("TWINCRAWL_SOURCES_FILES")
        registry = load_registry([Path(file) for file in files] if files else None)
        selected = select(registry, settings.getlist("TWINCRAWL_SOURCES"))
        self.js_sources = [source.key for source in selected if _needs_browser(source)]
        if not self.js_sources:
            return
        # By import path: set_in_component_priority_dict would import every middleware before the reactor is
        # installed, and a module that imports the reactor would install the wrong one.
        _merge(settings, "DOWNLOADER_MIDDLEWARES", {f"{__name__}.BrowserMiddleware": 50})
        try:
            executable = find_chromium(settings.get("TWINCRAWL_CHROMIUM") or None)
        except ChromiumMissing as error:
            self.missing = error
            return
        _merge(settings, "DOWNLOAD_HANDLERS", settings.getdict("TWINCRAWL_BROWSER_DOWNLOAD_HANDLERS"))
        _merge(settings, "PLAYWRIGHT_LAUNCH_OPTIONS", launch_options(executable))
        retried = settings.getlist("RETRY_EXCEPTIONS")
        # Timeouts and a browser that died under a page are worth another try (it is relaunched).
        retried = [*retried, "playwright.async_api.Error"]
        settings.set("RETRY_EXCEPTIONS", retried, _priority(settings, "RETRY_EXCEPTIONS"))


def _priority(settings: BaseSettings, name: str) -> int | str:
    return settings.getpriority(name) or "addon"


def _merge(settings: BaseSettings, name: str, values: dict[str, Any]) -> None:
    settings.set(name, {**settings.getdict(name), **values}, _priority(settings, name))


class BrowserMiddleware:
    """Counts browser pages so that none stays open, or fails browser requests when Chromium is missing.

    Stats: ``twincrawl/browser/pages_open_at_close`` and ``twincrawl/browser/launches``; with Chromium
    missing, each browser request fails with the reason ``js: chromium missing``.
    """

    def __init__(self, crawler: Crawler, missing: ChromiumMissing | None) -> None:
        self.crawler = crawler
        self.missing = missing
        self.open_pages: set[Page] = set()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserMiddleware:
        addon = crawler.get_addon(BrowserAddon)
        if addon is None or not addon.js_sources:
            raise NotConfigured("no selected source needs a browser")
        if addon.missing is not None:
            sources = ", ".join(addon.js_sources)
            logger.error("%s; skipping the sources that need it: %s", addon.missing, sources)
        return cls(crawler, addon.missing)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("playwright"):
            return
        if self.missing is not None:
            raise ChromiumMissing(str(self.missing))
        request.meta["playwright_page_init_callback"] = self._track

    async def _track(self, page: Page, request: Request) -> None:
        self.open_pages.add(page)
        # Playwright cannot wrap a builtin method as a listener, hence the lambda.
        page.on("close", lambda closed: self.open_pages.discard(closed))  # noqa: PLW0108

    def spider_closed(self) -> None:
        if self.missing is not None:
            return  # no browser ran: nothing to report
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("twincrawl/browser/pages_open_at_close", len(self.open_pages))
        stats.set_value("twincrawl/browser/launches", stats.get_value("playwright/browser_count", 0))
