"""Article extraction: the body text without boilerplate, and the title, author, language, URL and image."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs
import lxml.etree
import lxml.html
import trafilatura

from twincrawl.extract.consensus import checked_body, tidy_lines, word_key
from twincrawl.extract.html import (
    ARTICLE_TYPES,
    first_meta,
    jsonld_objects,
    jsonld_types,
    meta_fields,
    node_count,
    node_text,
    parse_html,
)
from twincrawl.extract.lead import is_lead_furniture
from twincrawl.extract.prune import (
    LinkBlocks,
    before_taxonomy,
    without_calls_to_action,
    without_edge_calls_to_action,
    without_link_cards,
)
from twincrawl.fetch import joined


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
    """Field name -> where it was found (jsonld | meta | og | html | hint | consensus | trafilatura)."""
    raw: dict[str, str] = attrs.field(factory=dict)
    """Field name -> the value as written where it was found (a relative URL, ``en-GB`` ...); not for the text."""


ExtractionMode = Literal["accurate", "fast"]
EXTRACTION_MODES: tuple[ExtractionMode, ...] = ("accurate", "fast")
#: The mode the crawl uses unless TWINCRAWL_EXTRACTION_MODE says otherwise: the best one measured on the bench sets.
DEFAULT_EXTRACTION_MODE: ExtractionMode = "accurate"


def empty_extracted() -> Extracted:
    """The result for a page with nothing to extract."""
    return Extracted(title="", text="", author=None, language=None, canonical_url=None, image=None)


def extract(
    html: str,
    url: str,
    *,
    languages: Sequence[str] = (),
    tree: lxml.html.HtmlElement | None = None,
    mode: ExtractionMode = DEFAULT_EXTRACTION_MODE,
) -> Extracted:
    """Extract the article from a decoded page.

    ``languages`` is a hint (ISO 639-1 codes) used only when the markup declares no language. ``tree`` may be
    a tree already parsed from ``html`` (see :func:`twincrawl.extract.html.parse_html`); it is not modified. ``mode``
    trades accuracy for speed (see :func:`extract_text`).
    Never raises on bad input: a page with no article gives an empty :class:`Extracted`.
    """
    if tree is None:
        tree = parse_html(html)
    if tree is None:
        return empty_extracted()
    found_in: dict[str, str] = {}
    raw: dict[str, str] = {}
    jsonld = [obj for obj in jsonld_objects(tree) if jsonld_types(obj) & ARTICLE_TYPES]
    metas = meta_fields(tree)
    text = _extract_text(tree, url, mode, metas)
    if text:
        found_in["text"] = "consensus" if mode == "accurate" else "trafilatura"
    title = _first(found_in, raw, "title", _title_candidates(tree, jsonld, metas)) or ""
    author = _first(found_in, raw, "author", _author_candidates(tree, jsonld, metas))
    language = _first(found_in, raw, "language", _language_candidates(tree, languages, metas), _language_code)
    canonical = _first(found_in, raw, "canonical_url", _canonical_candidates(tree, jsonld, metas))
    image = _first(found_in, raw, "image", _image_candidates(jsonld, metas))
    return Extracted(
        title=title,
        text=text,
        author=author,
        language=language,
        canonical_url=joined(url, canonical) or None if canonical else None,
        image=joined(url, image) or None if image else None,
        found_in=found_in,
        raw=raw,
    )


#: Above this many elements only the first extractor runs: readability's scoring grows faster than linearly,
#: and ordinary article pages have one to three thousand elements.
CONSENSUS_MAX_ELEMENTS = 6_000


def extraction_mode(name: str) -> ExtractionMode:
    """Validate a mode name from configuration."""
    for mode in EXTRACTION_MODES:
        if name == mode:
            return mode
    raise ValueError(f"TWINCRAWL_EXTRACTION_MODE is {name!r}: use one of {', '.join(EXTRACTION_MODES)}")


def extract_text(tree: lxml.html.HtmlElement, url: str, *, mode: ExtractionMode = DEFAULT_EXTRACTION_MODE) -> str:
    """The article body of a parsed page, paragraphs separated by newlines.

    ``fast``: trafilatura without its fallbacks. ``accurate`` (about 1.3 times the cost of one trafilatura
    call): a second, independent extractor (readability's algorithm) checks the first. When they find the same
    article, the lines at either end of trafilatura's body that readability does not have are cut (captions,
    standfirsts, "about the company" boxes, lists of other articles), except a lead paragraph opening with a
    dateline, and summary paragraphs readability opens with are put first; trafilatura's lines in between stay,
    since they are mostly embedded posts and lists readability drops. When they disagree, jusText is asked too
    and trafilatura's body stays unless the other two agree better with each other (then theirs, cut at a
    heading of recommended articles). Both
    extractors read the page without pop-up cards of links nested in paragraphs. Either way, the body ends at a
    tag list in its second half, and lines from paragraphs or list items made of links (headlines of other
    articles), call-to-action and metadata lines ("Read more: ...", "Click here to subscribe", "Tags: ..."),
    first and last paragraphs ending by sending the reader away ("Follow us on Twitter") and leading lines
    repeating the headline are dropped.
    """
    return _extract_text(tree, url, mode, meta_fields(tree))


def _extract_text(tree: lxml.html.HtmlElement, url: str, mode: ExtractionMode, metas: Mapping[str, str]) -> str:
    page = without_link_cards(tree)
    first = _trafilatura(page, url)
    if mode == "accurate" and node_count(tree) <= CONSENSUS_MAX_ELEMENTS:
        first = checked_body(first, page)
    pointers = LinkBlocks(page, url)
    first = "\n".join(line for line in first.split("\n") if not pointers.cover(line))
    return _without_headline(without_edge_calls_to_action(without_calls_to_action(before_taxonomy(first))), tree, metas)


def _trafilatura(tree: lxml.html.HtmlElement, url: str) -> str:
    try:
        # No copy of our own: given a tree, trafilatura works on a copy of it.
        text = trafilatura.extract(tree, url=url or None, include_comments=False, fast=True)
    except (ValueError, TypeError, RecursionError, AttributeError):
        return ""
    return tidy_lines(text or "")


def _without_headline(text: str, tree: lxml.html.HtmlElement, metas: Mapping[str, str]) -> str:
    """The text without leading lines that repeat the page headline, nor the date line or breadcrumb shown
    above or below it (the body starts after them)."""
    headlines = {word_key(node_text(node)) for node in tree.iter("h1", "title")}
    hit = first_meta(metas, "og:title", "twitter:title")
    if hit is not None:
        headlines.add(word_key(hit[1]))
    headlines.discard("")
    lines = text.split("\n")
    while len(lines) > 1 and (word_key(lines[0]) in headlines or is_lead_furniture(lines[0])):
        lines.pop(0)
    return "\n".join(lines)


def _collapse_spaces(value: str) -> str | None:
    return " ".join(value.split()) or None


def _first(
    found_in: dict[str, str],
    raw: dict[str, str],
    field: str,
    candidates: Sequence[tuple[str, str | None]],
    normalize: Callable[[str], str | None] = _collapse_spaces,
) -> str | None:
    """The first candidate that normalizes to a value; where it was found and its raw value are recorded."""
    for where, value in candidates:
        normalized = normalize(value) if value else None
        if value and normalized:
            found_in[field], raw[field] = where, value.strip()
            return normalized
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


def _meta(metas: Mapping[str, str], *names: str) -> tuple[str, str | None]:
    hit = first_meta(metas, *names)
    if hit is None:
        return "meta", None
    return ("og" if hit[0].startswith("og:") else "meta"), hit[1]


def _title_candidates(
    tree: lxml.html.HtmlElement, jsonld: list[dict[str, Any]], metas: Mapping[str, str]
) -> list[tuple[str, str | None]]:
    h1 = next((node_text(node) for node in tree.iter("h1") if node_text(node)), None)
    title_tag = next((node_text(node) for node in tree.iter("title")), None)
    return [
        *(("jsonld", _jsonld_str(obj.get("headline"))) for obj in jsonld),
        _meta(metas, "og:title", "twitter:title"),
        ("html", h1),
        ("html", title_tag),
    ]


#: Elements marked as the byline, in document order (found from the attributes: half the cost of testing every
#: element).
_BYLINES = lxml.etree.XPath('//@rel[.="author"]/.. | //@itemprop[.="author"]/..')


def _author_candidates(
    tree: lxml.html.HtmlElement, jsonld: list[dict[str, Any]], metas: Mapping[str, str]
) -> list[tuple[str, str | None]]:
    byline = next((node_text(node) for node in _BYLINES(tree) if node_text(node)), None)
    return [
        *(("jsonld", _jsonld_str(obj.get("author"))) for obj in jsonld if not _is_url(obj.get("author"))),
        _meta(metas, "author", "article:author", "dc.creator", "byl"),
        ("html", byline if byline and len(byline) < 100 else None),
    ]


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


_LANG_CODE = re.compile(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")


def _language_candidates(
    tree: lxml.html.HtmlElement, hints: Sequence[str], metas: Mapping[str, str]
) -> list[tuple[str, str | None]]:
    return [
        ("html", tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
        _meta(metas, "og:locale"),
        _meta(metas, "content-language", "language", "dc.language"),
        ("hint", hints[0] if len(hints) == 1 else None),
    ]


def _language_code(value: str) -> str | None:
    """``en`` from ``en``, ``en-GB`` or ``en_GB``; None for anything else."""
    match = _LANG_CODE.match(value)
    return match.group(1).lower() if match else None


def _canonical_candidates(
    tree: lxml.html.HtmlElement, jsonld: list[dict[str, Any]], metas: Mapping[str, str]
) -> list[tuple[str, str | None]]:
    link = next(
        (
            node.get("href")
            for node in tree.iter("link")
            if (node.get("rel") or "").strip().lower() == "canonical" and node.get("href")
        ),
        None,
    )
    return [("html", link), _meta(metas, "og:url")]


def _image_candidates(jsonld: list[dict[str, Any]], metas: Mapping[str, str]) -> list[tuple[str, str | None]]:
    return [
        _meta(metas, "og:image", "og:image:url", "twitter:image"),
        *(("jsonld", _jsonld_str(obj.get("image"))) for obj in jsonld),
    ]
