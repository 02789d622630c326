"""The markup a page states its dates and language in, read once a page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.unit.dates.cases import body
from twincrawl.dates.lines import precedes
from twincrawl.dates.markup import page_languages, page_markup, structured_dates
from twincrawl.extract.html import parse_html

_HEAD = (
    '<meta name="og:locale" content="de_DE">'
    '<script type="application/ld+json">[{"@type": "Organization", "dateCreated": "2001-01-01"},'
    ' {"@type": "NewsArticle", "datePublished": "2021-02-10"}]</script>'
    '<meta property="article:published_time" content="2021-02-11">'
)
_PAGE = body(
    '<h1>Titel</h1><span itemprop="datePublished" content="2021-02-12"></span>'
    '<time itemprop="datePublished" datetime="2021-02-13">13.02.2021</time>',
    _HEAD,
    "",
)


def test_article_objects_then_others_then_meta_then_microdata_in_document_order() -> None:
    tree = parse_html(_PAGE)
    assert tree is not None
    found = structured_dates(
        page_markup(tree),
        ZoneInfo("UTC"),
        ("datePublished", "dateCreated"),
        ("article:published_time",),
        "datePublished",
    )
    assert [(one.raw, one.where) for one in found if one is not None] == [
        ("2021-02-10", "jsonld"),
        ("2001-01-01", "jsonld"),
        ("2021-02-11", "meta"),
        ("2021-02-12", "meta"),
        ("2021-02-13", "meta"),
    ]


def test_markup_is_read_once_per_tree() -> None:
    tree = parse_html(_PAGE)
    other = parse_html(_PAGE)
    assert tree is not None and other is not None
    assert page_markup(tree) is page_markup(tree)
    assert page_markup(other) is not page_markup(tree)


def test_language_from_meta_tags_when_the_html_element_declares_none() -> None:
    tree = parse_html(_PAGE)
    assert tree is not None
    assert page_languages(tree) == ["de"]
    declared = parse_html('<html lang="fr-FR"><head><meta http-equiv="content-language" content="en"></head></html>')
    assert declared is not None
    assert page_languages(declared) == ["fr"]
    undeclared = parse_html('<html><head><meta http-equiv="Content-Language" content="pl"></head></html>')
    assert undeclared is not None
    assert page_languages(undeclared) == ["pl"]


def test_document_order_of_elements() -> None:
    tree = parse_html("<html><body><div><h1>T</h1><p>a</p></div><footer><span>b</span></footer></body></html>")
    assert tree is not None
    div, heading, para, footer, span = (next(tree.iter(tag)) for tag in ("div", "h1", "p", "footer", "span"))
    assert precedes(div, heading) and not precedes(heading, div)
    assert precedes(heading, para) and precedes(para, span) and precedes(footer, span)
    assert not precedes(span, heading) and not precedes(heading, heading)
