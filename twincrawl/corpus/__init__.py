"""Corpus outputs: exports in JSON lines, JSON, CSV and Parquet with their schema, the twin-pair graph, and
:func:`open_corpus` for notebooks."""

from twincrawl.corpus.export import (
    CSV_COLUMNS,
    FORMATS,
    METADATA_FIELDS,
    article_schema,
    csv_row,
    export_record,
    write_articles,
)
from twincrawl.corpus.graph import city_stats, pair_stats, write_edges_csv, write_graph_json, write_graphml
from twincrawl.corpus.notebook import Corpus, open_corpus
from twincrawl.corpus.parquet import parquet_schema, write_parquet

__all__ = [
    "CSV_COLUMNS", "FORMATS", "METADATA_FIELDS", "Corpus", "article_schema", "city_stats", "csv_row", "export_record",
    "open_corpus", "pair_stats", "parquet_schema", "write_articles", "write_edges_csv", "write_graph_json",
    "write_graphml", "write_parquet",
]  # fmt: skip
