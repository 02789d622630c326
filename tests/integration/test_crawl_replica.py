"""End to end: the replica of the seed sites crawled offline into the embedded store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.cli import read_report, run_twincrawl
from tests.replica.expected import ExpectedArticle
from tests.replica.server import ReplicaServer
from twincrawl.items import Article
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore


def _crawl(registry: Path, store: Path, report: Path, *extra: str) -> dict[str, Any]:
    done = run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{store}", "--report", report,
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", *extra)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return read_report(report)


@pytest.fixture(scope="module")
def forbidden_hits_before(replica: ReplicaServer, replica_expected: list[ExpectedArticle]) -> dict[str, int]:
    """Hits of the pages robots.txt forbids before this module's crawl (other tests fetch them directly)."""
    return {item.path: replica.hits(item.path) for item in replica_expected if item.robots_disallowed}


@pytest.fixture(scope="module")
def crawled(
    replica_registry: Path, forbidden_hits_before: dict[str, int], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """The replica crawled once; the store path and the run report."""
    folder = tmp_path_factory.mktemp("crawl")
    report = _crawl(replica_registry, folder / "corpus.db", folder / "first.json")
    return folder / "corpus.db", report


def _by_url(store_path: Path) -> dict[str, Article]:
    store = SqliteStore(f"sqlite:///{store_path}")
    try:
        return {article.url: article for article in store.query(Query())}
    finally:
        store.close()


def _html_articles(expected: list[ExpectedArticle]) -> list[ExpectedArticle]:
    return [item for item in expected if item.render == "html" and not item.robots_disallowed]


def test_every_article_is_stored_once_with_title_date_and_language(
    crawled: tuple[Path, dict[str, Any]], replica: ReplicaServer, replica_expected: list[ExpectedArticle]
) -> None:
    stored = _by_url(crawled[0])
    for item in _html_articles(replica_expected):
        article = stored.get(replica.url(item.path))
        assert article is not None, f"{item.path} was not stored"
        assert (article.title, article.language) == (item.title, item.language), item.path
        assert article.published is not None and article.published[:10] == item.published.isoformat(), item.path
    assert len({article.id for article in stored.values()}) == len(stored)


def test_boilerplate_stays_out_and_body_stays_in(
    crawled: tuple[Path, dict[str, Any]], replica: ReplicaServer, replica_expected: list[ExpectedArticle]
) -> None:
    stored = _by_url(crawled[0])
    for item in _html_articles(replica_expected):
        text = stored[replica.url(item.path)].text
        leaked = [line for line in item.must_not_contain if line in text]
        missing = [line for line in item.must_contain if line not in text]
        assert (leaked, missing) == ([], []), item.path


def test_twinning_label_matches_expectation_and_nothing_is_dropped(
    crawled: tuple[Path, dict[str, Any]], replica: ReplicaServer, replica_expected: list[ExpectedArticle]
) -> None:
    stored = _by_url(crawled[0])
    articles = _html_articles(replica_expected)
    labels = {item.path: stored[replica.url(item.path)].relevance.is_twinning for item in articles}
    assert labels == {item.path: item.is_twinning for item in articles}


def test_robots_disallowed_pages_are_never_fetched(
    crawled: tuple[Path, dict[str, Any]], replica: ReplicaServer, forbidden_hits_before: dict[str, int]
) -> None:
    assert forbidden_hits_before, "the replica should hold a page robots.txt forbids"
    assert {path: replica.hits(path) for path in forbidden_hits_before} == forbidden_hits_before


def test_second_crawl_adds_no_records(
    crawled: tuple[Path, dict[str, Any]], replica_registry: Path, tmp_path: Path
) -> None:
    store_path, first = crawled
    before = len(_by_url(store_path))
    second = _crawl(replica_registry, store_path, tmp_path / "second.json")
    new = sum(source["articles"].get("new", 0) for source in second["sources"].values())
    updated = sum(source["articles"].get("updated", 0) for source in second["sources"].values())
    assert (new, updated, len(_by_url(store_path))) == (0, 0, before)
    assert sum(source["articles"].get("new", 0) for source in first["sources"].values()) == before


def test_export_jsonl_holds_every_stored_record(crawled: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    done = run_twincrawl("export", "--store", f"sqlite:///{crawled[0]}", "--out", out)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {record["id"] for record in records} == {article.id for article in _by_url(crawled[0]).values()}
    assert all(record["schema_version"] == 2 and record["content_hash"] for record in records)


def test_unreachable_source_is_reported_and_the_others_still_crawl(replica_registry: Path, tmp_path: Path) -> None:
    dead = tmp_path / "dead.yaml"
    dead.write_text(
        "sources:\n  - key: dead-site\n    name: Dead\n    country: RU\n    city: Volgograd\n    languages: [ru]\n"
        "    timezone: Europe/Volgograd\n    start_urls: ['http://127.0.0.1:9/news']\n"
        "    article_urls: ['/news/\\d+']\n    allow_addresses: ['127.0.0.1']\n",
        encoding="utf-8",
    )
    report_path = tmp_path / "report.json"
    done = run_twincrawl("crawl", "--sources-file", replica_registry, "--sources-file", dead,
                         "--source", "dead-site", "--source", "replica-rs-en",
                         "--store", f"sqlite:///{tmp_path / 'c.db'}", "--report", report_path,
                         "--set", "DOWNLOAD_DELAY=0", "--set", "RETRY_TIMES=0")  # fmt: skip
    assert done.returncode == 1
    # Its robots.txt cannot be fetched: the site is disallowed (RFC 9309), its start page fails for that reason.
    assert "dead-site (robots.txt unreadable: connection refused)" in done.stderr
    report = read_report(report_path)
    assert report["sources"]["dead-site"]["failures"] == {"robots.txt unreadable: connection refused": 1}
    assert report["sources"]["replica-rs-en"]["articles"].get("new", 0) > 0


def test_report_keeps_the_memory_peak_of_the_crawl_and_its_workers(crawled: tuple[Path, dict[str, Any]]) -> None:
    crawl = crawled[1]["crawl"]
    assert 0 < crawl["memory/crawler_peak_mb"] <= crawl["memory/peak_mb"]


def test_report_counts_the_processing_cpu_of_every_fetched_page(crawled: tuple[Path, dict[str, Any]]) -> None:
    report = crawled[1]
    fetched = sum(source["pages_fetched"] for source in report["sources"].values())
    assert report["crawl"]["processing/pages"] == fetched > 0
    assert 0 < report["crawl"]["processing/cpu_ms"] < fetched * 2000


def test_memory_limit_stops_the_crawl_keeps_what_it_stored_and_exits_1(replica_registry: Path, tmp_path: Path) -> None:
    store, report_path = tmp_path / "c.db", tmp_path / "report.json"
    done = run_twincrawl("crawl", "--sources-file", replica_registry, "--store", f"sqlite:///{store}",
                         "--report", report_path, "--set", "TWINCRAWL_MEMORY_LIMIT_MB=1",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 1, done.stderr[-3000:]
    assert "stopped early: memory limit" in done.stderr
    report = read_report(report_path)
    assert report["finish_reason"] == "memory limit"
    stored = sum(source["articles"].get("new", 0) for source in report["sources"].values())
    assert len(_by_url(store)) == stored


def test_every_article_keeps_its_metadata_as_written_and_where_it_was_found(
    crawled: tuple[Path, dict[str, Any]],
) -> None:
    for article in _by_url(crawled[0]).values():
        assert {"title", "language"} <= set(article.metadata), article.url
        assert all(entry["raw"] and entry["from"] for entry in article.metadata.values()), article.url
        assert ("modified" in article.metadata) == (article.modified is not None), article.url
