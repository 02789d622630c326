"""Cron-ready runs: incremental re-crawls, resume after SIGTERM, the run lock, bad input refused."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures.cli import REPO, read_report, run_twincrawl
from tests.replica.server import ReplicaServer
from twincrawl.runs.lock import RunLock
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")
EN_LISTING = "/volgadmin/d/branches/international/en/news"


def _crawl_args(registry: Path, store: Path, *extra: str | Path) -> list[str | Path]:
    return ["crawl", "--sources-file", registry, "--store", f"sqlite:///{store}", *FAST, *extra]


def _stored_urls(store_path: Path) -> list[str]:
    store = SqliteStore(f"sqlite:///{store_path}")
    try:
        return [article.url for article in store.query(Query())]
    finally:
        store.close()


def _article_hits(server: ReplicaServer) -> dict[str, int]:
    """Hits on article pages (any page that is not a listing, feed, sitemap or robots.txt)."""
    furniture = re.compile(r"(robots\.txt|sitemap|rss|feed|/news/?$|/news/?\?|admvlg$|admvlg\?|/news$)")
    return {record.target: 1 for record in server.requests() if not furniture.search(record.target)}


def test_unchanged_replica_recrawl_fetches_only_entry_points_and_a_new_article_alone(
    fresh_replica: ReplicaServer, tmp_path: Path
) -> None:
    registry = fresh_replica.write_registry(tmp_path / "sources.yaml")
    store = tmp_path / "corpus.db"
    assert run_twincrawl(*_crawl_args(registry, store, "--report", tmp_path / "1.json")).returncode == 0
    stored = len(_stored_urls(store))

    fresh_replica.reset_hits()
    assert run_twincrawl(*_crawl_args(registry, store, "--report", tmp_path / "2.json")).returncode == 0
    assert _article_hits(fresh_replica) == {}
    assert len(_stored_urls(store)) == stored

    listing = urllib.request.urlopen(fresh_replica.url(EN_LISTING)).read().decode("utf-8")
    first_link = re.search(rf'href="({EN_LISTING}/(\d+))"', listing)
    assert first_link is not None
    article = urllib.request.urlopen(fresh_replica.url(first_link.group(1))).read().decode("utf-8")
    new_path = f"{EN_LISTING}/99999"
    fresh_replica.put(new_path, article.replace("<h1", "<h1 data-new").replace("Volgograd", "Volgograd and Coventry")
                      .encode("utf-8"))  # fmt: skip
    fresh_replica.put(EN_LISTING, listing.replace(first_link.group(0), f'href="{new_path}"><x></x><a href="'
                      f'{first_link.group(1)}"', 1).encode("utf-8"))  # fmt: skip
    fresh_replica.reset_hits()
    done = run_twincrawl(*_crawl_args(registry, store, "--report", tmp_path / "3.json"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(_article_hits(fresh_replica)) == [new_path]
    assert fresh_replica.url(new_path) in _stored_urls(store)
    report = read_report(tmp_path / "3.json")
    assert report["sources"]["replica-volgadmin-en"]["articles"] == {"new": 1}


@pytest.mark.slow
def test_sigterm_then_the_same_command_completes_without_duplicates_or_gaps(
    fresh_replica: ReplicaServer, tmp_path: Path
) -> None:
    replica = fresh_replica
    replica_registry = replica.write_registry(tmp_path / "sources.yaml")
    store = tmp_path / "corpus.db"
    args = ["crawl", "--sources-file", replica_registry, "--store", f"sqlite:///{store}", "--job-dir",
            tmp_path / "job", "--set", "DOWNLOAD_DELAY=0.25", "--set", "AUTOTHROTTLE_ENABLED=False",
            "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # fmt: skip
    crawl = subprocess.Popen([sys.executable, "-m", "twincrawl", *map(str, args)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_article_hits(replica)) < 8:
        time.sleep(0.2)
    crawl.send_signal(signal.SIGTERM)
    crawl.communicate(timeout=120)
    interrupted = len(_stored_urls(store))

    done = run_twincrawl(*args)
    assert done.returncode == 0, done.stderr[-2000:]
    complete_dir = tmp_path / "complete"
    reference = run_twincrawl(*_crawl_args(replica_registry, complete_dir / "corpus.db"))
    assert reference.returncode == 0
    urls = _stored_urls(store)
    assert 0 < interrupted < len(urls)
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(_stored_urls(complete_dir / "corpus.db"))


def test_second_run_while_the_lock_is_held_exits_3(replica_registry: Path, tmp_path: Path) -> None:
    store = tmp_path / "corpus.db"
    with RunLock(tmp_path / "corpus.state" / "crawl.lock"):
        done = run_twincrawl(*_crawl_args(replica_registry, store))
    assert done.returncode == 3
    assert "another crawl holds the lock" in done.stderr
    assert _stored_urls(store) == [] if store.exists() else True


def test_bad_input_is_refused_with_exit_2_and_nothing_written(tmp_path: Path) -> None:
    store = tmp_path / "corpus.db"
    cases = [
        ("crawl", "--source", "no-such-site", "--store", f"sqlite:///{store}"),
        ("crawl", "--since", "2020-13-45", "--store", f"sqlite:///{store}"),
        ("query", "--city", '{"$ne": null}', "--store", f"sqlite:///{store}"),
        ("query", "--country", "$where", "--store", f"sqlite:///{store}"),
        ("export", "--since", "yesterday", "--store", f"sqlite:///{store}", "--out", tmp_path / "x.jsonl"),
    ]
    for case in cases:
        done = run_twincrawl(*case)
        assert done.returncode == 2, case
        assert done.stderr.startswith("twincrawl: error: "), case
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not store.exists()
    assert not (tmp_path / "x.jsonl").exists()
