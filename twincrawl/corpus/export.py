"""Writing Articles as JSON lines, a JSON array or CSV: the export format other tools rely on."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from importlib import resources
from typing import Any, TextIO

from twincrawl.items import Article

FORMATS = ("jsonl", "json", "csv")


def article_schema() -> dict[str, Any]:
    """The JSON Schema every exported record validates against (shipped with the package)."""
    text = resources.files("twincrawl.corpus").joinpath("schema/article.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


#: CSV columns: the scalar fields, then the nested ones flattened (lists joined with "; ").
CSV_COLUMNS = (
    "id", "url", "canonical_url", "source", "title", "text", "author", "language", "image", "published",
    "published_precision", "published_local", "published_raw", "published_from", "modified", "fetched_at", "etag",
    "last_modified", "is_twinning", "relevance_score", "relevance_terms", "places", "pairs", "pair_states",
    "content_hash", "simhash", "duplicate_of", "withdrawn", "withdrawn_status", "extractor_version", "schema_version",
    "aliases",
)  # fmt: skip


#: The keys of every exported record's ``metadata``, each ``{"raw", "from"}`` or null where the page did not give
#: it: one shape in every record, so that DuckDB, pandas and the like infer one schema for a whole file.
METADATA_FIELDS = ("title", "author", "language", "canonical_url", "image", "modified")


def export_record(article: Article) -> dict[str, Any]:
    """The article as one JSON record of the export: its fields, ``metadata`` with every key of METADATA_FIELDS."""
    record = article.to_dict()
    record["metadata"] = {field: article.metadata.get(field) for field in METADATA_FIELDS}
    return record


def csv_row(article: Article) -> dict[str, Any]:
    row = article.to_dict()
    row["is_twinning"] = article.relevance.is_twinning
    row["relevance_score"] = article.relevance.score
    row["relevance_terms"] = "; ".join(article.relevance.terms)
    row["places"] = "; ".join(f"{place.name} ({place.geonameid})" for place in article.places)
    row["pairs"] = "; ".join(f"{a}-{b}" for a, b in article.pairs)
    row["pair_states"] = "; ".join(
        "-".join(map(str, state.pair)) + f" {state.state}" + (f" {state.year}" if state.year else "")
        for state in article.pair_states
    )
    row["aliases"] = "; ".join(article.aliases)
    row["withdrawn"] = article.withdrawn.date if article.withdrawn else None
    row["withdrawn_status"] = article.withdrawn.status if article.withdrawn else None
    return {column: row[column] for column in CSV_COLUMNS}


def write_articles(articles: Iterable[Article], out: TextIO, fmt: str = "jsonl") -> int:
    """Write the articles in one of FORMATS; returns how many were written."""
    count = 0
    if fmt == "jsonl":
        for count, article in enumerate(articles, 1):  # noqa: B007
            out.write(json.dumps(export_record(article), ensure_ascii=False) + "\n")
    elif fmt == "json":
        out.write("[")
        for count, article in enumerate(articles, 1):
            out.write(("," if count > 1 else "") + "\n" + json.dumps(export_record(article), ensure_ascii=False))
        out.write("\n]\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for count, article in enumerate(articles, 1):  # noqa: B007
            writer.writerow(csv_row(article))
    else:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return count
