"""Near duplicates across runs: the SimHash bands kept in both stores let a new article find the stored story
it repeats with one indexed look-up."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from twincrawl.dedup import DuplicateIndex, fingerprints
from twincrawl.items import Article, article_id
from twincrawl.store import Store
from twincrawl.store.mongo import MongoStore
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

STORY = (
    "The delegation of the twin city of Coventry arrived in Volgograd on Monday. The guests visited the memorial "
    "complex, laid flowers and met the students of the local university, who study English and history. "
) * 6
OTHER = "Perm and Oxford signed a new agreement on school exchanges; forty pupils will travel in spring. " * 6


def _article(source: str, n: int, text: str, duplicate_of: str | None = None) -> Article:
    url = f"https://{source}.example/news/{n}"
    content_hash, simhash = fingerprints("A title", text)
    return Article(id=article_id(url), url=url, canonical_url=url, source=source, title="A title", text=text,
                   content_hash=content_hash, simhash=simhash, duplicate_of=duplicate_of)  # fmt: skip


@pytest.fixture(params=["sqlite", "mongodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each store, empty."""
    if request.param == "sqlite":
        opened: Store = SqliteStore(f"sqlite:///{tmp_path / 'corpus.db'}")
    else:
        opened = MongoStore(request.getfixturevalue("mongo_uri"), spool_dir=tmp_path / "spool")
    yield opened
    opened.close()


def test_an_edited_copy_on_another_source_in_a_later_run_points_at_the_stored_story(store: Store) -> None:
    first = _article("volgograd", 1, STORY)
    store.upsert([first, _article("perm", 1, OTHER)])
    later_run = DuplicateIndex()  # a new run: nothing in memory
    copy = _article("coventry", 7, STORY.replace("on Monday", "on Tuesday", 1))
    checked = later_run.checked(copy, later_run.stored_original(store, copy))
    assert checked.duplicate_of == first.id
    store.upsert([checked])
    assert store.get(copy.id) is not None and store.get(first.id) is not None


def test_duplicates_are_not_indexed_so_a_third_copy_points_at_the_first(store: Store) -> None:
    first = _article("volgograd", 1, STORY)
    store.upsert([first, _article("coventry", 2, STORY.replace("Monday", "Sunday", 1), duplicate_of=first.id)])
    third = _article("perm", 3, STORY.replace("history", "music", 1))
    assert [other for _, other in store.find_near(third.simhash)] == [first.id]
    assert DuplicateIndex().stored_original(store, third) == first.id


def test_a_different_story_and_the_article_itself_are_no_original(store: Store) -> None:
    first = _article("volgograd", 1, STORY)
    store.upsert([first])
    assert DuplicateIndex().stored_original(store, _article("perm", 1, OTHER)) is None
    assert DuplicateIndex().stored_original(store, first) is None  # re-crawled: itself is not its original


def test_a_sqlite_file_written_before_bands_were_kept_gets_them_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    first = _article("volgograd", 1, STORY)
    SqliteStore(f"sqlite:///{path}").upsert([first])
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE article_bands")
    reopened = SqliteStore(f"sqlite:///{path}")
    try:
        copy = _article("coventry", 2, STORY.replace("on Monday", "on Tuesday", 1))
        assert DuplicateIndex().stored_original(reopened, copy) == first.id
    finally:
        reopened.close()


def test_a_query_hiding_duplicates_leaves_out_only_the_marked_copies(store: Store) -> None:
    first = _article("volgograd", 1, STORY)
    copy = _article("coventry", 2, STORY.replace("Monday", "Sunday", 1), duplicate_of=first.id)
    other = _article("perm", 3, OTHER)
    store.upsert([first, copy, other])
    kept = {article.id for article in store.query(Query())}
    hidden = {article.id for article in store.query(Query(hide_duplicates=True))}
    assert (kept, hidden) == ({first.id, copy.id, other.id}, {first.id, other.id})
    assert [a.id for a in store.query(Query(source="coventry", hide_duplicates=True))] == []
    assert store.count(Query(hide_duplicates=True, limit=5)) == 2
