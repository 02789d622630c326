"""Links beside article teasers resolve exactly as ``urljoin`` resolves them, remembered or not."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from twincrawl.process import _link_target

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
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("href", LINKS)
def test_a_link_target_is_what_urljoin_gives(page: str, href: str) -> None:
    origin = urljoin(page, "/")
    assert _link_target(page, origin, href) == urljoin(page, href)
    assert _link_target(page, origin, href) == urljoin(page, href)  # the second time from the cache
