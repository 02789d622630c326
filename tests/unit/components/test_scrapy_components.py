"""Scrapy components built as Scrapy builds them (``get_crawler`` + ``build_from_crawler``): settings switch
them on and off, and they act on requests and items without a running crawl."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

import settings.base as settings_base
from pipelines.process import ProcessPipeline
from spiders.commands.crawl import Command as CrawlCommand
from spiders.downloadermiddlewares.traps import PatternCapped, TrapGuardMiddleware
from spiders.extensions.frontier_worker import FrontierWorker
from spiders.extensions.memory import TreeMemory
from spiders.extensions.progress import Progress
from spiders.extensions.run_report import RunLockAndReport
from spiders.news import NewsSpider
from spiders.spidermiddlewares.finished_requests import FinishedRequests
from twincrawl.items import FetchedPage, ProcessedPage
from twincrawl.runs import LockHeld, RunLock

STORY = (
    "<html><head><title>Делегация Ковентри в Волгограде</title></head><body><article><h1>Делегация Ковентри "
    "в Волгограде</h1><p>"
    + "Делегация города-побратима Ковентри прибыла в Волгоград, чтобы обсудить новые программы обмена. " * 8
    + "</p></article></body></html>"
)


def _crawler(**settings: object) -> Crawler:
    """A crawler of the news spider with the project's base settings and ``settings`` on top."""
    project = {name: value for name, value in vars(settings_base).items() if name.isupper()}
    return get_crawler(NewsSpider, {**project, **settings})


def test_the_trap_guard_caps_each_url_pattern_per_source() -> None:
    crawler = get_crawler(NewsSpider, {"TWINCRAWL_MAX_PAGES_PER_PATTERN": 2})
    guard = build_from_crawler(TrapGuardMiddleware, crawler)
    requests = [
        Request(f"https://city.example/calendar/2021-01-{day:02d}", meta={"source": "city"}) for day in (1, 2, 3)
    ]
    assert guard.process_request(requests[0]) is None
    assert guard.process_request(requests[1]) is None
    with pytest.raises(PatternCapped):
        guard.process_request(requests[2])
    # Another source's URLs of the same shape have their own share.
    assert guard.process_request(Request(requests[2].url, meta={"source": "other"})) is None


def test_the_trap_guard_returns_a_request_without_its_session_id() -> None:
    guard = build_from_crawler(TrapGuardMiddleware, _crawler())
    cleaned = guard.process_request(Request("https://city.example/news/1?PHPSESSID=0123456789abcdef0123456789abcdef"))
    assert cleaned is not None
    assert cleaned.url == "https://city.example/news/1"


@pytest.mark.parametrize(
    ("component", "settings"),
    [
        (TrapGuardMiddleware, {"TWINCRAWL_MAX_PAGES_PER_PATTERN": 0}),
        (TreeMemory, {"TWINCRAWL_MEMORY_ENABLED": False}),
        (Progress, {"TWINCRAWL_PROGRESS": False}),
        (FrontierWorker, {"TWINCRAWL_FRONTIER_URI": ""}),
        (FinishedRequests, {"TWINCRAWL_FRONTIER_URI": ""}),
    ],
)
def test_a_component_switched_off_by_its_setting_is_not_configured(
    component: type, settings: dict[str, object]
) -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(component, get_crawler(NewsSpider, settings))


def test_the_process_pipeline_turns_a_page_into_an_article_and_counts_what_it_skips(tmp_path: Path) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        "sources:\n  - key: city\n    name: City news\n    country: RU\n    city: Volgograd\n    languages: [ru]\n"
        "    timezone: Europe/Volgograd\n    start_urls: ['https://city.example/news/']\n"
        "    article_urls: ['/news/\\d+$']\n",
        encoding="utf-8",
    )
    crawler = _crawler(TWINCRAWL_PROCESS_WORKERS=0, TWINCRAWL_SOURCES_FILES=[str(registry)])
    assert crawler.stats is not None
    pipeline = build_from_crawler(ProcessPipeline, crawler)

    def page(body: bytes, n: int) -> FetchedPage:
        headers = {"Content-Type": "text/html; charset=utf-8"}
        url = f"https://city.example/news/{n}"
        return FetchedPage(url=url, source="city", body=body, status=200, headers=headers, fetched_at=datetime.now(UTC))

    story = asyncio.run(pipeline.process_item(page(STORY.encode(), 1)))
    empty = asyncio.run(pipeline.process_item(page(b"<html><body><p>Nothing here.</p></body></html>", 2)))
    pipeline.close_spider()
    assert isinstance(story, ProcessedPage) and isinstance(empty, ProcessedPage)
    assert story.article is not None
    assert story.article.relevance.is_twinning
    assert empty.article is None
    assert crawler.stats.get_value(f"twincrawl/city/skipped/{empty.skip_reason}") == 1
    assert crawler.stats.get_value("twincrawl/processing/pages") == 2


def _command_settings(profile: str) -> Settings:
    """A profile's settings as ``scrapy crawl`` sees them: the command's defaults below the project's values."""
    settings = Settings()
    settings.setdict(CrawlCommand.default_settings, priority="command")
    settings.setmodule(profile, priority="project")
    return settings


def test_the_run_lock_is_taken_under_scrapy_crawl_only_and_never_by_a_distributed_worker(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):  # scrapy shell, get_crawler, twincrawl crawl: no command default
        build_from_crawler(RunLockAndReport, _crawler(TWINCRAWL_STATE_DIR=str(tmp_path)))
    assert _command_settings("settings.prod").getbool("TWINCRAWL_LOCK_AND_REPORT")
    assert not _command_settings("settings.distributed").getbool("TWINCRAWL_LOCK_AND_REPORT")
    # Building the crawler builds its extensions: the lock is taken before any engine or pipeline exists.
    extension = _crawler(TWINCRAWL_LOCK_AND_REPORT=True, TWINCRAWL_STATE_DIR=str(tmp_path)).get_extension(
        RunLockAndReport
    )
    assert extension is not None
    try:
        with pytest.raises(LockHeld, match="another crawl holds the lock"), RunLock(tmp_path / "crawl.lock"):
            pass
    finally:
        extension.lock.release()
    with RunLock(tmp_path / "crawl.lock"):
        pass


def test_a_dropped_page_is_logged_by_its_url_and_reason_without_its_body() -> None:
    crawler = _crawler()
    spider = NewsSpider.from_crawler(crawler)
    formatter = crawler.settings.get("LOG_FORMATTER")
    assert formatter == "spiders.logformatters.dropped.ReasonOnlyLogFormatter"
    page = FetchedPage(url="https://city.example/news/3", source="city", body=b"<html>" + b"x" * 100_000)
    logged = build_from_crawler(load_object(formatter), crawler).dropped(
        ProcessedPage(page=page, skip_reason="no article text"),
        DropItem(f"{page.url}: no article text"),
        None,
        spider,
    )
    line = logged["msg"] % logged["args"]
    assert line == "Dropped: https://city.example/news/3: no article text"
    assert logged["level"] == logging.WARNING
