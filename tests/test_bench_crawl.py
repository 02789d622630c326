"""``twincrawl bench crawl`` on a small generated site: every row is measured and the counts agree."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.cli import run_twincrawl
from twincrawl.bench.crawl import ROWS

PAGES = 60


@pytest.mark.timeout(900)  # four crawls in their own processes; slow on a busy machine
def test_crawl_bench_prints_every_row_with_all_pages_and_the_same_articles_out() -> None:
    done = run_twincrawl("bench", "crawl", "--pages", str(PAGES), "--concurrency", "8", timeout=880)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    rows = {}
    for label in ROWS.values():
        line = next((line for line in done.stdout.splitlines() if line.startswith(label)), None)
        assert line is not None, f"no row {label!r} in:\n{done.stdout}"
        pages, articles, seconds, rate, cpu = line[len(label) :].split()[:5]
        rows[label] = (int(pages), int(articles), float(seconds), float(rate), float(cpu))
    assert {label: values[0] for label, values in rows.items()} == dict.fromkeys(ROWS.values(), PAGES)
    assert rows[ROWS["full"]][1] == rows[ROWS["naive"]][1] == rows[ROWS["extract"]][1] == PAGES
    assert all(seconds > 0 and rate > 0 and cpu > 0 for _, _, seconds, rate, cpu in rows.values())
    assert f"same articles out: yes (full pipeline stored {PAGES}, naive spider extracted {PAGES})" in done.stdout
    assert re.search(r"full pipeline / naive spider pages/s: \d+\.\d\dx", done.stdout)
