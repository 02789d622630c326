"""End to end on MongoDB: the replica crawled into FerretDB (or TWINCRAWL_TEST_MONGO_URI): same as SQLite."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.fixtures.cli import read_report, run_twincrawl
from tests.servers.ferretdb import FerretDB
from twincrawl.items import Article
from twincrawl.store.mongo import MongoStore
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

# Three crawls of the replica; on a busy machine one takes minutes.
pytestmark = [pytest.mark.mongo, pytest.mark.timeout(1200)]


@attrs.frozen
class Crawled:
    sqlite_uri: str
    mongo_uri: str
    folder: Path
    mongo_report: dict[str, Any]


def _crawl(registry: Path, uri: str, folder: Path, name: str, *extra: str, exit_code: int = 0) -> dict[str, Any]:
    report = folder / f"{name}.json"
    # Both stores must receive every page, so no page may miss its processing deadline on a loaded machine.
    done = run_twincrawl("crawl", "--sources-file", registry, "--store", uri, "--report", report,
                         "--state-dir", folder / f"{name}-state", "--set", "DOWNLOAD_DELAY=0",
                         "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "TWINCRAWL_PROCESS_TIMEOUT=600",
                         *extra, timeout=900)  # fmt: skip
    assert done.returncode == exit_code, done.stderr[-3000:]
    return read_report(report)


def _total(report: dict[str, Any], outcome: str) -> int:
    return sum(source["articles"].get(outcome, 0) for source in report["sources"].values())


@pytest.fixture(scope="module")
def crawled(
    replica_registry: Path, new_mongo_database: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawled]:
    """The replica crawled once into SQLite and once into MongoDB (a spool, if any, in the temp dir)."""
    folder = tmp_path_factory.mktemp("mongo-crawl")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(folder / "xdg-state"))
        sqlite_uri, mongo_uri = f"sqlite:///{folder / 'corpus.db'}", new_mongo_database()
        _crawl(replica_registry, sqlite_uri, folder, "sqlite")
        report = _crawl(replica_registry, mongo_uri, folder, "mongo")
        yield Crawled(sqlite_uri, mongo_uri, folder, report)


def _articles(crawled: Crawled, uri: str) -> dict[str, Article]:
    store: SqliteStore | MongoStore = (
        SqliteStore(uri) if uri.startswith("sqlite") else MongoStore(uri, spool_dir=crawled.folder / "spool")
    )
    try:
        return {article.id: article for article in store.query(Query())}
    finally:
        store.close()


def _without_fetch_time(article: Article) -> Article:
    return attrs.evolve(article, fetched_at="")


def test_mongodb_holds_the_same_articles_as_sqlite(crawled: Crawled) -> None:
    in_sqlite = _articles(crawled, crawled.sqlite_uri)
    in_mongo = _articles(crawled, crawled.mongo_uri)

    assert len(in_mongo) > 10
    assert set(in_mongo) == set(in_sqlite)
    assert _total(crawled.mongo_report, "new") == len(in_mongo)
    for article_id, article in in_mongo.items():
        assert _without_fetch_time(article) == _without_fetch_time(in_sqlite[article_id]), article.url


def test_mongodb_keeps_the_same_raw_pages_as_sqlite(crawled: Crawled) -> None:
    sqlite = SqliteStore(crawled.sqlite_uri)
    mongo = MongoStore(crawled.mongo_uri, spool_dir=crawled.folder / "spool")
    try:
        in_sqlite = {page.url: (page.body, page.article_id) for page in sqlite.iter_raw()}
        in_mongo = {page.url: (page.body, page.article_id) for page in mongo.iter_raw()}
    finally:
        sqlite.close()
        mongo.close()

    assert in_mongo == in_sqlite
    assert in_mongo


COMMANDS = {
    "export-jsonl": ["export"],
    "query-table": ["query"],
    "query-twinning": ["query", "--format", "jsonl", "--twinning"],
    "query-city": ["query", "--format", "jsonl", "--city", "Volgograd"],
    "query-country": ["query", "--format", "jsonl", "--country", "GB"],
    "query-text": ["query", "--format", "jsonl", "--text", "побратимы"],
    "query-dates-and-limit": ["query", "--format", "jsonl", "--since", "2015-01-01", "--until", "2024-12-31",
                              "--limit", "5"],
}  # fmt: skip


def _comparable(output: str) -> list[Any]:
    """Command output with fetch times removed (the two stores were filled by two crawls)."""
    lines = output.splitlines()
    if not lines or not lines[0].startswith("{"):
        return lines
    records = [json.loads(line) for line in lines]
    for record in records:
        record.pop("fetched_at")
    return records


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_export_and_query_print_the_same_from_both_stores(crawled: Crawled, command: list[str]) -> None:
    from_sqlite = run_twincrawl(*command, "--store", crawled.sqlite_uri)
    from_mongo = run_twincrawl(*command, "--store", crawled.mongo_uri)

    assert (from_sqlite.returncode, from_mongo.returncode) == (0, 0), from_mongo.stderr[-2000:]
    assert from_mongo.stdout.strip()
    assert _comparable(from_mongo.stdout) == _comparable(from_sqlite.stdout)


def test_second_full_crawl_into_mongodb_changes_nothing(crawled: Crawled, replica_registry: Path) -> None:
    before = _articles(crawled, crawled.mongo_uri)

    second = _crawl(replica_registry, crawled.mongo_uri, crawled.folder, "mongo-again", "--full")

    assert (_total(second, "new"), _total(second, "updated"), _total(second, "unchanged")) == (
        0,
        0,
        len(before),
    )
    assert set(_articles(crawled, crawled.mongo_uri)) == set(before)


@pytest.mark.slow
def test_crawl_while_mongodb_is_down_loses_nothing(
    crawled: Crawled,
    replica_registry: Path,
    ferretdb: FerretDB,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    ferretdb.stop()

    report = _crawl(replica_registry, ferretdb.uri("corpus"), tmp_path, "down", exit_code=1)
    ferretdb.start()
    store = MongoStore(ferretdb.uri("corpus"))  # the default spool, replayed on opening
    try:
        replayed = {article.id: article for article in store.query(Query())}
        raw_urls = {page.url for page in store.iter_raw()}
    finally:
        store.close()

    in_sqlite = _articles(crawled, crawled.sqlite_uri)
    assert _total(report, "spooled") == len(in_sqlite)
    assert set(replayed) == set(in_sqlite)
    assert len(raw_urls) >= len(replayed)
    assert not list((tmp_path / "xdg-state").rglob("spool.jsonl"))
