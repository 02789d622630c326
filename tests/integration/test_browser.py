"""Sources rendered in Chromium: finding the browser, the declared page actions, and crawls of the replica's
script-driven portal (``replica-js``) in real headless Chromium next to a plain HTML source."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import async_playwright

from spiders.news import NewsSpider
from tests.fixtures.cli import REPO, read_report, run_twincrawl
from tests.replica.expected import ExpectedArticle
from tests.replica.portal import PORTAL_API, PORTAL_ARCHIVE, PORTAL_LISTING, image_path
from tests.replica.server import ReplicaServer
from twincrawl.fetch.browser import (
    LAUNCH_ARGS,
    ChromiumMissing,
    find_chromium,
    launch_options,
    run_action,
)  # fmt: skip
from twincrawl.items import Article
from twincrawl.registry import ClickAction, RegistryError, ScrollAction, Source, load_file, parse_action
from twincrawl.runs.memory import process_tree
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    try:
        return find_chromium()
    except ChromiumMissing:
        return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium, or set TWINCRAWL_CHROMIUM)"
)
#: Articles processed in the crawl's own process: no worker pool to start for a handful of pages.
IN_PROCESS = ("--set", "TWINCRAWL_PROCESS_WORKERS=0")
FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", *IN_PROCESS)
BOTH = ("replica-js", "replica-rs-en")


def _executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


# --- finding Chromium -----------------------------------------------------------------------------------


def test_configured_chromium_wins_over_the_environment(tmp_path: Path) -> None:
    chosen, other = _executable(tmp_path / "chosen"), _executable(tmp_path / "other")
    assert find_chromium(str(chosen), {"TWINCRAWL_CHROMIUM": str(other)}) == str(chosen)
    assert find_chromium("", {"TWINCRAWL_CHROMIUM": str(other)}) == str(other)


def test_configured_chromium_that_does_not_exist_is_not_replaced_by_a_default() -> None:
    with pytest.raises(ChromiumMissing) as raised:
        find_chromium("/nonexistent/chromium", {}, candidates=("/usr/bin/env",))
    message = str(raised.value)
    assert "TWINCRAWL_CHROMIUM setting is '/nonexistent/chromium'" in message
    assert "apt-get install chromium" in message


def test_environment_variable_that_does_not_exist_is_named_in_the_error() -> None:
    with pytest.raises(ChromiumMissing, match=r"\$TWINCRAWL_CHROMIUM is '/nonexistent'"):
        find_chromium(None, {"TWINCRAWL_CHROMIUM": "/nonexistent"})


def test_default_candidates_are_looked_up_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = _executable(tmp_path / "chromium-browser")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium(None, {}, candidates=("/nonexistent/chromium", "chromium-browser")) == str(browser)


def test_no_chromium_anywhere_says_what_to_install_and_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(ChromiumMissing) as raised:
        find_chromium(None, {}, candidates=(str(tmp_path / "chromium"), "no-such-browser-twincrawl"))
    assert "apt-get install chromium" in str(raised.value) and "TWINCRAWL_CHROMIUM" in str(raised.value)


def test_launch_options_run_headless_with_the_crawl_flags() -> None:
    options = launch_options("/usr/bin/chromium")
    assert options == {"executable_path": "/usr/bin/chromium", "args": list(LAUNCH_ARGS), "headless": True}
    assert {"--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"} <= set(LAUNCH_ARGS)


# --- declared actions -------------------------------------------------------------------------------------


def test_actions_are_read_from_the_registry_forms() -> None:
    assert parse_action({"click": "button.more", "times": 3}) == ClickAction(selector="button.more", times=3)
    assert parse_action({"click": "a.next"}) == ClickAction(selector="a.next", times=1)
    assert parse_action({"scroll": 5}) == ScrollAction(times=5)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"click": "", "times": 2}, "'click' must be a CSS selector"),
        ({"click": "button", "times": 0}, "'times' must be a whole number from 1 to 100"),
        ({"scroll": "5"}, "'scroll' must be a whole number"),
        ({"scroll": 2, "times": 2}, "expected {click:"),
        ({"hover": "a"}, "expected {click:"),
    ],
)
def test_malformed_actions_say_what_is_wrong(raw: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("{", r"\{")):
        parse_action(raw)


def test_registry_rejects_a_malformed_action_naming_the_entry_and_field(tmp_path: Path) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        "sources:\n  - key: spa\n    name: SPA\n    country: RU\n    city: Volgograd\n    languages: [en]\n"
        "    timezone: Europe/Volgograd\n    start_urls: ['https://example.org/news/']\n"
        "    article_urls: ['/news/\\d+']\n    render: js\n"
        "    js_action: {click: button.more, times: many}\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match=r"\('spa'\): field 'js_action': 'times' must be a whole number"):
        load_file(registry)


def _source(tmp_path: Path, extra: str) -> Source:
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        "sources:\n  - key: site\n    name: Site\n    country: RU\n    city: Volgograd\n    languages: [en]\n"
        "    timezone: Europe/Volgograd\n    start_urls: ['https://example.org/news/']\n"
        f"    article_urls: ['/news/\\d+']\n{extra}",
        encoding="utf-8",
    )
    return load_file(registry)[0]


def test_only_js_sources_and_js_url_matches_are_sent_to_the_browser(tmp_path: Path) -> None:
    mixed = _source(tmp_path, "    js_urls: ['/news/live/']\n")
    spider = NewsSpider([mixed])
    assert "playwright" not in spider._request("https://example.org/news/1", mixed, spider.parse_article).meta
    live = spider._request("https://example.org/news/live/2", mixed, spider.parse_article).meta
    assert live["playwright"] is True and "playwright_page_methods" not in live

    js = _source(tmp_path, "    render: js\n    js_action: {scroll: 3}\n")
    spider = NewsSpider([js])
    listing = spider._request("https://example.org/news/", js, spider.parse_listing).meta
    assert [method.args for method in listing["playwright_page_methods"]] == [(ScrollAction(times=3),)]
    article = spider._request("https://example.org/news/3", js, spider.parse_article).meta
    assert article["playwright"] is True and "playwright_page_methods" not in article


def _story_links(page: Any) -> Any:
    return page.evaluate("document.querySelectorAll('#news a[href]').length")


@needs_chromium
def test_click_and_scroll_actions_reveal_every_story_of_the_portal(replica: ReplicaServer) -> None:
    async def reveal() -> tuple[int, int, int, int, int]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**launch_options(str(CHROMIUM)))
            page = await browser.new_page()
            await page.goto(replica.url(PORTAL_LISTING), wait_until="networkidle")
            before = await _story_links(page)
            clicks = await run_action(page, ClickAction(selector="button.load-more", times=5), settle_ms=3000)
            after_clicks = await _story_links(page)
            await page.goto(replica.url(PORTAL_ARCHIVE), wait_until="networkidle")
            scrolls = await run_action(page, ScrollAction(times=5), settle_ms=1000)
            after_scrolls = await _story_links(page)
            await browser.close()
            return before, clicks, after_clicks, scrolls, after_scrolls

    # Five stories, two per batch: two clicks (or scrolls) bring the rest, then there is nothing more.
    assert asyncio.run(reveal()) == (2, 2, 5, 2, 5)


# --- crawls -----------------------------------------------------------------------------------------------


def _crawl_args(registry: Path, folder: Path, *sources: str) -> list[str | Path]:
    args: list[str | Path] = [
        "crawl", "--sources-file", registry, "--store", f"sqlite:///{folder / 'corpus.db'}",
        "--report", folder / "report.json", "--set", f"TWINCRAWL_STATE_DIR={folder / 'state'}",
    ]  # fmt: skip
    for key in sources:
        args += ["--source", key]
    return args


def _stored(folder: Path, source: str) -> dict[str, Article]:
    store = SqliteStore(f"sqlite:///{folder / 'corpus.db'}")
    try:
        return {article.url: article for article in store.query(Query(source=source))}
    finally:
        store.close()


def _js_expected(expected: list[ExpectedArticle]) -> list[ExpectedArticle]:
    return [item for item in expected if item.source == "replica-js"]


def _chromium_processes(root: int) -> list[int]:
    processes = []
    for pid in process_tree(root)[1:]:
        try:
            executable = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if b"chrom" in Path(executable.decode(errors="replace")).name.encode():
            processes.append(pid)
    return processes


@pytest.fixture(scope="module")
def killed_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplicaServer, Path, str]]:
    """A replica of its own crawled through ``replica-js`` and ``replica-rs-en``, Chromium being killed once
    right after it rendered the first article: the replica, the crawl's folder and its stderr."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium, or set TWINCRAWL_CHROMIUM)")
    folder = tmp_path_factory.mktemp("killed")
    with ReplicaServer() as replica:
        registry = replica.write_registry(folder / "sources.yaml")
        articles = [story.path for story in replica.site.stories if story.site == "portal"]
        # A delay between pages leaves most articles for after the kill.
        command = [
            sys.executable, "-m", "twincrawl", *map(str, _crawl_args(registry, folder, *BOTH)),
            "--set", "DOWNLOAD_DELAY=0.5", "--set", "AUTOTHROTTLE_ENABLED=False", *IN_PROCESS,
            "--set", "TWINCRAWL_MEMORY_CHECK_INTERVAL=0.2",
        ]  # fmt: skip
        crawl = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 90
            while not any(replica.hits(path) for path in articles):
                assert crawl.poll() is None and time.monotonic() < deadline, "no article page was rendered"
                time.sleep(0.02)
            killed = _chromium_processes(crawl.pid)
            for pid in killed:
                os.kill(pid, signal.SIGKILL)
            rendered_before_kill = sum(1 for path in articles if replica.hits(path))
            _, stderr = crawl.communicate(timeout=180)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
        assert crawl.returncode == 0, stderr[-3000:]
        assert killed, "no Chromium process ran under the crawl"
        assert rendered_before_kill < len(articles), "the crawl was over before the browser was killed"
        yield replica, folder, stderr


@needs_chromium
def test_js_source_articles_are_stored_like_the_html_ones(
    killed_crawl: tuple[ReplicaServer, Path, str], replica_expected: list[ExpectedArticle]
) -> None:
    replica, folder, _ = killed_crawl
    stored = _stored(folder, "replica-js")
    wanted = _js_expected(replica_expected)
    assert set(stored) == {replica.url(item.path) for item in wanted}
    for item in wanted:
        article = stored[replica.url(item.path)]
        assert (article.title, article.language, article.relevance.is_twinning) == (
            item.title, item.language, item.is_twinning,
        ), item.path  # fmt: skip
        assert article.published is not None and article.published[:10] == item.published.isoformat()
        assert [line for line in item.must_contain if line not in article.text] == [], item.path
        assert [line for line in item.must_not_contain if line in article.text] == [], item.path
    assert _stored(folder, "replica-rs-en"), "the HTML source crawled next to it stored nothing"


@needs_chromium
def test_browser_killed_mid_crawl_is_relaunched_and_no_page_stays_open(
    killed_crawl: tuple[ReplicaServer, Path, str],
) -> None:
    crawl = read_report(killed_crawl[1] / "report.json")["crawl"]
    assert crawl["browser/launches"] >= 2 and crawl["browser/pages_open_at_close"] == 0


@needs_chromium
def test_crawl_memory_counts_the_browser(killed_crawl: tuple[ReplicaServer, Path, str]) -> None:
    crawl = read_report(killed_crawl[1] / "report.json")["crawl"]
    # No processing workers here (IN_PROCESS): all memory beyond the crawler's own is Chromium's.
    assert crawl["memory/peak_mb"] > crawl["memory/crawler_peak_mb"] + 20


@needs_chromium
def test_browser_skips_images_and_html_sources_skip_the_browser(
    killed_crawl: tuple[ReplicaServer, Path, str],
) -> None:
    replica = killed_crawl[0]
    portal = [story for story in replica.site.stories if story.site == "portal"]
    assert all(replica.hits(story.path) for story in portal)
    assert sum(replica.hits(image_path(story)) for story in portal) == 0
    # Chromium sends Sec-Fetch-* headers on every navigation; Scrapy's own downloader never does.
    assert any(name.startswith("sec-fetch-") for name in replica.requests(PORTAL_LISTING)[-1].headers)
    assert not any(name.startswith("sec-fetch-") for name in replica.requests("/rs/en/news/")[-1].headers)


@needs_chromium
def test_same_source_read_as_html_finds_none_of_its_articles_and_starts_no_browser(
    replica: ReplicaServer, replica_registry: Path, tmp_path: Path
) -> None:
    as_html = tmp_path / "as-html.yaml"
    text = replica_registry.read_text(encoding="utf-8")
    assert text.count("render: js") == 1
    as_html.write_text(text.replace("render: js", "render: html"), encoding="utf-8")
    api_calls = replica.hits(f"{PORTAL_API}?page=1")
    done = run_twincrawl(*_crawl_args(as_html, tmp_path, "replica-js"), *FAST)
    assert done.returncode == 0, done.stderr[-3000:]
    report = read_report(tmp_path / "report.json")
    assert report["sources"]["replica-js"]["listings_fetched"] == 1
    assert _stored(tmp_path, "replica-js") == {}
    assert replica.hits(f"{PORTAL_API}?page=1") == api_calls  # no script ran
    assert "browser" not in report["sources"] and "scrapy-playwright" not in done.stderr


def test_missing_chromium_fails_only_the_js_source_with_one_clear_error(
    replica_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWINCRAWL_CHROMIUM", "/nonexistent")
    done = run_twincrawl(*_crawl_args(replica_registry, tmp_path, *BOTH), *FAST)
    assert done.returncode == 1, done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if "Chromium not found" in line]
    assert len(errors) == 1, done.stderr[-3000:]
    assert "$TWINCRAWL_CHROMIUM is '/nonexistent'" in errors[0] and "apt-get install chromium" in errors[0]
    assert "replica-js" in errors[0]
    assert "Traceback" not in done.stderr and "scrapy-playwright" not in done.stderr
    report = read_report(tmp_path / "report.json")
    assert report["sources"]["replica-js"]["failures"] == {"js: chromium missing": 1}
    assert _stored(tmp_path, "replica-rs-en"), "the HTML source must still be crawled"
    assert "browser" not in report["sources"]
