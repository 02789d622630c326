"""Other tools load the replica's corpus as it is: networkx reads pairs.json, DuckDB and pyarrow read the Parquet
export with fixed column types, ``twincrawl.open_corpus`` gives Articles and a typed DataFrame, and the SQLite
file has views with real columns for tools that know nothing of twincrawl."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import duckdb
import networkx
import pandas
import pyarrow.parquet
import pytest

import twincrawl
from tests.fixtures.cli import run_twincrawl
from tests.paths import REPO
from twincrawl.corpus import parquet_schema
from twincrawl.items import Article
from twincrawl.store import StoreError
from twincrawl.store.sqlite import SqliteStore

VOLGOGRAD = 472757


@pytest.fixture(scope="module")
def corpus(replica_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("tools") / "corpus.db"
    done = run_twincrawl("crawl", "--sources-file", replica_registry, "--store", f"sqlite:///{store}",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return store


def test_networkx_reads_the_pair_graph_without_options(corpus: Path, tmp_path: Path) -> None:
    done = run_twincrawl("export", "--store", f"sqlite:///{corpus}", "--graph", tmp_path)
    assert done.returncode == 0, done.stderr
    graph = networkx.node_link_graph(json.loads((tmp_path / "pairs.json").read_text(encoding="utf-8")))
    assert not graph.is_directed() and graph.number_of_edges() >= 1
    assert VOLGOGRAD in graph and graph.nodes[VOLGOGRAD]["name"] == "Volgograd"
    assert all(data["articles"] >= 1 for _, _, data in graph.edges(data=True))


def test_the_parquet_export_has_the_fixed_schema_and_duckdb_reads_typed_columns(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.parquet"
    done = run_twincrawl("export", "--store", f"sqlite:///{corpus}", "--format", "parquet", "--out", out)
    assert done.returncode == 0, done.stderr
    assert pyarrow.parquet.read_schema(out).equals(parquet_schema(), check_metadata=False)
    described = {row[0]: row[1] for row in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{out}')").fetchall()}
    assert described["published"] == described["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    # Typed whether or not any record has a value (a column null in every row is no NULL column).
    assert described["duplicate_of"] == "VARCHAR" and described["aliases"] == "VARCHAR[]"
    assert described["metadata"].startswith("MAP(VARCHAR, STRUCT(")
    [(twinning, total)] = duckdb.sql(
        f"SELECT count(*) FILTER (WHERE relevance.is_twinning), count(*) FROM read_parquet('{out}')"
    ).fetchall()
    assert total >= 20 and 0 < twinning < total
    cities = duckdb.sql(
        f"SELECT DISTINCT p.geonameid FROM read_parquet('{out}'), unnest(places) AS u(p) WHERE p.name = 'Volgograd'"
    ).fetchall()
    assert cities == [(VOLGOGRAD,)]


def test_an_empty_selection_still_writes_the_schema(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    done = run_twincrawl("export", "--store", f"sqlite:///{corpus}", "--format", "parquet", "--out", out,
                         "--since", "2099-01-01")  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pyarrow.parquet.read_table(out)
    assert table.num_rows == 0 and table.schema.equals(parquet_schema(), check_metadata=False)


def test_parquet_needs_an_output_file(corpus: Path) -> None:
    done = run_twincrawl("export", "--store", f"sqlite:///{corpus}", "--format", "parquet")
    assert done.returncode == 2 and "--out FILE.parquet" in done.stderr


def test_open_corpus_iterates_articles_and_gives_a_typed_dataframe(corpus: Path) -> None:
    with twincrawl.open_corpus(f"sqlite:///{corpus}") as articles:
        every = list(articles)
        assert every and all(isinstance(article, Article) for article in every)
        frame = articles.to_pandas()
        assert len(frame) == len(every) == len(articles)
        assert isinstance(frame["published"].dtype, pandas.DatetimeTZDtype) and str(frame["published"].dt.tz) == "UTC"
        assert frame["is_twinning"].dtype == bool and frame["is_twinning"].any()
        assert isinstance(frame["published"].dropna().iloc[0], pandas.Timestamp)
        twinning = articles.filter(is_twinning=True, since=date(2020, 1, 1))
        assert 0 < len(twinning) < len(articles)
        assert all(article.relevance.is_twinning for article in twinning)
        first = every[0]
        assert articles.get(first.id) == first


def test_open_corpus_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no corpus at"):
        twincrawl.open_corpus(f"sqlite:///{tmp_path / 'missing.db'}")
    assert not (tmp_path / "missing.db").exists()


def test_the_example_script_runs_on_the_corpus(corpus: Path) -> None:
    script = REPO / "examples" / "corpus_notebook.py"
    env = {**os.environ, "PYTHONPATH": str(script.parents[1])}
    done = subprocess.run([sys.executable, str(script), f"sqlite:///{corpus}"], env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "about twinning" in done.stdout and "Volgograd" in done.stdout


# -- the SQLite file read without twincrawl -------------------------------------------------------------------
def _plain(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    return db


def test_the_articles_view_has_the_records_fields_as_columns(corpus: Path) -> None:
    with closing(_plain(corpus)) as db:
        rows = db.execute("SELECT * FROM articles_view WHERE is_twinning ORDER BY published DESC").fetchall()
        total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert rows and len(rows) < total
    first = dict(rows[0])
    assert {"title", "text", "published", "published_precision", "published_local", "relevance_score"} <= set(first)
    assert first["title"] and len(first["text"]) > 200 and 0.5 <= first["relevance_score"] <= 1


def test_the_cities_and_pairs_views_give_names_countries_and_coordinates(corpus: Path) -> None:
    with closing(_plain(corpus)) as db:
        volgograd = dict(db.execute("SELECT * FROM cities WHERE geonameid = ?", (VOLGOGRAD,)).fetchone())
        pairs = [dict(row) for row in db.execute("SELECT * FROM pairs ORDER BY articles DESC")]
    assert (volgograd["name"], volgograd["country"]) == ("Volgograd", "RU")
    assert round(volgograd["latitude"]) == 49 and round(volgograd["longitude"]) == 44
    assert volgograd["articles"] >= volgograd["twinning_articles"] >= 1
    assert pairs and all(pair["a_name"] and pair["b_name"] and pair["articles"] >= 1 for pair in pairs)
    with_volgograd = [pair for pair in pairs if VOLGOGRAD in (pair["a"], pair["b"])]
    assert with_volgograd and all(pair["a_latitude"] is not None for pair in with_volgograd)


def test_pandas_reads_the_views_with_plain_sqlite(corpus: Path) -> None:
    with closing(_plain(corpus)) as db:
        frame = pandas.read_sql("SELECT name, country, articles FROM cities ORDER BY articles DESC", db)
    assert "Volgograd" in set(frame["name"]) and frame["articles"].dtype.kind == "i"


def test_a_file_of_layout_3_gets_its_gazetteer_filled(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "layout3.db"
    shutil.copy(corpus, copy)
    with closing(sqlite3.connect(copy)) as db:
        db.execute("DELETE FROM gazetteer")
        db.execute("PRAGMA user_version = 3")
        db.commit()
    SqliteStore(f"sqlite:///{copy}").close()
    with closing(_plain(copy)) as db:
        assert db.execute("SELECT name FROM cities WHERE geonameid = ?", (VOLGOGRAD,)).fetchone()[0] == "Volgograd"


#: How datasette finds the full-text table of a table (``datasette.utils.detect_fts_sql``, 0.6x): a virtual FTS
#: table whose content is that table, or the FTS table itself. datasette is not a dependency, so its two queries
#: are run here through sqlite3, as datasette runs them.
_DATASETTE_DETECT_FTS = """
SELECT name FROM sqlite_master WHERE rootpage = 0 AND (
    sql LIKE '%VIRTUAL TABLE%USING FTS%content="' || :table || '"%'
    OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=[' || :table || ']%'
    OR (tbl_name = :table AND sql LIKE '%VIRTUAL TABLE%USING FTS%')
)
"""
#: datasette's ``?_search=`` clause (``datasette.filters``; fts_pk defaults to rowid), the words quoted as its
#: ``escape_fts`` quotes them.
_DATASETTE_SEARCH = "SELECT rowid, * FROM {table} WHERE rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH :search)"


def test_datasettes_search_over_the_text_index_returns_only_the_matching_articles(corpus: Path) -> None:
    with closing(_plain(corpus)) as db:
        searchable = {
            name: fts
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
            for (fts,) in db.execute(_DATASETTE_DETECT_FTS, {"table": name})
        }
        assert searchable == {"articles_fts": "articles_fts"}
        total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        found = db.execute(_DATASETTE_SEARCH.format(table="articles_fts", fts="articles_fts"),
                           {"search": '"Coventry"'}).fetchall()  # fmt: skip
        expected = {
            row["seq"]: row["title"]
            for row in db.execute("SELECT a.seq, v.title, v.text FROM articles a JOIN articles_view v ON v.id = a.id")
            if "coventry" in f"{row['title']} {row['text']}".casefold()
        }
    assert 0 < len(found) < total
    assert {row["rowid"]: row["title"] for row in found} == expected
