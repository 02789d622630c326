"""Run the news spider in this process and return the crawl's final stats."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from spiders.news import NewsSpider
from twincrawl.process import stop_worker_server, worker_context
from twincrawl.runs import install_json_logs

_PROCESS_PIPELINE = "pipelines.process.ProcessPipeline"


def crawl_settings(overrides: dict[str, Any], profile: str = "settings.prod") -> Settings:
    """The settings of a profile (production by default) with the command line's values on top."""
    settings = Settings()
    settings.setmodule(profile, priority="project")
    settings.update(overrides, priority="cmdline")
    return settings


def run_crawl(
    overrides: dict[str, Any], profile: str = "settings.prod", spider: type[NewsSpider] = NewsSpider
) -> dict[str, Any]:
    """Crawl with the given setting overrides; blocks until the crawl ends and returns its stats."""
    settings = crawl_settings(overrides, profile)
    if settings.get("TWINCRAWL_LOG_FORMAT") == "json":  # installed before Scrapy's first line, instead of its own
        install_json_logs(settings.get("LOG_LEVEL"), settings.get("LOG_FILE"))
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    if _processes_in_workers(settings):
        # The workers' fork server warms up (seconds of CPU) on another core while Scrapy sets the crawl up,
        # instead of after it, when the first page waits for it.
        worker_context(settings.getlist("TWINCRAWL_SOURCES_FILES"))
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    try:
        process.crawl(crawler)
        process.start()
    finally:  # a crawl that failed before its processing pipeline opened leaves the server to end here
        stop_worker_server()
    assert crawler.stats is not None
    return dict(crawler.stats.get_stats())


def _processes_in_workers(settings: Settings) -> bool:
    """Whether the crawl's processing pipeline hands pages to worker processes."""
    pipelines = settings.getwithbase("ITEM_PIPELINES")
    return pipelines.get(_PROCESS_PIPELINE) is not None and settings.getint("TWINCRAWL_PROCESS_WORKERS") > 0
