"""Read commands refuse what is not there: a store that does not exist (nothing is created) and a source key
that is neither in the registry nor in the store (the nearest keys named), exit 2 and one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pymongo
import pytest
from pymongo import uri_parser

from tests.fixtures.cli import REPO, run_twincrawl
from tests.integration import mongo_corpus
from twincrawl.bench.query import build_store
from twincrawl.store.mongo import MongoStore
from twincrawl.store.sqlite import SqliteStore

_READS = (
    ("query", "--city", "Volgograd"),
    ("stats",),
    ("export",),
    ("export", "--out", "out/articles.jsonl", "--incremental", "nightly"),
    ("export", "--graph", "graph"),
    ("reprocess",),
)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def _run_in(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m twincrawl ARGV`` run in ``folder`` (this checkout's code, no $TWINCRAWL_STORE)."""
    environment = {name: value for name, value in os.environ.items() if name != "TWINCRAWL_STORE"}
    return subprocess.run(
        [sys.executable, "-m", "twincrawl", *argv],
        cwd=folder, env={**environment, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small made-up corpus whose sources are ``bench-0`` to ``bench-19``."""
    path = tmp_path_factory.mktemp("refuse") / "corpus.db"
    build_store(path, 60, seed=1, rebuild=True)
    return f"sqlite:///{path}"


@pytest.mark.parametrize("argv", _READS, ids=" ".join)
def test_a_read_command_refuses_a_missing_store_and_creates_nothing(tmp_path: Path, argv: tuple[str, ...]) -> None:
    missing = tmp_path / "nonexistent_dir" / "x.db"
    done = _run_in(tmp_path, *argv, "--store", f"sqlite:///{missing}")
    assert done.returncode == 2
    assert done.stderr == f"twincrawl: error: no corpus at {missing} (crawl first, or pass --store)\n"
    assert done.stdout == ""
    assert _files(tmp_path) == []


def test_the_default_store_is_not_created_by_a_query(tmp_path: Path) -> None:
    done = _run_in(tmp_path, "query", "--city", "Volgograd")
    assert done.returncode == 2
    assert done.stderr == "twincrawl: error: no corpus at data/corpus.db (crawl first, or pass --store)\n"
    assert _files(tmp_path) == []


@pytest.mark.parametrize("command", ["query", "export"])
def test_a_misspelt_source_is_refused_with_the_nearest_keys(corpus: str, command: str) -> None:
    done = run_twincrawl(command, "--store", corpus, "--source", "bench-12x")
    assert done.returncode == 2
    assert done.stderr.startswith("twincrawl: error: --source 'bench-12x': no such source (did you mean bench-12 ")
    assert done.stdout == ""


def test_an_unlike_source_is_refused_with_the_known_keys(corpus: str) -> None:
    done = run_twincrawl("query", "--store", corpus, "--source", "zzzzzzzz")
    assert done.returncode == 2
    assert "no such source (known: " in done.stderr
    assert "bench-19" in done.stderr and "kyiv" not in done.stderr.split("known:")[0]


def test_a_known_source_still_queries(corpus: str) -> None:
    done = run_twincrawl("query", "--store", corpus, "--source", "bench-3", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 3


def _database_names(uri: str) -> list[str]:
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(uri, serverSelectionTimeoutMS=3000)
    try:
        return list(client.list_database_names())
    finally:
        client.close()


@pytest.mark.mongo
@pytest.mark.parametrize("argv", _READS, ids=" ".join)
def test_a_read_command_refuses_an_absent_mongodb_database_and_creates_nothing(
    tmp_path: Path, mongo_uri: str, argv: tuple[str, ...]
) -> None:
    done = _run_in(tmp_path, *argv, "--store", mongo_uri)
    assert done.returncode == 2
    assert done.stderr == f"twincrawl: error: no corpus at {mongo_uri} (crawl first, or pass --store)\n"
    assert done.stdout == ""
    assert _files(tmp_path) == []
    assert uri_parser.parse_uri(mongo_uri)["database"] not in _database_names(mongo_uri)


@pytest.mark.mongo
def test_a_read_command_refuses_a_mongodb_database_whose_collections_are_empty(tmp_path: Path, mongo_uri: str) -> None:
    MongoStore(mongo_uri, spool_dir=tmp_path / "spool").close()  # the collections and their indexes, no record
    assert uri_parser.parse_uri(mongo_uri)["database"] in _database_names(mongo_uri)
    done = run_twincrawl("stats", "--store", mongo_uri)
    assert done.returncode == 2
    assert done.stderr == f"twincrawl: error: no corpus at {mongo_uri} (crawl first, or pass --store)\n"


@pytest.fixture(scope="module")
def city_corpus(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small corpus naming Volgograd, Coventry, Cologne, Turin and Ostrava."""
    uri = f"sqlite:///{tmp_path_factory.mktemp('cities') / 'corpus.db'}"
    store = SqliteStore(uri)
    try:
        store.upsert(mongo_corpus.corpus())
    finally:
        store.close()
    return uri


@pytest.mark.parametrize("command", ["query", "export"])
def test_an_unknown_city_is_refused_with_the_nearest_cities_of_the_corpus(city_corpus: str, command: str) -> None:
    done = run_twincrawl(command, "--store", city_corpus, "--city", "Volgogrd")
    assert done.returncode == 2
    assert done.stderr == "twincrawl: error: --city: no city 'Volgogrd'; nearest: Volgograd\n"
    assert done.stdout == ""


def test_an_unknown_city_of_a_pair_is_refused_with_the_nearest_cities(city_corpus: str) -> None:
    done = run_twincrawl("query", "--store", city_corpus, "--pair", "Volgograd,Coventy")
    assert done.returncode == 2
    assert done.stderr == "twincrawl: error: --pair: no city 'Coventy'; nearest: Coventry\n"


def test_a_city_like_none_of_the_corpus_is_refused_as_such(city_corpus: str) -> None:
    done = run_twincrawl("query", "--store", city_corpus, "--city", "Qwzxqv")
    assert done.returncode == 2
    assert done.stderr == "twincrawl: error: --city: no city 'Qwzxqv' (no city of the corpus has a name like it)\n"


def test_an_unknown_city_on_a_missing_store_is_refused_as_a_missing_corpus(tmp_path: Path) -> None:
    missing = tmp_path / "x.db"
    done = run_twincrawl("query", "--store", f"sqlite:///{missing}", "--city", "Volgogrd")
    assert done.returncode == 2
    assert done.stderr == f"twincrawl: error: no corpus at {missing} (crawl first, or pass --store)\n"
    assert not missing.exists()
