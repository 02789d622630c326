"""The state of each twin pair travels with the record: the export schema, CSV, Parquet and the SQLite store."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema

from twincrawl.corpus.export import csv_row, export_record
from twincrawl.corpus.parquet import parquet_row, parquet_schema
from twincrawl.dedup import content_hash
from twincrawl.items import Article, PairState, Place, Relevance
from twincrawl.store.sqlite import SqliteStore

VOLGOGRAD, COVENTRY, COLOGNE = 472757, 2652221, 2886242
TITLE = "Coventry suspends its twinning with Volgograd"
TEXT = "Coventry suspended its twinning with Volgograd in 2022. Coventry and Cologne remain twin cities."


def article() -> Article:
    url = "https://example.org/news/1"
    return Article(
        id="0123456789abcdef", url=url, canonical_url=url, source="coventry-gov-uk", title=TITLE, text=TEXT,
        language="en", fetched_at="2024-05-01T10:00:00+00:00", extractor_version="test-1",
        relevance=Relevance(score=0.9, is_twinning=True, terms=["twinning"]),
        places=[Place(name="Coventry", geonameid=COVENTRY, country="GB", mentions=2),
                Place(name="Volgograd", geonameid=VOLGOGRAD, country="RU"),
                Place(name="Cologne", geonameid=COLOGNE, country="DE")],
        pairs=[[VOLGOGRAD, COVENTRY], [COVENTRY, COLOGNE]],
        pair_states=[PairState(pair=[VOLGOGRAD, COVENTRY], state="ended", year=2022),
                     PairState(pair=[COVENTRY, COLOGNE])],
        content_hash=content_hash(TITLE, TEXT),
    )  # fmt: skip


def test_export_record_with_states_validates_against_the_shipped_schema() -> None:
    schema = json.loads(resources.files("twincrawl.corpus").joinpath("schema/article.schema.json").read_text())
    record = export_record(article())
    jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())
    assert record["pair_states"][0] == {"pair": [VOLGOGRAD, COVENTRY], "state": "ended", "year": 2022}
    record["pair_states"][0]["state"] = "frozen"
    assert not jsonschema.Draft202012Validator(schema).is_valid(record)


def test_record_made_before_states_were_kept_reads_with_none() -> None:
    data = article().to_dict()
    del data["pair_states"]
    old = Article.from_dict(data)
    assert old.pair_states == [] and old.pair_state([COVENTRY, VOLGOGRAD]) is None
    assert Article.from_dict(article().to_dict()) == article()


def test_csv_and_parquet_rows_hold_the_states() -> None:
    assert csv_row(article())["pair_states"] == f"{VOLGOGRAD}-{COVENTRY} ended 2022; {COVENTRY}-{COLOGNE} active"
    import pyarrow as pa

    table = pa.Table.from_pylist([parquet_row(article())], schema=parquet_schema())
    assert table.column("pair_states").to_pylist()[0][0] == {"pair": [VOLGOGRAD, COVENTRY], "state": "ended",
                                                             "year": 2022}  # fmt: skip


def test_sqlite_store_keeps_the_states(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'corpus.db'}")
    try:
        store.upsert([article()])
        stored = store.get(article().id)
    finally:
        store.close()
    assert stored is not None
    assert stored.pair_state([COVENTRY, VOLGOGRAD]) == PairState(pair=[VOLGOGRAD, COVENTRY], state="ended", year=2022)
    assert stored.pair_states == article().pair_states
