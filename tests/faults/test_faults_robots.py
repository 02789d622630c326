"""robots.txt from a hostile server: held to the address rules of the source that needs it, read up to 500 KiB
when it is larger, and never taken as "allow all" when it cannot be read (a Disallow and a robots.txt answering
503 in the main fault crawl keep their pages unfetched)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.main_crawl import MainCrawl
from tests.faults.pages import accounting, article, failures, listing, stored
from tests.faults.server import Canary, FaultServer, page, redirect, slow_headers, truncated
from tests.fixtures.faults import CrawlRun, crawl, record, source, write_registry

pytestmark = pytest.mark.faults

#: Start pages of one host that all wait for its (slow) robots.txt at once.
MANY = 8
#: 10 MB of robots.txt: its rules first, then comment lines far past the page cap.
BIG_ROBOTS = b"User-agent: *\nDisallow: /rb/private/\n" + (b"#" + b"x" * 98 + b"\n") * 100_000


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, FaultServer]]:
    """One fault server (one host:port, so one robots.txt) per case."""
    names = ("redirected", "other", "big", "cut", "many")
    opened = {name: FaultServer() for name in names}
    for server in opened.values():
        server.__enter__()
    yield opened
    for server in opened.values():
        server.__exit__(None, None, None)


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    with Canary("127.0.0.5") as listener:
        yield listener


@pytest.fixture(scope="module")
def robots_crawl(
    servers: dict[str, FaultServer], canary: Canary, tmp_path_factory: pytest.TempPathFactory
) -> tuple[CrawlRun, Path]:
    folder = tmp_path_factory.mktemp("robots")
    sources = []
    for key, server in servers.items():
        u = server.url
        server.route(f"/{key}/", page(listing(u(f"/{key}/news/1"), u(f"/rb/private/{key}"))))
        server.route(f"/{key}/news/1", page(article(f"RB {key}", f"RB-{key}")))
        server.route(f"/rb/private/{key}", page(article(f"RB закрытая {key}")))
        sources.append(source(key, start_urls=[u(f"/{key}/")], article_urls=[rf"/({key}/news|rb/private)/\w+$"]))
    # The redirect goes to an address only the source "other" may use.
    servers["redirected"].route("/robots.txt", redirect(canary.url("/robots.txt")))
    sources[1]["allow_addresses"] = ["127.0.0.1", "127.0.0.5"]
    servers["other"].route("/robots.txt", page(b"User-agent: *\nDisallow: /rb/private/\n", "text/plain"))
    servers["big"].route("/robots.txt", page(BIG_ROBOTS, "text/plain"))
    servers["cut"].route("/robots.txt", truncated(b"User-agent: *\nDisallow: /rb/private/\n" * 100, 200))
    many = servers["many"]
    many.route("/robots.txt", slow_headers(0.5, page(b"User-agent: *\nDisallow: /rb/private/\n", "text/plain")))
    for n in range(MANY):
        many.route(f"/many/{n}/", page(listing(many.url(f"/many/news/{n}"))))
        many.route(f"/many/news/{n}", page(article(f"RB много {n}")))
    sources[-1] = source(
        "many", start_urls=[many.url(f"/many/{n}/") for n in range(MANY)], article_urls=[r"/many/news/\d+$"]
    )
    registry = write_registry(folder / "sources.yaml", sources)
    store = folder / "corpus.db"
    run = crawl(registry, store, folder / "report.json", {"TWINCRAWL_INCREMENTAL": "False", "RETRY_TIMES": "1"})
    assert run.report, run.log[-3000:]
    return run, store


def test_a_robots_txt_redirected_to_an_address_of_another_source_is_refused(
    robots_crawl: tuple[CrawlRun, Path], servers: dict[str, FaultServer], canary: Canary
) -> None:
    run, store = robots_crawl
    fetched = servers["redirected"].hits("/redirected/news/1")
    record(
        "RB1",
        "robots.txt redirected to another source's address",
        f"{canary.connections} connections, {fetched} pages fetched",
        "ok" if canary.connections == 0 and fetched == 0 else "FAIL",
    )
    assert canary.connections == 0
    assert fetched == 0  # unreadable robots.txt: nothing of the site is fetched, its listing included
    assert failures(run, "redirected") == {"robots.txt unreadable: address refused": 1}
    assert run.source("redirected")["other"] == {"robots.txt unreadable: address refused": 1}
    assert servers["other"].url("/other/news/1") in stored(store)


def test_a_robots_txt_over_the_page_cap_is_obeyed_from_its_first_500_kib(
    robots_crawl: tuple[CrawlRun, Path], servers: dict[str, FaultServer]
) -> None:
    run, store = robots_crawl
    private = servers["big"].hits("/rb/private/big")
    record(
        "RB2",
        f"robots.txt of {len(BIG_ROBOTS) // 1_000_000} MB, Disallow first",
        f"{private} disallowed fetched, {run.source('big').get('other', {})}",
        "ok" if private == 0 and servers["big"].url("/big/news/1") in stored(store) else "FAIL",
    )
    assert private == 0
    assert failures(run, "big") == {}
    assert run.source("big")["robots_disallowed"] == 1
    assert run.source("big")["other"] == {"robots.txt truncated": 1}
    assert servers["big"].url("/big/news/1") in stored(store)
    big_robots = servers["big"].url("/robots.txt")
    assert not [line for line in run.log.splitlines() if big_robots in line and " ERROR: " in line]
    assert "Traceback" not in run.log


def test_a_robots_txt_cut_short_disallows_the_site(
    robots_crawl: tuple[CrawlRun, Path], servers: dict[str, FaultServer]
) -> None:
    run, _ = robots_crawl
    fetched = servers["cut"].hits("/cut/news/1") + servers["cut"].hits("/rb/private/cut")
    reasons = failures(run, "cut")
    record("RB3", "robots.txt cut short (connection reset)", f"{fetched} pages fetched, {reasons}",
           "ok" if fetched == 0 else "FAIL")  # fmt: skip
    assert fetched == 0
    assert reasons == {"robots.txt unreadable: connection lost": 1}


def test_requests_waiting_for_one_robots_txt_all_get_its_rules(
    robots_crawl: tuple[CrawlRun, Path], servers: dict[str, FaultServer]
) -> None:
    run, store = robots_crawl
    found = {url for url in stored(store) if "/many/news/" in url}
    figure = f"{len(found)} stored, {failures(run, 'many')}"
    record("RB4", f"{MANY} start pages waiting for one slow robots.txt", figure, "ok" if len(found) == MANY else "FAIL")
    assert failures(run, "many") == {}
    assert len(found) == MANY


@pytest.mark.parametrize("key", ["redirected", "other", "big", "cut", "many"])
def test_every_page_of_a_robots_case_is_accounted_for(robots_crawl: tuple[CrawlRun, Path], key: str) -> None:
    offered, fetched_or_failed, fetched, outcomes = accounting(robots_crawl[0], key)
    assert (offered, fetched) == (fetched_or_failed, outcomes)


def test_f9_robots_disallow_and_a_failing_robots_txt_keep_pages_unfetched(main_crawl: MainCrawl) -> None:
    run = main_crawl.run
    private = main_crawl.server.hits("/f9/private/1")
    down = main_crawl.robots_down.hits("/f9down/") + main_crawl.robots_down.hits("/f9down/news/1")
    record(
        "F9",
        "Disallow; robots.txt answering 503",
        f"{private} + {down} hits on forbidden pages",
        "ok" if private == down == 0 else "FAIL",
    )
    assert (private, down) == (0, 0)
    assert (failures(run, "f9down"), run.source("f9down")["robots_disallowed"]) == ({}, 1)
