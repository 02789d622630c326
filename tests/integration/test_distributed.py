"""Distributed crawl: seed, several ``twincrawl worker`` processes on one Redis frontier, one store."""

from __future__ import annotations

import json
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from tests.fixtures.cli import REPO, run_twincrawl
from tests.replica.expected import ExpectedArticle
from tests.replica.server import ReplicaServer
from twincrawl.runs.frontier import Frontier
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

pytestmark = [pytest.mark.redis, pytest.mark.slow]

#: Sources served as plain HTML (the browser-rendered ones are covered by the browser tests).
ALL_HTML = ("replica-mosds", "replica-volgadmin-ru", "replica-volgadmin-en", "replica-vestnik")
#: The source with the most articles: a crawl long enough to kill a worker in the middle of it.
LONGEST = ("replica-volgadmin-en",)
#: Two small sources: quick runs.
SMALL = ("replica-mosds", "replica-vestnik")
RUN = "test"


def _source_args(sources: tuple[str, ...]) -> list[str]:
    return [argument for key in sources for argument in ("--source", key)]


def _articles(expected: list[ExpectedArticle], sources: tuple[str, ...]) -> list[ExpectedArticle]:
    return [
        item for item in expected if item.source in sources and item.render == "html" and not item.robots_disallowed
    ]


def _seed(frontier: str, registry: Path, sources: tuple[str, ...]) -> None:
    done = run_twincrawl("seed", "--frontier", frontier, "--run", RUN, "--sources-file", registry,
                         *_source_args(sources), timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]


def _worker(
    frontier: str, registry: Path, store: Path, name: str, sources: tuple[str, ...], *extra: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "twincrawl", "worker", "--frontier", frontier, "--run", RUN, "--name", name,
         "--sources-file", str(registry), *_source_args(sources), "--store", f"sqlite:///{store}",
         "--idle-timeout", "1", "--quiet", "--log-file", str(store.with_name(f"{name}.log")),
         "--set", "TWINCRAWL_FRONTIER_HEARTBEAT=1", "--set", "AUTOTHROTTLE_ENABLED=False",
         "--set", "TWINCRAWL_PROCESS_WORKERS=0", "--set", "TWINCRAWL_PROCESS_TIMEOUT=0", *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _finish(workers: list[subprocess.Popen[str]], timeout: float = 150) -> None:
    """Wait for every worker to end by itself (the idle timeout), each with exit code 0."""
    deadline = time.monotonic() + timeout
    for worker in workers:
        try:
            _, stderr = worker.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for other in workers:
                other.kill()
            pytest.fail("a worker did not stop after the frontier went idle")
        assert worker.returncode == 0, stderr[-3000:]


def _stored(store: Path) -> list[str]:
    opened = SqliteStore(f"sqlite:///{store}")
    try:
        return [article.url for article in opened.query(Query())]
    finally:
        opened.close()


def _frontier(uri: str) -> Frontier:
    return Frontier(redis.Redis.from_url(uri), RUN)


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.05)


def test_workers_fetch_every_page_once_and_store_every_article_once(
    redis_uri: str, fresh_replica: ReplicaServer, replica_expected: list[ExpectedArticle], tmp_path: Path
) -> None:
    registry = fresh_replica.write_registry(tmp_path / "sources.yaml")
    store = tmp_path / "corpus.db"
    _seed(redis_uri, registry, ALL_HTML)
    workers = [_worker(redis_uri, registry, store, f"w{number}", ALL_HTML) for number in range(3)]
    _finish(workers)

    articles = _articles(replica_expected, ALL_HTML)
    assert {item.path: fresh_replica.hits(item.path) for item in articles} == {item.path: 1 for item in articles}
    fetched_twice = [path for path in fresh_replica.paths() if path != "/robots.txt" and fresh_replica.hits(path) > 1]
    assert fetched_twice == []
    stored = _stored(store)
    assert len(stored) == len(set(stored))
    assert {fresh_replica.url(item.path) for item in articles} <= set(stored)

    status = _frontier(redis_uri).status()
    assert (status.queued, sum(status.in_flight.values()), status.alive) == (0, 0, [])
    report_path = tmp_path / "report.json"
    report = run_twincrawl("report", "--frontier", redis_uri, "--run", RUN, "--sources-file", registry,
                           *_source_args(ALL_HTML), "--out", report_path)  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert "3 workers" in report.stdout
    summed = json.loads(report_path.read_text(encoding="utf-8"))
    pages = sum(source["pages_fetched"] for source in summed["sources"].values())
    new = sum(source["articles"].get("new", 0) for source in summed["sources"].values())
    assert (pages, new) == (len(stored), len(stored))


def test_a_killed_worker_loses_no_page(
    redis_uri: str, fresh_replica: ReplicaServer, replica_expected: list[ExpectedArticle], tmp_path: Path
) -> None:
    registry = fresh_replica.write_registry(tmp_path / "sources.yaml")
    store = tmp_path / "corpus.db"
    frontier = _frontier(redis_uri)
    _seed(redis_uri, registry, LONGEST)
    # A slow pace keeps the crawl going long enough to kill the victim while it holds article pages.
    pace = ("--set", "TWINCRAWL_DOMAIN_DELAY=0.5")
    victim = _worker(redis_uri, registry, store, "victim", LONGEST, *pace)

    def victim_holds_articles() -> bool:
        held = frontier.client.hgetall(frontier.keys.inflight("victim")).values()
        return sum(pickle.loads(data)["callback"] == "parse_article" for data in held) >= 2

    _wait_for(victim_holds_articles, 120, "the victim worker holds article requests")
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    held = [pickle.loads(data)["url"] for data in frontier.client.hgetall(frontier.keys.inflight("victim")).values()]
    survivor = _worker(redis_uri, registry, store, "survivor", LONGEST, *pace)
    _finish([survivor])

    stored = set(_stored(store))
    articles = _articles(replica_expected, LONGEST)
    assert [item.path for item in articles if fresh_replica.url(item.path) not in stored] == []
    assert held
    assert [url for url in held if fresh_replica.hits(url.removeprefix(fresh_replica.base_url)) == 0] == []
    status = frontier.status()
    assert (status.queued, status.in_flight) == (0, {})


def test_article_pages_are_fetched_again_once_their_fingerprints_expire(
    redis_uri: str, fresh_replica: ReplicaServer, replica_expected: list[ExpectedArticle], tmp_path: Path
) -> None:
    registry = fresh_replica.write_registry(tmp_path / "sources.yaml")
    store = tmp_path / "corpus.db"
    articles = _articles(replica_expected, SMALL)
    frontier = _frontier(redis_uri)
    ttl = ("--fingerprint-ttl", "2")

    _seed(redis_uri, registry, SMALL)
    _finish([_worker(redis_uri, registry, store, "first", SMALL, *ttl)])
    assert {fresh_replica.hits(item.path) for item in articles} == {1}
    _wait_for(lambda: not list(frontier.client.scan_iter(match=frontier.keys.seen("*"))), 10,
              "the fingerprints expired")  # fmt: skip

    _seed(redis_uri, registry, SMALL)
    _finish([_worker(redis_uri, registry, store, "second", SMALL, *ttl)])
    assert {fresh_replica.hits(item.path) for item in articles} == {2}
    assert len(_stored(store)) == len(set(_stored(store)))
