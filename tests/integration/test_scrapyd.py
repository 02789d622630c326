"""The distributed worker run by Scrapyd, as README.md documents: the project deployed as an egg, the ``news-worker``
spider scheduled with the frontier, run and store settings, the articles in the store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.fixtures.cli import run_twincrawl
from tests.replica.expected import ExpectedArticle
from tests.replica.server import ReplicaServer
from tests.servers.scrapyd import Scrapyd
from twincrawl.items import Article
from twincrawl.runs.frontier import Frontier
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

pytestmark = [pytest.mark.redis, pytest.mark.slow]

#: The sources served as plain HTML (the browser-rendered ones are covered by the browser tests).
SOURCES = ("replica-mosds", "replica-volgadmin-ru", "replica-volgadmin-en", "replica-vestnik")
RUN = "scrapyd"
PROJECT = "twincrawl"
JOB_TIMEOUT = 90


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    """A Scrapyd of the test's own on a free loopback port (config, eggs, logs, databases in tmp_path)."""
    server = Scrapyd(tmp_path / "scrapyd", max_proc=1)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _seed(frontier: str, registry: Path) -> None:
    sources = [argument for key in SOURCES for argument in ("--source", key)]
    done = run_twincrawl("seed", "--frontier", frontier, "--run", RUN, "--sources-file", registry, *sources,
                         timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]


def _wait_until_finished(server: Scrapyd, job: str) -> dict[str, object]:
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        jobs = server.get("listjobs.json", project=PROJECT)
        finished = [entry for entry in jobs["finished"] if entry["id"] == job]
        if finished:
            return dict(finished[0])
        time.sleep(0.2)
    pytest.fail(f"job {job} did not finish within {JOB_TIMEOUT} s: {jobs}\n{_job_log(server, job)}")


def _job_log(server: Scrapyd, job: str) -> str:
    path = server.home / "logs" / PROJECT / "news-worker" / f"{job}.log"
    return path.read_text(errors="replace") if path.exists() else f"(no job log at {path})"


def _stored(store: Path) -> dict[str, Article]:
    opened = SqliteStore(f"sqlite:///{store}")
    try:
        return {article.url: article for article in opened.query(Query())}
    finally:
        opened.close()


def test_scrapyd_runs_a_worker_that_stores_the_seeded_sources_articles(
    redis_uri: str,
    fresh_replica: ReplicaServer,
    replica_expected: list[ExpectedArticle],
    scrapyd: Scrapyd,
    tmp_path: Path,
) -> None:
    registry = fresh_replica.write_registry(tmp_path / "sources.yaml")
    store = tmp_path / "corpus.db"
    _seed(redis_uri, registry)

    built = run_twincrawl("egg", "--out", tmp_path / "egg")
    assert built.returncode == 0, built.stderr[-3000:]
    egg = Path(built.stdout.strip())
    added = scrapyd.post("addversion.json", project=PROJECT, version="1", egg=egg)
    assert added["spiders"] == 1
    assert scrapyd.get("listspiders.json", project=PROJECT)["spiders"] == ["news-worker"]

    settings = {
        # What README.md names for a worker under Scrapyd ...
        "TWINCRAWL_FRONTIER_URI": redis_uri,
        "REDIS_URL": redis_uri,
        "TWINCRAWL_FRONTIER_RUN": RUN,
        "TWINCRAWL_STORE_URI": f"sqlite:///{store}",
        "TWINCRAWL_SOURCES_FILES": str(registry),
        "TWINCRAWL_SOURCES": ",".join(SOURCES),
        "TWINCRAWL_FRONTIER_WORKER": "scrapyd-1",
        "MAX_IDLE_TIME_BEFORE_CLOSE": "1",
        # ... and what keeps the test quick, as in tests/test_distributed.py.
        "TWINCRAWL_FRONTIER_HEARTBEAT": "1",
        "AUTOTHROTTLE_ENABLED": "False",
        "TWINCRAWL_PROCESS_WORKERS": "0",
        "TWINCRAWL_PROCESS_TIMEOUT": "0",
    }
    scheduled = scrapyd.post("schedule.json", project=PROJECT, spider="news-worker",
                             setting=[f"{name}={value}" for name, value in settings.items()])  # fmt: skip
    job = scheduled["jobid"]
    _wait_until_finished(scrapyd, job)
    log = _job_log(scrapyd, job)
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    assert "ERROR" not in log, log[-3000:]

    articles = [
        item
        for item in replica_expected
        if item.source in SOURCES and item.render == "html" and not item.robots_disallowed
    ]
    assert any(item.is_twinning for item in articles)
    stored = _stored(store)
    found = {item.path: stored.get(fresh_replica.url(item.path)) for item in articles}
    assert [path for path, article in found.items() if article is None] == []
    assert {path: (article.title, article.relevance.is_twinning) for path, article in found.items() if article} == {
        item.path: (item.title, item.is_twinning) for item in articles
    }
    assert {item.path: fresh_replica.hits(item.path) for item in articles} == {item.path: 1 for item in articles}

    status = Frontier(redis.Redis.from_url(redis_uri), RUN).status()
    assert (status.queued, sum(status.in_flight.values()), status.alive) == (0, 0, [])
