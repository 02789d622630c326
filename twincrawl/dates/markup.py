"""What a page's markup states about its dates and language: JSON-LD, meta tags and microdata, read once a page.

Reading them costs a walk of the tree and a JSON parse; the published date, the modified date and the page's
language all ask, so the reading is kept for as long as the caller keeps the tree.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import lxml.html
from lxml import etree

from twincrawl.dates.strings import FoundDate, parse_structured
from twincrawl.extract.html import ARTICLE_TYPES, jsonld_objects, jsonld_types


@attrs.frozen
class Markup:
    """The date-bearing markup of one page."""

    jsonld: list[dict[str, Any]]
    """Every JSON-LD object, those of an article type first (each group in page order)."""
    metas: dict[str, str]
    """The first non-empty content of every ``<meta>`` name, property or itemprop (lower case)."""
    http_languages: list[str | None]
    """The contents of ``<meta http-equiv="content-language">``, in page order."""
    itemprops: dict[str, list[lxml.html.HtmlElement]]
    """The elements carrying each ``itemprop`` value, in document order."""


#: Every element with an itemprop, in document order: a third of the cost of a ``//*[@itemprop=…]`` per name.
_WITH_ITEMPROP = etree.XPath("//@itemprop/..")

_read: weakref.WeakKeyDictionary[lxml.html.HtmlElement, Markup] = weakref.WeakKeyDictionary()


def page_markup(tree: lxml.html.HtmlElement) -> Markup:
    """The markup of the page rooted at ``tree``, read on the first call for this tree."""
    markup = _read.get(tree)
    if markup is None:
        markup = _read[tree] = _read_markup(tree)
    return markup


def _read_markup(tree: lxml.html.HtmlElement) -> Markup:
    objects = jsonld_objects(tree)
    articles = [obj for obj in objects if jsonld_types(obj) & ARTICLE_TYPES]
    others = [obj for obj in objects if not jsonld_types(obj) & ARTICLE_TYPES]
    metas: dict[str, str] = {}
    http_languages: list[str | None] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
        if (meta.get("http-equiv") or "").strip().lower() == "content-language":
            http_languages.append(meta.get("content"))
    itemprops: dict[str, list[lxml.html.HtmlElement]] = {}
    for node in _WITH_ITEMPROP(tree):
        itemprops.setdefault(node.get("itemprop"), []).append(node)
    return Markup(jsonld=[*articles, *others], metas=metas, http_languages=http_languages, itemprops=itemprops)


def structured_dates(
    markup: Markup, zone: ZoneInfo, jsonld_keys: Sequence[str], meta_names: Sequence[str], itemprop: str | None
) -> Iterator[FoundDate | None]:
    """The dates the markup states under these JSON-LD keys, meta names and itemprop, from the most trusted."""
    for obj in markup.jsonld if jsonld_keys else ():
        for key in jsonld_keys:
            value = obj.get(key)
            if isinstance(value, str):
                yield parse_structured(value, zone, "jsonld")
    for name in meta_names:
        if name in markup.metas:
            yield parse_structured(markup.metas[name], zone, "meta")
    for node in markup.itemprops.get(itemprop, ()) if itemprop else ():
        raw = node.get("content") or node.get("datetime") or node.get("title") or node.text_content()
        yield parse_structured(raw or "", zone, "meta")


_LANGUAGE_CODE = re.compile(r"\s*([A-Za-z]{2})(?![A-Za-z])")
_LANGUAGE_METAS = ("og:locale", "content-language", "language", "dc.language")


def page_languages(tree: lxml.html.HtmlElement) -> list[str]:
    """The language the page declares: on ``<html>``, else in its meta tags (og:locale "de_DE", content-language)."""
    for value in _declared_languages(tree):
        match = _LANGUAGE_CODE.match(value or "")
        if match:
            return [match.group(1).lower()]
    return []


def _declared_languages(tree: lxml.html.HtmlElement) -> Iterator[str | None]:
    """The page's language declarations, the most authoritative first (the meta tags are read only if needed)."""
    yield tree.get("lang")
    yield tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    markup = page_markup(tree)
    yield next((markup.metas[name] for name in _LANGUAGE_METAS if name in markup.metas), None)
    yield from markup.http_languages
