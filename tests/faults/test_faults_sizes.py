"""Pages too big to handle whole: compression bombs are dropped below the size cap, a 50 MB page is aborted, and
deep nesting, a 4 MB paragraph and a 20 MB page are bounded while the crawl goes on. Served by fault servers and
crawled by the real ``twincrawl crawl`` command."""

from __future__ import annotations

import gzip
import re
import time
import zlib
from pathlib import Path

import brotli
import pytest

from tests.faults.main_crawl import BIG_PAGE, PROCESS_TIMEOUT, MainCrawl
from tests.faults.pages import article, failures, listing, skipped, stored
from tests.faults.server import FaultServer, encoded, page, status
from tests.fixtures.faults import crawl, record, source, write_registry
from twincrawl.items import FetchedPage
from twincrawl.process.page import ProcessingOptions, Skipped, process_page
from twincrawl.registry import Source

pytestmark = pytest.mark.faults

B4_SOURCE = Source(
    key="b4",
    name="B4",
    country="RU",
    city="Volgograd",
    languages=("ru",),
    timezone="Europe/Moscow",
    start_urls=("http://127.0.0.1/b4/",),
    article_urls=(re.compile(r"/b4/news/"),),
)


# -- decompression bombs: memory measured against a crawl without them ---------------------------------------
def test_f6_compression_bombs_are_dropped_below_the_size_cap(tmp_path: Path) -> None:
    payload = b"\0" * (256 * 1024 * 1024)
    bombs = {
        "/f6/news/gzip": encoded(gzip.compress(payload, 6), "gzip"),
        "/f6/news/deflate": encoded(zlib.compress(payload, 6), "deflate"),
        "/f6/news/br": encoded(brotli.compress(payload, quality=1), "br"),
    }
    runs = {}
    with FaultServer() as server:
        server.route("/robots.txt", status(404))
        server.route("/f6/news/ok", page(article("F6 обычная")))
        for path, behaviour in bombs.items():
            server.route(path, behaviour)
        for name, paths in (("baseline", ["/f6/news/ok"]), ("bombs", ["/f6/news/ok", *bombs])):
            server.route(f"/{name}/", page(listing(*map(server.url, paths))))
            registry = write_registry(
                tmp_path / f"{name}.yaml",
                [source("f6", start_urls=[server.url(f"/{name}/")], article_urls=["/f6/news/"])],
            )
            runs[name] = crawl(
                registry,
                tmp_path / f"{name}.db",
                tmp_path / f"{name}.json",
                {"TWINCRAWL_PROCESS_WORKERS": "0", "TWINCRAWL_INCREMENTAL": "False"},
            )
    growth_mb = (runs["bombs"].max_rss_kb - runs["baseline"].max_rss_kb) / 1024
    cap_mb = 8
    dropped = failures(runs["bombs"], "f6")
    record(
        "F6",
        "gzip/deflate/brotli bombs (256 MB of zeros each)",
        f"{dropped}, max RSS {runs['bombs'].max_rss_kb // 1024} MB vs "
        f"{runs['baseline'].max_rss_kb // 1024} MB without bombs: growth {growth_mb:.0f} MB "
        f"(cap {cap_mb} MB)",
        "ok" if dropped == {"too large": 3} and growth_mb < 4 * cap_mb else "FAIL",
    )
    assert dropped == {"too large": 3}
    assert growth_mb < 4 * cap_mb  # a few decompressed buffers of at most the cap, never the 256 MB


# -- the main crawl's cases ---------------------------------------------------------------------------------
def test_f7_a_50_mb_page_is_aborted(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    sent = main_crawl.server.bytes_sent["/f7/news/1"] + main_crawl.server.bytes_sent["/f7/news/2"]
    kept = [url for url in stored(store) if "/f7/" in url]
    record(
        "F7",
        "50 MB page (with and without Content-Length)",
        f"{sent / 2**20:.1f} MB sent of 100, {len(kept)} articles, {failures(run, 'f7')}",
        "ok" if not kept else "FAIL",
    )
    assert kept == []
    # Scrapy cancels a body without Content-Length that outgrows DOWNLOAD_MAXSIZE with a bare "cancelled".
    assert failures(run, "f7") == {"too large": 1, "cancelled": 1}


def test_b4_deep_nesting_and_huge_pages_are_bounded_and_the_crawl_goes_on(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    normal = main_crawl.server.url("/b4/news/4") in stored(store)
    warm = FetchedPage(url="http://127.0.0.1/b4/news/0", source="b4", body=article("B4 разогрев"))
    process_page(warm, B4_SOURCE, ProcessingOptions(timeout=PROCESS_TIMEOUT))
    started = time.process_time()
    with pytest.raises(Skipped, match="processing timeout"):
        process_page(
            FetchedPage(url="http://127.0.0.1/b4/news/2", source="b4", body=BIG_PAGE),
            B4_SOURCE,
            ProcessingOptions(timeout=PROCESS_TIMEOUT),
        )
    bounded = time.process_time() - started
    record(
        "B4",
        "100,000-deep nesting; 4 MB paragraph; 20 MB page",
        f"{skipped(run, 'b4')}, {failures(run, 'b4')}, normal stored={normal}; "
        f"the 4 MB paragraph stopped after "
        f"{bounded:.1f} CPU s (TWINCRAWL_PROCESS_TIMEOUT {PROCESS_TIMEOUT} CPU s)",
        "ok" if bounded < 2 * PROCESS_TIMEOUT and normal else "FAIL",
    )
    # Bounds, not exact timings: on a busy machine the deep page may time out as well, or the stop come late.
    assert bounded < 2 * PROCESS_TIMEOUT and normal
    reasons = skipped(run, "b4")
    assert sum(reasons.values()) == 2 and set(reasons) <= {"processing timeout", "no article text"}, reasons
    assert failures(run, "b4") == {"too large": 1}
