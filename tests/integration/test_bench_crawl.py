"""``twincrawl bench crawl`` on a small generated site: every row is measured and the counts agree."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from html import escape
from pathlib import Path

import lxml.html
import pytest

from tests.fixtures.cli import run_twincrawl
from twincrawl.bench.crawl import ROWS
from twincrawl.bench.site.pages import build_real_site, build_site, read_real_pages
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


def _write_set(folder: Path, pages: dict[str, str], encoding: str = "utf-8") -> None:
    (folder / "pages").mkdir(parents=True)
    for page_id, html in pages.items():
        (folder / "pages" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode(encoding)))


def _page(title: str, text: str) -> str:
    return (
        f'<html><head><meta charset="windows-1251"><title>{title}</title>'
        f'<link rel="canonical" href="https://publisher.example/{title}"></head>'
        f"<body><nav><p>Menu</p></nav><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    )


def test_a_site_of_real_pages_lists_them_all_and_repeats_them_with_a_paragraph_of_their_own(tmp_path: Path) -> None:
    _write_set(tmp_path / "one", {"a": _page("Первая", "Городская дума обсудила бюджет. " * 20)}, "windows-1251")
    _write_set(tmp_path / "two", {"b": _page("Second", "The council met on Monday. " * 20), "a": _page("x", "y")})
    real = read_real_pages(tmp_path)
    assert len(real) == 2  # "a" is read once, from the first set
    assert read_real_pages(tmp_path / "two")[0] != real[0]
    site = build_real_site("http://127.0.0.1:1", 5, real)
    bodies = [site.resources[path].body.decode("utf-8") for path in site.article_paths]
    assert [story.title for story in site.stories] == ["Первая", "Second", "Первая", "Second", "Первая"]
    assert "canonical" not in "".join(bodies)
    assert bodies[0] != bodies[2] != bodies[4] != bodies[0]
    own = [story.paragraphs[0] for story in site.stories[2:]]
    for body, paragraph in zip(bodies[2:], own, strict=True):
        # The paragraph of its own follows the page's longest one, inside the article.
        assert f"</p><p>{escape(paragraph)}</p></article>" in body
    listed = site.resources["/news/"].body.decode("utf-8")
    assert all(f'href="{path}"' in listed for path in site.article_paths)


def test_pages_from_a_folder_without_pages_is_refused_with_the_folder_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=str(tmp_path)):
        read_real_pages(tmp_path)
