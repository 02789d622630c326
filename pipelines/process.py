"""Turns each fetched page into an Article with :func:`twincrawl.process.process_page`."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from twincrawl.items import FetchedPage, ProcessedPage
from twincrawl.process import ProcessingOptions, Skipped, process_page
from twincrawl.sources import Source, load_registry

logger = logging.getLogger(__name__)


class ProcessPipeline:
    """Never loses a page: a page that gives no article, or whose processing raises, passes on with a reason."""

    def __init__(self, sources: dict[str, Source], options: ProcessingOptions, stats: StatsCollector) -> None:
        self.sources = sources
        self.options = options
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessPipeline:
        settings = crawler.settings
        files = settings.getlist("TWINCRAWL_SOURCES_FILES")
        options = ProcessingOptions(
            relevance_threshold=settings.getfloat("TWINCRAWL_RELEVANCE_THRESHOLD"),
            min_text_chars=settings.getint("TWINCRAWL_MIN_TEXT_CHARS"),
            max_page_bytes=settings.getint("TWINCRAWL_MAX_PAGE_BYTES"),
        )
        assert crawler.stats is not None
        return cls(load_registry([Path(f) for f in files] if files else None), options, crawler.stats)

    def process_item(self, item: FetchedPage) -> ProcessedPage:
        source = self.sources[item.source]
        try:
            return ProcessedPage(page=item, article=process_page(item, source, self.options))
        except Skipped as skipped:
            reason = skipped.reason
        except Exception:
            logger.exception("processing %s failed; its raw page is kept for `twincrawl reprocess`", item.url)
            reason = "processing error"
        self.stats.inc_value(f"twincrawl/{item.source}/skipped/{reason}")
        return ProcessedPage(page=item, skip_reason=reason)
