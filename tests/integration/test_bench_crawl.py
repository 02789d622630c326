"""``twincrawl bench crawl`` on a small generated site: every row is measured and the counts agree."""

from __future__ import annotations

import re
from collections import Counter

import lxml.html
import pytest

from tests.fixtures.cli import run_twincrawl
from twincrawl.bench.crawl import ROWS
from twincrawl.bench.site.pages import build_site
from twincrawl.extract.html import node_count

PAGES = 60


@pytest.mark.timeout(900)  # four crawls in their own processes; slow on a busy machine
@pytest.mark.slow
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


def test_generated_pages_are_sized_like_real_ones_deterministic_and_share_their_chrome() -> None:
    site = build_site("http://127.0.0.1:1", 120)
    pages = [site.resources[path] for path in site.article_paths]
    again = build_site("http://127.0.0.1:1", 120)
    assert [page.body for page in pages] == [again.resources[path].body for path in again.article_paths]
    trees = [lxml.html.document_fromstring(page.body) for page in pages]
    nodes = sorted(node_count(tree) for tree in trees)
    links = sorted(len(tree.xpath("//a")) for tree in trees)
    sizes = sorted(len(page.body) for page in pages)
    # Real publishers' pages: 466/709/1032 nodes, 81/131/205 links, 62/105/194 KB by quartile.
    assert 350 <= nodes[30] <= nodes[60] <= nodes[90] <= 1300, nodes
    assert 60 <= links[30] <= links[60] <= links[90] <= 260, links
    assert 45_000 <= sizes[30] <= sizes[60] <= sizes[90] <= 250_000, sizes
    # The chrome is the same bytes objects in every page that carries it, not copies.
    carriers = Counter(id(chunk) for page in pages for chunk in page.chunks)
    assert max(carriers.values()) >= len(pages) // 2
