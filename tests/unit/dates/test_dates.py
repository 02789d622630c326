"""Publication dates: the page's own date, from the most trustworthy place, never a quoted or sidebar date."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest

from tests.unit.dates.cases import NOW, OPINION, PUBLICATION_DAYS, PUBLICATION_DAYS_FOUND_WHERE, UNDATED_PAGES, body
from twincrawl.dates.published import find_modified, find_published


@pytest.mark.parametrize(("html", "url", "expected"), PUBLICATION_DAYS)
def test_publication_day(html: str, url: str, expected: date) -> None:
    found = find_published(html, url, now=NOW)
    assert found is not None
    assert found.local_date == expected


@pytest.mark.parametrize(("html", "url", "expected", "where"), PUBLICATION_DAYS_FOUND_WHERE)
def test_publication_day_and_where_it_was_found(html: str, url: str, expected: date, where: str) -> None:
    found = find_published(html, url, now=NOW)
    assert found is not None
    assert (found.local_date, found.where) == (expected, where)


@pytest.mark.parametrize(("html", "url"), UNDATED_PAGES)
def test_no_publication_date(html: str, url: str) -> None:
    assert find_published(html, url, now=NOW) is None


def test_jsonld_date_published_wins_over_modified_and_visible() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2021-02-10T14:05:00+03:00", "dateModified": "2021-03-01T09:00:00+03:00"}</script>'
    )
    found = find_published(body("<h1>Новость</h1><p>Обновлено 01.03.2021</p>", head), "https://x.ru/a", now=NOW)
    assert found is not None
    assert (found.local_date, found.where, found.has_time) == (date(2021, 2, 10), "jsonld", True)
    assert found.moment == datetime(2021, 2, 10, 11, 5, tzinfo=UTC)
    modified = find_modified(body("<h1>Новость</h1>", head), "https://x.ru/a")
    assert modified is not None and modified.local_date == date(2021, 3, 1)


def test_meta_published_time_is_read() -> None:
    head = '<meta property="article:published_time" content="2020-06-29">'
    found = find_published(body("<h1>Title</h1>", head, "en"), "https://x.org/a", now=NOW)
    assert found is not None
    assert (found.local_date, found.where, found.has_time) == (date(2020, 6, 29), "meta", False)
    assert found.moment == datetime(2020, 6, 29, tzinfo=UTC)


def test_visible_russian_date_with_time_is_localized_in_the_site_zone() -> None:
    inner = "<h1>Визит делегации</h1><div class='date'>10 февраля 2021, 14:05</div><p>Текст новости.</p>"
    found = find_published(body(inner), "https://x.ru/a", timezone="Europe/Moscow", now=NOW)
    assert found is not None
    assert found.local_date == date(2021, 2, 10)
    assert found.has_time
    assert found.moment == datetime(2021, 2, 10, 11, 5, tzinfo=UTC)


def test_listing_date_is_the_last_resort() -> None:
    found = find_published(body("<h1>Заголовок</h1>"), "https://x.ru/a", listing_date="от 06.09.2013", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2013, 9, 6), "listing")


def test_utc_stamp_takes_the_local_day_shown_in_the_url() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35Z">'
    found = find_published(body("<h1>T</h1>", head, "en"), "https://x.com/2023/11/08/story/", now=NOW)
    assert found is not None
    assert found.local_date == date(2023, 11, 8)
    assert found.moment == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)


def test_unknown_time_zone_is_reported() -> None:
    with pytest.raises(ValueError, match="IANA"):
        find_published("<h1>T</h1>", "https://x.org/", timezone="Mars/Olympus")


def test_bad_input_gives_none_quickly() -> None:
    junk = os.urandom(100_000).decode("latin-1")
    deep = "<html><body>" + "<div>" * 100_000 + "01.02.2020" + "</div>" * 100_000 + "</body></html>"
    huge = "<html><body>" + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing.</p>\n" * 400_000 + "</body></html>"
    assert find_published("", "https://x.org/") is None
    assert find_modified("", "https://x.org/") is None
    for html in (junk, deep, huge):
        started = time.perf_counter()
        find_published(html, "https://x.org/", now=NOW)
        find_modified(html, "https://x.org/")
        assert time.perf_counter() - started < 10


def test_embedded_post_is_never_the_date_of_an_opinion_piece_without_a_dateline() -> None:
    header_free = OPINION.replace("<span>29. Januar 2019</span>", "")
    found = find_published(body(header_free, lang="de"), "https://x.de/a", now=NOW)
    assert found is None or found.local_date != date(2018, 3, 14)


def test_korean_date_with_a_time_is_read() -> None:
    inner = "<h1>자매도시 교류 행사</h1><p class='date'>2021년 3월 5일 14:20</p><p>본문.</p>"
    found = find_published(body(inner, lang="ko"), "https://x.kr/n/1", now=NOW)
    assert found is not None and (found.local_date, found.has_time) == (date(2021, 3, 5), True)


LIVE_BLOG_HEAD = (
    '<script type="application/ld+json">{"@type": "NewsArticle",'
    ' "datePublished": "2023-05-02T08:00:00+02:00", "dateModified": "2023-09-14T17:30:00+02:00"}</script>'
)


def test_update_stamp_on_the_modified_day_does_not_outvote_the_published_date() -> None:
    """A byline ``<time>`` on the dateModified day, with no dateline text, is the update: published stands."""
    byline = (
        '<h1>Live: the twinning summit</h1><p class="byline">'
        '<time datetime="2023-09-14T15:30:00Z">2 hours ago</time></p>'
    )
    found = find_published(body(byline, LIVE_BLOG_HEAD, lang="en"), "https://x.org/live", now=NOW)
    assert found is not None and found.local_date == date(2023, 5, 2)


def test_a_dateline_readers_see_on_the_modified_day_still_wins_over_stale_markup() -> None:
    """The same later day written out for readers is the dateline the page stands by, modified or not."""
    byline = (
        '<h1>Live: the twinning summit</h1><p class="byline">'
        '<time datetime="2023-09-14T15:30:00Z">14 September 2023, 17:30</time></p>'
    )
    found = find_published(body(byline, LIVE_BLOG_HEAD, lang="en"), "https://x.org/live", now=NOW)
    assert found is not None and found.local_date == date(2023, 9, 14)
