"""The MongoDB store when its server is away or misconfigured: the spool keeps every write, errors come promptly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

from tests.integration.mongo_corpus import corpus, make_article, raw_page
from tests.paths import REPO
from tests.servers.ferretdb import FerretDB, free_port
from twincrawl.store.base import StoreError
from twincrawl.store.mongo import MongoStore
from twincrawl.store.query import Query
from twincrawl.store.spool import Spool
from twincrawl.store.uri import mask_password, redact

pytestmark = pytest.mark.mongo


# -- the spool -------------------------------------------------------------------------------------
def test_server_stopped_mid_run_loses_and_duplicates_nothing(ferretdb: FerretDB, tmp_path: Path) -> None:
    articles = corpus()
    store = MongoStore(ferretdb.uri("corpus"), spool_dir=tmp_path / "spool", reconnect_interval=0, server_timeout=1)
    store.upsert(articles[:10])
    store.save_raw([raw_page("https://koeln.de/1", b"one")])

    ferretdb.stop()
    started = time.monotonic()
    assert store.upsert(articles[10:15]).new == []
    edited = make_article(1, title="Исправлено", fetched_at="2024-05-02T10:00:00+00:00")
    store.upsert([edited, articles[15]])
    store.save_raw([raw_page("https://koeln.de/2", b"two")])
    assert store.spooled == 8
    with pytest.raises(StoreError, match="unreachable"):
        store.count()
    assert time.monotonic() - started < 10

    ferretdb.start()
    result = store.upsert(articles[16:])

    assert (len(result.new), store.spooled) == (4, 0)
    assert store.count() == 20
    stored = store.get(edited.id)
    assert stored is not None and attrs.evolve(stored, revisions=[]) == edited
    assert [revision.previous_content_hash for revision in stored.revisions] == [articles[0].content_hash]
    assert store.versions(edited.id) == [articles[0]]
    assert {page.url for page in store.iter_raw()} == {"https://koeln.de/1", "https://koeln.de/2"}
    assert store.upsert(articles[1:]).unchanged == [a.id for a in articles[1:]]
    store.close()


def test_store_opened_while_the_server_is_down_spools_and_the_next_open_replays(
    ferretdb: FerretDB, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    ferretdb.stop()
    started = time.monotonic()
    down = MongoStore(ferretdb.uri("corpus"), spool_dir=spool, server_timeout=1)
    down.upsert(corpus()[:12])
    down.upsert(corpus()[5:])  # overlaps: replay must not duplicate
    down.save_raw([raw_page("https://koeln.de/1", b"one")])
    spooled = down.spooled
    down.close()
    assert time.monotonic() - started < 5
    assert spooled == 12 + 15 + 1

    ferretdb.start()
    up = MongoStore(ferretdb.uri("corpus"), spool_dir=spool)

    assert (up.spooled, up.count(), len(list(up.iter_raw()))) == (0, 20, 1)
    assert sorted(a.id for a in up.query(Query())) == sorted(a.id for a in corpus())
    assert not (spool / "spool.jsonl").exists()
    up.close()


def test_replay_of_a_partly_written_batch_adds_no_second_version(ferretdb: FerretDB, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    store = MongoStore(ferretdb.uri("corpus"), spool_dir=spool, reconnect_interval=0, server_timeout=1)
    store.upsert([make_article(1)])
    edited = make_article(1, title="Новое", fetched_at="2024-06-01T00:00:00+00:00")
    # The server took the write but the acknowledgement was lost: the same batch also sits in the spool.
    store.upsert([edited])
    Spool(spool).append_articles([edited])

    assert store.replay() == 1
    assert store.versions(edited.id) == [make_article(1)]
    stored = store.get(edited.id)
    assert stored is not None and attrs.evolve(stored, revisions=[]) == edited
    assert len(stored.revisions) == 1  # the replay adds no second revision either
    store.close()


def test_a_spooled_record_the_server_refuses_stops_the_replay_and_nothing_is_dropped(
    ferretdb: FerretDB, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    store = MongoStore(ferretdb.uri("corpus"), spool_dir=spool)
    # A lone surrogate cannot be encoded as BSON: the write is refused whatever the server.
    Spool(spool).append_articles([make_article(1), make_article(2, text="broken \ud800 text")])

    with pytest.raises(StoreError, match=r"replaying the spool .* is kept"):
        store.upsert([make_article(3)])

    assert Spool(spool).pending == 3
    assert store.count() == 0
    store.close()


# -- configuration mistakes ------------------------------------------------------------------------
def test_unknown_host_is_a_prompt_error_with_the_password_masked(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"mongodb://crawler:\*\*\*@no-such-host\.invalid/corpus") as error:
        MongoStore("mongodb://crawler:hunter2@no-such-host.invalid/corpus", spool_dir=tmp_path)

    assert "unknown host" in str(error.value)
    assert "hunter2" not in str(error.value)
    assert time.monotonic() - started < 5


def test_refused_port_spools_writes_and_fails_reads_promptly(tmp_path: Path) -> None:
    uri = f"mongodb://crawler:hunter2@127.0.0.1:{free_port()}/corpus"
    started = time.monotonic()
    store = MongoStore(uri, spool_dir=tmp_path)
    store.upsert(corpus()[:2])

    with pytest.raises(StoreError, match=r"mongodb://crawler:\*\*\*@127\.0\.0\.1:\d+/corpus is unreachable") as error:
        list(store.query(Query()))

    assert "hunter2" not in str(error.value)
    assert time.monotonic() - started < 5
    assert store.spooled == 2
    store.close()


def test_bad_credentials_are_a_prompt_error_with_the_password_masked(
    ferretdb_with_auth: FerretDB, tmp_path: Path
) -> None:
    uri = ferretdb_with_auth.uri("corpus", password="wrong-password")
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"crawler:\*\*\*@.*Authentication failed") as error:
        MongoStore(uri, spool_dir=tmp_path)

    assert "wrong-password" not in str(error.value)
    assert time.monotonic() - started < 5
    good = MongoStore(ferretdb_with_auth.uri("corpus"), spool_dir=tmp_path)
    assert good.upsert(corpus()[:3]).new == [a.id for a in corpus()[:3]]
    good.close()


@pytest.mark.parametrize(
    "uri",
    ["mongodb://crawler:hunter2@localhost:notaport/db", "mongodb://crawler:hunter2@/db", "mongo://localhost"],
)
def test_malformed_uri_is_an_error_that_says_what_is_expected(uri: str, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="malformed MongoDB URI") as error:
        MongoStore(uri, spool_dir=tmp_path)

    assert "hunter2" not in str(error.value)
    assert "mongodb://[user:password@]host" in str(error.value)


def test_spool_keeps_order_and_skips_a_torn_line(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append_articles(corpus()[:2])
    spool.append_pages([raw_page("https://koeln.de/1", b"\x00\xffbinary")])
    with (tmp_path / "spool.jsonl").open("a") as file:
        file.write('{"kind": "article", "article": {"id"')  # a crash mid-append
    spool.append_articles(corpus()[2:3])

    reopened = Spool(tmp_path)
    with reopened.draining() as records:
        replayed = list(records)

    assert replayed == [*corpus()[:2], raw_page("https://koeln.de/1", b"\x00\xffbinary"), corpus()[2]]
    assert (reopened.pending, reopened.is_empty()) == (0, True)


def test_spool_is_kept_whole_when_a_replay_fails(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append_articles(corpus()[:3])
    with pytest.raises(ConnectionError), spool.draining() as records:
        next(records)
        raise ConnectionError

    assert Spool(tmp_path).pending == 3


def test_mask_password() -> None:
    assert mask_password("mongodb://user:p%40ss@host:27017/db?w=1") == "mongodb://user:***@host:27017/db?w=1"
    assert mask_password("mongodb+srv://u:x@cluster.example.org/db") == "mongodb+srv://u:***@cluster.example.org/db"
    assert mask_password("mongodb://host/db") == "mongodb://host/db"
    assert mask_password("mongodb://user@host/db") == "mongodb://user@host/db"
    assert mask_password("mongodb://host:27017/db?x=a@b") == "mongodb://host:27017/db?x=a@b"
    assert mask_password("mongodb://user:hun/ter@host/db") == "mongodb://user:***@host/db"
    assert redact('Bad database name "ter@host/db"', "mongodb://user:hun/ter@host/db") == (
        'Bad database name "***@host/db"'
    )


# -- read commands -----------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [("stats",), ("query", "--city", "Volgograd")], ids=" ".join)
def test_a_read_command_on_a_stopped_server_says_so_once_without_talk_of_spooling(
    ferretdb: FerretDB, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    uri = ferretdb.uri("corpus")
    store = MongoStore(uri, spool_dir=tmp_path / "spool")
    store.upsert(corpus())
    store.close()
    ferretdb.stop()
    environment = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run([sys.executable, "-m", "twincrawl", *argv, "--store", uri], cwd=REPO, env=environment,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"twincrawl: error: MongoDB at {uri} is unreachable (")
    assert line.endswith("): start the server or fix the URI")
    assert "spool" not in done.stderr
    assert not (tmp_path / "state").exists()
