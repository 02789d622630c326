"""Bodies that are not what they claim: Cyrillic pages read right whatever their header says; malformed, empty,
binary, index and soft-404 pages are skipped with a reason; junk and relative dates are normalized or none.
All are cases of the main fault crawl."""

from __future__ import annotations

import pytest

from tests.faults.main_crawl import MainCrawl
from tests.faults.pages import skipped, stored
from tests.fixtures.faults import record

pytestmark = pytest.mark.faults


def test_f8_cyrillic_pages_read_right_whatever_the_header_says(main_crawl: MainCrawl) -> None:
    store = main_crawl.store
    articles = stored(store)
    cp1251, koi8 = (articles[main_crawl.server.url(f"/f8/news/{n}")] for n in (1, 2))
    right = "«восемьдесят лет дружбы»" in cp1251.text and "побратимство городов" in koi8.text
    replaced = (cp1251.title + cp1251.text + koi8.title + koi8.text).count("\ufffd")
    record(
        "F8",
        "cp1251 body, utf-8 header; KOI8-R page",
        f"Cyrillic right={right}, {replaced} U+FFFD",
        "ok" if right and not replaced else "FAIL",
    )
    assert right and replaced == 0


def test_b1_malformed_empty_and_no_content_pages_are_skipped_with_a_reason(
    main_crawl: MainCrawl,
) -> None:
    run = main_crawl.run
    exceptions = run.log.count("Spider error processing") + run.log.count("Error processing")
    reasons = skipped(run, "b1")
    crashed = reasons.get("processing error", 0)
    record(
        "B1",
        "malformed HTML, empty body, 204",
        f"{reasons}, {exceptions} spider exceptions",
        "ok" if sum(reasons.values()) == 3 and not (exceptions or crashed) else "FAIL",
    )
    assert sum(reasons.values()) == 3 and exceptions == 0
    assert crashed == 0, "processing raised on a malformed page (see the crawl log for the traceback)"


def test_b2_binary_bodies_served_as_html_are_not_extracted(main_crawl: MainCrawl) -> None:
    run = main_crawl.run
    reasons = skipped(run, "b2")
    record(
        "B2",
        "PNG, PDF, gzip served as text/html",
        f"{reasons} (0 reach the extractor)",
        "ok" if reasons == {"binary content": 3} else "FAIL",
    )
    assert reasons == {"binary content": 3}


def test_b3_index_pages_and_soft_404s_are_not_articles(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    kept = [url for url in stored(store) if "/b3/" in url]
    reasons = skipped(run, "b3")
    record(
        "B3",
        "index page, soft 404 (title; h1)",
        f"{len(kept)} stored, {reasons}",
        "ok" if not kept and sum(reasons.values()) == 3 else "FAIL",
    )
    assert kept == [] and sum(reasons.values()) == 3


def test_b5_junk_and_relative_dates_are_normalized_or_none(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    dates = [article.published for url, article in stored(store).items() if "/b5/" in url]
    finished = run.report["finished"]
    bad = [date for date in dates if date is not None and not ("1990" <= date <= finished)]
    record(
        "B5",
        "0000-00-00, 2099, 1899, 'вчера', 31.02, junk",
        f"{len(dates)} stored, dates {sorted(map(str, dates))}, {len(bad)} outside 1990..crawl time",
        "ok" if len(dates) == 6 and not bad else "FAIL",
    )
    assert len(dates) == 6 and bad == []
