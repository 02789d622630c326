"""Pages that look hostile but are articles: a NUL in the title, UTF-16/32 with a byte-order mark, megabytes of
script in the head. Each is served by a fault server, crawled by ``twincrawl crawl`` and must be stored whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.pages import article, article_html, listing, skipped, stored
from tests.faults.server import FaultServer, page
from tests.fixtures.faults import CrawlRun, crawl, record, source, write_registry

pytestmark = pytest.mark.faults

NEWS = r"/p/news/[\w.-]+$"
#: 4.7 MB of inline script in the head: over the parser's 4,000,000-character cut, under the 5 MiB page cap.
_SCRIPT = "<script>var blob = '" + "x" * 4_700_000 + "';</script>"
PAGES = {
    "/p/news/nul": article("P NUL в заголовке", "P-NUL-MARK").replace(b"<title>", b"<title>\x00", 1),
    "/p/news/utf16": b"\xff\xfe" + article_html("P UTF-16LE", "P-UTF16-MARK").encode("utf-16-le"),
    "/p/news/utf16be": b"\xfe\xff" + article_html("P UTF-16BE", "P-UTF16BE-MARK").encode("utf-16-be"),
    "/p/news/utf32": article_html("P UTF-32", "P-UTF32-MARK").encode("utf-32"),
    "/p/news/script": article("P после скрипта", "P-SCRIPT-MARK", extra_head=_SCRIPT),
}


@pytest.fixture(scope="module")
def pages_crawl(fault_server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlRun, Path]:
    folder = tmp_path_factory.mktemp("pages")
    for path, body in PAGES.items():
        fault_server.route(path, page(body, "text/html"))
    fault_server.route("/robots.txt", page(b"User-agent: *\nAllow: /\n", "text/plain"))
    fault_server.route("/p/", page(listing(*(fault_server.url(path) for path in PAGES))))
    registry = write_registry(
        folder / "sources.yaml", [source("p", start_urls=[fault_server.url("/p/")], article_urls=[NEWS])]
    )
    store = folder / "corpus.db"
    run = crawl(registry, store, folder / "report.json", {"TWINCRAWL_INCREMENTAL": "False"})
    assert run.report, run.log[-3000:]
    return run, store


@pytest.mark.parametrize(
    ("path", "title", "marker"),
    [
        ("/p/news/nul", "P NUL в заголовке", "P-NUL-MARK"),
        ("/p/news/utf16", "P UTF-16LE", "P-UTF16-MARK"),
        ("/p/news/utf16be", "P UTF-16BE", "P-UTF16BE-MARK"),
        ("/p/news/utf32", "P UTF-32", "P-UTF32-MARK"),
        ("/p/news/script", "P после скрипта", "P-SCRIPT-MARK"),
    ],
)
def test_a_text_page_that_looks_odd_is_stored_whole(
    pages_crawl: tuple[CrawlRun, Path], fault_server: FaultServer, path: str, title: str, marker: str
) -> None:
    run, store = pages_crawl
    found = stored(store).get(fault_server.url(path))
    record(
        f"P {path.rsplit('/', 1)[1]}",
        f"{title}: stored with its text",
        "stored" if found else "missing",
        "ok" if found and marker in found.text else "FAIL",
    )
    assert found is not None, (skipped(run, "p"), run.log[-2000:])
    assert found.title == title
    assert marker in found.text


def test_no_odd_page_is_skipped(pages_crawl: tuple[CrawlRun, Path]) -> None:
    run, _ = pages_crawl
    assert skipped(run, "p") == {}
