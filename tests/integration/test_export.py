"""The export contract: JSONL that validates against the shipped schema, loads in DuckDB and pandas, and agrees
with `twincrawl query`."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pandas
import pytest

from tests.fixtures.cli import run_twincrawl
from tests.integration.mongo_corpus import make_article
from twincrawl.corpus import METADATA_FIELDS, write_articles


@pytest.fixture(scope="module")
def corpus(replica_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("export") / "corpus.db"
    done = run_twincrawl("crawl", "--sources-file", replica_registry, "--store", f"sqlite:///{store}",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return store


def _export(store: Path, out: Path, *options: str) -> list[dict[str, Any]]:
    done = run_twincrawl("export", "--store", f"sqlite:///{store}", "--out", out, *options)
    assert done.returncode == 0, done.stderr
    opener = gzip.open if out.suffix == ".gz" else open
    with opener(out, "rt", encoding="utf-8") as lines:  # type: ignore[operator]
        return [json.loads(line) for line in lines]


def test_exported_jsonl_validates_against_the_shipped_schema(corpus: Path, tmp_path: Path) -> None:
    schema = json.loads(run_twincrawl("export", "--schema").stdout)
    records = _export(corpus, tmp_path / "all.jsonl")
    assert len(records) > 20
    for record in records:
        jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())


def test_export_loads_in_duckdb_and_pandas(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    records = _export(corpus, out)
    frame = pandas.read_json(out, lines=True)
    assert sorted(frame["id"]) == sorted(record["id"] for record in records)
    ((count, twinning),) = duckdb.sql(
        f"SELECT count(*), count(*) FILTER (WHERE relevance.is_twinning) FROM read_json_auto('{out}')"
    ).fetchall()
    assert (count, twinning) == (len(records), sum(r["relevance"]["is_twinning"] for r in records))


def test_gzip_and_csv_exports_hold_the_same_records(corpus: Path, tmp_path: Path) -> None:
    plain = _export(corpus, tmp_path / "all.jsonl")
    zipped = _export(corpus, tmp_path / "all.jsonl.gz")
    assert zipped == plain
    done = run_twincrawl("export", "--store", f"sqlite:///{corpus}", "--format", "csv", "--out", tmp_path / "a.csv")
    assert done.returncode == 0
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as rows:
        assert [row["id"] for row in csv.DictReader(rows)] == [record["id"] for record in plain]


@pytest.mark.parametrize(
    ("options", "keep"),
    [
        (("--language", "en"), lambda r: r["language"] == "en"),
        (("--twinning",), lambda r: r["relevance"]["is_twinning"]),
        (
            ("--since", "2020-07-01", "--until", "2020-12-31"),
            lambda r: r["published"] and "2020-07-01" <= r["published"][:10] <= "2020-12-31",
        ),
        (("--country", "GB"), lambda r: any(p["country"] == "GB" for p in r["places"])),
        (("--source", "replica-vestnik"), lambda r: r["source"] == "replica-vestnik"),
    ],
)
def test_query_equals_the_same_filter_applied_to_the_export(
    corpus: Path, tmp_path: Path, options: tuple[str, ...], keep: Any
) -> None:
    everything = _export(corpus, tmp_path / "all.jsonl")
    done = run_twincrawl("query", "--store", f"sqlite:///{corpus}", "--format", "jsonl", *options)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line)["id"] for line in done.stdout.splitlines()]
    assert found == [record["id"] for record in everything if keep(record)]
    assert found


def test_incremental_export_gives_only_what_is_new_since_the_last_one(corpus: Path, tmp_path: Path) -> None:
    first = _export(corpus, tmp_path / "1.jsonl", "--incremental", "nightly")
    second = _export(corpus, tmp_path / "2.jsonl", "--incremental", "nightly")
    assert (len(first) > 0, second) == (True, [])


def test_graph_export_and_stats_show_the_volgograd_coventry_pair(corpus: Path, tmp_path: Path) -> None:
    done = run_twincrawl("export", "--store", f"sqlite:///{corpus}", "--graph", tmp_path / "graph")
    assert done.returncode == 0, done.stderr
    with (tmp_path / "graph" / "edges.csv").open(encoding="utf-8", newline="") as rows:
        edges = {frozenset((row["source_name"], row["target_name"])): row for row in csv.DictReader(rows)}
    volgograd_coventry = edges[frozenset(("Volgograd", "Coventry"))]
    assert int(volgograd_coventry["articles"]) >= 2
    assert volgograd_coventry["first_published"].startswith("2013-09-06")
    assert "<graphml" in (tmp_path / "graph" / "pairs.graphml").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "graph" / "pairs.json").read_text(encoding="utf-8"))
    stats = run_twincrawl("stats", "--store", f"sqlite:///{corpus}")
    assert stats.returncode == 0
    assert "Volgograd (RU) – Coventry (GB)" in stats.stdout


def test_every_record_has_one_metadata_shape_that_duckdb_reads_from_any_file(corpus: Path, tmp_path: Path) -> None:
    records = _export(corpus, tmp_path / "all.jsonl")
    assert {tuple(record["metadata"]) for record in records} == {METADATA_FIELDS}
    found = {field for record in records for field, value in record["metadata"].items() if value is not None}
    assert {"title", "language"} <= found
    title_only = make_article(1, metadata={"title": {"raw": "Новость 1", "from": "og"}})
    fuller = make_article(2, metadata={"title": {"raw": "Новость 2", "from": "jsonld"},
                                       "image": {"raw": "/a.jpg", "from": "og"}})  # fmt: skip
    files = []
    for article in (title_only, fuller):
        files.append(tmp_path / f"{article.id}.jsonl")
        with files[-1].open("w", encoding="utf-8") as out:
            write_articles([article], out)
    fields = ", ".join(f"metadata.{field}" for field in METADATA_FIELDS)
    for path in files:  # a field no record of the file has is still there (null), so one query reads every file
        assert len(duckdb.sql(f"SELECT {fields} FROM read_json_auto('{path}')").fetchall()) == 1
    both = f"read_json_auto(['{files[0]}', '{files[1]}'])"
    assert duckdb.sql(f"SELECT id, metadata.image.raw FROM {both} ORDER BY id").fetchall() == [
        (title_only.id, None), (fuller.id, "/a.jpg"),
    ]  # fmt: skip
    [(_, described, *_)] = duckdb.sql(f"DESCRIBE SELECT metadata FROM {both}").fetchall()
    assert described.startswith("STRUCT(title STRUCT(raw VARCHAR")
    assert all(f"{field} STRUCT(" in described for field in ("title", "image"))
