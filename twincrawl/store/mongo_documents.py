"""How articles, queries and raw pages look in MongoDB: documents, filters and indexes.

Three document fields exist for the server only and are not part of the Article: ``search_terms`` (the unique
lower-cased words of title and text, for the text filter), ``pair_keys`` ("a-b" strings of the sorted twin
pairs) and ``simhash_bands`` (the SimHash band keys of an article that repeats no other, for near duplicates).
``pairs`` itself is stored as "a-b" strings too, because FerretDB does not store arrays of arrays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from bson import Binary
from pymongo import ASCENDING, DESCENDING, IndexModel, UpdateOne

from twincrawl.items import Article, simhash_bands
from twincrawl.store.base import RawPage
from twincrawl.store.compression import pack, unpack
from twincrawl.store.query import Query, search_terms

ARTICLE_INDEXES = [
    IndexModel([("id", ASCENDING)], unique=True, name="id_unique"),
    IndexModel([("published", DESCENDING), ("id", ASCENDING)], name="published_id"),
    IndexModel([("source", ASCENDING), ("url", ASCENDING)], name="source_url"),
    IndexModel([("language", ASCENDING)], name="language"),
    IndexModel([("relevance.is_twinning", ASCENDING)], name="is_twinning"),
    IndexModel([("places.geonameid", ASCENDING)], name="places_geonameid"),
    IndexModel([("places.country", ASCENDING)], name="places_country"),
    IndexModel([("pair_keys", ASCENDING)], name="pair_keys"),
    IndexModel([("search_terms", ASCENDING)], name="search_terms"),
    IndexModel([("content_hash", ASCENDING)], name="content_hash"),
    IndexModel([("aliases", ASCENDING)], name="aliases"),
    IndexModel([("simhash_bands", ASCENDING)], name="simhash_bands"),
]
# A version is the stored record it replaced; this key makes writing it again (a replayed batch) a no-op.
VERSION_INDEXES = [
    IndexModel(
        [("id", ASCENDING), ("content_hash", ASCENDING), ("fetched_at", ASCENDING)],
        unique=True,
        name="version_unique",
    ),
]
RAW_INDEXES = [
    IndexModel([("url", ASCENDING)], unique=True, name="url_unique"),
    IndexModel([("source", ASCENDING)], name="source"),
]


def _pair_key(pair: Sequence[int]) -> str:
    return "-".join(str(geonameid) for geonameid in pair)


def to_document(article: Article) -> dict[str, Any]:
    """The MongoDB document of an article."""
    document = article.to_dict()
    # _id is the article id too: FerretDB finds documents fast by _id only, MongoDB by either.
    document["_id"] = article.id
    document["pairs"] = [_pair_key(pair) for pair in article.pairs]
    document["pair_keys"] = sorted({_pair_key(sorted(pair)) for pair in article.pairs})
    document["search_terms"] = sorted(search_terms(article.title, article.text))
    document["simhash_bands"] = simhash_bands(article.simhash) if article.duplicate_of is None else []
    return document


def search_terms_update(document: Mapping[str, Any]) -> UpdateOne:
    """The write that gives a stored article document (its ``_id``, ``title`` and ``text``) its search terms."""
    terms = sorted(search_terms(document.get("title") or "", document.get("text") or ""))
    return UpdateOne({"_id": document["_id"]}, {"$set": {"search_terms": terms}})


def from_document(document: Mapping[str, Any]) -> Article:
    """The article a document holds (server-only fields dropped)."""
    data = dict(document)
    data["pairs"] = [[int(part) for part in key.split("-")] for key in data.get("pairs") or []]
    return Article.from_dict(data)


def query_filter(query: Query) -> dict[str, Any]:
    """The MongoDB filter of a Query (values only: a Query holds validated plain data, never operators)."""
    conditions: dict[str, Any] = {}
    simple = {
        "source": query.source,
        "language": query.language,
        "relevance.is_twinning": query.is_twinning,
        "places.geonameid": query.city,
    }
    conditions.update({field: value for field, value in simple.items() if value is not None})
    if query.country is not None:
        conditions["places.country"] = query.country
    if query.hide_duplicates:
        conditions["duplicate_of"] = None  # null or missing
    if query.pair is not None:
        conditions["pair_keys"] = _pair_key(sorted(query.pair))
    published: dict[str, str] = {}
    # Dates are stored as ISO-8601 UTC strings, so day bounds compare as strings; null never matches.
    if query.since is not None:
        published["$gte"] = query.since.isoformat()
    if query.until is not None:
        published["$lt"] = (query.until + timedelta(days=1)).isoformat()
    if published:
        conditions["published"] = published
    if query.words:
        words = sorted(set(query.words))
        if query.word_starts:  # one anchored pattern per word: FerretDB takes no patterns inside $all
            conditions["$and"] = [{"search_terms": {"$regex": "^" + re.escape(word)}} for word in words]
        else:
            conditions["search_terms"] = {"$all": words}
    return conditions


def page_document(page: RawPage) -> dict[str, Any]:
    """The MongoDB document of a raw page (its body compressed)."""
    return {
        "url": page.url,
        "source": page.source,
        "fetched_at": page.fetched_at,
        "status": page.status,
        # A list, not a mapping: header names may hold characters that are not valid in field names.
        "headers": [{"name": name, "value": value} for name, value in page.headers.items()],
        "body": Binary(pack(page.body)),
        "extractor_version": page.extractor_version,
        "article_id": page.article_id,
    }


def page_from_document(document: Mapping[str, Any]) -> RawPage:
    """The raw page a document holds."""
    return RawPage(
        url=document["url"],
        source=document["source"],
        fetched_at=document["fetched_at"],
        status=document["status"],
        headers={header["name"]: header["value"] for header in document["headers"]},
        body=unpack(document["body"]),
        extractor_version=document["extractor_version"],
        article_id=document.get("article_id"),
    )
