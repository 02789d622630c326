"""One malformed link (a host urllib refuses) costs that link only: never the page, feed or sitemap it is on."""

from __future__ import annotations

from twincrawl.extract.extractor import extract
from twincrawl.fetch.discovery import page_links, parse_feed, parse_sitemap
from twincrawl.fetch.urls import joined

BAD = "http://[cookie-settings]/news/9"
BASE = "https://city.example/news/"


def test_a_refused_link_joins_to_nothing_and_a_good_one_as_urljoin_does() -> None:
    assert joined(BASE, BAD) == ""
    assert joined(BASE, "https://[::1/open") == ""
    assert joined(BASE, "http://city.example:99999/news/1") == ""
    assert joined(BASE, "http://city.example:8O80/news/1") == ""
    assert joined(BASE, "http://city.example:8080/news/1") == "http://city.example:8080/news/1"
    assert joined(BASE, "../about/") == "https://city.example/about/"


def test_a_listing_keeps_its_other_links() -> None:
    html = (
        f'<html><body><a href="{BAD}">x</a><a href="/news/1">one</a><a href="http://city.example:99999/news/4">'
        'port</a><a href="2">two</a></body></html>'
    )
    assert page_links(html, BASE) == ["https://city.example/news/1", "https://city.example/news/2"]


def test_a_refused_base_href_falls_back_to_the_page_url() -> None:
    html = '<html><head><base href="http://[cms]/"></head><body><a href="3">three</a></body></html>'
    assert page_links(html, BASE) == ["https://city.example/news/3"]


def test_a_feed_keeps_its_other_entries() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<item><title>Bad</title><link>{BAD}</link></item>"
        "<item><title>Good</title><link>https://city.example/news/1</link>"
        "<pubDate>Tue, 12 Mar 2024 10:00:00 +0300</pubDate></item>"
        "</channel></rss>"
    ).encode()
    assert [link.url for link in parse_feed(feed, BASE)] == ["https://city.example/news/1"]


def test_a_sitemap_keeps_its_other_pages() -> None:
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BAD}</loc></url><url><loc>https://city.example/news/1</loc></url></urlset>"
    ).encode()
    assert [link.url for link in parse_sitemap(sitemap, BASE).pages] == ["https://city.example/news/1"]


def test_an_article_with_a_refused_canonical_url_and_image_is_extracted_without_them() -> None:
    html = (
        f'<html><head><link rel="canonical" href="{BAD}"><meta property="og:image" content="https://[img]/a.jpg">'
        "<title>Twin towns meet</title></head><body><h1>Twin towns meet</h1>"
        f"<p>{'The delegation from the twin town arrived on Monday for a week of school exchanges. ' * 4}</p>"
        "</body></html>"
    )
    found = extract(html, "https://city.example/news/5")
    assert (found.title, found.canonical_url, found.image) == ("Twin towns meet", None, None)
    assert "delegation from the twin town" in found.text
