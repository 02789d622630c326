"""Views of a corpus that both the pages and the API show: the twin-pair graph, the timeline, a city, stats."""

from __future__ import annotations

from collections import Counter
from typing import Any

from twincrawl.corpus import city_stats, pair_stats
from twincrawl.items import Article
from twincrawl.store import Query, Store
from twincrawl.tagging import city_name
from twincrawl.web.search import scan

#: Cities the graph draws at most (the most written about): a ring of more cannot be read.
MAX_GRAPH_NODES = 150


def graph(articles: list[Article]) -> dict[str, Any]:
    """Cities that are part of a stated pair as nodes (with their article counts), the pairs as edges; at most
    MAX_GRAPH_NODES cities, ``cities`` saying how many there were."""
    pairs = pair_stats(articles)
    in_pairs = {city for stat in pairs for city in (stat.a, stat.b)}
    cities = [stat for stat in city_stats(articles) if stat.geonameid in in_pairs]
    nodes = [
        {"id": stat.geonameid, "name": stat.name, "country": stat.country, "articles": stat.articles}
        for stat in cities[:MAX_GRAPH_NODES]
    ]
    drawn = {node["id"] for node in nodes}
    edges = [
        {"source": stat.a, "target": stat.b, "articles": stat.articles,
         "first_published": stat.first_published, "last_published": stat.last_published,
         "state": stat.state, "state_year": stat.state_year}
        for stat in pairs if stat.a in drawn and stat.b in drawn
    ]  # fmt: skip
    return {"nodes": nodes, "edges": edges, "cities": len(cities), "articles": len(articles)}


def timeline(articles: list[Article]) -> dict[str, Any]:
    """Articles per month of publication, all and twinning; undated articles counted apart."""
    every: Counter[str] = Counter()
    twinning: Counter[str] = Counter()
    undated = 0
    for article in articles:
        if not article.published:
            undated += 1
            continue
        month = article.published[:7]
        every[month] += 1
        twinning[month] += article.relevance.is_twinning
    months = [{"month": month, "articles": every[month], "twinning": twinning[month]} for month in _span(every)]
    return {"months": months, "undated": undated}


def _span(months: Counter[str]) -> list[str]:
    """Every month from the first to the last of ``months`` ("YYYY-MM"), the empty ones included."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    span = []
    while (current := f"{year:04d}-{month:02d}") <= last:
        span.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return span


def city(store: Store, geonameid: int) -> dict[str, Any]:
    """A city: its name, the twins the corpus states, its sources and articles per month."""
    articles = list(scan(store, Query(city=geonameid)))
    place = next((p for a in articles for p in a.places if p.geonameid == geonameid), None)
    twins: Counter[int] = Counter()
    for article in articles:
        twins.update({b if a == geonameid else a for a, b in article.pairs if geonameid in (a, b)})
    names = {p.geonameid: p.name for a in articles for p in a.places}
    return {
        "geonameid": geonameid,
        "name": place.name if place else city_name(geonameid) or str(geonameid),
        "country": place.country if place else "",
        "articles": len(articles),
        "twins": [
            {"geonameid": twin, "name": names.get(twin) or city_name(twin) or str(twin), "articles": count}
            for twin, count in twins.most_common()
        ],
        "sources": [
            {"source": key, "articles": count} for key, count in Counter(a.source for a in articles).most_common()
        ],
        "timeline": timeline(articles),
        "latest": articles[:20],
    }


def stats(store: Store) -> dict[str, Any]:
    """Size of the corpus: articles, twinning articles, sources, languages (over at most SCAN_LIMIT)."""
    articles = list(scan(store, Query()))
    return {
        "articles": store.count(),
        "scanned": len(articles),
        "twinning": sum(article.relevance.is_twinning for article in articles),
        "sources": dict(Counter(article.source for article in articles).most_common()),
        "languages": dict(Counter(article.language or "" for article in articles).most_common()),
        "pairs": len(pair_stats(articles)),
    }
