"""The embedded store: idempotent upserts, versions, and the query semantics every store shares."""

from __future__ import annotations

import json
import sqlite3
import zlib
from datetime import date
from pathlib import Path

import attrs
import pytest

from twincrawl.dedup.fingerprint import content_hash
from twincrawl.items import Article, PairState, Place, Relevance, article_id
from twincrawl.store.base import RawPage
from twincrawl.store.query import Query, QueryError
from twincrawl.store.sqlite import SqliteStore

VOLGOGRAD, COVENTRY, EXETER = 472757, 2652221, 2649808


def _article(
    n: int, *, text: str = "", published: str | None = "2020-07-28T00:00:00+00:00", **fields: object
) -> Article:
    url = f"https://example.org/news/{n}"
    body = text or f"Story number {n} about the city council."
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source="example",
        title=f"Title {n}",
        text=body,
        published=published,
        content_hash=content_hash(f"Title {n}", body),
        **fields,
    )  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(f"sqlite:///{tmp_path / 'corpus.db'}")


def test_second_upsert_of_the_same_article_changes_nothing(store: SqliteStore) -> None:
    first = store.upsert([_article(1), _article(2)])
    second = store.upsert([_article(1), _article(2)])
    assert (len(first.new), second.new, second.updated, len(second.unchanged)) == (2, [], [], 2)
    assert store.count() == 2


def test_changed_article_keeps_one_record_and_adds_one_version(store: SqliteStore) -> None:
    store.upsert([_article(1, text="First wording.")])
    result = store.upsert([_article(1, text="Second wording.")])
    assert result.updated == [_article(1).id]
    assert store.count() == 1
    assert [old.text for old in store.versions(_article(1).id)] == ["First wording."]
    assert store.get(_article(1).id).text == "Second wording."  # type: ignore[union-attr]


def test_duplicate_within_one_batch_is_stored_once(store: SqliteStore) -> None:
    result = store.upsert([_article(1), _article(1)])
    assert (result.new, result.unchanged, store.count()) == ([_article(1).id], [_article(1).id], 1)


def test_filters_combine_and_results_are_newest_first(store: SqliteStore) -> None:
    twin = Relevance(score=0.9, is_twinning=True, terms=["побратимы"])
    places = [Place(name="Volgograd", geonameid=VOLGOGRAD, country="RU"),
              Place(name="Coventry", geonameid=COVENTRY, country="GB")]  # fmt: skip
    store.upsert([
        _article(1, published="2020-07-28T00:00:00+00:00", relevance=twin, places=places, language="ru",
                 pairs=[[VOLGOGRAD, COVENTRY]], text="Волгоград и Ковентри — города-побратимы."),
        _article(2, published="2021-01-05T10:00:00+00:00", language="en",
                 places=[Place(name="Exeter", geonameid=EXETER, country="GB")]),
        _article(3, published=None, language="en"),
    ])  # fmt: skip
    ids = lambda query: [a.url[-1] for a in store.query(query)]  # noqa: E731
    assert ids(Query()) == ["2", "1", "3"]
    assert ids(Query(country="GB")) == ["2", "1"]
    assert ids(Query(city=VOLGOGRAD)) == ids(Query(pair=(COVENTRY, VOLGOGRAD))) == ["1"]
    assert ids(Query(is_twinning=True)) == ids(Query(text="КОВЕНТРИ")) == ["1"]
    assert ids(Query(since=date(2020, 7, 28), until=date(2020, 7, 28))) == ["1"]
    assert ids(Query(language="en", limit=1)) == ["2"]


@pytest.mark.parametrize("value", ['{"$ne": null}', "$where", "x'; DROP TABLE articles; --"])
def test_operator_like_filter_values_are_refused(value: str) -> None:
    with pytest.raises(QueryError):
        Query(country=value)
    with pytest.raises(QueryError):
        Query(source=value)


def test_text_filter_with_quotes_and_operators_is_plain_words(store: SqliteStore) -> None:
    store.upsert([_article(1, text='Twin towns "AND" OR NEAR(x) (a+)+')])
    assert [a.id for a in store.query(Query(text='"AND" OR NEAR(x) (a+)+'))] == [_article(1).id]


def test_raw_pages_round_trip_compressed(store: SqliteStore) -> None:
    page = RawPage(url="https://example.org/n/1", source="example", fetched_at="2020-01-01T00:00:00+00:00",
                   status=200, headers={"content-type": "text/html"}, body=b"<p>x</p>" * 1000,
                   extractor_version="v1", article_id="abc")  # fmt: skip
    store.save_raw([page, attrs.evolve(page, extractor_version="v2")])
    assert list(store.iter_raw()) == [attrs.evolve(page, extractor_version="v2")]


def test_raw_pages_stored_zlib_compressed_by_earlier_versions_are_still_read(store: SqliteStore) -> None:
    page = RawPage(url="https://example.org/n/2", source="example", fetched_at="2020-01-01T00:00:00+00:00",
                   status=200, headers={}, body="<p>Побратимы</p>".encode() * 500, extractor_version="v1")  # fmt: skip
    store.save_raw([page])
    (stored,) = store._db.execute("SELECT body FROM raw_pages").fetchone()
    assert len(stored) < len(page.body) // 10
    store._db.execute("UPDATE raw_pages SET body = ?", (zlib.compress(page.body, 3),))
    assert list(store.iter_raw()) == [page]


def test_a_store_written_by_layout_1_is_migrated_and_keeps_its_articles(tmp_path: Path) -> None:

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE articles (id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT NOT NULL, published TEXT,
            language TEXT, is_twinning INTEGER NOT NULL, content_hash TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE VIRTUAL TABLE articles_fts USING fts5 (id UNINDEXED, title, text);
    """)
    article = _article(1, text="Волгоград и Ковентри")
    old.execute("INSERT INTO articles VALUES (?, 'example', ?, ?, NULL, 0, ?, ?)",
                (article.id, article.url, article.published, article.content_hash,
                 json.dumps(article.to_dict())))  # fmt: skip
    old.execute("INSERT INTO articles_fts VALUES (?, ?, ?)", (article.id, article.title, article.text))
    old.commit()
    old.close()

    store = SqliteStore(f"sqlite:///{path}")
    assert [found.id for found in store.query(Query(text="ковентри"))] == [article.id]
    assert store.upsert([article]).unchanged == [article.id]


def test_a_result_order_index_without_the_filtered_columns_is_made_again_with_them(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = SqliteStore(uri)
    store.upsert([_article(1, published="2021-01-01T00:00:00+00:00"), _article(2, language="ru")])
    store.close()
    with sqlite3.connect(tmp_path / "corpus.db") as db:
        db.executescript(
            "DROP INDEX articles_order;"
            "CREATE INDEX articles_order ON articles ((published IS NULL), published DESC, id);"
            "DROP INDEX places_of_article; CREATE INDEX places_article ON article_places (article_id);"
        )
    reader = SqliteStore(uri, read_only=True)  # reading does not change the file, and works on either index
    assert [article.id for article in reader.query(Query(limit=5))] == [_article(1).id, _article(2).id]
    reader.close()
    store = SqliteStore(uri)
    assert [article.id for article in store.query(Query(language="ru", limit=5))] == [_article(2).id]
    assert store.facet_counts(Query(), 10).languages == {"ru": 1}
    store.close()
    with sqlite3.connect(tmp_path / "corpus.db") as db:
        indexes = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    assert "is_twinning, language, source" in indexes["articles_order"]
    assert "places_article" not in indexes and "places_of_article" in indexes


def test_the_pairs_view_gives_the_state_the_newest_article_tells(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = SqliteStore(uri)
    pair = [VOLGOGRAD, COVENTRY]
    places = [Place(name="Volgograd", geonameid=VOLGOGRAD, country="RU"),
              Place(name="Coventry", geonameid=COVENTRY, country="GB")]  # fmt: skip
    store.upsert([
        _article(1, published="2019-05-01T00:00:00+00:00", places=places, pairs=[pair],
                 pair_states=[PairState(pair=pair)]),
        _article(2, published="2022-04-06T00:00:00+00:00", places=places, pairs=[pair],
                 pair_states=[PairState(pair=pair, state="ended", year=2022)]),
        _article(3, published=None, places=places, pairs=[pair], pair_states=[PairState(pair=pair)]),
        _article(4, places=[places[1], Place(name="Exeter", geonameid=EXETER, country="GB")],
                 pairs=[[COVENTRY, EXETER]]),
    ])  # fmt: skip
    store.close()
    with sqlite3.connect(tmp_path / "corpus.db") as db:
        rows = db.execute("SELECT a_name, b_name, articles, state, state_year FROM pairs ORDER BY a").fetchall()
    assert rows == [("Volgograd", "Coventry", 3, "ended", 2022), ("Exeter", "Coventry", 1, None, None)]
