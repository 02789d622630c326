"""Article extraction: the body text without boilerplate, and the title, author, language, URL and image."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

import attrs
import lxml.html
import trafilatura

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
        found_in["text"] = "trafilatura"
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


def extract_text(tree: lxml.html.HtmlElement, url: str) -> str:
    """The article body of a parsed page, paragraphs separated by newlines."""
    try:
        text = trafilatura.extract(copy.deepcopy(tree), url=url or None, include_comments=False)
    except (ValueError, TypeError, RecursionError, AttributeError):
        return ""
    return _tidy(text or "")


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
