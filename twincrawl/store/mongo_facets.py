"""Facet counts of the MongoDB store: one aggregation groups a query's newest matches by their facet fields.

It uses only what FerretDB 1.24 implements as well as mongod: ``$match``, ``$sort``, ``$limit``, ``$project`` and
``$group`` with ``$sum`` (FerretDB has no ``$facet``, no string operators and no accumulator but ``$sum`` and
``$count``, and each pipeline takes about as long as reading the whole collection: one, not one per facet). The
server groups the matches by the values of their facet fields together, without their text; the rows (at most
one per match) are added up per value here: a year from the date, each city, country and pair of the row once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from twincrawl.store.base import FacetCounts
from twincrawl.store.mongo_documents import query_filter
from twincrawl.store.query import Query

Pipeline = list[dict[str, Any]]

_GROUPS: Pipeline = [
    {"$project": {"source": 1, "language": 1, "relevance.is_twinning": 1, "published": 1, "pair_keys": 1,
                  "places.geonameid": 1, "places.name": 1, "places.country": 1}},
    {"$group": {
        "_id": {"source": "$source", "language": "$language", "twinning": "$relevance.is_twinning",
                "published": "$published", "places": "$places", "pairs": "$pair_keys"},
        "count": {"$sum": 1},
    }},
]  # fmt: skip


def pipeline(query: Query, limit: int) -> Pipeline:
    """The query's newest ``limit`` matches (in the order of ``MongoStore.query``), grouped by facet fields."""
    newest: Pipeline = [{"$match": query_filter(query)}, {"$sort": {"published": -1, "id": 1}}, {"$limit": limit}]
    return newest + _GROUPS


def facet_counts(rows: Iterable[Mapping[str, Any]]) -> FacetCounts:
    """The counts of the pipeline's rows."""
    counts = FacetCounts(matched=0)
    for row in rows:
        key, count = row["_id"], row["count"]
        counts.matched += count
        _add(counts.sources, [key["source"]], count)
        _add(counts.twinning, [bool(key.get("twinning"))], count)
        _add(counts.languages, [key["language"]] if key.get("language") else [], count)
        _add(counts.years, [key["published"][:4]] if key.get("published") else [], count)
        places = key.get("places") or []
        _add(counts.cities, {place["geonameid"] for place in places}, count)
        _add(counts.countries, {place["country"] for place in places if place.get("country")}, count)
        for place in places:
            if place.get("name"):
                counts.city_names.setdefault(place["geonameid"], place["name"])
        pairs = {tuple(int(part) for part in pair.split("-")) for pair in key.get("pairs") or []}
        _add(counts.pairs, pairs, count)
    return counts


def _add(counter: dict[Any, int], keys: Iterable[Any], count: int) -> None:
    for key in keys:
        counter[key] = counter.get(key, 0) + count
