"""Parsing helpers shared by extraction and date finding: a tolerant, bounded parser and tree utilities."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

#: Pages above this many characters are cut before parsing: real articles are far smaller, and parsing and
#: extracting a multi-megabyte page (a dumped archive, a data blob) would stall the crawl for no gain.
MAX_HTML_CHARS = 4_000_000
#: Trees above this many elements are cut to about that size (news pages have a few thousand): extraction time
#: grows with the tree, and a page that large is a dump, not an article.
MAX_ELEMENTS = 15_000

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_markup(html: str) -> str:
    """The page cut to a sane size, without the control characters that make libxml2 give up."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    return _CONTROL_CHARS.sub("", html)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse a page into an lxml tree; None when there is nothing that looks like a document."""
    markup = clean_markup(html).strip()
    if not markup:
        return None
    # An XML declaration in a str is refused by lxml ("Unicode strings with encoding declaration").
    if markup.startswith("<?xml"):
        markup = markup[markup.find("?>") + 2 :] if "?>" in markup else markup
    tree = _parse(markup)
    size = sum(1 for _ in tree.iter()) if tree is not None else 0
    if size > MAX_ELEMENTS:
        tree = _parse(markup[: len(markup) * MAX_ELEMENTS // size])
    return tree


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    parser = lxml.html.HTMLParser(remove_comments=True, collect_ids=False)
    try:
        tree = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return tree if isinstance(tree, lxml.html.HtmlElement) else None


def node_text(node: etree._Element) -> str:
    """The text content of a node with whitespace collapsed."""
    try:
        text = node.text_content() if isinstance(node, lxml.html.HtmlElement) else "".join(node.itertext())
    except ValueError:
        return ""
    return " ".join(text.split())


def meta_content(tree: lxml.html.HtmlElement, *names: str) -> tuple[str, str] | None:
    """The first non-empty ``<meta>`` content whose name, property or itemprop is in ``names`` (any case).

    Returns ``(name, content)`` so callers can tell where the value came from.
    """
    wanted = [name.lower() for name in names]
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in wanted and content and key not in found:
            found[key] = content
    for name in wanted:
        if name in found:
            return name, found[name]
    return None


def _json_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _json_objects(data[key], depth + 1)


def jsonld_objects(tree: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page (``@graph`` members flattened); broken blocks are skipped."""
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        raw = script.text.strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        objects.extend(_json_objects(data))
    return objects


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """The ``@type`` values of a JSON-LD object, lower-cased."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


#: JSON-LD types whose dates and author are the page's own (not a breadcrumb, a publisher or a video).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "liveblogposting",
        "report",
        "webpage",
        "itempage",
        "creativework",
        "posting",
        "discussionforumposting",
        "pressrelease",
    }
)
