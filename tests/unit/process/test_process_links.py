"""Links beside article teasers resolve exactly as ``urljoin`` resolves them, remembered or not."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from twincrawl.items import FetchedPage
from twincrawl.process.page import link_target, process_page
from twincrawl.registry import Source

PAGES = [
    "http://a.example/news/1.html?x=1#f",
    "https://b.example:8080/a/b/",
    "http://u:p@c.example/a/../b;p?q",
    "http://d.example",
    "HTTP://E.example/x/y",
]
LINKS = [
    "/news/2.html", "/", "/?page=2", "//", "//cdn.example/x", "/\t/x", "/\t/", "http://", "http://\n",
    "https:///x", "https://share.example/vk", "http://a.example/../x/./y", "ftp://f.example/", "../up.html",
    "same.html", "?page=3", "#top", ";params", "mailto:news@a.example", "javascript:void(0)",
    "/a?", "/a#", "/a?#b", "/a/./b", "/a/../b", "/a/.", "/..", "/a;p", "/a;p?q", "/a b", "/ä/ö", "/a?b=/./c",
    "/a\\b", "/%2e%2e/x", "/.hidden", "https://x.example", "https://x.example/a/../b", "HTTPS://x.example/a",
    "https://X.Example/A", "https://x.example:443/", "https://u@x.example/",
    "https://x.example/a b ", "https://x.example/a?", "https://x.example/a#", "https://x.example/a;p",
    "https://x.example/ä", "https://ä.example/", "https://x.example/a\\b", "https://x.example//a", "http://x.example/%zz",
    "https://x.example?q=1", "https://x.example/a?q=1&r=/./s;t", "https://x.example/a?q#f", "https://x.example/a#f?g#h",
    "https://x.example/a?b?c", "https://x.example/a?q=1 2", "https://x.example/#", "https://x.example/a?#",
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("href", LINKS)
def test_a_link_target_is_what_urljoin_gives(page: str, href: str) -> None:
    origin = urljoin(page, "/")
    assert link_target(page, origin, href) == urljoin(page, href)
    assert link_target(page, origin, href) == urljoin(page, href)  # the second time from the cache


@pytest.mark.parametrize("href", ["http://[cookie-settings]/", "https://[::1/x", "//[ad-slot]/"])
def test_a_link_urllib_refuses_is_no_target(href: str) -> None:
    with pytest.raises(ValueError):
        urljoin(PAGES[0], href)
    assert link_target(PAGES[0], urljoin(PAGES[0], "/"), href) == ""


def test_an_article_with_a_link_urllib_refuses_is_still_processed() -> None:
    source = Source(
        key="links", name="Links", country="GB", city="Coventry", languages=("en",), timezone="Europe/London",
        start_urls=("https://links.example/",), article_urls=(re.compile(r"/news/\d+"),),
    )  # fmt: skip
    body = (
        "<html><head><title>Coventry and Volgograd renew their twinning</title></head><body>"
        "<h1>Coventry and Volgograd renew their twinning</h1>"
        f"<p>{'The two twin cities signed a new agreement on culture and school exchanges. ' * 5}</p>"
        '<div class="consent"><a href="http://[cookie-settings]/">Cookie settings</a>'
        "<span>Manage your choices</span></div>"
        "</body></html>"
    ).encode()
    page = FetchedPage(url="https://links.example/news/7", source="links", body=body)
    article = process_page(page, source)
    assert article.title == "Coventry and Volgograd renew their twinning"
    assert article.relevance.is_twinning
