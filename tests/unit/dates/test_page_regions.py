"""Dates in parts of the page that are not the article's dateline: picture captions, print editions,
the site header's date of the day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.unit.dates.cases import NOW, body
from twincrawl.dates.published import find_published

PUBLISHED_HEAD = '<meta property="article:published_time" content="2023-11-06T12:04:30+01:00">'
LEAD = "<p>" + "The two councils signed the twinning charter in the town hall after a year of talks. " * 3 + "</p>"


def test_a_later_day_in_a_figure_caption_does_not_outvote_the_markup() -> None:
    inner = (
        "<article><h1>A new mayor for the twin town</h1>"
        "<figure><img src='/p/mayor.jpg'>"
        "<figcaption>In office from 1 December 2023: the new mayor.</figcaption></figure>"
        f"{LEAD}</article>"
    )
    found = find_published(body(inner, PUBLISHED_HEAD, "en"), "https://x.org/a", now=NOW)
    assert found is not None and found.local_date == date(2023, 11, 6)


def test_a_caption_next_to_a_picture_linked_to_its_file_is_not_a_dateline() -> None:
    gallery = (
        "<div class='box'><a href='https://img.x.org/23/11/mayor.jpeg'><img src='https://img.x.org/s/mayor.jpeg'></a>"
        "<p>From 1 December 2023 the new mayor.</p></div>"
    )
    inner = f"<article><h1>A new mayor for the twin town</h1>{gallery}{LEAD}</article>"
    found = find_published(body(inner, PUBLISHED_HEAD, "en"), "https://x.org/a", now=NOW)
    assert found is not None and found.local_date == date(2023, 11, 6)


def test_a_byline_with_the_author_photo_keeps_its_date() -> None:
    byline = "<div class='author'><img src='/authors/anna.png'> Anna Berg, 12 January 2022</div>"
    inner = f"<article><h1>A new mayor for the twin town</h1>{byline}{LEAD}</article>"
    found = find_published(body(inner, lang="en"), "https://x.org/a", now=NOW)
    assert found is not None and found.local_date == date(2022, 1, 12)


@pytest.mark.parametrize(
    ("edition", "dateline", "lang"),
    [
        ("Print edition: 5 May 2021", "4 May 2021", "en"),
        ("Erschienen in der Zeitung vom 05.05.2021", "04.05.2021", "de"),
        ("Печатная версия от 5 мая 2021", "4 мая 2021", "ru"),
    ],
)
def test_a_print_edition_date_is_not_the_page_date(edition: str, dateline: str, lang: str) -> None:
    inner = (
        f"<article><h1>Twin towns</h1><p class='edition'>{edition}</p><p class='date'>{dateline}</p>{LEAD}</article>"
    )
    found = find_published(body(inner, lang=lang), "https://x.org/a", now=NOW)
    assert found is not None and found.local_date == date(2021, 5, 4)


FETCHED = datetime(2023, 12, 20, 9, 30, tzinfo=UTC)
SITE_HEADER = (
    "<header class='site'><a href='/'>Town Courier</a><span class='today'>Wednesday, 20 December 2023</span></header>"
)


def test_the_site_header_date_of_the_fetch_day_is_never_taken() -> None:
    inner = f"{SITE_HEADER}<article><h1>Twin towns plan a winter market</h1>{LEAD}</article>"
    found = find_published(body(inner, lang="en"), "https://x.org/a", now=FETCHED)
    assert found is None or found.local_date != date(2023, 12, 20)


def test_the_site_header_date_gives_way_to_the_article_dateline() -> None:
    dateline = "<p class='date'>18 December 2023</p>"
    inner = f"{SITE_HEADER}<article><h1>Twin towns plan a winter market</h1>{dateline}{LEAD}</article>"
    found = find_published(body(inner, lang="en"), "https://x.org/a", now=FETCHED)
    assert found is not None and found.local_date == date(2023, 12, 18)


def test_a_dateline_of_the_fetch_day_inside_the_article_is_kept() -> None:
    above = "<article><p class='date'>20 December 2023</p><h1>Twin towns plan a winter market</h1>"
    below = "<article><h1>Twin towns plan a winter market</h1><p class='date'>20 December 2023</p>"
    for opening in (above, below):
        found = find_published(
            body(f"{SITE_HEADER}{opening}{LEAD}</article>", lang="en"), "https://x.org/a", now=FETCHED
        )
        assert found is not None and found.local_date == date(2023, 12, 20)


def test_a_dateline_in_an_aside_of_the_article_is_read() -> None:
    meta_box = "<aside class='meta'><p><time datetime='2022-01-21'>21.01.2022 - 13:30</time></p></aside>"
    other = "<aside><p>12.03.2022</p></aside>"
    inner = f"<article><h1>Ein neuer Partnerschaftsvertrag</h1>{meta_box}{LEAD}</article>{other}"
    found = find_published(body(inner, "", "de"), "https://x.de/a", now=NOW)
    assert found is not None and found.local_date == date(2022, 1, 21)


def test_a_main_column_named_like_a_sidebar_is_read() -> None:
    dateline = "<span><time>3 de mayo de 2022</time></span>"
    column = f"<div class='lay-sidebar'><div class='sidebar__main'>{dateline}{LEAD * 3}"
    inner = f"<h1>Un nuevo hermanamiento</h1>{column}</div></div><div class='sidebar'><p>9 de mayo de 2022</p></div>"
    found = find_published(body(inner, "", "es"), "https://x.com.ar/a", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2022, 5, 3), "visible")


def test_the_dateline_opening_the_body_after_a_standfirst_and_a_caption() -> None:
    caption = "<figure><img src='/a.jpg'><figcaption>" + "The town hall of the twin town, seen from the square. " * 2
    standfirst = "<p class='lead'>" + "The two councils renewed their partnership charter after a long year. " * 2
    lead = "<p>29.11.2022 – " + "The councils met in the town hall and signed the renewed charter together. " * 2
    inner = f"<h1>Twin towns renew their charter</h1>{caption}</figcaption></figure>{standfirst}</p>{lead}</p>"
    found = find_published(body(inner, "", "de"), "https://x.eu/a", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2022, 11, 29), "visible")


def test_an_unqualified_meta_date_later_than_the_dateline_is_not_the_publication() -> None:
    head = '<meta name="date" content="2021-10-15">'
    inner = f"<h1>Neue Präsidentin gewählt</h1><p>13.10.2021</p>{LEAD}<p>Stand: 15.10.2021</p>"
    found = find_published(body(inner, head, "de"), "https://x.de/a", now=NOW)
    assert found is not None and found.local_date == date(2021, 10, 13)
