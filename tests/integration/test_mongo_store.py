"""The MongoDB store against a real server (FerretDB or TWINCRAWL_TEST_MONGO_URI): writes, queries, spool."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pymongo
import pytest

from tests.servers.ferretdb import FerretDB, free_port
from twincrawl.items import Article, Place, Relevance
from twincrawl.store.base import RawPage, StoreError
from twincrawl.store.mongo import MongoStore
from twincrawl.store.query import Query
from twincrawl.store.spool import Spool
from twincrawl.store.sqlite import SqliteStore
from twincrawl.store.uri import mask_password, redact

pytestmark = pytest.mark.mongo

VOLGOGRAD = Place(name="Volgograd", geonameid=472757, country="RU", mentions=3, forms=["Волгограда"])
COVENTRY = Place(name="Coventry", geonameid=2652221, country="GB", mentions=2, forms=["Ковентри"])
COLOGNE = Place(name="Cologne", geonameid=2886242, country="DE", forms=["Köln"])
TURIN = Place(name="Turin", geonameid=3165524, country="IT", forms=["Турином"])
OSTRAVA = Place(name="Ostrava", geonameid=3068799, country="CZ", forms=["Ostrava"])


def make_article(number: int, **fields: object) -> Article:
    """A plausible article; the content hash follows title and text, as the real fingerprint does."""
    values: dict[str, object] = {
        "id": f"{number:016x}",
        "url": f"https://example.org/news/{number}",
        "canonical_url": f"https://example.org/news/{number}",
        "source": "volgograd-admin-ru",
        "title": f"Новость {number}",
        "text": f"Текст новости номер {number}.",
        "language": "ru",
        "fetched_at": "2024-05-01T10:00:00+00:00",
        "extractor_version": "test-1",
    } | fields
    article = Article(**values)  # type: ignore[arg-type]
    article.content_hash = hashlib.sha256(
        f"{article.title}\n{article.text}".encode("utf-8", "surrogatepass")
    ).hexdigest()
    return article


def corpus() -> list[Article]:
    """Twenty articles varied in every field a query filters on (dates include nulls and day edges)."""
    twinning = Relevance(score=0.9, is_twinning=True, terms=["побратим"], evidence=["Города-побратимы."])
    return [
        make_article(1, title="Волгоград и Ковентри: 80 лет дружбы", text="Города-побратимы отметили юбилей.",
                     published="2024-04-18T09:00:00+00:00", relevance=twinning, places=[VOLGOGRAD, COVENTRY],
                     pairs=[[472757, 2652221]], author="Пресс-служба", published_from="jsonld"),
        make_article(2, title="Делегация из Кёльна", text="Побратимы из Кёльна посетили Волгоград.",
                     published="2023-11-02T00:00:00+00:00", relevance=twinning, places=[VOLGOGRAD, COLOGNE],
                     pairs=[[472757, 2886242]]),
        make_article(3, title="Ремонт дорог", text="На улицах Волгограда идёт ремонт.",
                     published="2024-04-18T23:59:59+00:00", places=[VOLGOGRAD]),
        make_article(4, title="Без даты", text="Статья без даты публикации о Ковентри.", places=[COVENTRY]),
        make_article(5, title="Ещё без даты", text="Вторая статья без даты."),
        make_article(6, source="coventry-gov-uk", language="en", title="Coventry and Volgograd renew ties",
                     text="The twin cities signed a new agreement.", published="2022-02-01T12:00:00+00:00",
                     relevance=twinning, places=[COVENTRY, VOLGOGRAD], pairs=[[472757, 2652221]]),
        make_article(7, source="coventry-gov-uk", language="en", title="Bin collection changes",
                     text="Collections move to Tuesday.", published="2022-02-01T12:00:00+00:00"),
        make_article(8, source="coventry-gov-uk", language="en", title="Coventry and Cologne",
                     text="Twinning since 1962: Coventry and Cologne.", published="2021-01-01T00:00:00+00:00",
                     relevance=twinning, places=[COVENTRY, COLOGNE], pairs=[[2652221, 2886242]]),
        make_article(9, source="koeln-de", language="de", title="Städtepartnerschaft mit Turin",
                     text="Köln und Turin feiern die Partnerschaft.", published="2020-12-31T23:00:00+00:00",
                     relevance=twinning, places=[COLOGNE, TURIN], pairs=[[2886242, 3165524]]),
        make_article(10, source="koeln-de", language="de", title="Baustelle am Ring",
                     text="Köln: die Baustelle dauert an.", published="2020-06-15T08:00:00+00:00",
                     places=[COLOGNE]),
        make_article(11, source="koeln-de", language="de", title="Besuch aus Ostrava",
                     text="Gäste aus Ostrava in Köln.", published="2019-03-03T03:03:03+00:00",
                     places=[COLOGNE, OSTRAVA], relevance=Relevance(score=0.4, terms=["Partner"])),
        make_article(12, title="Турин и Волгоград", text="Волгоград подписал соглашение с Турином.",
                     published="2018-07-28T00:00:00+00:00", relevance=twinning, places=[VOLGOGRAD, TURIN],
                     pairs=[[472757, 3165524]]),
        make_article(13, title="ПОБРАТИМЫ", text="Заглавные буквы и побратимы.",
                     published="2017-01-01T00:00:00+00:00"),
        make_article(14, title="Числа 2024", text="Отчёт за 2024 год.",
                     published="2024-01-15T10:00:00+00:00"),
        make_article(15, source="coventry-gov-uk", language="en", title="Peace and reconciliation",
                     text="Coventry's twin towns gathered.", published="2024-04-18T09:00:00+00:00",
                     relevance=twinning, places=[COVENTRY]),
        make_article(16, title="Ковентри", text="Упоминание Ковентри без побратимства.",
                     published="2016-05-05T05:05:05+00:00", places=[COVENTRY]),
        make_article(17, source="koeln-de", language="de", title="Kölner Partnerstädte",
                     text="Köln hat viele Partnerstädte: Turin, Volgograd.", published=None,
                     relevance=twinning, places=[COLOGNE, TURIN, VOLGOGRAD],
                     pairs=[[2886242, 3165524], [472757, 2886242]]),
        make_article(18, language="uk", title="Побратими", text="Міста-побратими.",
                     published="2023-03-08T00:00:00+00:00", relevance=twinning),
        make_article(19, title="Пустой", text="", published="2015-01-01T00:00:00+00:00"),
        make_article(20, title="Последняя", text="Волгоград, Ковентри, Кёльн, Турин.",
                     published="2024-04-19T00:00:00+00:00", places=[VOLGOGRAD, COVENTRY, COLOGNE, TURIN]),
    ]  # fmt: skip


def words_of(article: Article) -> set[str]:
    return set(re.findall(r"\w+", f"{article.title}\n{article.text}".lower()))


def expected_ids(articles: list[Article], query: Query) -> list[str]:
    """The Store protocol's query semantics, spelled out in plain Python."""

    def day(article: Article) -> str | None:
        return article.published[:10] if article.published else None

    def matches(article: Article) -> bool:
        published = day(article)
        checks = [
            query.city is None or any(place.geonameid == query.city for place in article.places),
            query.pair is None or sorted(query.pair) in [sorted(pair) for pair in article.pairs],
            query.country is None or any(place.country == query.country for place in article.places),
            query.language is None or article.language == query.language,
            query.since is None or (published is not None and published >= query.since.isoformat()),
            query.until is None or (published is not None and published <= query.until.isoformat()),
            query.is_twinning is None or article.relevance.is_twinning == query.is_twinning,
            query.source is None or article.source == query.source,
            set(query.words) <= words_of(article),
        ]
        return all(checks)

    found = [article for article in articles if matches(article)]
    dated = sorted((a for a in found if a.published), key=lambda a: a.id)
    dated.sort(key=lambda a: a.published or "", reverse=True)
    ordered = dated + sorted((a for a in found if not a.published), key=lambda a: a.id)
    return [article.id for article in ordered][: query.limit]


QUERIES = {
    "everything": Query(),
    "city": Query(city=COVENTRY.geonameid),
    "city-nobody-mentions": Query(city=1),
    "pair-in-either-order": Query(pair=(COVENTRY.geonameid, VOLGOGRAD.geonameid)),
    "pair-among-several": Query(pair=(VOLGOGRAD.geonameid, COLOGNE.geonameid)),
    "country": Query(country="DE"),
    "language": Query(language="de"),
    "since-day-inclusive": Query(since=date(2024, 4, 18)),
    "until-day-inclusive": Query(until=date(2020, 12, 31)),
    "one-day": Query(since=date(2024, 4, 18), until=date(2024, 4, 18)),
    "twinning": Query(is_twinning=True),
    "not-twinning": Query(is_twinning=False),
    "source": Query(source="koeln-de"),
    "text-case-insensitive": Query(text="побратимы"),
    "text-all-words-title-and-body": Query(text="Coventry agreement"),
    "text-digits": Query(text="2024"),
    "text-no-match": Query(text="Coventry Kyoto"),
    "limit": Query(limit=3),
    "combined": Query(city=VOLGOGRAD.geonameid, is_twinning=True, since=date(2020, 1, 1), limit=5),
    "country-and-language": Query(country="GB", language="en", text="twin"),
}


@pytest.fixture
def store(mongo_uri: str, tmp_path: Path) -> Iterator[MongoStore]:
    opened = MongoStore(mongo_uri, spool_dir=tmp_path / "spool")
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: MongoStore) -> MongoStore:
    store.upsert(corpus())
    return store


def raw_page(url: str, body: bytes, **fields: object) -> RawPage:
    values: dict[str, object] = {
        "url": url,
        "source": "koeln-de",
        "fetched_at": "2024-05-01T10:00:00+00:00",
        "status": 200,
        "headers": {"content-type": "text/html; charset=windows-1251", "x-odd.name$": "kept"},
        "body": body,
        "extractor_version": "test-1",
    } | fields
    return RawPage(**values)  # type: ignore[arg-type]


# -- writing ---------------------------------------------------------------------------------------
def test_second_write_of_the_same_articles_changes_nothing(store: MongoStore, tmp_path: Path) -> None:
    first = store.upsert(corpus())
    second = store.upsert(corpus())

    assert len(first.new) == 20
    assert (second.new, second.updated, len(second.unchanged)) == ([], [], 20)
    assert store.count() == 20
    assert store.versions(corpus()[0].id) == []
    assert not (tmp_path / "spool").exists()  # the spool is made only when needed


def test_changed_article_replaces_the_stored_one_and_keeps_one_version(store: MongoStore) -> None:
    original = make_article(1, title="Первая редакция")
    store.upsert([original])
    edited = make_article(1, title="Исправленная редакция", fetched_at="2024-05-02T10:00:00+00:00")

    result = store.upsert([edited])
    store.upsert([edited])

    assert result.updated == [original.id]
    assert store.count() == 1
    assert store.get(original.id) == edited
    assert store.versions(original.id) == [original]


def test_repeated_id_in_one_batch_acts_like_writes_one_after_another(store: MongoStore) -> None:
    first = make_article(1, title="Раз")
    same_again = make_article(1, title="Раз")
    changed = make_article(1, title="Два", fetched_at="2024-05-03T00:00:00+00:00")

    result = store.upsert([first, same_again, changed])

    assert (result.new, result.unchanged, result.updated) == ([first.id], [first.id], [first.id])
    assert store.get(first.id) == changed
    assert store.versions(first.id) == [first]


def test_articles_come_back_equal_with_every_field(loaded: MongoStore) -> None:
    for article in corpus():
        assert loaded.get(article.id) == article
    assert loaded.get("no-such-id") is None


def test_server_side_fields_stay_out_of_returned_articles(loaded: MongoStore, mongo_uri: str) -> None:
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(mongo_uri)
    document = client.get_default_database()["articles"].find_one({"id": corpus()[0].id})
    client.close()

    assert document is not None
    assert {"search_terms", "pair_keys"} <= set(document)
    assert "ковентри" in document["search_terms"]  # type: ignore[operator]
    assert attrs.asdict(loaded.get(corpus()[0].id)) == corpus()[0].to_dict()  # type: ignore[arg-type]


def test_indexes_cover_the_query_fields_and_id_is_unique(loaded: MongoStore, mongo_uri: str) -> None:
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(mongo_uri)
    database = client.get_default_database()
    articles = {tuple(key for key, _ in index["key"].items()): index for index in database["articles"].list_indexes()}
    raw = {tuple(index["key"]): index for index in database["raw_pages"].list_indexes()}
    client.close()

    assert articles[("id",)].get("unique") is True
    for fields in [("published", "id"), ("source", "url"), ("language",), ("relevance.is_twinning",),
                   ("places.geonameid",), ("places.country",), ("pair_keys",), ("search_terms",),
                   ("content_hash",)]:  # fmt: skip
        assert fields in articles
    assert raw[("url",)].get("unique") is True


def test_raw_pages_round_trip_compressed_and_replace_by_url(store: MongoStore, mongo_uri: str) -> None:
    body = "<html><body>Город-побратим</body></html>".encode("cp1251") * 200
    store.save_raw([raw_page("https://koeln.de/a", b"first"), raw_page("https://koeln.de/b", body)])
    store.save_raw([raw_page("https://koeln.de/a", b"second", status=203, article_id="abc")])
    store.save_raw([raw_page("https://coventry.gov.uk/c", b"other", source="coventry-gov-uk")])

    pages = {page.url: page for page in store.iter_raw("koeln-de")}

    assert set(pages) == {"https://koeln.de/a", "https://koeln.de/b"}
    assert pages["https://koeln.de/b"] == raw_page("https://koeln.de/b", body)
    assert (pages["https://koeln.de/a"].body, pages["https://koeln.de/a"].status) == (b"second", 203)
    assert pages["https://koeln.de/a"].article_id == "abc"
    assert len(list(store.iter_raw())) == 3
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(mongo_uri)
    stored = client.get_default_database()["raw_pages"].find_one({"url": "https://koeln.de/b"})
    client.close()
    assert stored is not None and len(stored["body"]) < len(body) / 10  # type: ignore[arg-type]


def test_find_by_hash_and_known_urls(loaded: MongoStore) -> None:
    article = corpus()[8]

    assert loaded.find_by_hash(article.content_hash) == article.id
    assert loaded.find_by_hash("0" * 64) is None
    assert loaded.known_urls("koeln-de") == {a.url: a.fetched_at for a in corpus() if a.source == "koeln-de"}
    assert loaded.known_urls("nobody") == {}


def test_write_concern_from_the_uri_or_the_constructor(mongo_uri: str, tmp_path: Path) -> None:
    separator = "&" if "?" in mongo_uri else "?"
    from_uri = MongoStore(f"{mongo_uri}{separator}w=majority", spool_dir=tmp_path / "a")
    from_argument = MongoStore(mongo_uri, write_concern=1, spool_dir=tmp_path / "b")

    assert len(from_uri.upsert(corpus()[:2]).new) == 2
    assert len(from_argument.upsert(corpus()[:3]).new) == 1
    assert from_argument.count() == 3
    from_uri.close()
    from_argument.close()


def test_upserts_from_a_worker_thread_while_the_main_thread_reads(store: MongoStore) -> None:
    articles = corpus()
    writer = threading.Thread(target=lambda: [store.upsert(articles[i : i + 4]) for i in range(0, 20, 4)])
    writer.start()
    while writer.is_alive():
        store.count(Query(is_twinning=True))
    writer.join()

    assert store.count() == 20


# -- queries ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_query_filters_and_order(loaded: MongoStore, query: Query) -> None:
    found = [article.id for article in loaded.query(query)]

    assert found == expected_ids(corpus(), query)
    assert loaded.count(query) == len(found)


def test_queries_give_what_the_sqlite_store_gives(loaded: MongoStore, tmp_path: Path) -> None:
    sqlite = SqliteStore(f"sqlite:///{tmp_path}/corpus.db")
    sqlite.upsert(corpus())
    try:
        for name, query in QUERIES.items():
            assert [a.id for a in loaded.query(query)] == [a.id for a in sqlite.query(query)], name
            assert list(loaded.query(query)) == list(sqlite.query(query)), name
    finally:
        sqlite.close()


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
    assert store.get(edited.id) == edited
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
    assert store.get(edited.id) == edited
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
