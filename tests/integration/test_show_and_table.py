"""The query table leads somewhere: an id to open with ``twincrawl show``, the day in the source's timezone, a
TWIN column, titles cut with an ellipsis; ``show`` prints one article's facts, places, pairs, versions and text."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from tests.fixtures.cli import run_twincrawl
from twincrawl.dedup import content_hash
from twincrawl.items import Article, PairState, Place, Relevance, article_id
from twincrawl.store.sqlite import SqliteStore

_URL = "https://www.volgadmin.ru/d/branches/news/twinning-coventry"
_TITLE = "Волгоград и Ковентри: восемьдесят лет побратимства, которое пережило войну, холодную войну и пандемию"
_TEXT = "Делегация Ковентри прибыла в Волгоград.\nГорода-побратимы подписали план на 2025 год."
_VOLGOGRAD = Place(name="Volgograd", geonameid=472757, country="RU", mentions=2, forms=["Волгоград"])
_COVENTRY = Place(name="Coventry", geonameid=2652221, country="GB", mentions=1, forms=["Ковентри"])


def _article(text: str, fetched_at: str) -> Article:
    return Article(
        id=article_id(_URL), url=_URL, canonical_url=_URL, source="volgograd-admin-ru", title=_TITLE, text=text,
        language="ru", published="2024-05-01T22:30:00+00:00", published_from="meta", fetched_at=fetched_at,
        relevance=Relevance(score=0.93, is_twinning=True, terms=["побратим"]),
        places=[_VOLGOGRAD, _COVENTRY], pairs=[[472757, 2652221]], content_hash=content_hash(_TITLE, text),
    )  # fmt: skip


@pytest.fixture
def corpus(tmp_path: Path) -> str:
    """One twinning article from a shipped source (Europe/Volgograd, UTC+3), stored twice with a changed text."""
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = SqliteStore(uri)
    try:
        store.upsert([_article(_TEXT.replace("2025", "2024"), "2024-05-02T08:00:00+00:00")])
        store.upsert([_article(_TEXT, "2024-05-03T08:00:00+00:00")])
    finally:
        store.close()
    return uri


def test_the_query_table_shows_id_local_day_twin_mark_and_a_cut_title(corpus: str) -> None:
    done = run_twincrawl("query", "--store", corpus, "--city", "Volgograd")
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.splitlines()
    assert header.split() == ["ID", "PUBLISHED", "TWIN", "LNG", "SOURCE", "TITLE"]
    assert row.split()[:5] == [article_id(_URL), "2024-05-02", "yes", "ru", "volgograd-admin-ru"]
    assert row.endswith("…") and _TITLE.startswith(row.split("  ")[-1][:-1].rstrip())
    assert "twincrawl show ID" in done.stderr and "source's timezone" in done.stderr


def test_show_by_id_prints_facts_places_pairs_versions_and_text(corpus: str) -> None:
    done = run_twincrawl("show", article_id(_URL), "--store", corpus)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [_TITLE, _URL]
    facts = {line[:12].strip(): line[12:] for line in lines[3:] if line[:1].strip()}
    assert facts["published"].startswith("2024-05-02 (2024-05-01T22:30:00+00:00, from meta)")
    assert facts["source"] == "volgograd-admin-ru (Администрация Волгограда — новости, Europe/Volgograd)"
    assert facts["twinning"] == "yes (score 0.93; terms: побратим)"
    assert facts["places"] == "Volgograd (RU) ×2, Coventry (GB) ×1"
    assert facts["pairs"] == "Volgograd (RU) – Coventry (GB)"
    assert facts["versions"] == "1"
    assert "2024-05-02T08:00:00+00:00" in done.stdout  # the earlier version's fetch
    assert done.stdout.rstrip().endswith(_TEXT)


def test_show_by_url_in_json_gives_the_export_record(corpus: str) -> None:
    done = run_twincrawl("show", _URL, "--store", corpus, "--format", "json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] == article_id(_URL) and record["text"] == _TEXT


def test_show_refuses_an_unknown_id_and_a_missing_store(corpus: str, tmp_path: Path) -> None:
    unknown = run_twincrawl("show", "0123456789abcdef", "--store", corpus)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("twincrawl: error: no article with the id '0123456789abcdef' in sqlite:///")
    missing = tmp_path / "none" / "x.db"
    absent = run_twincrawl("show", "0123456789abcdef", "--store", f"sqlite:///{missing}")
    assert absent.returncode == 2 and "no corpus at" in absent.stderr
    assert not missing.parent.exists()


def test_a_title_that_fits_is_not_cut(corpus: str) -> None:
    store = SqliteStore(corpus)
    try:
        title = "Короткий заголовок"
        short = attrs.evolve(
            _article(_TEXT, "2024-05-04T08:00:00+00:00"), title=title, content_hash=content_hash(title, _TEXT)
        )
        store.upsert([short])
    finally:
        store.close()
    done = run_twincrawl("query", "--store", corpus)
    assert done.stdout.splitlines()[1].endswith("  Короткий заголовок")


def test_show_prints_the_state_of_an_ended_pair(corpus: str) -> None:
    store = SqliteStore(corpus)
    try:
        ended = [PairState(pair=[472757, 2652221], state="ended", year=2022)]
        store.upsert([attrs.evolve(_article(_TEXT, "2024-05-04T08:00:00+00:00"), pair_states=ended)])
    finally:
        store.close()
    done = run_twincrawl("show", article_id(_URL), "--store", corpus)
    assert done.returncode == 0, done.stderr
    facts = {line[:12].strip(): line[12:] for line in done.stdout.splitlines()[3:] if line[:1].strip()}
    assert facts["pairs"] == "Volgograd (RU) – Coventry (GB) (ended 2022)"
