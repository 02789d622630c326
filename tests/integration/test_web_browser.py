"""``twincrawl serve`` in a real headless Chromium over the replica's crawled corpus: search, filters, an
article, the twin-pair graph, the timeline, a CSV download, and a hostile article that runs nothing."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.fixtures.cli import REPO, run_twincrawl
from tests.replica.server import ReplicaServer
from twincrawl.fetch.browser import ChromiumMissing, find_chromium, launch_options

pytestmark = pytest.mark.browser

EN_LISTING = "/volgadmin/d/branches/international/en/news"
HOSTILE_PATH = f"{EN_LISTING}/99990"
#: Markup a crawled page may carry as text (escaped in its HTML, so the extracted title and text hold it).
HOSTILE_TITLE = "Twinning &lt;script&gt;alert('title')&lt;/script&gt;&lt;img src=x onerror=alert('img')&gt; news"
HOSTILE_TEXT = (
    "<p>Volgograd and Coventry are twin cities. &lt;script&gt;alert('text')&lt;/script&gt; and "
    "&lt;img src=x onerror=alert('onerror')&gt; and &lt;a href=\"javascript:alert('link')\"&gt;click&lt;/a&gt;.</p>"
    "<p>The partnership of the twin cities began in 1944; <a href=\"javascript:alert('real link')\">a real link</a>"
    " sits in the page itself and the delegations met again this year to sign a new agreement on exchanges.</p>"
)


def _chromium() -> str | None:
    try:
        return find_chromium()
    except ChromiumMissing:
        return None


CHROMIUM = _chromium()
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


def _fetch(server: ReplicaServer, path: str) -> str:
    with urllib.request.urlopen(server.url(path)) as response:
        return str(response.read().decode("utf-8"))


def _add_hostile_article(server: ReplicaServer) -> None:
    listing = _fetch(server, EN_LISTING)
    first = re.search(rf'href="({EN_LISTING}/\d+)"', listing)
    assert first is not None
    page = _fetch(server, first.group(1))
    page = re.sub(r"<h1([^>]*)>.*?</h1>", lambda m: f"<h1{m.group(1)}>{HOSTILE_TITLE}</h1>", page, count=1, flags=re.S)
    page = re.sub(r"<title>.*?</title>", f"<title>{HOSTILE_TITLE}</title>", page, count=1, flags=re.S)
    page = re.sub(r"(<p[ >])", lambda m: HOSTILE_TEXT + m.group(1), page, count=1)
    server.put(HOSTILE_PATH, page.encode("utf-8"))
    server.put(EN_LISTING, listing.replace(first.group(0), f'href="{HOSTILE_PATH}"></a><a {first.group(0)}', 1)
               .encode("utf-8"))  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The replica crawled once, with one hostile article among its pages."""
    folder = tmp_path_factory.mktemp("web")
    with ReplicaServer() as server:
        _add_hostile_article(server)
        registry = server.write_registry(folder / "sources.yaml")
        done = run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{folder / 'corpus.db'}",
                             "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return folder / "corpus.db"


@pytest.fixture(scope="module")
def site(corpus: Path) -> Iterator[str]:
    """``twincrawl serve`` on a free loopback port; its address."""
    process = subprocess.Popen(
        [sys.executable, "-m", "twincrawl", "serve", "--store", f"sqlite:///{corpus}", "--port", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
    assert found, f"{line!r} {process.stderr.read() if process.poll() is not None and process.stderr else ''}"
    yield found.group(1)
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser_page(site: str) -> Iterator[tuple[Page, list[str]]]:
    """A Chromium page that records every dialog, console message, page error and foreign request."""
    seen: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(str(CHROMIUM)))
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.on("console", lambda message: seen.append(f"console {message.type}: {message.text}"))
        page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
        page.on("request", lambda request: None if request.url.startswith(site) else seen.append(request.url))
        yield page, seen
        browser.close()


def _api(site: str, path: str) -> Any:
    with urllib.request.urlopen(site + path) as response:
        return json.loads(response.read())


def test_search_filters_and_opens_an_article(site: str, browser_page: tuple[Page, list[str]]) -> None:
    page, seen = browser_page
    page.goto(site + "/")
    everything = int(page.inner_text("#matched"))
    assert everything > 20
    page.fill("input[name=words]", "побратим")
    page.click("button[type=submit]")
    found = int(page.inner_text("#matched"))
    assert 0 < found < everything
    marked = page.locator(".hit mark").all_inner_texts()
    assert marked
    assert all(word.lower().startswith("побратим") for word in marked)
    page.click(".facet[data-facet=language] a")
    assert re.search(r"language=\w+", page.url)
    assert int(page.inner_text("#matched")) <= found
    title = page.locator(".hit a.title").first.inner_text()
    page.locator(".hit a.title").first.click()
    assert page.inner_text("#article-title") == title
    assert page.locator("table.metadata td", has_text="published").count() >= 1
    assert page.get_attribute("#original", "href", timeout=2000).startswith("http")  # type: ignore[union-attr]
    assert seen == []


def test_the_graph_draws_the_replica_pairs_and_links_to_city_pages(
    site: str, browser_page: tuple[Page, list[str]]
) -> None:
    page, seen = browser_page
    graph = _api(site, "/api/graph")
    assert graph["edges"]
    page.goto(site + "/graph")
    page.wait_for_selector("#graph[data-drawn]")
    assert page.locator("#graph line.edge").count() == len(graph["edges"])
    assert page.locator("#graph a.node").count() == len(graph["nodes"])
    coventry = page.locator("#graph a.node", has_text="Coventry")
    coventry.click()
    assert re.search(r"/city/\d+$", page.url)
    assert page.locator("h1").inner_text().startswith("Coventry")
    page.wait_for_selector("figure.timeline[data-drawn]")
    assert seen == []


def test_the_timeline_draws_a_bar_per_month(site: str, browser_page: tuple[Page, list[str]]) -> None:
    page, seen = browser_page
    months = _api(site, "/api/timeline")["months"]
    page.goto(site + "/timeline")
    page.wait_for_selector("#timeline[data-drawn]")
    assert page.locator("#timeline rect.bar.all").count() == len(months)
    assert seen == []


def test_the_csv_download_holds_the_result_set(site: str, browser_page: tuple[Page, list[str]], tmp_path: Path) -> None:
    page, seen = browser_page
    page.goto(site + "/?twinning=yes")
    matched = int(page.inner_text("#matched"))
    with page.expect_download() as download:
        page.click("#download-csv")
    saved = tmp_path / "articles.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines))
    assert len(rows) == matched
    assert {row["is_twinning"] for row in rows} == {"True"}
    assert seen == []


def test_a_hostile_article_shows_its_markup_as_text_and_runs_nothing(
    site: str, browser_page: tuple[Page, list[str]]
) -> None:
    page, seen = browser_page
    page.goto(site + "/?words=onerror")
    hit = page.locator(".hit a.title")
    assert hit.count() == 1
    assert "<script>alert('title')</script>" in hit.inner_text()
    assert "onerror" in page.locator(".hit mark").all_inner_texts()[0]
    hit.click()
    assert "<img src=x onerror=alert('img')>" in page.inner_text("#article-title")
    text = page.inner_text("#article-text")
    assert "<script>alert('text')</script>" in text
    assert "javascript:alert('link')" in text
    page.wait_for_timeout(300)
    scripts = page.eval_on_selector_all("script", "nodes => nodes.map(node => node.getAttribute('src'))")
    assert all(src and src.startswith("/static/") for src in scripts)
    assert page.locator("main img").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert page.locator("[onerror]").count() == 0
    assert seen == []


def test_the_health_page_shows_each_source_in_the_last_run(site: str, browser_page: tuple[Page, list[str]]) -> None:
    page, seen = browser_page
    page.goto(site + "/health")
    sources = page.locator("table.health td a").all_inner_texts()
    assert "replica-volgadmin-en" in sources
    assert len(sources) == len(_api(site, "/api/health")["sources"]) >= 5
    assert seen == []
