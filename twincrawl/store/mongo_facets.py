"""Facet counts of the MongoDB store: aggregation pipelines that group a query's newest matches on the server.

They use only what FerretDB 1.24 implements as well as mongod: ``$match``, ``$sort``, ``$limit``, ``$project``,
``$unwind`` and ``$group`` with ``$sum`` (FerretDB has no ``$facet``, no string operators and no accumulator but
``$sum`` and ``$count``). So each pipeline groups by the values whole, and the few rows it returns (at most one per
match, or per city of a match) are added up here: the year from the date, the articles per country.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from twincrawl.store.base import FacetCounts
from twincrawl.store.mongo_documents import query_filter
from twincrawl.store.query import Query

Pipeline = list[dict[str, Any]]


def newest_matches(query: Query, limit: int) -> Pipeline:
    """The stages that pass on the query's newest ``limit`` matches (in the order of ``MongoStore.query``)."""
    return [{"$match": query_filter(query)}, {"$sort": {"published": -1, "id": 1}}, {"$limit": limit}]


#: Matches per source, language, relevance label and date.
FIELDS: Pipeline = [
    {"$group": {
        "_id": {"source": "$source", "language": "$language", "twinning": "$relevance.is_twinning",
                "published": "$published"},
        "count": {"$sum": 1},
    }},
]  # fmt: skip
#: One row per match and city it names (the city's name and country with it).
PLACES: Pipeline = [
    {"$project": {"places": 1}},
    {"$unwind": "$places"},
    {"$group": {"_id": {"article": "$_id", "city": "$places.geonameid", "name": "$places.name",
                        "country": "$places.country"}}},
]  # fmt: skip
#: Matches per twin pair.
PAIRS: Pipeline = [
    {"$project": {"pair_keys": 1}},
    {"$unwind": "$pair_keys"},
    {"$group": {"_id": "$pair_keys", "count": {"$sum": 1}}},
]


def add_fields(counts: FacetCounts, rows: Iterable[Mapping[str, Any]]) -> None:
    """Add the rows of the FIELDS pipeline to ``counts`` (and count the matches)."""
    for row in rows:
        key, count = row["_id"], row["count"]
        counts.matched += count
        _add(counts.sources, key["source"], count)
        _add(counts.twinning, bool(key.get("twinning")), count)
        if key.get("language"):
            _add(counts.languages, key["language"], count)
        if key.get("published"):
            _add(counts.years, key["published"][:4], count)


def add_places(counts: FacetCounts, rows: Iterable[Mapping[str, Any]]) -> None:
    """Add the rows of the PLACES pipeline to ``counts``: each article once per city and once per country."""
    countries: set[tuple[str, str]] = set()
    for row in rows:
        key = row["_id"]
        _add(counts.cities, key["city"], 1)
        if key.get("name"):
            counts.city_names.setdefault(key["city"], key["name"])
        if key.get("country"):
            countries.add((key["article"], key["country"]))
    for _, country in countries:
        _add(counts.countries, country, 1)


def add_pairs(counts: FacetCounts, rows: Iterable[Mapping[str, Any]]) -> None:
    """Add the rows of the PAIRS pipeline (keys "a-b" of sorted pairs) to ``counts``."""
    for row in rows:
        a, b = (int(part) for part in row["_id"].split("-"))
        counts.pairs[(a, b)] = row["count"]


def _add(counter: dict[Any, int], key: Any, count: int) -> None:
    counter[key] = counter.get(key, 0) + count
