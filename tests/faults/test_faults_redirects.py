"""Redirects that never arrive: a loop back to the article, and a chain past REDIRECT_MAX_TIMES, each fail the
page with its own reason in the run report, instead of the page vanishing without a counter; the main fault
crawl's loop and 30-hop chain are stopped within a few requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.main_crawl import MainCrawl
from tests.faults.pages import accounting, article, failures, listing, stored
from tests.faults.server import FaultServer, page, redirect
from tests.fixtures.faults import CrawlRun, crawl, record, source, write_registry

pytestmark = pytest.mark.faults


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("redirects")


@pytest.fixture(scope="module")
def redirect_crawl(fault_server: FaultServer, folder: Path) -> CrawlRun:
    u = fault_server.url
    # article -> /loop/b -> /loop/c?x=1 -> article
    fault_server.route("/rl/news/looped", redirect(u("/loop/b")))
    fault_server.route("/loop/b", redirect(u("/loop/c?x=1")))
    fault_server.route("/loop/c?x=1", redirect(u("/rl/news/looped")))
    fault_server.route("/rl/news/self", redirect("/rl/news/self"))  # relative, to itself
    for hop in range(1, 30):
        fault_server.route(f"/rl/news/chain-{hop}", redirect(u(f"/rl/news/chain-{hop + 1}")))
    fault_server.route("/rl/news/chain-30", page(article("RL конец цепочки")))
    fault_server.route("/rl/news/moved", redirect(u("/rl/news/here")))
    fault_server.route("/rl/news/here", page(article("RL переехала", "RL-MOVED")))
    fault_server.route("/robots.txt", page(b"User-agent: *\nAllow: /\n", "text/plain"))
    links = [u(path) for path in ("/rl/news/looped", "/rl/news/self", "/rl/news/chain-1", "/rl/news/moved")]
    fault_server.route("/rl/", page(listing(*links)))
    registry = write_registry(folder / "rl.yaml", [source("rl", start_urls=[u("/rl/")], article_urls=["/rl/news/"])])
    run = crawl(registry, folder / "corpus.db", folder / "report.json", {"TWINCRAWL_INCREMENTAL": "False"})
    assert run.report, run.log[-3000:]
    return run


def test_a_redirect_loop_back_to_the_article_is_a_counted_failure(
    redirect_crawl: CrawlRun, fault_server: FaultServer
) -> None:
    reasons = failures(redirect_crawl, "rl")
    hops = fault_server.hits("/rl/news/looped") + fault_server.hits("/loop/b") + fault_server.hits("/loop/c?x=1")
    record("RL1", "article -> /loop/b -> /loop/c?x=1 -> article", f"{reasons}, {hops} requests",
           "ok" if reasons.get("redirect loop") == 2 else "FAIL")  # fmt: skip
    assert reasons.get("redirect loop") == 2  # the three-hop loop and the page redirecting to itself
    assert hops == 3


def test_a_chain_past_the_redirect_limit_is_a_counted_failure(
    redirect_crawl: CrawlRun, fault_server: FaultServer
) -> None:
    assert failures(redirect_crawl, "rl").get("too many redirects") == 1
    assert fault_server.hits("/rl/news/chain-30") == 0


def test_an_ordinary_redirect_is_followed_and_stored(
    redirect_crawl: CrawlRun, fault_server: FaultServer, folder: Path
) -> None:
    assert fault_server.url("/rl/news/here") in stored(folder / "corpus.db")
    assert sum(failures(redirect_crawl, "rl").values()) == 3


def test_every_redirected_page_is_accounted_for(redirect_crawl: CrawlRun) -> None:
    offered, fetched_or_failed, fetched, outcomes = accounting(redirect_crawl, "rl")
    assert offered == fetched_or_failed == 4
    assert fetched == outcomes


def test_f5_redirect_loops_and_long_chains_are_stopped(main_crawl: MainCrawl) -> None:
    run = main_crawl.run
    requests = main_crawl.server.hits_under("/f5/news/")
    record(
        "F5",
        "redirect loop; 30-hop chain",
        f"{requests} requests, {failures(run, 'f5')}",
        "ok" if requests <= 2 * 11 else "FAIL",
    )
    assert requests <= 2 * 11
    assert main_crawl.server.hits("/f5/news/chain-30") == 0
