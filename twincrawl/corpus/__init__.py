"""Corpus outputs: exports in JSON lines, JSON and CSV with their schema, and the twin-pair graph."""

from twincrawl.corpus.export import CSV_COLUMNS, FORMATS, article_schema, csv_row, write_articles
from twincrawl.corpus.graph import city_stats, pair_stats, write_edges_csv, write_graph_json, write_graphml

__all__ = [
    "CSV_COLUMNS", "FORMATS", "article_schema", "city_stats", "csv_row", "pair_stats", "write_articles",
    "write_edges_csv", "write_graph_json", "write_graphml",
]  # fmt: skip
