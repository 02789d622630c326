"""``twincrawl bench query`` on a small store: every query kind and the near-duplicate look-up are timed, and the
built store is reused."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.cli import run_twincrawl
from twincrawl.bench.query import LIMIT, generate_articles

KINDS = ("city", "pair", "dates", "text", "combined")


def test_query_bench_times_every_kind_and_reuses_its_store(tmp_path: Path) -> None:
    args = ("bench", "query", "--articles", "400", "--repeat", "10", "--cache", tmp_path)
    first = run_twincrawl(*args, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "(built in" in first.stdout
    for kind in KINDS:
        line = next((line for line in first.stdout.splitlines() if line.split()[:1] == [kind]), None)
        assert line is not None, f"no row {kind!r} in:\n{first.stdout}"
        p50, p95, worst, cpu_p95, results = map(float, line.split()[1:6])
        assert 0 <= p50 <= p95 <= worst and cpu_p95 >= 0 and 0 <= results <= LIMIT
    duplicate = next(line for line in first.stdout.splitlines() if line.startswith("duplicate "))
    p50, p95, worst, cpu_p95 = map(float, duplicate.split()[1:5])
    found, copies = map(int, duplicate.split()[5].split("/"))
    # Half the timed texts are stored articles with one word changed: those within the SimHash's 3 bits are found.
    assert 0 <= p50 <= p95 <= worst and cpu_p95 >= 0 and copies == 5 and 1 <= found <= copies
    second = run_twincrawl(*args, timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "(reused)" in second.stdout


def test_generated_corpus_is_the_same_for_the_same_seed() -> None:
    first = [(article.id, article.content_hash) for article in generate_articles(50, seed=3)]
    assert first == [(article.id, article.content_hash) for article in generate_articles(50, seed=3)]
    assert len({article_id for article_id, _ in first}) == 50
