"""Takedowns and changes: a stored article whose page now answers 404 or 410 is marked withdrawn, nothing of it
lost, and the mark goes when the page comes back; a changed text leaves a revision saying what changed and when
(both stores; a re-crawl of the replica end to end)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import attrs
import jsonschema
import pytest

from tests.fixtures.cli import read_report, run_twincrawl
from tests.integration.mongo_corpus import make_article
from tests.replica.server import ReplicaServer
from twincrawl.corpus import article_schema, export_record
from twincrawl.items import PageGone
from twincrawl.store import Store
from twincrawl.store.mongo import MongoStore
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")
SOURCE = "replica-volgadmin-en"


@pytest.fixture(params=["sqlite", pytest.param("mongo", marks=pytest.mark.mongo)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened: Store
    if request.param == "sqlite":
        opened = SqliteStore(f"sqlite:///{tmp_path / 'corpus.db'}")
    else:
        opened = MongoStore(request.getfixturevalue("mongo_uri"), spool_dir=tmp_path / "spool")
    yield opened
    opened.close()


def test_withdrawn_article_keeps_record_and_versions_and_a_later_fetch_clears_the_mark(store: Store) -> None:
    first = make_article(1, fetched_at="2024-05-01T10:00:00+00:00")
    edited = make_article(1, text="Текст новости, исправленный.", fetched_at="2024-05-02T10:00:00+00:00")
    store.upsert([first])
    store.upsert([edited])
    gone = PageGone(url=first.url, source=first.source, status=410,
                    fetched_at=datetime(2024, 6, 3, 8, 30, tzinfo=UTC))  # fmt: skip

    assert store.mark_withdrawn(first.source, first.url, gone.withdrawn()) == first.id
    assert store.mark_withdrawn(first.source, first.url, gone.withdrawn()) is None  # marked already
    assert store.mark_withdrawn(first.source, "https://example.org/news/404", gone.withdrawn()) is None
    stored = store.get(first.id)
    assert stored is not None and stored.withdrawn is not None
    assert (stored.withdrawn.date, stored.withdrawn.status) == ("2024-06-03", 410)
    assert stored.text == edited.text
    assert [version.text for version in store.versions(first.id)] == [first.text]
    (revision,) = stored.revisions  # what changed, and when
    assert (revision.fetched_at, revision.previous_content_hash) == (edited.fetched_at, first.content_hash)
    assert {"text", "content_hash"} <= set(revision.fields) and "title" not in revision.fields
    jsonschema.validate(export_record(stored), article_schema(), format_checker=jsonschema.FormatChecker())

    # Reprocessing a page fetched before the takedown keeps the mark; a page fetched after it clears it.
    reprocessed = attrs.evolve(edited, extractor_version="test-2")
    assert store.upsert([reprocessed]).updated == [first.id]
    assert (store.get(first.id) or first).withdrawn == stored.withdrawn
    back = attrs.evolve(reprocessed, fetched_at="2024-07-01T00:00:00+00:00")
    assert store.upsert([back]).changes == {first.id: ["withdrawn"]}
    assert (store.get(first.id) or stored).withdrawn is None
    assert len(store.versions(first.id)) == 1
    assert (store.get(first.id) or first).revisions == [revision]  # no new revision: the text did not change


def _crawl(registry: Path, store: Path, report: Path, *extra: str) -> dict[str, object]:
    done = run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{store}", "--source", SOURCE,
                         *FAST, "--report", report, *extra)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return read_report(report)


@pytest.mark.slow
def test_recheck_marks_an_article_answering_410_withdrawn_and_the_export_carries_it(
    fresh_replica: ReplicaServer, tmp_path: Path
) -> None:
    registry = fresh_replica.write_registry(tmp_path / "sources.yaml")
    corpus = tmp_path / "corpus.db"
    _crawl(registry, corpus, tmp_path / "1.json")
    store = SqliteStore(f"sqlite:///{corpus}")
    before = {article.id: article for article in store.query(Query(source=SOURCE))}
    store.close()
    taken = min(before.values(), key=lambda article: article.url)
    path = taken.url.removeprefix(fresh_replica.base_url.rstrip("/"))
    page = urllib.request.urlopen(taken.url).read()
    fresh_replica.put(path, b"<h1>Gone</h1>", status=410)

    plain = _crawl(registry, corpus, tmp_path / "2.json")  # incremental: known articles are not fetched
    assert "withdrawn" not in plain["sources"][SOURCE]["articles"]  # type: ignore[index]
    report = _crawl(registry, corpus, tmp_path / "3.json", "--recheck")
    assert report["sources"][SOURCE]["articles"]["withdrawn"] == 1  # type: ignore[index]

    out = tmp_path / "export.jsonl"
    assert run_twincrawl("export", "--store", f"sqlite:///{corpus}", "--out", out).returncode == 0
    records = {record["id"]: record for record in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(records) == set(before)  # nothing lost
    schema = json.loads(run_twincrawl("export", "--schema").stdout)
    for record in records.values():
        jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())
    assert records[taken.id]["withdrawn"]["status"] == 410
    assert records[taken.id]["withdrawn"]["date"] == datetime.now(UTC).date().isoformat()
    assert records[taken.id]["text"] == taken.text
    assert [record_id for record_id, record in records.items() if record["withdrawn"]] == [taken.id]

    fresh_replica.put(path, page)
    _crawl(registry, corpus, tmp_path / "4.json", "--recheck")
    store = SqliteStore(f"sqlite:///{corpus}")
    back = store.get(taken.id)
    store.close()
    assert back is not None and back.withdrawn is None
