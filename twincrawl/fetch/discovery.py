"""Finding article links: RSS/Atom feeds, sitemaps (indexes and news sitemaps) and listing pages."""

from __future__ import annotations

import email.utils
import gzip
import zlib
from datetime import date, datetime
from urllib.parse import urldefrag

import attrs
import lxml.etree
import lxml.html

from twincrawl.fetch.urls import joined

#: Compressed sitemaps are inflated up to this size at most (the sitemap protocol caps files at 50 MB).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


@attrs.frozen(kw_only=True)
class Link:
    """A discovered URL and the date shown with it, if any."""

    url: str
    date: str | None = None


@attrs.frozen(kw_only=True)
class SitemapContent:
    """A parsed sitemap: either an index of further sitemaps or a list of pages."""

    sitemaps: list[str]
    pages: list[Link]


def _xml_root(body: bytes) -> lxml.etree._Element | None:
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return lxml.etree.fromstring(body.strip(), parser)
    except lxml.etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element: lxml.etree._Element, *names: str) -> str | None:
    """Text of the first descendant whose local tag name is one of ``names``."""
    for node in element.iter():
        if _local(node.tag) in names and (node.text or "").strip():
            return str(node.text).strip()
    return None


def clean_url(url: str, base: str) -> str:
    """Absolute URL without its fragment ("" for a link urllib refuses)."""
    return urldefrag(joined(base, url.strip()))[0]


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed, with their publication dates as written."""
    root = _xml_root(body)
    if root is None:
        return []
    links = []
    for entry in root.iter():
        if _local(entry.tag) not in ("item", "entry"):
            continue
        url = _child_text(entry, "link")
        if url is None:
            atom_links = [n for n in entry if _local(n.tag) == "link" and n.get("rel", "alternate") == "alternate"]
            url = atom_links[0].get("href") if atom_links else None
        absolute = clean_url(url, base_url) if url else ""
        if absolute:
            date = _child_text(entry, "pubdate", "published", "date", "updated")
            links.append(Link(url=absolute, date=date))
    return links


def inflate(body: bytes) -> bytes:
    """Gunzip a gzipped body (bounded by MAX_SITEMAP_BYTES); other bodies are returned as they are."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(body, MAX_SITEMAP_BYTES)
    except (zlib.error, gzip.BadGzipFile):
        return b""
    return data if not decompressor.unconsumed_tail else b""


def parse_sitemap(body: bytes, base_url: str) -> SitemapContent:
    """A sitemap index's sitemaps, or a sitemap's pages with their (news) publication or lastmod dates."""
    root = _xml_root(inflate(body))
    if root is None:
        return SitemapContent(sitemaps=[], pages=[])
    sitemaps, pages = [], []
    for element in root:
        kind = _local(element.tag)
        location = next((n.text for n in element if _local(n.tag) == "loc" and n.text), None)
        if not location:
            continue
        url = clean_url(location, base_url)
        if not url:
            continue
        if kind == "sitemap":
            sitemaps.append(url)
        elif kind == "url":
            pages.append(Link(url=url, date=_child_text(element, "publication_date", "lastmod")))
    return SitemapContent(sitemaps=sitemaps, pages=pages)


def page_links(html: str | bytes, base_url: str) -> list[str]:
    """Absolute URLs of the links on an HTML page, in order, without duplicates (``<base href>`` honoured)."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = tree.xpath("string(//base/@href)") or base_url
    base = joined(base_url, str(base)) or base_url
    urls = (clean_url(str(href), base) for href in tree.xpath("//a/@href"))
    return list(dict.fromkeys(url for url in urls if url.startswith(("http://", "https://"))))


def link_day(text: str | None) -> date | None:
    """The day of a feed or sitemap date (RFC 822 or ISO-8601), None when it cannot be read."""
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None
