"""The record says how precisely the page dated itself (``published_precision``) and gives the date as the
source's readers see it (``published_local``), in the record, the stores, the export and its schema."""

from __future__ import annotations

import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from twincrawl.corpus import article_schema, write_articles
from twincrawl.dates.strings import parse_structured, parse_visible
from twincrawl.items import FetchedPage
from twincrawl.process import process_page
from twincrawl.registry import Source
from twincrawl.store.sqlite import SqliteStore

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize(
    ("raw", "precision"),
    [("2021-01-21", "day"), ("2021-01-21T11:30", "minute"), ("2021-01-21T11:30:05+03:00", "second"),
     ("20210121", "day"), ("20210121T113005Z", "second")],
)  # fmt: skip
def test_structured_dates_say_to_what_they_are_precise(raw: str, precision: str) -> None:
    found = parse_structured(raw, MOSCOW, "jsonld")
    assert found is not None and found.precision == precision
    assert found.has_time == (precision != "day")


def test_a_visible_date_is_precise_to_the_day_or_to_its_written_minute() -> None:
    day = parse_visible("21 января 2021", MOSCOW, ["ru"], where="visible")
    minute = parse_visible("21.01.2021 14:30", MOSCOW, ["ru"], where="visible")
    assert day is not None and (day.precision, day.local_iso(MOSCOW)) == ("day", "2021-01-21")
    assert minute is not None and (minute.precision, minute.local_iso(MOSCOW)) == (
        "minute",
        "2021-01-21T14:30:00+03:00",
    )


def _source() -> Source:
    return Source(key="volgograd", name="Volgograd", country="RU", city="Volgograd", languages=["en"],
                  timezone="Europe/Volgograd", start_urls=["https://volgograd.example/news/"])  # fmt: skip


def _article_page(head: str, dateline: str = "") -> FetchedPage:
    body = (
        f"<html><head><title>Volgograd and Coventry</title>{head}</head><body><h1>Volgograd and Coventry</h1>"
        f"{dateline}<p>{'The twin cities of Volgograd and Coventry met again this winter. ' * 8}</p></body></html>"
    )
    return FetchedPage(url="https://volgograd.example/news/7", source="volgograd", body=body.encode())


def test_a_utc_stamp_is_given_in_the_sources_zone_with_its_offset() -> None:
    stamp = '<meta property="article:published_time" content="2021-01-21T11:30:05Z">'
    article = process_page(_article_page(stamp), _source())
    assert (article.published, article.published_precision, article.published_local) == (
        "2021-01-21T11:30:05+00:00",
        "second",
        "2021-01-21T14:30:05+03:00",
    )


def test_a_day_without_a_time_is_marked_as_such_and_keeps_its_local_day() -> None:
    article = process_page(_article_page("", "<p class='date'>21 January 2021</p>"), _source())
    assert (article.published, article.published_precision, article.published_local) == (
        "2021-01-21T00:00:00+00:00",
        "day",
        "2021-01-21",
    )


def test_an_undated_page_has_neither() -> None:
    article = process_page(_article_page(""), _source())
    assert (article.published, article.published_precision, article.published_local) == (None, None, None)


def test_the_fields_survive_the_store_and_the_export_validates(tmp_path: Path) -> None:
    stamp = '<meta property="article:published_time" content="2021-01-21T11:30:05Z">'
    dated = process_page(_article_page(stamp), _source())
    store = SqliteStore(f"sqlite:///{tmp_path / 'corpus.db'}")
    store.upsert([dated])
    stored = store.get(dated.id)
    store.close()
    assert stored == dated

    out = io.StringIO()
    write_articles([dated], out)
    record = json.loads(out.getvalue())
    jsonschema.validate(record, article_schema(), format_checker=jsonschema.FormatChecker())
    assert (record["published_precision"], record["published_local"]) == ("second", "2021-01-21T14:30:05+03:00")
