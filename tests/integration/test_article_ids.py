"""Article ids name the page, not the way its URL was written, and stores from before keep resolving old ids."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pymongo
import pytest

from twincrawl.items import Article, FetchedPage, article_id, identity_url, url_key
from twincrawl.process import process_page
from twincrawl.registry import Source
from twincrawl.store import open_store
from twincrawl.store.base import RawPage
from twincrawl.store.mongo_documents import page_document, to_document
from twincrawl.store.sqlite import SqliteStore

SAME_PAGE = [
    "https://volgograd.example/news/7",
    "http://volgograd.example/news/7",
    "https://volgograd.example/news/7/",
    "https://Volgograd.EXAMPLE/news/7",
    "https://volgograd.example:443/news/7",
    "http://volgograd.example:80/news/7/",
    "https://volgograd.example/news/7?utm_source=vk&utm_medium=social",
    "https://volgograd.example/news/7?fbclid=IwAR0abc",
    "https://volgograd.example/news/7#comments",
]


@pytest.mark.parametrize("url", SAME_PAGE)
def test_scheme_slash_host_case_default_port_and_tracking_do_not_change_the_id(url: str) -> None:
    assert article_id(url) == article_id(SAME_PAGE[0])


@pytest.mark.parametrize(
    "other",
    ["https://volgograd.example/news/8", "https://volgograd.example:8080/news/7",
     "https://volgograd.example/news/7?id=2", "https://volgograd.example/News/7"],
)  # fmt: skip
def test_another_page_has_another_id(other: str) -> None:
    assert article_id(other) != article_id(SAME_PAGE[0])


def test_the_order_of_real_parameters_does_not_change_the_key() -> None:
    assert (
        url_key("https://a.example/show?b=2&a=1")
        == url_key("https://a.example/show?a=1&b=2")
        == ("a.example/show?a=1&b=2")
    )


def test_the_canonical_link_names_the_article_only_on_its_own_site() -> None:
    assert identity_url("https://www.a.example/n?x=1", "https://a.example/n/1") == "https://a.example/n/1"
    assert identity_url("https://a.example/n/1", "https://agency.example/story") == "https://a.example/n/1"
    assert identity_url("https://a.example/n/1", None) == "https://a.example/n/1"


def _source() -> Source:
    return Source(key="volgograd", name="Volgograd", country="RU", city="Volgograd", languages=["en"],
                  timezone="Europe/Volgograd", start_urls=["https://volgograd.example/news/"])  # fmt: skip


def _page(url: str, canonical: str) -> FetchedPage:
    body = (
        f"<html><head><title>Volgograd and Coventry</title><link rel='canonical' href='{canonical}'></head><body>"
        f"<h1>Volgograd and Coventry</h1><p>{'The twin cities of Volgograd and Coventry met again. ' * 8}</p>"
        "</body></html>"
    )
    return FetchedPage(url=url, source="volgograd", body=body.encode())


def test_a_page_reached_by_a_tracking_link_gets_the_id_of_its_canonical_page() -> None:
    tracked = process_page(_page("http://volgograd.example/news/7/?utm_source=tg", "/news/7"), _source())
    plain = process_page(_page("https://volgograd.example/news/7", "https://volgograd.example/news/7"), _source())
    assert tracked.id == plain.id == article_id("https://volgograd.example/news/7")


def test_a_canonical_link_to_another_site_does_not_merge_the_copy_with_the_original() -> None:
    copy = process_page(_page("https://volgograd.example/news/7", "https://agency.example/story/1"), _source())
    assert copy.id == article_id("https://volgograd.example/news/7")


# -- stores written before ids came from URL keys -------------------------------------------------------------
def _old_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _old_article(url: str, fetched_at: str, text: str) -> Article:
    return Article(id=_old_id(url), url=url, canonical_url=url, source="volgograd", title="Twins", text=text,
                   fetched_at=fetched_at, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                   schema_version=1)  # fmt: skip


HTTP, HTTPS = "http://volgograd.example/news/7/", "https://volgograd.example/news/7"
OLDER = _old_article(HTTP, "2024-01-01T00:00:00+00:00", "The first wording.")
NEWER = _old_article(HTTPS, "2024-02-01T00:00:00+00:00", "The second wording.")
NEW_ID = article_id(HTTPS)


def _raw(url: str, owner: str) -> RawPage:
    return RawPage(url=url, source="volgograd", fetched_at="2024-02-01T00:00:00+00:00", status=200, headers={},
                   body=b"<html></html>", extractor_version="old", article_id=owner)  # fmt: skip


def _assert_migrated(uri: str) -> None:
    store = open_store(uri)
    try:
        assert store.count() == 1
        for old in (OLDER.id, NEWER.id, NEW_ID):
            found = store.get(old)
            assert found is not None and (found.id, found.text) == (NEW_ID, NEWER.text)
            assert sorted(found.aliases) == sorted([OLDER.id, NEWER.id])
        assert [version.text for version in store.versions(OLDER.id)] == [OLDER.text]
        assert {raw.article_id for raw in store.iter_raw()} == {NEW_ID}
    finally:
        store.close()


def _assert_a_rewrite_keeps_the_aliases(uri: str) -> None:
    store = open_store(uri)
    try:
        store.upsert([Article.from_dict(NEWER.to_dict() | {"id": NEW_ID, "aliases": [], "text": "Third."})])
        again = store.get(OLDER.id)
        assert again is not None and again.text == "Third." and sorted(again.aliases) == sorted([OLDER.id, NEWER.id])
    finally:
        store.close()


def test_a_sqlite_store_of_layout_2_migrates_to_url_key_ids_and_keeps_the_old_ones_as_aliases(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = SqliteStore(uri)
    store.upsert([OLDER, NEWER])
    store.save_raw([_raw(HTTP, OLDER.id), _raw(HTTPS, NEWER.id)])
    store.close()
    with sqlite3.connect(tmp_path / "corpus.db") as db:
        db.execute("DELETE FROM aliases")
        db.execute("PRAGMA user_version = 2")

    _assert_migrated(uri)
    _assert_migrated(uri)  # opening it again changes nothing
    _assert_a_rewrite_keeps_the_aliases(uri)


def test_a_mongodb_store_migrates_to_url_key_ids_and_keeps_the_old_ones_as_aliases(
    mongo_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(mongo_uri, serverSelectionTimeoutMS=3000)
    database = client.get_default_database()
    database["articles"].insert_many([to_document(OLDER), to_document(NEWER)])
    database["raw_pages"].insert_many([page_document(_raw(HTTP, OLDER.id)), page_document(_raw(HTTPS, NEWER.id))])
    client.close()

    _assert_migrated(mongo_uri)
    _assert_migrated(mongo_uri)
    _assert_a_rewrite_keeps_the_aliases(mongo_uri)
