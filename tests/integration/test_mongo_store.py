"""The MongoDB store against a real server (FerretDB or TWINCRAWL_TEST_MONGO_URI): writes and queries."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pymongo
import pytest

from tests.integration.mongo_corpus import COLOGNE, COVENTRY, VOLGOGRAD, corpus, make_article, raw_page
from twincrawl.items import Article, Revision
from twincrawl.store.mongo import MongoStore
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

pytestmark = pytest.mark.mongo


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
    revision = Revision(fetched_at=edited.fetched_at, previous_content_hash=original.content_hash,
                        fields=["title", "content_hash"])  # fmt: skip
    assert store.get(original.id) == attrs.evolve(edited, revisions=[revision])
    assert store.versions(original.id) == [original]


def test_repeated_id_in_one_batch_acts_like_writes_one_after_another(store: MongoStore) -> None:
    first = make_article(1, title="Раз")
    same_again = make_article(1, title="Раз")
    changed = make_article(1, title="Два", fetched_at="2024-05-03T00:00:00+00:00")

    result = store.upsert([first, same_again, changed])

    assert (result.new, result.unchanged, result.updated) == ([first.id], [first.id], [first.id])
    revision = Revision(fetched_at=changed.fetched_at, previous_content_hash=first.content_hash,
                        fields=["title", "content_hash"])  # fmt: skip
    assert store.get(first.id) == attrs.evolve(changed, revisions=[revision])
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
