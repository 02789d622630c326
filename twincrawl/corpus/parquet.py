"""Writing Articles as Parquet with fixed column types: every file of every export has the same schema, so
DuckDB, pandas and Spark read a column that is null in every row as what it is (not as NULL), and dates as
timestamps."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from twincrawl.items import Article

#: Records per row group: large enough for compression, small enough to keep memory flat on big exports.
_ROW_GROUP = 2_000
_TIMESTAMPS = ("published", "modified", "fetched_at")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (makes pyarrow.parquet, used through the returned module, importable)
    except ImportError as error:
        raise RuntimeError(
            "the Parquet export needs pyarrow: pip install 'twincrawl[parquet]' (or pip install pyarrow)"
        ) from error
    return pyarrow


def parquet_schema() -> Any:
    """The ``pyarrow.Schema`` of an exported file (the fields of the Article, in order)."""
    pa = _pyarrow()
    text, utc, strings = pa.string(), pa.timestamp("us", tz="UTC"), pa.list_(pa.string())
    return pa.schema([
        ("id", text), ("url", text), ("canonical_url", text), ("source", text), ("title", text), ("text", text),
        ("author", text), ("language", text), ("image", text), ("published", utc), ("published_precision", text),
        ("published_local", text), ("published_raw", text), ("published_from", text), ("modified", utc),
        ("metadata", pa.map_(text, pa.struct([("raw", text), ("from", text)]))),
        ("fetched_at", utc), ("etag", text), ("last_modified", text),
        ("relevance", pa.struct([("score", pa.float64()), ("is_twinning", pa.bool_()), ("terms", strings),
                                 ("evidence", strings)])),
        ("places", pa.list_(pa.struct([("name", text), ("geonameid", pa.int64()), ("country", text),
                                       ("mentions", pa.int32()), ("forms", strings)]))),
        ("pairs", pa.list_(pa.list_(pa.int64()))),
        ("pair_states", pa.list_(pa.struct([("pair", pa.list_(pa.int64())), ("state", text),
                                            ("year", pa.int32())]))),
        ("content_hash", text), ("simhash", text),
        ("duplicate_of", text),
        ("withdrawn", pa.struct([("date", text), ("status", pa.int32()), ("checked_at", utc)])),
        ("revisions", pa.list_(pa.struct([("fetched_at", utc), ("previous_content_hash", text),
                                          ("fields", strings)]))),
        ("extractor_version", text), ("schema_version", pa.int32()), ("aliases", strings),
    ])  # fmt: skip


def parquet_row(article: Article) -> dict[str, Any]:
    """An article as the values of one Parquet row (ISO-8601 dates as datetimes, metadata as map entries)."""
    row = article.to_dict()
    for name in _TIMESTAMPS:
        row[name] = datetime.fromisoformat(row[name]) if row[name] else None
    row["metadata"] = list(row["metadata"].items())
    for revision in row["revisions"]:
        revision["fetched_at"] = datetime.fromisoformat(revision["fetched_at"])
    if row["withdrawn"] is not None:
        row["withdrawn"]["checked_at"] = datetime.fromisoformat(row["withdrawn"]["checked_at"])
    return row


def write_parquet(articles: Iterable[Article], path: Path) -> int:
    """Write the articles to a Parquet file at ``path``; returns how many were written."""
    pa = _pyarrow()
    schema = parquet_schema()
    count = 0
    with pa.parquet.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for rows in _batches(parquet_row(article) for article in articles):
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while batch := list(islice(rows, _ROW_GROUP)):
        yield batch
