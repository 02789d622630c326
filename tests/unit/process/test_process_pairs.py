"""A processed page's pairs and their states: the site's own city from its registry entry, the state of each pair."""

from __future__ import annotations

import re

from twincrawl.items import FetchedPage, PairState
from twincrawl.process.page import process_page
from twincrawl.registry import Source
from twincrawl.tagging import city_name

SOURCE = Source(
    key="coventry", name="Coventry news", country="GB", city="Coventry", languages=("en",),
    timezone="Europe/London", start_urls=("https://coventry.example/",), article_urls=(re.compile(r"/news/\d+"),),
)  # fmt: skip


def processed(title: str, paragraphs: list[str]) -> tuple[list[list[str]], list[PairState]]:
    text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{text}</body></html>".encode()
    article = process_page(FetchedPage(url="https://coventry.example/news/1", source="coventry", body=body), SOURCE)
    return [sorted(city_name(city) or "" for city in pair) for pair in article.pairs], article.pair_states


def test_our_twin_town_pairs_with_the_city_of_the_registry_entry() -> None:
    pairs, states = processed(
        "A choir from our twin town",
        [
            "Our twin town Dresden sent its youth choir to the cathedral this weekend, the first visit since 2019.",
            "The singers stayed with host families and visited schools across the city during their week here.",
            "Tickets for the closing concert on Sunday evening are free and can be booked at the visitor centre.",
        ],
    )
    assert pairs == [["Coventry", "Dresden"]]
    assert [state.state for state in states] == ["active"]


def test_an_ended_pair_is_stored_with_its_state_and_year() -> None:
    pairs, states = processed(
        "Council suspends twinning",
        [
            "Coventry City Council voted on Tuesday to suspend its twinning with Volgograd in 2022.",
            "Councillors said that ties between residents, schools and churches of both cities would carry on.",
            "The decision will be reviewed by the council's international committee at the end of next year.",
        ],
    )
    assert pairs == [["Coventry", "Volgograd"]]
    assert [(state.state, state.year) for state in states] == [("ended", 2022)]
