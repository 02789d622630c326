"""``twincrawl reprocess`` takes up the raw pages another processing made, the other extraction mode included."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.twin_news import REGISTRY
from twincrawl.cli import main
from twincrawl.items import FetchedPage
from twincrawl.process.page import ProcessingOptions, extractor_version, process_page
from twincrawl.registry import load_file
from twincrawl.store.base import RawPage
from twincrawl.store.sqlite import SqliteStore

BODY = (
    "<html><head><title>Coventry and Volgograd renew their twinning</title></head><body>"
    "<h1>Coventry and Volgograd renew their twinning</h1><p class='date'>12 March 2024</p>"
    f"<p>{'The twin cities signed a new agreement on school exchanges and culture. ' * 6}</p>"
    "</body></html>"
).encode()


def _reprocess(store: str, registry: Path, *extra: str) -> None:
    assert main(["reprocess", "--store", store, "--sources-file", str(registry), *extra]) == 0


def test_pages_processed_in_fast_mode_are_reprocessed_in_accurate_mode_and_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    (source,) = load_file(registry)
    page = FetchedPage(url="https://twin-news.example/news/7", source=source.key, body=BODY)
    fast = process_page(page, source, ProcessingOptions(extraction_mode="fast"))
    assert fast.extractor_version == extractor_version("fast") != extractor_version("accurate")
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = SqliteStore(uri)
    store.upsert([fast])
    store.save_raw([RawPage.from_page(page, fast.extractor_version, fast.id)])
    store.close()

    _reprocess(uri, registry)
    assert "reprocessed 1 pages" in capsys.readouterr().out
    _reprocess(uri, registry)
    assert "reprocessed 0 pages" in capsys.readouterr().out
    assert _raw_versions(uri) == [extractor_version("accurate")]

    _reprocess(uri, registry, "--extraction", "fast")
    assert "reprocessed 1 pages" in capsys.readouterr().out
    assert _raw_versions(uri) == [extractor_version("fast")]


def _raw_versions(uri: str) -> list[str]:
    store = SqliteStore(uri)
    try:
        return [raw.extractor_version for raw in store.iter_raw()]
    finally:
        store.close()
