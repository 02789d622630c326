"""``twincrawl store replay`` says how many spooled records it wrote, though opening the store writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.cli import TwincrawlRunner
from tests.fixtures.faults import record
from tests.servers.ferretdb import FerretDB
from twincrawl.items import Article
from twincrawl.store.mongo import MongoStore
from twincrawl.store.query import Query

pytestmark = pytest.mark.faults

SPOOLED = 39


def _article(number: int) -> Article:
    return Article(
        id=f"{number:016x}",
        url=f"https://example.org/news/{number}",
        canonical_url=f"https://example.org/news/{number}",
        source="volgograd-admin-ru",
        title=f"Новость {number}",
        text=f"Текст новости номер {number}.",
        language="ru",
        fetched_at="2024-05-01T10:00:00+00:00",
        extractor_version="test-1",
        content_hash=f"{number:064x}",
    )


def test_replay_reports_the_records_it_wrote(
    twincrawl: TwincrawlRunner, ferretdb: FerretDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the default spool, as the command finds it
    uri = ferretdb.uri("corpus")
    ferretdb.stop()
    down = MongoStore(uri, server_timeout=1)
    down.upsert([_article(number) for number in range(SPOOLED)])
    assert down.spooled == SPOOLED
    down.close()
    ferretdb.start()

    done = twincrawl("store", "replay", "--store", uri)
    again = twincrawl("store", "replay", "--store", uri)
    record("SR", f"store replay of {SPOOLED} spooled articles", done.stdout.strip()[:60],
           "ok" if f"replayed {SPOOLED} " in done.stdout else "FAIL")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"twincrawl: replayed {SPOOLED} spooled records into ")
    assert again.stdout.startswith("twincrawl: replayed 0 spooled records into ")
    stored = MongoStore(uri)
    try:
        assert len(list(stored.query(Query()))) == SPOOLED
    finally:
        stored.close()
