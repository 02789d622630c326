"""What discovery would change in an existing entry, given what it saw: :func:`differences` (no network)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from twincrawl.process.site import Discovery
from twincrawl.process.site_changes import Difference, differences
from twincrawl.registry import Source

SITE = "https://city.example"
ARTICLES = [f"{SITE}/news/{n}" for n in range(101, 111)]
PAGES = [f"{SITE}/news?page={n}" for n in (2, 3)]
FEED = [f"{SITE}/news/{n}" for n in range(101, 106)]


def _entry(**fields: Any) -> Source:
    """An entry for the site, its patterns given as text."""
    texts = {"article_urls": [r"/news/\d+$"], "listing_urls": [r"/news\?(?:.*&)?page=\d+"]}
    patterns = {name: tuple(re.compile(text) for text in fields.pop(name, default)) for name, default in texts.items()}
    return Source(key="city", name="City", country="DE", city="Berlin", languages=("de",), timezone="Europe/Berlin",
                  start_urls=fields.pop("start_urls", (f"{SITE}/news",)), **patterns, **fields)  # fmt: skip


def _seen(**fields: Any) -> Discovery:
    """What discovery sees on a site whose news listing links ten articles and two further pages."""
    proposal = {"start_urls": [f"{SITE}/news"], "article_urls": [r"/news/\d+$"],
                "listing_urls": [r"/news\?(?:.*&)?page=\d+"]}  # fmt: skip
    defaults: dict[str, Any] = {
        "entry": proposal, "confidence": "high", "listing_url": f"{SITE}/news",
        "links": [f"{SITE}/", f"{SITE}/about", *ARTICLES, *PAGES],
    }  # fmt: skip
    return Discovery(**{**defaults, **fields})


def _changes(source: Source, found: Discovery) -> list[tuple[str, str, str]]:
    return [(change.field, change.action, change.value) for change in differences(source, found)]


def test_an_entry_matching_what_discovery_sees_has_no_differences() -> None:
    assert differences(_entry(), _seen()) == []


def test_a_listing_pattern_on_a_site_showing_no_further_page_is_to_remove_and_said_why() -> None:
    [change] = differences(_entry(), _seen(links=ARTICLES, entry={"article_urls": [r"/news/\d+$"]}))
    assert (change.field, change.action) == ("listing_urls", "remove")
    assert change.reason == "matches none of the 10 URLs seen; the listing links no further page"


def test_a_pattern_that_matches_nothing_seen_is_to_remove_and_the_proposed_one_to_add() -> None:
    source = _entry(article_urls=[r"/aktuelles/\d+\.html$"], listing_urls=[r"/aktuelles\?seite=\d+"])
    changes = differences(source, _seen())
    assert [(change.field, change.action, change.value) for change in changes] == [
        ("article_urls", "remove", r"/aktuelles/\d+\.html$"),
        ("article_urls", "add", r"/news/\d+$"),
        ("listing_urls", "remove", r"/aktuelles\?seite=\d+"),
        ("listing_urls", "add", r"/news\?(?:.*&)?page=\d+"),
    ]
    assert changes[0].reason == "matches none of the 14 URLs seen"
    assert changes[1].reason == f"10 URL(s) seen that the entry's article_urls miss, e.g. {ARTICLES[0]}"


def test_a_proposed_pattern_the_entrys_patterns_cover_is_no_difference() -> None:
    assert differences(_entry(article_urls=[r"city\.example/news/\d+"]), _seen()) == []


def test_a_feed_that_appeared_with_articles_is_to_add_and_one_without_is_not() -> None:
    feeds = {f"{SITE}/feed/": FEED, f"{SITE}/comments/feed/": [f"{SITE}/about"]}
    assert differences(_entry(), _seen(feeds=feeds)) == [
        Difference(field="feeds", action="add", value=f"{SITE}/feed/", reason="lists 5 articles")
    ]


def test_a_feed_listing_only_what_the_entrys_feed_lists_is_no_difference() -> None:
    feeds = {f"{SITE}/rss": FEED, f"{SITE}/rss/": FEED}
    assert differences(_entry(feeds=(f"{SITE}/rss",)), _seen(feeds=feeds)) == []


def test_a_feed_of_the_entry_that_no_longer_answers_is_to_remove() -> None:
    found = _seen(unanswered={f"{SITE}/rss.xml": "HTTP 404"})
    assert differences(_entry(feeds=(f"{SITE}/rss.xml",)), found) == [
        Difference(field="feeds", action="remove", value=f"{SITE}/rss.xml", reason="does not answer: HTTP 404")
    ]


def test_a_sitemap_an_index_of_the_entry_lists_is_no_difference() -> None:
    sitemaps = {f"{SITE}/sitemap.xml": [f"{SITE}/sitemap-news.xml"], f"{SITE}/sitemap-news.xml": ARTICLES}
    assert differences(_entry(sitemaps=(f"{SITE}/sitemap.xml",)), _seen(sitemaps=sitemaps)) == []
    assert _changes(_entry(), _seen(sitemaps=sitemaps)) == [("sitemaps", "add", f"{SITE}/sitemap-news.xml")]


def test_a_news_listing_the_entry_lacks_is_to_add_a_trailing_slash_aside() -> None:
    found = _seen(entry={**_seen().entry, "start_urls": [f"{SITE}/news/"]})
    assert differences(_entry(), found) == []
    assert _changes(_entry(start_urls=(f"{SITE}/",)), found) == [("start_urls", "add", f"{SITE}/news/")]


def test_a_listing_that_needs_javascript_is_said_so_and_its_missing_links_are_not_held_against_the_entry() -> None:
    found = _seen(links=[f"{SITE}/"], needs_js=True, entry={}, confidence="none")
    assert _changes(_entry(), found) == [("render", "set", "js")]
    assert differences(_entry(render="js"), found) == []


def test_a_rendered_entry_whose_listing_reads_without_javascript_could_be_plain_html() -> None:
    assert _changes(_entry(render="js"), _seen()) == [("render", "set", "html")]
    assert differences(_entry(render="js", js_action={"scroll": 3}), _seen()) == []


def test_the_links_of_a_listing_the_entry_renders_are_not_held_against_its_patterns() -> None:
    found = _seen(links=[f"{SITE}/"], entry={}, confidence="none")
    assert differences(_entry(render="js", js_action={"click": "button.more"}), found) == []
    assert _changes(_entry(js_urls=(re.compile(r"/news$"),)), found) == []


def test_nothing_read_gives_only_the_entry_points_that_do_not_answer() -> None:
    found = Discovery(unanswered={f"{SITE}/rss.xml": "HTTP 503"})
    assert _changes(_entry(feeds=(f"{SITE}/rss.xml",)), found) == [("feeds", "remove", f"{SITE}/rss.xml")]
    assert differences(_entry(), attrs.evolve(found, unanswered={})) == []
