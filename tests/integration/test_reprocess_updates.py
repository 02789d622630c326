"""``twincrawl reprocess`` rewrites the records whose derived fields change (not only those whose text does),
keeps a version only when the text changed, and says which fields changed — on SQLite and on MongoDB."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
import pytest

from tests.integration.twin_news import REGISTRY
from twincrawl.cli import main
from twincrawl.items import FetchedPage
from twincrawl.process.page import ProcessingOptions, extractor_version, process_page
from twincrawl.registry import Source, load_file
from twincrawl.store import Store, open_store
from twincrawl.store.base import RawPage

# One strong twinning term: a score between the default threshold (0.5) and 0.9.
BODY = (
    "<html><head><title>Coventry council news</title></head><body>"
    "<h1>Coventry council news</h1><p class='date'>12 March 2024</p>"
    f"<p>{'The council met the delegation from its twin town and discussed school exchanges. ' * 5}</p>"
    "</body></html>"
).encode()
URL = "https://twin-news.example/news/7"


@pytest.fixture(params=["sqlite", "mongodb"])
def store_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corpus.db'}"
    uri: str = request.getfixturevalue("mongo_uri")
    return uri


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _source(registry: Path) -> Source:
    (source,) = load_file(registry)
    return source


def _stored(uri: str, options: ProcessingOptions, registry: Path) -> str:
    """Store the page processed with ``options`` as a crawl would; returns the article id."""
    page = FetchedPage(url=URL, source="twin-news", body=BODY)
    article = process_page(page, _source(registry), options)
    with _open(uri) as store:
        store.upsert([article])
        store.save_raw([RawPage.from_page(page, article.extractor_version, article.id)])
    return article.id


@contextmanager
def _open(uri: str) -> Iterator[Store]:
    store = open_store(uri)
    try:
        yield store
    finally:
        store.close()


def _reprocess(uri: str, registry: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    capsys.readouterr()
    assert main(["reprocess", "--store", uri, "--sources-file", str(registry), *extra]) == 0
    return capsys.readouterr().out


def test_a_higher_relevance_threshold_relabels_the_stored_record_without_a_version(
    store_uri: str, registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article_id = _stored(store_uri, ProcessingOptions(), registry)
    with _open(store_uri) as store:
        before = store.get(article_id)
    assert before is not None and before.relevance.is_twinning

    out = _reprocess(store_uri, registry, capsys, "--all", "--set", "TWINCRAWL_RELEVANCE_THRESHOLD=0.99")

    assert "1 records changed (relevance 1)" in out
    with _open(store_uri) as store:
        after = store.get(article_id)
        assert after is not None and not after.relevance.is_twinning
        assert after.relevance.score == before.relevance.score
        assert after.text == before.text
        assert store.versions(article_id) == []  # the text did not change
    assert "0 records changed" in _reprocess(store_uri, registry, capsys, "--all", "--set",
                                             "TWINCRAWL_RELEVANCE_THRESHOLD=0.99")  # fmt: skip


def test_reprocessing_in_another_extraction_mode_updates_the_extractor_version(
    store_uri: str, registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article_id = _stored(store_uri, ProcessingOptions(extraction_mode="fast"), registry)

    out = _reprocess(store_uri, registry, capsys, "--extraction", "accurate")

    assert "1 records changed" in out and "extractor_version 1" in out
    with _open(store_uri) as store:
        after = store.get(article_id)
        assert after is not None and after.extractor_version == extractor_version("accurate")
        versions = store.versions(article_id)
    # A version is kept exactly when the accurate mode's title or text differs from the fast one's.
    assert [old.extractor_version for old in versions] == (
        [extractor_version("fast")] if "text" in out or "title" in out else []
    )


def test_a_stored_duplicate_link_survives_reprocessing(
    store_uri: str, registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article_id = _stored(store_uri, ProcessingOptions(), registry)
    with _open(store_uri) as store:
        stored = store.get(article_id)
        assert stored is not None
        store.upsert([attrs.evolve(stored, duplicate_of="0123456789abcdef")])

    assert "0 records changed" in _reprocess(store_uri, registry, capsys, "--all")
    with _open(store_uri) as store:
        after = store.get(article_id)
    assert after is not None and after.duplicate_of == "0123456789abcdef"


@pytest.fixture(autouse=True)
def _own_spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    yield


def test_a_copy_at_another_url_with_the_same_text_leaves_the_stored_record_alone(
    store_uri: str, registry: Path
) -> None:
    article_id = _stored(store_uri, ProcessingOptions(), registry)
    with _open(store_uri) as store:
        stored = store.get(article_id)
        assert stored is not None
        copy = attrs.evolve(stored, url=URL + "-copy", metadata={**stored.metadata, "canonical_url": {"raw": URL,
                            "from": "html"}})  # fmt: skip
        assert store.upsert([copy]).unchanged == [article_id]
        changed = attrs.evolve(copy, relevance=attrs.evolve(stored.relevance, is_twinning=False))
        assert store.upsert([changed]).unchanged == [article_id]  # the text is the same: the stored page stands
        assert store.get(article_id) == stored
