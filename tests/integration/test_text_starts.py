"""Article texts start with the article: not with the visible date line or the breadcrumb above it."""

from __future__ import annotations

import http.client

import pytest

from tests.replica.expected import ExpectedArticle
from tests.replica.server import ReplicaServer
from twincrawl.extract import decode_html, extract
from twincrawl.extract.lead import is_breadcrumb, is_date_line

DATE_LINES = [
    "21 January 2021", "12.09.2013", "12/09/13", "2013-09-12", "March 12, 2024", "Monday, 3 May 2021, 14:30",
    "12 марта 2024 г.", "21 января 2021 года, 10:15", "14:30 21.01.2021", "3. Mai 2021", "12 березня 2024 р.",
]  # fmt: skip
FIRST_PARAGRAPHS = [
    "On January 19, 2021, an online platform hosted the second videoconference.",
    "12 марта 2024 года делегация Ковентри прибыла в Волгоград.",
    "VOLGOGRAD, 12 March 2024 — The delegation arrived.",
    "2024",
    "Volgograd and Coventry",
]
CRUMBS = ["Home / News / Twin cities", "Главная » Новости » Международные связи", "Startseite > Aktuelles"]


@pytest.mark.parametrize("line", DATE_LINES)
def test_a_date_alone_is_a_date_line(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize("line", FIRST_PARAGRAPHS)
def test_a_paragraph_that_holds_a_date_is_no_date_line(line: str) -> None:
    assert not is_date_line(line) and not is_breadcrumb(line)


@pytest.mark.parametrize("line", CRUMBS)
def test_a_trail_of_sections_is_a_breadcrumb(line: str) -> None:
    assert is_breadcrumb(line)


def test_the_date_line_and_breadcrumb_above_the_body_are_not_its_first_lines() -> None:
    body = " ".join(["The twin cities of Volgograd and Coventry signed a new agreement on exchanges."] * 4)
    html = (
        "<html><head><title>Volgograd and Coventry renew their twinning</title></head><body><main><article>"
        "<p>Home / News / Twin cities</p><h1>Volgograd and Coventry renew their twinning</h1>"
        f"<p>21 January 2021</p><p>{body}</p><p>{body}</p></article></main></body></html>"
    )
    text = extract(html, "https://city.example/news/1").text
    assert text.split("\n")[0].startswith("The twin cities of Volgograd")


def _fetch(replica: ReplicaServer, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return decode_html(response.read(), response.getheader("content-type"))
    finally:
        connection.close()


def test_no_replica_article_starts_with_its_date_line(
    replica: ReplicaServer, replica_expected: list[ExpectedArticle]
) -> None:
    starts = {}
    for expected in replica_expected:
        if expected.render != "html" or expected.robots_disallowed:
            continue
        text = extract(_fetch(replica, expected.path), replica.url(expected.path)).text
        starts[expected.path] = text.split("\n")[0]
    assert len(starts) >= 20
    assert {path: first for path, first in starts.items() if is_date_line(first) or is_breadcrumb(first)} == {}
