"""The MongoDB store's text filter: the word list of each article (``search_terms``, under a multikey index; FerretDB
1.24 has no ``$text``), fed on every upsert and filled in when a store is opened for articles stored without it."""

from __future__ import annotations

import pymongo
import pytest
from pymongo import uri_parser

from tests.integration.mongo_corpus import make_article
from twincrawl.store.mongo import MongoStore
from twincrawl.store.mongo_documents import to_document
from twincrawl.store.query import Query

pytestmark = pytest.mark.mongo


def _titles(store: MongoStore, query: Query) -> list[str]:
    return sorted(article.title for article in store.query(query))


def test_articles_stored_without_words_get_them_when_the_store_is_opened(mongo_uri: str) -> None:
    older = [
        make_article(1, title="Побратимы", text="Волгоград и Ковентри стали городами-побратимами."),
        make_article(2, title="Budget", text="The council passed the budget."),
    ]
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(mongo_uri)
    articles = client[uri_parser.parse_uri(mongo_uri)["database"]]["articles"]
    articles.insert_many([{k: v for k, v in to_document(a).items() if k != "search_terms"} for a in older])
    store = MongoStore(mongo_uri)
    try:
        assert _titles(store, Query(text="побратим", word_starts=True)) == [older[0].title]
        assert _titles(store, Query(text="budget")) == [older[1].title]
        newer = make_article(3, title="Twin towns", text="Coventry and Cologne, twinned since 1962.")
        store.upsert([newer])
        assert _titles(store, Query(text="twin", word_starts=True)) == [newer.title]
        assert _titles(store, Query(text="twinned cologne")) == [newer.title]
        assert _titles(store, Query(text="twin")) == [newer.title]
        assert store.facet_counts(Query(text="побратим", word_starts=True), 10).matched == 1
    finally:
        store.close()
    assert all("search_terms" in document for document in articles.find())
    assert "search_terms" in {index["name"] for index in articles.list_indexes()}
    client.close()
