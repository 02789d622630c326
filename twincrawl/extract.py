"""Article extraction: the body text without boilerplate, and the title, author, language, URL and image."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

import attrs
import lxml.etree
import lxml.html
import readability
import trafilatura
from readability.readability import Unparseable

from twincrawl.html import ARTICLE_TYPES, jsonld_objects, jsonld_types, meta_content, node_text, parse_html


@attrs.define(kw_only=True)
class Extracted:
    """What extraction found on one page."""

    title: str
    """The article headline ("" when none was found)."""
    text: str
    """The article body, one paragraph per line, boilerplate removed ("" when none was found)."""
    author: str | None
    """The byline, as written."""
    language: str | None
    """ISO 639-1 code of the page language, from the markup."""
    canonical_url: str | None
    """The URL the page declares as its canonical one (absolute)."""
    image: str | None
    """The main image URL (absolute)."""
    found_in: dict[str, str] = attrs.field(factory=dict)
    """Field name -> where it was found (jsonld | meta | og | html | trafilatura)."""


def empty_extracted() -> Extracted:
    """The result for a page with nothing to extract."""
    return Extracted(title="", text="", author=None, language=None, canonical_url=None, image=None)


def extract(
    html: str,
    url: str,
    *,
    languages: Sequence[str] = (),
    tree: lxml.html.HtmlElement | None = None,
) -> Extracted:
    """Extract the article from a decoded page.

    ``languages`` is a hint (ISO 639-1 codes) used only when the markup declares no language. ``tree`` may be
    a tree already parsed from ``html`` (see :func:`twincrawl.html.parse_html`); it is not modified.
    Never raises on bad input: a page with no article gives an empty :class:`Extracted`.
    """
    if tree is None:
        tree = parse_html(html)
    if tree is None:
        return empty_extracted()
    found_in: dict[str, str] = {}
    jsonld = [obj for obj in jsonld_objects(tree) if jsonld_types(obj) & ARTICLE_TYPES]
    text = extract_text(tree, url)
    if text:
        found_in["text"] = "consensus"
    title = _first(found_in, "title", _title_candidates(tree, jsonld)) or ""
    author = _first(found_in, "author", _author_candidates(tree, jsonld))
    language = _first(found_in, "language", _language_candidates(tree, languages))
    canonical = _first(found_in, "canonical_url", _canonical_candidates(tree, jsonld))
    image = _first(found_in, "image", _image_candidates(tree, jsonld))
    return Extracted(
        title=title,
        text=text,
        author=author,
        language=language,
        canonical_url=urljoin(url, canonical) if canonical else None,
        image=urljoin(url, image) if image else None,
        found_in=found_in,
    )


#: Above this many elements only one extractor runs: readability's scoring grows faster than linearly, and
#: ordinary article pages have one to three thousand elements.
CONSENSUS_MAX_ELEMENTS = 6_000


def extract_text(tree: lxml.html.HtmlElement, url: str) -> str:
    """The article body of a parsed page, paragraphs separated by newlines.

    Three extractors that fail in different ways (trafilatura favouring precision, trafilatura without its
    fallbacks, readability) each propose a body; the one that agrees most with the other two wins, so that one
    extractor's stray sidebar or lost half is outvoted. A leading line repeating the headline is dropped.
    """
    if sum(1 for _ in tree.iter()) > CONSENSUS_MAX_ELEMENTS:
        return _without_headline(_trafilatura(tree, url, favor_precision=True, fast=True), tree)
    candidates = [
        _trafilatura(tree, url, favor_precision=True),
        _trafilatura(tree, url, fast=True),
        _readability(tree),
    ]
    present = [text for text in candidates if text]
    if not present:
        return ""
    best = max(
        present,
        key=lambda text: sum(_agreement(text, other) for other in present if other is not text),
    )
    return _without_headline(best, tree)


def _trafilatura(
    tree: lxml.html.HtmlElement,
    url: str,
    *,
    favor_precision: bool = False,
    fast: bool = False,
) -> str:
    try:
        text = trafilatura.extract(
            copy.deepcopy(tree),
            url=url or None,
            include_comments=False,
            favor_precision=favor_precision,
            fast=fast,
        )
    except (ValueError, TypeError, RecursionError, AttributeError):
        return ""
    return _tidy(text or "")


def _readability(tree: lxml.html.HtmlElement) -> str:
    try:
        summary = readability.Document(copy.deepcopy(tree)).summary(html_partial=True)
        body = lxml.html.fragment_fromstring(summary, create_parent="div") if summary.strip() else None
    except (ValueError, TypeError, RecursionError, AttributeError, lxml.etree.ParserError, Unparseable):
        return ""
    if body is None:
        return ""
    for block in body.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
        block.text = "\n" + (block.text or "")
    return _tidy(body.text_content())


_BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "br",
    "section",
)
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> Counter[str]:
    words = _WORD.findall(text)
    return Counter(" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3)))


def _agreement(one: str, other: str) -> float:
    """F1 of the 4-word shingles two texts share (1.0 for identical texts)."""
    first, second = _shingles(one), _shingles(other)
    shared = sum((first & second).values())
    total = sum(first.values()) + sum(second.values())
    return 2 * shared / total if total else 1.0


def _without_headline(text: str, tree: lxml.html.HtmlElement) -> str:
    """The text without leading lines that repeat the page headline (the body starts after it)."""
    headlines = {_words(node_text(node)) for node in tree.iter("h1", "title")}
    hit = meta_content(tree, "og:title", "twitter:title")
    if hit is not None:
        headlines.add(_words(hit[1]))
    headlines.discard("")
    lines = text.split("\n")
    while len(lines) > 1 and _words(lines[0]) in headlines:
        lines.pop(0)
    return "\n".join(lines)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _first(found_in: dict[str, str], field: str, candidates: Sequence[tuple[str, str | None]]) -> str | None:
    for where, value in candidates:
        if value and value.strip():
            found_in[field] = where
            return " ".join(value.split())
    return None


def _jsonld_str(value: Any) -> str | None:
    """A plain string from a JSON-LD value that may be a string, a list, or an object with a name/url."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        names = [name for name in (_jsonld_str(item) for item in value) if name]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        for key in ("name", "url", "@id"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return None


def _meta(tree: lxml.html.HtmlElement, *names: str) -> tuple[str, str | None]:
    hit = meta_content(tree, *names)
    if hit is None:
        return "meta", None
    return ("og" if hit[0].startswith("og:") else "meta"), hit[1]


def _title_candidates(
    tree: lxml.html.HtmlElement, jsonld: list[dict[str, Any]]
) -> list[tuple[str, str | None]]:
    h1 = next((node_text(node) for node in tree.iter("h1") if node_text(node)), None)
    title_tag = next((node_text(node) for node in tree.iter("title")), None)
    return [
        *(("jsonld", _jsonld_str(obj.get("headline"))) for obj in jsonld),
        _meta(tree, "og:title", "twitter:title"),
        ("html", h1),
        ("html", title_tag),
    ]


def _author_candidates(
    tree: lxml.html.HtmlElement, jsonld: list[dict[str, Any]]
) -> list[tuple[str, str | None]]:
    byline = next(
        (
            node_text(node)
            for node in tree.xpath('//*[@rel="author" or @itemprop="author"]')
            if node_text(node)
        ),
        None,
    )
    return [
        *(("jsonld", _jsonld_str(obj.get("author"))) for obj in jsonld if not _is_url(obj.get("author"))),
        _meta(tree, "author", "article:author", "dc.creator", "byl"),
        ("html", byline if byline and len(byline) < 100 else None),
    ]


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


_LANG_CODE = re.compile(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")


def _language_candidates(tree: lxml.html.HtmlElement, hints: Sequence[str]) -> list[tuple[str, str | None]]:
    declared = [
        ("html", tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
        _meta(tree, "og:locale"),
        _meta(tree, "content-language", "language", "dc.language"),
    ]
    codes: list[tuple[str, str | None]] = []
    for where, value in declared:
        match = _LANG_CODE.match(value or "")
        codes.append((where, match.group(1).lower() if match else None))
    codes.append(("hint", hints[0].lower() if len(hints) == 1 else None))
    return codes


def _canonical_candidates(
    tree: lxml.html.HtmlElement, jsonld: list[dict[str, Any]]
) -> list[tuple[str, str | None]]:
    link = next(
        (
            node.get("href")
            for node in tree.iter("link")
            if (node.get("rel") or "").strip().lower() == "canonical" and node.get("href")
        ),
        None,
    )
    return [("html", link), _meta(tree, "og:url")]


def _image_candidates(
    tree: lxml.html.HtmlElement, jsonld: list[dict[str, Any]]
) -> list[tuple[str, str | None]]:
    return [
        _meta(tree, "og:image", "og:image:url", "twitter:image"),
        *(("jsonld", _jsonld_str(obj.get("image"))) for obj in jsonld),
    ]
