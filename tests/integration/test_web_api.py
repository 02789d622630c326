"""The JSON API of ``twincrawl serve`` over both stores: export-shaped records, cursor paging, word forms,
facets, JSON errors, the OpenAPI description, and the safety rules (read-only SQLite, headers, Host, token)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from starlette.testclient import TestClient

from twincrawl.corpus import article_schema
from twincrawl.items import Article, PairState, Place, Relevance, article_id
from twincrawl.store import StoreError, open_store
from twincrawl.store import sqlite as sqlite_store
from twincrawl.web import create_app
from twincrawl.web.security import CONTENT_SECURITY_POLICY

VOLGOGRAD = Place(name="Volgograd", geonameid=472757, country="RU", mentions=2, forms=["Волгограда"])
COVENTRY = Place(name="Coventry", geonameid=2652221, country="GB")
KOELN = Place(name="Cologne", geonameid=2886242, country="DE")


def _id(key: str) -> str:
    return article_id(f"https://example.org/{key}")


def _article(key: str, title: str, text: str, places: list[Place], pairs: list[list[int]], **fields: Any) -> Article:
    return Article(
        id=_id(key), url=f"https://example.org/{key}", canonical_url=f"https://example.org/{key}", source="example",
        title=title, text=text, places=places, pairs=pairs, content_hash=hashlib.sha256(key.encode()).hexdigest(),
        relevance=Relevance(score=0.9 if pairs else 0.1, is_twinning=bool(pairs)),
        fetched_at="2024-05-01T00:00:00+00:00", **fields,
    )  # fmt: skip


def corpus() -> list[Article]:
    ru = [
        _article(f"ru{n}", f"Волгоград и Ковентри {n}", "Города стали побратимами в 1944 году.", [VOLGOGRAD, COVENTRY],
                 [sorted([VOLGOGRAD.geonameid, COVENTRY.geonameid])], language="ru",
                 published=f"2020-{1 + n % 12:02d}-01T00:00:00+00:00")
        for n in range(25)
    ]  # fmt: skip
    en = _article("en1", "Coventry and Cologne", "The cities were twinned in 1959.", [COVENTRY, KOELN],
                  [sorted([COVENTRY.geonameid, KOELN.geonameid])], language="en", published="2019-03-04T00:00:00+00:00",
                  metadata={"title": {"raw": "Coventry and Cologne | News", "from": "og"}})  # fmt: skip
    other = _article("de1", "Haushalt", "Der Rat beschloss den Haushalt.", [KOELN], [], language="de")
    return [*ru, en, other]


@pytest.fixture(params=["sqlite", pytest.param("mongo", marks=pytest.mark.mongo)])
def store_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}" if request.param == "sqlite" else request.getfixturevalue("mongo_uri")
    writer = open_store(uri)
    writer.upsert(corpus())
    writer.close()
    return uri


@pytest.fixture
def client(store_uri: str) -> Iterator[TestClient]:
    with TestClient(create_app(open_store(store_uri, read_only=True)), base_url="http://127.0.0.1") as opened:
        yield opened


def _all_pages(client: TestClient, path: str, key: str, **params: str) -> list[Any]:
    items: list[Any] = []
    cursor = None
    while True:
        answer = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        items += answer.json()[key]
        cursor = answer.json()["next"]
        if cursor is None:
            return items


def test_api_articles_validate_against_the_export_schema_and_page_by_cursor(client: TestClient) -> None:
    records = _all_pages(client, "/api/articles", "articles", size="7")
    assert sorted(record["id"] for record in records) == sorted(article.id for article in corpus())
    validator = jsonschema.Draft202012Validator(article_schema(), format_checker=jsonschema.FormatChecker())
    for record in records:
        validator.validate(record)
    one = client.get(f"/api/articles/{_id('en1')}").json()
    assert one == next(record for record in records if record["id"] == _id("en1"))
    assert one["metadata"]["title"] == {"raw": "Coventry and Cologne | News", "from": "og"}


@pytest.mark.parametrize(
    ("words", "expected"),
    [("побратим", 25), ("побратимами", 25), ("twin", 1), ("twinned", 1), ("twinning", 1), ("haushalt", 1)],
)
def test_words_match_their_inflected_forms(client: TestClient, words: str, expected: int) -> None:
    assert len(_all_pages(client, "/api/articles", "articles", words=words, size="100")) == expected


def test_filters_and_facets_count_what_matches(client: TestClient) -> None:
    twinning = client.get("/api/facets", params={"twinning": "yes"}).json()
    assert twinning["matched"] == 26
    facets = {name: {row["value"]: row["count"] for row in rows} for name, rows in twinning["facets"].items()}
    assert facets["language"] == {"ru": 25, "en": 1}
    assert facets["country"] == {"GB": 26, "RU": 25, "DE": 1}
    assert facets["pair"][f"{VOLGOGRAD.geonameid},{COVENTRY.geonameid}"] == 25
    by_name = _all_pages(client, "/api/articles", "articles", pair="Coventry,Cologne")
    assert [record["id"] for record in by_name] == [_id("en1")]
    dated = _all_pages(client, "/api/articles", "articles", since="2020-06-01", until="2020-06-30", size="100")
    assert {record["published"][:7] for record in dated} == {"2020-06"}


def test_cities_pairs_graph_timeline_and_stats(client: TestClient) -> None:
    pairs = _all_pages(client, "/api/pairs", "items")
    assert (pairs[0]["a_name"], pairs[0]["b_name"], pairs[0]["articles"]) == ("Volgograd", "Coventry", 25)
    cities = {city["name"]: city["articles"] for city in _all_pages(client, "/api/cities", "items", size="1")}
    assert cities == {"Coventry": 26, "Volgograd": 25, "Cologne": 2}
    graph = client.get("/api/graph").json()
    assert (graph["cities"], len(graph["nodes"]), graph["articles"]) == (3, 3, 27)
    assert {(edge["source"], edge["target"]) for edge in graph["edges"]} == {
        tuple(sorted([VOLGOGRAD.geonameid, COVENTRY.geonameid])),
        tuple(sorted([COVENTRY.geonameid, KOELN.geonameid])),
    }
    months = client.get("/api/timeline", params={"twinning": "yes"}).json()
    assert sum(month["articles"] for month in months["months"]) == 26
    assert len(months["months"]) == 22  # 2019-03 to 2020-12, the empty months included
    assert client.get("/api/stats").json()["articles"] == 27
    city = client.get(f"/api/cities/{COVENTRY.geonameid}").json()
    assert {twin["name"]: twin["articles"] for twin in city["twins"]} == {"Volgograd": 25, "Cologne": 1}


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/api/articles?since=yesterday", 400, "since='yesterday' is not a date"),
        ("/api/articles?city=Qwzxqv", 400, "no such city"),
        ("/api/articles?size=5000", 400, "size='5000' must be a whole number"),
        ("/api/articles?cursor=bogus", 400, "pass the 'next' of the previous page"),
        ("/api/articles?country=gbr", 400, "country 'GBR' is not valid"),
        ("/api/articles?words=%21%3F", 400, "must hold 1..200 characters with letters or digits"),
        ("/api/articles/0000", 404, "no article with id '0000'"),
        ("/api/nothing", 404, "no such page"),
    ],
)
def test_errors_are_json_with_a_message(client: TestClient, path: str, status: int, says: str) -> None:
    answer = client.get(path)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    assert says in answer.json()["error"]


def test_openapi_description_lists_the_endpoints_with_the_record_schema(client: TestClient) -> None:
    description = client.get("/api/openapi.json").json()
    assert description["openapi"].startswith("3.1")
    assert {"/api/articles", "/api/articles/{id}", "/api/facets", "/api/pairs", "/api/stats"} <= set(
        description["paths"]
    )
    assert description["components"]["schemas"]["Article"]["properties"].keys() == article_schema()["properties"].keys()


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/stats", "/static/graph.js", "/api/nothing"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY


def test_a_loopback_server_refuses_requests_naming_another_host(client: TestClient) -> None:
    assert client.get("/api/stats", headers={"host": "rebound.example"}).status_code == 400
    assert client.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/api/stats", headers={"host": "[::1]:8000"}).status_code == 200
    assert client.get("/api/stats", headers={"host": "127.0.0.1.rebound.example"}).status_code == 400


def test_a_server_bound_beyond_loopback_needs_its_token(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    open_store(uri).close()
    app = create_app(open_store(uri, read_only=True), token="s3cret", loopback=False)
    with TestClient(app, base_url="http://192.0.2.1") as client:
        refused = client.get("/api/stats")
        assert refused.status_code == 401
        assert "needs its token" in refused.json()["error"]
        assert client.get("/api/stats", headers={"authorization": "Bearer s3cret"}).status_code == 200
        assert client.get("/api/stats", headers={"authorization": "Bearer wrong"}).status_code == 401
        entered = client.get("/?token=s3cret&words=x", follow_redirects=False)
        assert entered.status_code == 303
        assert entered.headers["location"] == "/?words=x"
        assert client.get("/api/stats").status_code == 200  # the cookie set by the redirect


def test_the_sqlite_store_is_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    with pytest.raises(StoreError, match="no SQLite store at"):
        open_store(f"sqlite:///{path}", read_only=True)
    writer = open_store(f"sqlite:///{path}")
    writer.upsert(corpus()[:1])
    writer.close()
    reader = open_store(f"sqlite:///{path}", read_only=True)
    with pytest.raises(StoreError, match="readonly"):
        reader.upsert(corpus()[1:2])
    assert reader.count() == 1
    reader.close()


def test_a_sqlite_file_of_an_older_layout_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    open_store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreError, match="open it once with a writing command"):
        open_store(f"sqlite:///{path}", read_only=True)


def test_a_statement_of_a_read_only_store_is_stopped_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "corpus.db"
    open_store(f"sqlite:///{path}").close()
    monkeypatch.setattr(sqlite_store, "READ_TIME_LIMIT", 0.2)
    reader = sqlite_store.SqliteStore(f"sqlite:///{path}", read_only=True)
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        reader._db.execute(endless).fetchone()
    assert time.monotonic() - started < 2
    assert reader.count() == 0  # the next statement has its own clock
    reader.close()


def test_the_jsonl_download_holds_every_match_as_export_records(client: TestClient) -> None:
    answer = client.get("/articles.jsonl", params={"twinning": "yes"})
    assert answer.headers["content-disposition"] == 'attachment; filename="twincrawl-articles.jsonl"'
    records = [json.loads(line) for line in answer.text.splitlines()]
    assert len(records) == 26
    validator = jsonschema.Draft202012Validator(article_schema(), format_checker=jsonschema.FormatChecker())
    for record in records:
        validator.validate(record)


def test_the_article_page_lists_the_earlier_versions_of_a_changed_text(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    first = corpus()[-1]
    writer = open_store(uri)
    writer.upsert([first])
    writer.upsert([attrs.evolve(first, text="Der Rat beschloss den neuen Haushalt.", content_hash="0" * 64)])
    writer.close()
    with TestClient(create_app(open_store(uri, read_only=True)), base_url="http://127.0.0.1") as client:
        page = client.get(f"/article/{first.id}").text
    assert "Earlier versions" in page
    assert "Der Rat beschloss den neuen Haushalt." in page
    assert f"({len(first.text)} characters)" in page


def test_the_article_page_pairs_and_graph_give_the_state_of_a_pair_that_is_not_active(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    twinned = corpus()[-2]
    ended = attrs.evolve(twinned, pair_states=[PairState(pair=twinned.pairs[0], state="ended", year=2022)])
    writer = open_store(uri)
    writer.upsert([ended])
    writer.close()
    with TestClient(create_app(open_store(uri, read_only=True)), base_url="http://127.0.0.1") as client:
        page = client.get(f"/article/{ended.id}").text
    assert "Coventry – Cologne</a> (ended 2022)" in page
    with TestClient(create_app(open_store(uri, read_only=True)), base_url="http://127.0.0.1") as client:
        (edge,) = client.get("/api/graph").json()["edges"]
        (pair,) = client.get("/api/pairs").json()["items"]
    assert (edge["state"], edge["state_year"]) == (pair["state"], pair["state_year"]) == ("ended", 2022)
