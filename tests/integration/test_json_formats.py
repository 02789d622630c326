"""``--format json`` for ``stats`` and ``report``: the same figures as the text, in one document a script reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fixtures.cli import run_twincrawl
from twincrawl.bench.query import build_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("json") / "corpus.db"
    build_store(path, 120, seed=2, rebuild=True)
    return f"sqlite:///{path}"


def test_stats_in_json_holds_the_text_tables(corpus: str) -> None:
    text = run_twincrawl("stats", "--store", corpus, "--top", "5")
    done = run_twincrawl("stats", "--store", corpus, "--top", "5", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert text.stdout.startswith(f"{document['articles']} articles\n")
    assert document["articles"] == 120
    assert sum(document["by_label"].values()) == 120
    assert len(document["by_source"]) == 5
    for source, count in document["by_source"].items():
        assert f"  {count:7d}  {source}\n" in text.stdout
    city = document["by_city"][0]
    assert {"geonameid", "name", "country", "articles", "twinning_articles", "partners"} <= set(city)
    assert f"{city['name']} ({city['country']})" in text.stdout
    for pair in document["by_pair"]:
        assert f"{pair['a_name']} ({pair['a_country']}) – {pair['b_name']} ({pair['b_country']})" in text.stdout


@pytest.mark.redis
def test_report_in_json_is_the_document_out_writes(redis_uri: str, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    done = run_twincrawl("report", "--frontier", redis_uri, "--format", "json", "--out", out)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document == json.loads(out.read_text(encoding="utf-8"))
    assert {"workers", "queued", "in_flight", "live_workers", "sources"} <= set(document)
