"""Meta fields read once per page answer every look-up as reading the ``<meta>`` elements each time does."""

from __future__ import annotations

from twincrawl.extract.html import first_meta, meta_content, meta_fields, parse_html

PAGE = (
    "<html><head>"
    '<meta property="og:title" content="  ">'
    '<meta name="OG:Title" content="The headline">'
    '<meta property="og:title" content="A later headline">'
    '<meta itemprop="author" content="A. Writer">'
    '<meta name="twitter:title" content="Tweet title">'
    '<meta content="no name">'
    "</head><body><p>Text</p></body></html>"
)


def test_each_field_has_its_first_non_empty_content() -> None:
    tree = parse_html(PAGE)
    assert tree is not None
    assert meta_fields(tree) == {"og:title": "The headline", "author": "A. Writer", "twitter:title": "Tweet title"}


def test_names_are_tried_in_order_whatever_their_case() -> None:
    tree = parse_html(PAGE)
    assert tree is not None
    fields = meta_fields(tree)
    for names in (("twitter:title", "og:title"), ("OG:TITLE", "twitter:title"), ("byl", "Author"), ("missing",)):
        assert first_meta(fields, *names) == meta_content(tree, *names)
    assert first_meta(fields, "twitter:title", "og:title") == ("twitter:title", "Tweet title")
    assert first_meta(fields, "OG:TITLE") == ("og:title", "The headline")
    assert first_meta(fields, "missing") is None
