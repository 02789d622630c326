"""Run the news spider in this process and return the crawl's final stats."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from spiders.news import NewsSpider
from twincrawl.runs import install_json_logs


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
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    return dict(crawler.stats.get_stats())
