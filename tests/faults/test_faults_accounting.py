"""Nothing is lost without a count: a record the store refuses costs only itself and keeps its raw page, and
every article page offered is stored, skipped, dropped or failed. Cases of the main fault crawl."""

from __future__ import annotations

import pytest

from tests.faults.main_crawl import MainCrawl
from tests.faults.pages import accounting, stored
from tests.fixtures.faults import record
from twincrawl.store.sqlite import SqliteStore

pytestmark = pytest.mark.faults


def test_a_record_the_store_refuses_costs_only_itself_and_keeps_its_raw_page(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    articles = stored(store)
    opened = SqliteStore(f"sqlite:///{store}")
    raw = {page.url for page in opened.iter_raw("st")}
    opened.close()
    dropped = run.source("st").get("dropped", {})
    logged = main_crawl.server.url("/st/news/poison") in run.log
    ok = (
        main_crawl.server.url("/st/news/ok") in articles
        and dropped == {"store error": 1}
        and main_crawl.server.url("/st/news/poison") in raw
        and logged
    )
    record(
        "store",
        "SQLite refuses one record of a batch",
        f"batch-mates stored, {dropped}, raw kept, URL logged={logged}",
        "ok" if ok else "FAIL",
    )
    assert ok


def test_every_article_page_offered_is_stored_skipped_dropped_or_failed(main_crawl: MainCrawl) -> None:
    run = main_crawl.run
    figures = {key: accounting(run, key) for key in run.report["sources"]}
    off = {key: figure for key, figure in figures.items() if figure[0] != figure[1] or figure[2] != figure[3]}
    offered = sum(figure[0] for figure in figures.values())
    record(
        "LOSS",
        "offered = stored + skipped + dropped + failed, every source",
        f"{offered} article pages offered; sources off: {off or 'none'}",
        "ok" if not off else "FAIL",
    )
    assert off == {}, "(offered, fetched + failed, fetched, outcomes) per source"
