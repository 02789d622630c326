"""Pair and city statistics of a corpus, and the graph files written from them."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import attrs

from twincrawl.corpus.graph import city_stats, pair_stats, write_edges_csv, write_graph_json, write_graphml
from twincrawl.items import Article, PairState, Place, Relevance

VOLGOGRAD, COVENTRY, OSTRAVA = 472757, 2652221, 3068799


def article(key: str, pairs: list[list[int]], published: str | None, *, duplicate_of: str | None = None) -> Article:
    places = [
        Place(name="Volgograd", geonameid=VOLGOGRAD, country="RU", mentions=3),
        Place(name="Coventry", geonameid=COVENTRY, country="GB", mentions=1),
    ]
    if any(OSTRAVA in pair for pair in pairs):
        places.append(Place(name="Ostrava", geonameid=OSTRAVA, country="CZ", mentions=2))
    return Article(
        id=key, url=f"https://example.org/{key}", canonical_url=f"https://example.org/{key}", source="test",
        published=published, places=places, pairs=pairs, duplicate_of=duplicate_of,
        relevance=Relevance(score=0.9, is_twinning=bool(pairs)),
    )  # fmt: skip


def corpus() -> list[Article]:
    return [
        article("a1", [[VOLGOGRAD, COVENTRY]], "2020-07-28T00:00:00+00:00"),
        article("a2", [[COVENTRY, VOLGOGRAD], [OSTRAVA, VOLGOGRAD]], "2013-09-06T00:00:00+00:00"),
        article("a3", [[VOLGOGRAD, COVENTRY]], None),
        article("a4", [[VOLGOGRAD, COVENTRY]], "2030-01-01T00:00:00+00:00", duplicate_of="a1"),
        article("a5", [], "2021-01-01T00:00:00+00:00"),
    ]


def test_pair_stats_count_articles_and_date_range_skipping_duplicates() -> None:
    stats = {(stat.a, stat.b): stat for stat in pair_stats(corpus())}
    volgograd_coventry = stats[(COVENTRY, VOLGOGRAD)] if COVENTRY < VOLGOGRAD else stats[(VOLGOGRAD, COVENTRY)]
    assert volgograd_coventry.articles == 3
    assert volgograd_coventry.first_published == "2013-09-06T00:00:00+00:00"
    assert volgograd_coventry.last_published == "2020-07-28T00:00:00+00:00"
    assert {volgograd_coventry.a_name, volgograd_coventry.b_name} == {"Volgograd", "Coventry"}
    ostrava = stats[(min(OSTRAVA, VOLGOGRAD), max(OSTRAVA, VOLGOGRAD))]
    assert ostrava.articles == 1
    assert {ostrava.a_country, ostrava.b_country} == {"RU", "CZ"}


def test_pair_stats_put_the_most_stated_pair_first() -> None:
    assert [stat.articles for stat in pair_stats(corpus())] == [3, 1]


def test_city_stats_count_articles_mentions_and_partners() -> None:
    stats = {stat.name: stat for stat in city_stats(corpus())}
    assert stats["Volgograd"].articles == 4
    assert stats["Volgograd"].mentions == 12
    assert stats["Volgograd"].twinning_articles == 3
    assert stats["Volgograd"].partners == 2
    assert stats["Coventry"].partners == 1
    assert stats["Ostrava"].articles == 1


def test_edges_csv_has_a_header_and_one_row_per_pair() -> None:
    out = io.StringIO()
    write_edges_csv(pair_stats(corpus()), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 2
    assert {rows[0]["source_name"], rows[0]["target_name"]} == {"Volgograd", "Coventry"}
    assert rows[0]["articles"] == "3"
    assert rows[0]["first_published"] == "2013-09-06T00:00:00+00:00"


def test_graphml_has_city_nodes_and_pair_edges() -> None:
    out = io.StringIO()
    write_graphml(pair_stats(corpus()), out)
    namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ElementTree.fromstring(out.getvalue().encode("utf-8"))
    nodes = root.findall("g:graph/g:node", namespace)
    edges = root.findall("g:graph/g:edge", namespace)
    assert {node.get("id") for node in nodes} == {str(VOLGOGRAD), str(COVENTRY), str(OSTRAVA)}
    names = {node.findtext("g:data[@key='name']", namespaces=namespace) for node in nodes}
    assert names == {"Volgograd", "Coventry", "Ostrava"}
    articles = sorted(int(edge.findtext("g:data[@key='articles']", namespaces=namespace) or 0) for edge in edges)
    assert articles == [1, 3]


def test_graph_json_lists_nodes_and_links() -> None:
    out = io.StringIO()
    write_graph_json(pair_stats(corpus()), out)
    graph = json.loads(out.getvalue())
    assert len(graph["nodes"]) == 3
    assert sorted(link["articles"] for link in graph["links"]) == [1, 3]


def test_a_pair_has_the_state_the_newest_article_stating_it_gives() -> None:
    ended = PairState(pair=[VOLGOGRAD, COVENTRY], state="ended", year=2022)
    proposed = PairState(pair=[VOLGOGRAD, COVENTRY], state="proposed")
    articles = [
        attrs.evolve(article("old", [[VOLGOGRAD, COVENTRY]], "2020-01-01T00:00:00+00:00"), pair_states=[proposed]),
        attrs.evolve(article("new", [[VOLGOGRAD, COVENTRY]], "2023-01-01T00:00:00+00:00"), pair_states=[ended]),
        attrs.evolve(article("undated", [[VOLGOGRAD, COVENTRY]], None), pair_states=[proposed]),
    ]
    (stat,) = pair_stats(articles)
    assert (stat.state, stat.state_year) == ("ended", 2022)
    assert (pair_stats(articles[:1])[0].state, pair_stats(articles[2:])[0].state) == ("proposed", "proposed")
    assert pair_stats(corpus())[0].state == "active"  # records made before states were kept


def test_graph_files_give_each_pair_its_state() -> None:
    ended = PairState(pair=[VOLGOGRAD, COVENTRY], state="ended", year=2022)
    stats = pair_stats([attrs.evolve(article("a", [[VOLGOGRAD, COVENTRY]], None), pair_states=[ended])])
    table, graphml, graph = io.StringIO(), io.StringIO(), io.StringIO()
    write_edges_csv(stats, table)
    write_graphml(stats, graphml)
    write_graph_json(stats, graph)
    (row,) = csv.DictReader(io.StringIO(table.getvalue()))
    assert (row["state"], row["state_year"]) == ("ended", "2022")
    namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
    edge = ElementTree.fromstring(graphml.getvalue().encode("utf-8")).find("g:graph/g:edge", namespace)
    assert edge is not None and edge.findtext("g:data[@key='state']", namespaces=namespace) == "ended"
    (link,) = json.loads(graph.getvalue())["edges"]
    assert (link["state"], link["state_year"]) == ("ended", 2022)
