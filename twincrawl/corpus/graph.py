"""The twinning graph of a corpus: statistics per twin pair and per city, written as CSV, GraphML or JSON.

Pure functions over Articles; the CLI (``twincrawl stats``, ``twincrawl export --graph``) wires them to a
store. An article marked as a duplicate of another is counted once, through the original.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO
from xml.etree import ElementTree

import attrs

from twincrawl.items import Article
from twincrawl.tagging import city_name

EDGE_COLUMNS = (
    "source", "target", "source_name", "target_name", "source_country", "target_country",
    "articles", "first_published", "last_published", "state", "state_year",
)  # fmt: skip
_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@attrs.define(kw_only=True)
class PairStat:
    """A twin pair and the articles that state it."""

    a: int
    """GeoNames id of the first city (the smaller id)."""
    b: int
    """GeoNames id of the second city."""
    a_name: str
    """English name of ``a``."""
    b_name: str
    """English name of ``b``."""
    a_country: str
    """ISO 3166-1 alpha-2 country of ``a`` ("" if unknown)."""
    b_country: str
    """ISO 3166-1 alpha-2 country of ``b`` ("" if unknown)."""
    articles: int = 0
    """How many articles state the pair."""
    first_published: str | None = None
    """Earliest publication time of those articles (ISO-8601 UTC), if any has one."""
    last_published: str | None = None
    """Latest publication time of those articles."""
    state: str = "active"
    """What the most recently published of those articles says became of the pair (``active``, ``ended`` or
    ``proposed``, :class:`twincrawl.items.PairState`); undated articles count only while no dated one states it."""
    state_year: int | None = None
    """The year that article gives for an ended or proposed pair, if any."""


@attrs.define(kw_only=True)
class CityStat:
    """A city and how the corpus talks about it."""

    geonameid: int
    """GeoNames id."""
    name: str
    """English name."""
    country: str
    """ISO 3166-1 alpha-2 country."""
    articles: int = 0
    """Articles that mention the city."""
    twinning_articles: int = 0
    """Of those, the ones labelled as about twinning."""
    mentions: int = 0
    """Mentions over all articles."""
    partners: int = 0
    """Distinct cities it is stated to be twinned with."""


def _originals(articles: Iterable[Article]) -> Iterable[Article]:
    return (article for article in articles if not article.duplicate_of)


def _city_labels(article: Article) -> dict[int, tuple[str, str]]:
    return {place.geonameid: (place.name, place.country) for place in article.places}


def pair_stats(articles: Iterable[Article]) -> list[PairStat]:
    """One record per twin pair stated in the corpus, most-stated first (then by names)."""
    stats: dict[tuple[int, int], PairStat] = {}
    for article in _originals(articles):
        labels = _city_labels(article)
        states = {(min(state.pair), max(state.pair)): state for state in article.pair_states if len(state.pair) == 2}
        for a, b in {(min(pair), max(pair)) for pair in article.pairs if len(pair) == 2}:
            stat = stats.get((a, b))
            if stat is None:
                a_name, a_country = labels.get(a) or (city_name(a) or str(a), "")
                b_name, b_country = labels.get(b) or (city_name(b) or str(b), "")
                stat = stats[(a, b)] = PairStat(
                    a=a, b=b, a_name=a_name, b_name=b_name, a_country=a_country, b_country=b_country
                )
            stat.articles += 1
            state = states.get((a, b))
            if state is not None and _newer(article.published, stat.last_published):
                stat.state, stat.state_year = state.state, state.year
            if article.published:
                stat.first_published = min(filter(None, [stat.first_published, article.published]))
                stat.last_published = max(filter(None, [stat.last_published, article.published]))
    return sorted(stats.values(), key=lambda stat: (-stat.articles, stat.a_name, stat.b_name))


def _newer(published: str | None, latest: str | None) -> bool:
    """Whether an article published at ``published`` is the newest yet of those stating a pair (``latest``)."""
    return latest is None or (published is not None and published >= latest)


def city_stats(articles: Iterable[Article]) -> list[CityStat]:
    """One record per mentioned city, most-mentioned (by articles) first."""
    stats: dict[int, CityStat] = {}
    partners: dict[int, set[int]] = {}
    for article in _originals(articles):
        for place in article.places:
            stat = stats.setdefault(
                place.geonameid, CityStat(geonameid=place.geonameid, name=place.name, country=place.country)
            )
            stat.articles += 1
            stat.mentions += place.mentions
            stat.twinning_articles += int(article.relevance.is_twinning)
        for pair in article.pairs:
            if len(pair) == 2:
                a, b = pair
                partners.setdefault(a, set()).add(b)
                partners.setdefault(b, set()).add(a)
    for geonameid, stat in stats.items():
        stat.partners = len(partners.get(geonameid, ()))
    return sorted(stats.values(), key=lambda stat: (-stat.articles, stat.name))


def write_edges_csv(stats: Iterable[PairStat], fp: IO[str]) -> None:
    """Write the pairs as a CSV edge list with a header row (:data:`EDGE_COLUMNS`)."""
    writer = csv.writer(fp, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    for stat in stats:
        writer.writerow(
            [stat.a, stat.b, stat.a_name, stat.b_name, stat.a_country, stat.b_country, stat.articles,
             stat.first_published or "", stat.last_published or "", stat.state, stat.state_year or ""]
        )  # fmt: skip


def write_graphml(stats: Iterable[PairStat], fp: IO[str]) -> None:
    """Write the pairs as an undirected GraphML graph: cities are nodes (id = GeoNames id, with name and
    country), pairs are edges (with articles, first_published, last_published, state, state_year)."""
    ElementTree.register_namespace("", _GRAPHML_NS)
    root = ElementTree.Element(f"{{{_GRAPHML_NS}}}graphml")
    keys = [("name", "node", "string"), ("country", "node", "string"), ("articles", "edge", "int"),
            ("first_published", "edge", "string"), ("last_published", "edge", "string"),
            ("state", "edge", "string"), ("state_year", "edge", "string")]  # fmt: skip
    for name, domain, kind in keys:
        ElementTree.SubElement(
            root, f"{{{_GRAPHML_NS}}}key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind}
        )
    graph = ElementTree.SubElement(root, f"{{{_GRAPHML_NS}}}graph", {"edgedefault": "undirected"})
    nodes: dict[int, tuple[str, str]] = {}
    edges = []
    for stat in stats:
        nodes.setdefault(stat.a, (stat.a_name, stat.a_country))
        nodes.setdefault(stat.b, (stat.b_name, stat.b_country))
        edges.append(stat)
    for geonameid, (name, country) in nodes.items():
        node = ElementTree.SubElement(graph, f"{{{_GRAPHML_NS}}}node", {"id": str(geonameid)})
        _data(node, "name", name)
        _data(node, "country", country)
    for stat in edges:
        edge = ElementTree.SubElement(graph, f"{{{_GRAPHML_NS}}}edge", {"source": str(stat.a), "target": str(stat.b)})
        _data(edge, "articles", str(stat.articles))
        _data(edge, "first_published", stat.first_published or "")
        _data(edge, "last_published", stat.last_published or "")
        _data(edge, "state", stat.state)
        _data(edge, "state_year", str(stat.state_year or ""))
    ElementTree.indent(root)
    fp.write(ElementTree.tostring(root, encoding="unicode", xml_declaration=True))
    fp.write("\n")


def _data(parent: ElementTree.Element, key: str, value: str) -> None:
    ElementTree.SubElement(parent, f"{{{_GRAPHML_NS}}}data", {"key": key}).text = value


def write_graph_json(stats: Iterable[PairStat], fp: IO[str]) -> None:
    """Write the pairs in the node-link layout: ``{"directed": false, "multigraph": false, "graph": {}, "nodes":
    [{id, name, country}], "edges": [{source, target, articles, first_published, last_published, state,
    state_year}]}``, which
    ``networkx.node_link_graph`` (3.4 and later) and d3 read as they are. ``links`` repeats ``edges`` for the
    readers of the older layout (networkx before 3.4 reads only it)."""
    nodes: dict[int, dict[str, object]] = {}
    edges = []
    for stat in stats:
        nodes.setdefault(stat.a, {"id": stat.a, "name": stat.a_name, "country": stat.a_country})
        nodes.setdefault(stat.b, {"id": stat.b, "name": stat.b_name, "country": stat.b_country})
        edges.append(
            {"source": stat.a, "target": stat.b, "articles": stat.articles,
             "first_published": stat.first_published, "last_published": stat.last_published,
             "state": stat.state, "state_year": stat.state_year}
        )  # fmt: skip
    graph = {"directed": False, "multigraph": False, "graph": {}, "nodes": list(nodes.values()), "edges": edges}
    json.dump(graph | {"links": edges}, fp, ensure_ascii=False, indent=1)
    fp.write("\n")
