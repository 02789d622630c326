"""The page search: htmldate's, with its dateparser fallback held to the page's languages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import htmldate
import lxml.html

from twincrawl.dates.search import searched_date

LIMIT = datetime(2024, 1, 1, tzinfo=UTC)


def romanian_page(dateline: str) -> str:
    """A page whose only date is written out in Romanian, in an element htmldate reads as a date."""
    return f"""<html lang="ro"><body><main><h2>Vizita delegatiei</h2><p><span class="date">{dateline}</span></p>
<p>Primarii celor doua orase au semnat un acord de infratire.</p></main></body></html>"""


def test_a_date_written_in_the_page_language_is_read() -> None:
    found = searched_date(lxml.html.fromstring(romanian_page("20 septembrie 2020")), "", LIMIT, ["ro"])
    assert found is not None
    assert (found.local_date, found.where) == (date(2020, 9, 20), "text")


def test_only_the_page_languages_and_english_are_tried() -> None:
    html = romanian_page("21 septembrie 2020")
    assert searched_date(lxml.html.fromstring(html), "", LIMIT, ["en"]) is None
    # htmldate called on its own still reads the date in any language.
    assert htmldate.find_date(html, extensive_search=True, original_date=True) == "2020-09-21"


def test_a_page_declaring_no_language_is_read_in_the_common_european_ones() -> None:
    found = searched_date(lxml.html.fromstring(romanian_page("3 stycznia 2019")), "", LIMIT, [])
    assert found is not None
    assert found.local_date == date(2019, 1, 3)
    assert searched_date(lxml.html.fromstring(romanian_page("4 stycznia 2019")), "", LIMIT, ["en"]) is None


def test_a_bare_year_is_no_date() -> None:
    html = "<html><body><main><h2>Town twinning</h2><p>Copyright © 2019 The Town Hall</p></main></body></html>"
    assert searched_date(lxml.html.fromstring(html), "", LIMIT, ["en"]) is None


def test_a_page_date_does_not_depend_on_the_pages_searched_before() -> None:
    html = romanian_page("23 septembrie 2020")
    assert searched_date(lxml.html.fromstring(html), "", LIMIT, ["en"]) is None
    found = searched_date(lxml.html.fromstring(html), "", LIMIT, ["ro"])
    assert found is not None and found.local_date == date(2020, 9, 23)
