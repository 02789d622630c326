"""Parsing helpers shared by extraction and date finding: a tolerant, bounded parser and tree utilities."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import lxml.html
from lxml import etree

#: Pages above this many characters are cut before parsing: real articles are far smaller, and parsing and
#: extracting a multi-megabyte page (a dumped archive, a data blob) would stall the crawl for no gain.
MAX_HTML_CHARS = 4_000_000
#: Trees above this many elements are cut to about that size (news pages have a few thousand): extraction time
#: grows with the tree, and a page that large is a dump, not an article.
MAX_ELEMENTS = 8_000

_CODE_OPEN = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: The same characters one by one: looking for each (a C loop) takes a third of the regular expression's scan,
#: which is then run only on the rare page that has one.
_CONTROL_CHAR_LIST = tuple(char for char in map(chr, range(128)) if _CONTROL_CHARS.match(char))


def clean_markup(html: str) -> str:
    """The page cut to a sane size, without the control characters that make libxml2 give up."""
    if len(html) > MAX_HTML_CHARS:
        html = without_code_blocks(html)
    return without_control_characters(html[:MAX_HTML_CHARS])


def without_code_blocks(html: str) -> str:
    """``html`` without its inline scripts and style sheets (JSON-LD metadata kept), in one pass.

    Run on a page over MAX_HTML_CHARS before the cut, so that megabytes of script in the head do not push the
    article past it. An element that is never closed runs to the end of the page, as a browser reads it.
    """
    lowered = html.lower()
    kept: list[str] = []
    position = 0
    while opening := _CODE_OPEN.search(html, position):
        tag = opening.group(1).lower()
        close = lowered.find(f"</{tag}", opening.end())
        end = len(html) if close < 0 else lowered.find(">", close) + 1 or len(html)
        if "application/ld+json" in opening.group(2).lower():
            kept.append(html[position:end])
        else:
            kept.append(html[position : opening.start()])
        position = end
    kept.append(html[position:])
    return "".join(kept)


def without_control_characters(text: str) -> str:
    """``text`` without the control characters lxml refuses in a tree (tab, newline and return stay)."""
    if any(char in text for char in _CONTROL_CHAR_LIST):
        return _CONTROL_CHARS.sub("", text)
    return text


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse a page into an lxml tree; None when there is nothing that looks like a document."""
    markup = clean_markup(html).strip()
    if not markup:
        return None
    # An XML declaration in a str is refused by lxml ("Unicode strings with encoding declaration").
    if markup.startswith("<?xml"):
        markup = markup[markup.find("?>") + 2 :] if "?>" in markup else markup
    tree = _parse(markup)
    size = node_count(tree) if tree is not None else 0
    if size > MAX_ELEMENTS:
        tree = _parse(markup[: len(markup) * MAX_ELEMENTS // size])
    return tree


#: Elements, comments and processing instructions: what ``tree.iter()`` yields, counted without a Python object
#: for each of them.
_NODE_COUNT = etree.XPath("count(descendant-or-self::*|descendant::comment()|descendant::processing-instruction())")


def node_count(tree: etree._Element) -> int:
    """How many nodes ``tree.iter()`` yields (the tree's elements, comments and processing instructions)."""
    return int(_NODE_COUNT(tree))


def _html_classes() -> etree.ElementNamespaceClassLookup:
    """The element classes of lxml.html (``HtmlElement``, ``FormElement`` for ``<form>`` ...), looked up in C.

    lxml.html's own lookup is a Python method called for every element an iteration touches, in our code and in
    the extractors working on copies of the tree (which keep its parser); the parser gives lower-case tag names.
    """
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    return lookup


_HTML_CLASSES = _html_classes()


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    parser = lxml.html.HTMLParser(remove_comments=True, collect_ids=False)
    parser.set_element_class_lookup(_HTML_CLASSES)
    try:
        tree = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return tree if isinstance(tree, lxml.html.HtmlElement) else None


def node_text(node: etree._Element) -> str:
    """The text content of a node with whitespace collapsed."""
    return " ".join(_raw_text(node).split())


def _raw_text(node: etree._Element) -> str:
    """The text content of a node, whitespace as written."""
    try:
        return node.text_content() if isinstance(node, lxml.html.HtmlElement) else "".join(node.itertext())
    except ValueError:
        return ""


def read_text(node: lxml.html.HtmlElement) -> str:
    """The text of a node as readers see it: whitespace collapsed, scripts and styles left out."""
    pieces: list[str] = []
    _read_pieces(node, pieces)
    return " ".join(" ".join(pieces).split())


def _read_pieces(node: lxml.html.HtmlElement, pieces: list[str]) -> None:
    if node.tag in _UNREAD_TAGS:
        return
    if node.text:
        pieces.append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            _read_pieces(child, pieces)
        if child.tail:
            pieces.append(child.tail)


def meta_content(tree: lxml.html.HtmlElement, *names: str) -> tuple[str, str] | None:
    """The first non-empty ``<meta>`` content whose name, property or itemprop is in ``names`` (any case).

    Returns ``(name, content)`` so callers can tell where the value came from.
    """
    return first_meta(meta_fields(tree), *names)


def first_meta(fields: Mapping[str, str], *names: str) -> tuple[str, str] | None:
    """:func:`meta_content` from the page's :func:`meta_fields`, for a caller that looks up several fields."""
    for name in names:
        key = name.lower()
        if key in fields:
            return key, fields[key]
    return None


def meta_fields(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Each ``<meta>`` name, property or itemprop (lower-cased) with its first non-empty content, read in one pass
    for all the look-ups of a page."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = content
    return found


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


#: Elements whose whole text is at most this long are "short blocks": datelines, bylines, labels.
SHORT_BLOCK_CHARS = 160
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "nav", "aside", "footer", "form", "select", "blockquote"}
)
_DATE_MARK = re.compile(r"date|time|publi|posted|datum|fecha|data|дата|byline|meta|entry-info|submitted", re.I)
# Matched at the start of a class name or of a part after "-" or "_": "comment-list", "entry_comments", but
# not the "OpinionHeaderComment_date" of an opinion piece's header.
_NOT_CONTENT_MARK = re.compile(r"(?<![a-z])(?:update|modif|comment|related|sidebar|widget|teaser|recent|popular)", re.I)


def marks(node: etree._Element) -> str:
    """The class, id and itemprop of an element, as one string to match names against."""
    return f"{node.get('class') or ''} {node.get('id') or ''} {node.get('itemprop') or ''}"


def _text_lengths(root: lxml.html.HtmlElement, *, as_read: bool = False) -> dict[lxml.html.HtmlElement, int]:
    """The length of every element's text, in one bottom-up pass (no quadratic text_content).

    ``as_read`` counts the text as a reader sees it: runs of whitespace as one space, scripts and styles as
    nothing (an indented template can triple the raw length of a one-line dateline).
    """
    size = _read_length if as_read else len
    lengths: dict[lxml.html.HtmlElement, int] = {}
    for node in reversed(list(root.iter(etree.Element))):
        if as_read and node.tag in _UNREAD_TAGS:
            lengths[node] = 0
            continue
        text = node.text
        total = size(text) if text else 0
        for child in node:
            tail = child.tail
            total += lengths.get(child, 0) + (size(tail) if tail else 0)
        lengths[node] = total
    return lengths


_UNREAD_TAGS = frozenset({"script", "style", "noscript", "template"})


def _read_length(text: str) -> int:
    if not text:
        return 0
    if text.isspace():
        return 1
    return len(" ".join(text.split()))


#: Content elements in document order and the text length of every element (see ``content_nodes``).
Content = tuple[list[lxml.html.HtmlElement], dict[lxml.html.HtmlElement, int]]


def content_nodes(
    tree: lxml.html.HtmlElement,
    *,
    as_read: bool = False,
    page_forms: bool = False,
    article_asides: bool = False,
    heading: lxml.html.HtmlElement | Literal[False] | None = False,
) -> Content:
    """Elements outside navigation, sidebars, footers and link lists, in document order, and text lengths.

    An element named like a sidebar that holds most of the page's text is the page's main column ("lay-sidebar",
    "sidebar__main"), and is read.

    ``as_read`` measures text as readers see it (see ``_text_lengths``); ``page_forms`` reads a ``<form>`` that holds
    the headline (ASP.NET pages wrap the whole page in one) as content; ``article_asides`` reads an ``<aside>``
    inside the ``<article>`` holding the headline (where some sites put the article's byline and dateline);
    ``heading`` is the page's ``headline``, when the caller already has it.
    """
    body = tree.find("body")
    root = body if body is not None else tree
    lengths = _text_lengths(root, as_read=as_read)
    page_length = lengths.get(root, 0)
    if heading is False:
        heading = headline(tree)
    # A page that marks its article header as a sidebar still has its headline and dateline there.
    holds_headline = set(heading.iterancestors()) if heading is not None else set()
    article = next((node for node in holds_headline if node.tag == "article"), None) if article_asides else None
    kept: list[lxml.html.HtmlElement] = []
    stack = [root]
    while stack:
        node = stack.pop()
        tag = node.tag
        read_anyway = (page_forms and tag == "form" and node in holds_headline) or (
            tag == "aside" and article is not None and article in node.iterancestors()
        )
        if (tag in _SKIPPED_TAGS and not read_anyway) or (
            node is not root
            and node not in holds_headline
            and _NOT_CONTENT_MARK.search(marks(node))
            and lengths.get(node, 0) * 2 <= page_length
        ):
            continue
        if tag == "a" and not _is_dateline_link(node, lengths):
            continue
        kept.append(node)
        stack.extend(node.iterchildren(etree.Element, reversed=True))
    return kept, lengths


def short_blocks(tree: lxml.html.HtmlElement, content: Content | None = None) -> list[lxml.html.HtmlElement]:
    """The largest elements whose text is short, in document order, outside skipped regions and link lists.

    ``content`` is the page's ``content_nodes``, when the caller already has them.
    """
    nodes, lengths = content or content_nodes(tree)
    blocks: list[lxml.html.HtmlElement] = []
    inside: set[lxml.html.HtmlElement] = set()
    own_text: dict[lxml.html.HtmlElement, int] = {}
    for node in nodes:
        parent = node.getparent()
        if parent in inside:
            inside.add(node)
            continue
        if 0 < lengths.get(node, 0) <= SHORT_BLOCK_CHARS:
            inside.add(node)
            if not _is_link_item(node, lengths) and not _in_running_text(node, own_text):
                blocks.append(node)
    return blocks


#: A short element whose parent holds more than this much text of its own is a phrase inside a sentence
#: ("<p><a>8 August 2009</a>: the first post…</p>"), not a block of its own.
RUNNING_TEXT_CHARS = 20


def _in_running_text(node: lxml.html.HtmlElement, own_text: dict[lxml.html.HtmlElement, int]) -> bool:
    parent = node.getparent()
    if parent is None:
        return False
    if parent not in own_text:
        own_text[parent] = len((parent.text or "").strip()) + sum(len((child.tail or "").strip()) for child in parent)
    return own_text[parent] > RUNNING_TEXT_CHARS


def date_marked(tree: lxml.html.HtmlElement, content: Content | None = None) -> list[lxml.html.HtmlElement]:
    """Short elements whose class or id says they hold a date, and ``<time>`` elements, in document order.

    ``content`` is the page's ``content_nodes``, when the caller already has them.
    """
    nodes, lengths = content or content_nodes(tree)
    return [
        node
        for node in nodes
        if 0 < lengths.get(node, 0) <= SHORT_BLOCK_CHARS
        and (node.tag == "time" or _DATE_MARK.search(marks(node)))
        and not _is_link_item(node, lengths)
    ]


def _is_link_item(node: lxml.html.HtmlElement, lengths: dict[lxml.html.HtmlElement, int]) -> bool:
    """Whether the block is mostly a link to another page (an item of a headline list)."""
    linked = sum(lengths.get(link, 0) for link in node.iter("a") if not _is_dateline_link(link, lengths))
    return linked > 20 and linked * 2 > lengths.get(node, 0)


#: A link with at most this much text and a digit in it is a permalink dateline ("[Samstag, 19. Juli 2014]"),
#: not the headline of another page.
DATELINE_LINK_CHARS = 40


def _is_dateline_link(link: lxml.html.HtmlElement, lengths: dict[lxml.html.HtmlElement, int]) -> bool:
    return lengths.get(link, 0) <= DATELINE_LINK_CHARS and any(map(str.isdigit, _raw_text(link)))


def headline(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The article headline: the longest heading that the page title repeats, else the first ``<h1>``.

    The title settles it when a page has several headings (a site name in an ``<h1>``, then the article's).
    """
    hit = meta_content(tree, "og:title", "twitter:title")
    title = hit[1] if hit else next((node_text(node) for node in tree.iter("title")), "")
    title = " ".join(title.split()).lower()
    repeated: list[tuple[int, lxml.html.HtmlElement]] = []
    if title:
        for node in tree.iter("h1", "h2", "h3"):
            text = node_text(node).lower()
            if len(text) > 10 and text in title:
                repeated.append((len(text), node))
    if repeated:
        return max(repeated, key=lambda pair: pair[0])[1]
    return next((node for node in tree.iter("h1") if node_text(node)), None)


#: A heading of fewer words is a label ("Kommentieren", "Log ind", "Today's most popular articles"), not a headline.
HEADLINE_WORDS = 5


def first_heading(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The first ``<h2>`` to ``<h4>`` outside navigation, sidebars and footers that reads as a headline.

    The headline of a page that has no ``<h1>`` and whose title repeats none of its headings (small sites that
    style an ``<h4>`` as the title of their news items).
    """
    for node in tree.iter("h2", "h3", "h4"):
        if len(node_text(node).split()) >= HEADLINE_WORDS and not any(
            parent.tag in _SKIPPED_TAGS for parent in node.iterancestors()
        ):
            return node
    return None


def headline_index(tree: lxml.html.HtmlElement, blocks: list[lxml.html.HtmlElement]) -> int | None:
    """The index of the block holding the headline (or the first block after it), None without a headline."""
    return heading_index(tree, blocks, headline(tree))


def heading_index(
    tree: lxml.html.HtmlElement, blocks: list[lxml.html.HtmlElement], heading: lxml.html.HtmlElement | None
) -> int | None:
    """The index of the block holding ``heading`` (or the first block after it), None without a heading."""
    if heading is None:
        return None
    around = {heading, *heading.iterancestors()}
    for index, block in enumerate(blocks):
        if block in around:
            return index
    positions = {node: position for position, node in enumerate(tree.iter())}
    where = positions.get(heading, 0)
    return next((index for index, block in enumerate(blocks) if positions.get(block, 0) > where), None)


def without_boilerplate(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy of the page without navigation, sidebars, footers and lists of links to other pages."""
    copied = copy.deepcopy(tree)
    _, lengths = content_nodes(copied)
    doomed = [
        node
        for node in copied.iter()
        if isinstance(node.tag, str)
        and node.tag != "body"
        and (node.tag in {"nav", "aside", "footer"} or (node.tag == "li" and _is_link_item(node, lengths)))
    ]
    for node in doomed:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)
    return copied
