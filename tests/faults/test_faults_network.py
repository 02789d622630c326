"""Servers that fail or stall: 500s are retried until the page comes, a page that always fails is given up while
the crawl goes on, slow headers and a trickled body time out within the download timeout, and a body cut short is
retried and never stored truncated. Served by fault servers and crawled by the real ``twincrawl crawl`` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.main_crawl import MainCrawl
from tests.faults.pages import NEWS, article, failures, listing, stored
from tests.faults.server import FaultServer, page, slow_headers, status, trickle
from tests.fixtures.faults import crawl, record, source, write_registry

pytestmark = pytest.mark.faults

SLOW_TIMEOUT = 2  # DOWNLOAD_TIMEOUT of the slow-server crawl (F3)


def test_f1_server_errors_are_retried_until_the_page_comes(main_crawl: MainCrawl) -> None:
    store = main_crawl.store
    hits = main_crawl.server.hits("/f1/news/1")
    kept = "F1-MARK" in stored(store)[main_crawl.server.url("/f1/news/1")].text
    record(
        "F1",
        "500, 500, then 200",
        f"{hits - 1} retries, stored={kept}",
        "ok" if (hits, kept) == (3, True) else "FAIL",
    )
    assert (hits, kept) == (3, True)


def test_f2_a_page_that_always_fails_is_given_up_and_the_crawl_goes_on(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    hits = main_crawl.server.hits("/f2/news/1")
    other = main_crawl.server.url("/f2/news/2") in stored(store)
    reason = run.report["finish_reason"]
    record(
        "F2",
        "always 503",
        f"{hits} requests, {failures(run, 'f2')}, other stored={other}, finish={reason}",
        "ok" if (hits, other, reason) == (3, True, "finished") else "FAIL",
    )
    assert (hits, other, reason, failures(run, "f2")) == (3, True, "finished", {"http 503": 1})


def test_f3_slow_headers_and_a_trickled_body_time_out_within_the_download_timeout(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route("/robots.txt", status(404))
        body = article("F3 медленная")
        slow = {"/f3/news/1": slow_headers(60, page(body)), "/f3/news/2": trickle(body, 1)}
        for path, behaviour in slow.items():
            server.route(path, behaviour)
        server.route("/f3/news/3", page(article("F3 быстрая")))
        server.route("/f3/", page(listing(*map(server.url, [*slow, "/f3/news/3"]))))
        registry = write_registry(
            tmp_path / "f3.yaml", [source("f3", start_urls=[server.url("/f3/")], article_urls=[f"/f3{NEWS}"])]
        )
        run = crawl(
            registry,
            tmp_path / "f3.db",
            tmp_path / "f3.json",
            {
                "DOWNLOAD_TIMEOUT": str(SLOW_TIMEOUT),
                "RETRY_TIMES": "1",
                "TWINCRAWL_PROCESS_WORKERS": "1",
                "TWINCRAWL_INCREMENTAL": "False",
            },
        )
        waits = [wait for path in slow for wait in server.durations[path]]
    longest = max(waits)
    fast = server.url("/f3/news/3") in stored(tmp_path / "f3.db")
    record(
        "F3",
        "no headers for 60 s; body at 1 byte/s",
        f"{len(waits)} attempts, longest {longest:.1f} s "
        f"(DOWNLOAD_TIMEOUT {SLOW_TIMEOUT} s), {failures(run, 'f3')}, fast page stored={fast}",
        "ok" if longest <= SLOW_TIMEOUT + 1 and fast else "FAIL",
    )
    assert longest <= SLOW_TIMEOUT + 1 and fast
    assert failures(run, "f3") == {"timeout": 2}


def test_f4_a_body_cut_short_is_retried_and_never_stored_truncated(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    articles = stored(store)
    first = articles.get(main_crawl.server.url("/f4/news/1"))
    complete = first is not None and "F4-LAST-PARAGRAPH" in first.text
    truncated_stored = main_crawl.server.url("/f4/news/2") in articles
    record(
        "F4",
        "reset mid-body (Content-Length short)",
        f"retried {main_crawl.server.hits('/f4/news/1') - 1}x, complete={complete}, "
        f"truncated stored={int(truncated_stored)}, "
        f"{failures(run, 'f4')}",
        "ok" if complete and not truncated_stored else "FAIL",
    )
    assert complete and not truncated_stored
    assert failures(run, "f4") == {"connection lost": 1}
