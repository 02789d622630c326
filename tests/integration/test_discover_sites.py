"""``sources discover`` on generated sites of common CMS shapes: the entry it proposes validates, and crawled it
finds the site's articles and stores no page that is not one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.discovery.server import SiteServer
from tests.discovery.sites import KINDS
from tests.fixtures.cli import run_twincrawl
from twincrawl.registry import load_file
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore


def _discover(server: SiteServer, out: Path, *extra: str) -> tuple[dict[str, object], str]:
    done = run_twincrawl("sources", "discover", server.base_url + "/", "--allow-address", "127.0.0.1",
                         "--delay", "0", "--out", out, *extra)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    entry = yaml.safe_load(out.read_text(encoding="utf-8"))["sources"][0]
    return dict(entry), done.stderr


def _crawl(registry: Path, folder: Path) -> set[str]:
    store_path = folder / "corpus.db"
    done = run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{store_path}",
                         "--report", folder / "report.json", "--state-dir", folder / "state",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    store = SqliteStore(f"sqlite:///{store_path}")
    try:
        return {article.url for article in store.query(Query())}
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_discovered_entry_crawls_the_sites_articles_and_nothing_else(kind: str, tmp_path: Path) -> None:
    with SiteServer(kind) as server:
        out = tmp_path / "proposed.yaml"
        entry, report = _discover(server, out, "--country", "FR", "--city", "Lyon")
        [source] = load_file(out)
        assert "127.0.0.1/32" in entry["allow_addresses"], entry
        assert "confidence" in report and "article," in report, report
        stored = _crawl(out, tmp_path)
    expected = server.article_urls()
    assert stored <= expected, sorted(stored - expected)
    assert len(stored) >= 0.95 * len(expected), (len(stored), len(expected), entry)
    assert source.timezone == "Europe/Paris"


def test_a_cp1251_site_gets_its_encoding_and_cyrillic_menu_read(tmp_path: Path) -> None:
    with SiteServer("cp1251") as server:
        entry, report = _discover(server, tmp_path / "proposed.yaml", "--country", "RU", "--city", "Volgograd")
    assert (entry["encoding"], entry["languages"], entry["timezone"]) == ("cp1251", ["ru"], "Europe/Volgograd")
    assert entry["start_urls"] == [server.base_url + "/novosti"], report


def test_a_feed_only_site_is_crawled_from_its_feed(tmp_path: Path) -> None:
    with SiteServer("feed-only") as server:
        entry, _ = _discover(server, tmp_path / "proposed.yaml", "--country", "GB")
    assert (entry.get("feeds"), entry.get("start_urls")) == ([server.base_url + "/rss.xml"], None)


def test_a_sitemap_only_site_is_crawled_from_the_sitemap_robots_txt_names(tmp_path: Path) -> None:
    with SiteServer("sitemap-only") as server:
        entry, _ = _discover(server, tmp_path / "proposed.yaml", "--country", "FR")
    assert entry.get("sitemaps") == [server.base_url + "/sitemap-news.xml"], entry
    assert entry["article_urls"] == [r"/communiques/[^/?#]+\.html$"]


def test_a_loopback_site_is_refused_without_allow_address(tmp_path: Path) -> None:
    with SiteServer("drupal") as server:
        done = run_twincrawl("sources", "discover", server.base_url + "/", "--country", "DE", "--delay", "0")
        assert done.returncode == 1
        assert "loopback address" in done.stderr and "--allow-address" in done.stderr
        assert sum(server.hits.values()) == 0


def test_a_site_whose_domain_names_no_country_needs_country(tmp_path: Path) -> None:
    done = run_twincrawl("sources", "discover", "http://127.0.0.1:9/", "--allow-address", "127.0.0.1")
    assert done.returncode == 2
    assert "give --country" in done.stderr
