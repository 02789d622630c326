"""Corpus outputs: exports in JSON lines, JSON and CSV with their schema, and the twin-pair graph."""

from twincrawl.corpus.export import FORMATS, article_schema, write_articles
from twincrawl.corpus.graph import city_stats, pair_stats, write_edges_csv, write_graph_json, write_graphml

__all__ = [
    "FORMATS", "article_schema", "city_stats", "pair_stats", "write_articles", "write_edges_csv",
    "write_graph_json", "write_graphml",
]  # fmt: skip
