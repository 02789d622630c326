"""The URL shapes, feeds, sitemaps, news sections and pagination that ``sources discover`` reads off pages."""

from __future__ import annotations

import re

import pytest

from twincrawl.fetch.site_discovery import (
    article_shapes,
    html_languages,
    linked_feeds,
    listing_pattern,
    looks_like_feed,
    looks_like_sitemap,
    news_sections,
    page_number,
    page_tree,
    pagination_links,
    robots_sitemaps,
    url_shape,
)

BASE = "https://city.example"


def _tree(html: str, charset: str = "utf-8") -> object:
    tree = page_tree(html.encode(charset))
    assert tree is not None
    return tree


@pytest.mark.parametrize(
    ("urls", "pattern", "cms"),
    [
        ([f"{BASE}/press-center/news/detail.php?ID={n}" for n in (11, 12)],
         r"/press\-center/news/detail\.php\?ID=\d+[^&]*(?:&.*)?$", "bitrix"),
        ([f"{BASE}/2024/05/{d}/a-day-in-town-{d}/" for d in (10, 11)], r"/\d+/\d+/\d+/[^/?#]+/?$", "wordpress"),
        ([f"{BASE}/node/{n}" for n in (5, 6)], r"/node/\d+$", "drupal"),
        ([f"{BASE}/index.php?option=com_content&view=article&id={n}:x-y&catid=2" for n in (1, 2)],
         r"/index\.php\?option=com_content&view=article&id=\d+[^&]*&catid=\d+[^&]*(?:&.*)?$", "joomla"),
        ([f"{BASE}/actualites/2024-05-{d}-fete.html" for d in (10, 11)],
         r"/actualites/\d{4}-\d{2}-\d{2}[^/]*\.html$", "static"),
        ([f"{BASE}/novosti/{n}" for n in (70001, 70002)], r"/novosti/\d+$", "ids"),
    ],
)  # fmt: skip
def test_each_cms_url_form_gives_one_pattern_that_matches_its_articles(urls: list[str], pattern: str, cms: str) -> None:
    [shape] = article_shapes(urls)
    assert (shape.pattern, shape.cms) == (pattern, cms)
    assert all(re.search(shape.pattern, url) for url in urls)


def test_menu_pages_listing_pages_and_lone_links_are_no_article_shape() -> None:
    urls = [f"{BASE}/about", f"{BASE}/contact", f"{BASE}/news/?page=2", f"{BASE}/news/page/3/",
            f"{BASE}/news/12"]  # fmt: skip
    assert article_shapes(urls) == []
    assert url_shape(f"{BASE}/about") is None


def test_sections_of_one_site_part_make_one_family() -> None:
    urls = [
        f"{BASE}/vestnik/society/mayor-meets-guests-41192.html",
        f"{BASE}/vestnik/sport/cup-final-in-town-41187.html",
    ]
    [shape] = article_shapes(urls)
    assert shape.pattern == r"/vestnik/[^/]+/[^/?#]+\.html$"


def test_pagination_is_found_and_its_pattern_matches_the_further_pages_only() -> None:
    links = [f"{BASE}/news/?PAGEN_1=2", f"{BASE}/news/?PAGEN_1=3", f"{BASE}/events/?PAGEN_1=2", f"{BASE}/news/15"]
    pages = pagination_links(links, f"{BASE}/news/")
    assert pages == links[:2]
    pattern = re.compile(listing_pattern(pages[0]))
    assert [bool(pattern.search(url)) for url in links] == [True, True, False, False]
    assert listing_pattern(f"{BASE}/category/news/page/2/") == r"/category/news/page/\d+/?$"
    assert (page_number(f"{BASE}/x?limitstart=20"), page_number(f"{BASE}/x/seite/4/"), page_number(BASE)) == (
        20,
        4,
        None,
    )


def test_joomla_listing_pattern_keeps_the_category() -> None:
    page = f"{BASE}/index.php?option=com_content&view=category&id=8&limitstart=10"
    pattern = re.compile(listing_pattern(page))
    assert pattern.search(page.replace("=10", "=20"))
    assert not pattern.search(page.replace("id=8", "id=9"))


def test_news_sections_are_found_by_their_menu_words_in_the_sites_encoding() -> None:
    html = ('<html><head><meta charset="windows-1251"></head><body><a href="/o-nas">О нас</a>'
            '<a href="/novosti">Новости</a><a href="https://other.example/news">News</a></body></html>')  # fmt: skip
    assert news_sections(_tree(html, "cp1251"), BASE + "/") == [f"{BASE}/novosti"]  # type: ignore[arg-type]


def test_feeds_sitemaps_and_languages_are_read_from_what_the_site_declares() -> None:
    tree = _tree('<html lang="de-DE"><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
                 '<link rel="stylesheet" href="/s.css"></head><body></body></html>')  # fmt: skip
    assert linked_feeds(tree, BASE + "/") == [f"{BASE}/feed/"]  # type: ignore[arg-type]
    assert html_languages(tree) == ["de"]  # type: ignore[arg-type]
    robots = "User-agent: *\nDisallow: /private/\nSitemap: /sitemap_index.xml\nsitemap: https://cdn.example/s.xml\n"
    assert robots_sitemaps(robots, BASE) == [f"{BASE}/sitemap_index.xml", "https://cdn.example/s.xml"]
    assert looks_like_feed(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>rss</body></html>")
    assert looks_like_sitemap(b'<?xml version="1.0"?><urlset xmlns="x"></urlset>')
