"""``twincrawl bench distributed`` on a small generated site: 1 and 2 workers each fetch and store everything once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.cli import run_twincrawl
from tests.fixtures.redis import REDIS_SERVER

pytestmark = [pytest.mark.redis, pytest.mark.slow]

PAGES = 60
WORKERS = (1, 2)


def _workers(count: int) -> str:
    return f"{count} worker{'s' if count > 1 else ''}"


def _pages_by_worker(check: str) -> list[int]:
    found = re.search(r"article pages by worker: ([\d+]+)\)", check)
    return [int(pages) for pages in found.group(1).split("+")] if found else []


@pytest.mark.timeout(600)  # two distributed crawls, each worker in its own process; slow on a busy machine
def test_distributed_bench_prints_a_row_per_worker_count_with_every_page_fetched_and_stored_once() -> None:
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    done = run_twincrawl("bench", "distributed", "--pages", str(PAGES), "--workers", ",".join(map(str, WORKERS)),
                         "--concurrency", "8", timeout=580)  # fmt: skip
    lines = done.stdout.splitlines()
    checks = {
        count: next((line for line in lines if line.startswith(f"check, {_workers(count)}:")), "") for count in WORKERS
    }
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    shares = {count: _pages_by_worker(checks[count]) for count in WORKERS}
    assert {count: (len(pages), sum(pages)) for count, pages in shares.items()} == {
        count: (count, PAGES) for count in WORKERS
    }
    assert checks == {
        count: f"check, {_workers(count)}: fetched {PAGES}/{PAGES} article pages, 2/2 listings, 1/1 feed "
        f"(article pages by worker: {'+'.join(map(str, shares[count]))}); "
        f"stored {PAGES}/{PAGES} new articles, {PAGES} in the store; other outcomes: none; "
        f"{count}/{count} workers reported: every page fetched once and every article stored once: yes"
        for count in WORKERS
    }
    header = next(index for index, line in enumerate(lines) if line.split()[:1] == ["workers"])
    rows = {int(line.split()[0]): line.split()[1:] for line in lines[header + 1 : header + 1 + len(WORKERS)]}
    assert {count: (int(pages), int(articles)) for count, (_, pages, articles, *_) in rows.items()} == dict.fromkeys(
        WORKERS, (PAGES, PAGES)
    )
    figures = [float(value.rstrip("x")) for _, _, _, *values in rows.values() for value in values]
    assert all(value > 0 for value in figures)
    assert float(rows[1][5].rstrip("x")) == 1.0
