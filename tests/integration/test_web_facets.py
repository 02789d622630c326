"""Facet counts made by the stores (SQLite GROUP BY, MongoDB aggregation) over the replica's crawled corpus are
those of counting the matching articles one by one, for every kind of filter, on both stores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import attrs
import pytest
from starlette.testclient import TestClient

from tests.fixtures.cli import run_twincrawl
from twincrawl.items import Article
from twincrawl.store import Query, Store, open_store
from twincrawl.store.base import FacetCounts
from twincrawl.web import create_app
from twincrawl.web.search import FACET_LIMIT

VOLGOGRAD = 472757
Key = TypeVar("Key")


@pytest.fixture(scope="module")
def replica_db(replica_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("facets") / "corpus.db"
    done = run_twincrawl("crawl", "--sources-file", replica_registry, "--store", f"sqlite:///{store}",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return store


@pytest.fixture(scope="module", params=["sqlite", pytest.param("mongo", marks=pytest.mark.mongo)])
def store_uri(request: pytest.FixtureRequest, replica_db: Path) -> str:
    """The replica's corpus in a store of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{replica_db}"
    new_database: Callable[[], str] = request.getfixturevalue("new_mongo_database")
    uri = new_database()
    source, target = open_store(f"sqlite:///{replica_db}", read_only=True), open_store(uri)
    target.upsert(list(source.query(Query())))
    source.close()
    target.close()
    return uri


@pytest.fixture(scope="module")
def store(store_uri: str) -> Iterator[Store]:
    """The store opened for reading as ``twincrawl serve`` opens it."""
    opened = open_store(store_uri, read_only=True)
    yield opened
    opened.close()


def _count(articles: list[Article], values: Callable[[Article], Iterable[Key]]) -> dict[Key, int]:
    """Articles per value (an article once for each value it has)."""
    return dict(Counter(value for article in articles for value in set(values(article))))


def counted_one_by_one(articles: list[Article]) -> FacetCounts:
    """The facets of the articles, each article read whole."""
    return FacetCounts(
        matched=len(articles),
        twinning=_count(articles, lambda article: [article.relevance.is_twinning]),
        sources=_count(articles, lambda article: [article.source]),
        languages=_count(articles, lambda article: [article.language] if article.language else []),
        years=_count(articles, lambda article: [article.published[:4]] if article.published else []),
        countries=_count(articles, lambda article: [place.country for place in article.places if place.country]),
        cities=_count(articles, lambda article: [place.geonameid for place in article.places]),
        city_names={place.geonameid: place.name for article in articles for place in article.places},
        pairs=_count(articles, lambda article: [(min(pair), max(pair)) for pair in article.pairs]),
    )


QUERIES = {
    "everything": Query(),
    "twinning": Query(is_twinning=True),
    "not twinning": Query(is_twinning=False),
    "country": Query(country="RU"),
    "city": Query(city=VOLGOGRAD),
    "language": Query(language="ru"),
    "dates": Query(since=date(2023, 1, 1), until=date(2024, 12, 31)),
    "word": Query(text="побратим", word_starts=True),
    "whole word": Query(text="twinning"),
    "combined": Query(is_twinning=True, language="en", since=date(2015, 1, 1)),
    "no match": Query(source="no-such-source"),
}


@pytest.mark.parametrize("name", QUERIES)
def test_the_store_counts_what_reading_every_match_counts(store: Store, name: str) -> None:
    query = QUERIES[name]
    assert store.facet_counts(query, FACET_LIMIT) == counted_one_by_one(list(store.query(query)))


@pytest.mark.parametrize("limit", [1, 7, 20])
def test_only_the_newest_matches_up_to_the_limit_are_counted(store: Store, limit: int) -> None:
    newest = list(store.query(attrs.evolve(Query(), limit=limit)))
    assert len(newest) == limit
    assert store.facet_counts(Query(), limit) == counted_one_by_one(newest)


def test_the_corpus_has_what_the_facets_are_tested_on(store: Store) -> None:
    counts = store.facet_counts(Query(), FACET_LIMIT)
    assert counts.matched == store.count()
    assert len(counts.sources) > 3 and len(counts.languages) > 1 and len(counts.years) > 2
    assert counts.pairs and counts.twinning.get(True) and counts.twinning.get(False)
    assert store.facet_counts(QUERIES["word"], FACET_LIMIT).matched > 0


def test_the_page_and_the_api_show_the_most_frequent_values(store_uri: str, store: Store) -> None:
    counts = store.facet_counts(Query(), FACET_LIMIT)
    with TestClient(create_app(open_store(store_uri, read_only=True)), base_url="http://127.0.0.1") as client:
        shown = client.get("/api/facets").json()
        page = client.get("/").text
    assert shown["matched"] == counts.matched and not shown["capped"]
    cities = shown["facets"]["city"]
    assert [row["count"] for row in cities] == sorted(counts.cities.values(), reverse=True)[: len(cities)]
    assert cities[0]["label"] == counts.city_names[int(cities[0]["value"])]
    assert [row["value"] for row in shown["facets"]["year"]] == sorted(counts.years, reverse=True)
    assert f'<span id="matched">{counts.matched}</span> articles' in page
