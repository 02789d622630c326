"""What a news site offers a crawl, read from pages already fetched: feeds, sitemaps, the news section, pagination
and the URL shapes of its articles and listings.

Pure functions over bytes, no network: ``twincrawl sources discover`` fetches (politely, through the address
guard) and hands the bodies here. URL shapes cover the common CMSs: numeric ids (``/news/123``, Drupal's
``/node/123``), Bitrix's ``detail.php?ID=123`` and ``PAGEN_1``, WordPress's dated slugs and ``/page/2/``, Joomla's
``option=com_content&view=article&id=12:slug`` and ``limitstart``, and static ``2024-05-17-slug.html`` files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

import attrs
import lxml.etree
import lxml.html

from twincrawl.fetch.discovery import clean_url

#: Paths where CMSs serve their feeds when a page does not link one (WordPress, Joomla, Bitrix, Drupal, static).
COMMON_FEED_PATHS = (
    "/feed/", "/rss/", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.rss", "/news/rss", "/rss/news",
    "/index.php?option=com_content&view=featured&format=feed&type=rss",
)  # fmt: skip
#: Where sitemaps usually are when robots.txt names none.
COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
#: Words naming a news section in menus, lower case, in the languages of twinning cities' sites.
NEWS_WORDS = (
    "новости", "новини", "навіны", "news", "latest news", "press", "press releases", "пресс-центр", "прес-центр",
    "aktuelles", "nachrichten", "neuigkeiten", "meldungen", "actualités", "actualites", "nouvelles", "aktuality",
    "zprávy", "novinky", "notizie", "novità", "noticias", "actualidad", "notícias", "aktualności", "wiadomości",
    "nieuws", "actueel", "uutiset", "nyheter", "nyheder", "hírek", "știri", "новини и събития", "vesti", "vijesti",
    "novice", "jaunumi", "naujienos", "uudised", "haberler", "ειδήσεις", "新闻", "ニュース", "뉴스",
)  # fmt: skip
#: Query keys and path parts that number listing pages.
_PAGE_KEYS = re.compile(r"(?i)^(?:page|pagen_\d+|pg|start|limitstart|offset|seite|strana|pagina|paged)$")
_PAGE_PATH = re.compile(r"(?i)/(?:page|seite|strana|pagina|p)/(\d+)/?$")
_DIGITS = re.compile(r"\d+")
_ID_WITH_SLUG = re.compile(r"\d+[:\-][\w\-%.]+")
_DATED_FILE = re.compile(r"\d{4}-\d{2}-\d{2}[\w\-%]*")
_SLUG = re.compile(r"[\w%]+(?:[-_.][\w%]+)+", re.UNICODE)
_EXTENSION = re.compile(r"\.(?:html?|php|aspx?|shtml)$", re.IGNORECASE)
#: A shape is taken as articles only with this many distinct URLs seen (one link is a menu entry or a
#: highlighted story, not a series; processing then tells articles from other pages).
MIN_SERIES = 2


@attrs.frozen(kw_only=True)
class Shape:
    """A family of URLs of one form: the regular expression (searched on absolute URLs) and the URLs seen."""

    pattern: str
    urls: tuple[str, ...]
    cms: str
    """The CMS whose URL form this is (``bitrix``, ``wordpress``, ``drupal``, ``joomla``, ``static``, ``ids``)."""


def page_tree(body: bytes) -> lxml.html.HtmlElement | None:
    """The parsed HTML page (lxml reads its declared charset), None when it is not HTML."""
    try:
        tree = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return None
    return tree if isinstance(tree, lxml.html.HtmlElement) else None


def linked_feeds(tree: lxml.html.HtmlElement, base_url: str) -> list[str]:
    """Feeds the page announces with ``<link rel="alternate" type="application/rss+xml" href=...>``."""
    feeds = []
    for link in tree.xpath("//link[@href]"):
        rel = str(link.get("rel", "")).lower().split()
        if "alternate" in rel and str(link.get("type", "")).lower() in _FEED_TYPES:
            feeds.append(clean_url(str(link.get("href")), base_url))
    return list(dict.fromkeys(url for url in feeds if url))


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, as absolute URLs."""
    found = []
    for line in robots_txt.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            found.append(clean_url(value.strip(), base_url))
    return list(dict.fromkeys(url for url in found if url))


def looks_like_feed(body: bytes) -> bool:
    """True for an RSS, RSS 1.0 (RDF) or Atom document."""
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and any(
        tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")
    )


def looks_like_sitemap(body: bytes) -> bool:
    """True for a sitemap or a sitemap index."""
    head = body[:4096].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def _anchor_text(anchor: lxml.html.HtmlElement) -> str:
    text = " ".join(anchor.text_content().split()) or str(anchor.get("title", ""))
    return text.strip(" :|»›>").lower()


def news_sections(tree: lxml.html.HtmlElement, base_url: str) -> list[str]:
    """Same-site links whose text names a news section (Новости, News, Aktuelles, Actualités ...), menus first."""
    host = urlsplit(base_url).netloc
    found = []
    for anchor in tree.xpath("//a[@href]"):
        url = clean_url(str(anchor.get("href")), base_url)
        if url and urlsplit(url).netloc == host and _anchor_text(anchor) in NEWS_WORDS:
            found.append(url)
    return list(dict.fromkeys(found))


def same_site_links(tree: lxml.html.HtmlElement, base_url: str) -> list[str]:
    """Absolute links of the page to its own host, in order, without duplicates (``<base href>`` honoured)."""
    base = clean_url(str(tree.xpath("string(//base/@href)") or base_url), base_url) or base_url
    host = urlsplit(base_url).netloc
    urls = (clean_url(str(href), base) for href in tree.xpath("//a/@href"))
    return list(dict.fromkeys(url for url in urls if url.startswith("http") and urlsplit(url).netloc == host))


def page_number(url: str) -> int | None:
    """The page number a listing URL carries (``?page=2``, ``PAGEN_1=3``, ``/page/2/``), None when none."""
    parts = urlsplit(url)
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _PAGE_KEYS.match(name) and value.isdigit():
            return int(value)
    match = _PAGE_PATH.search(parts.path)
    return int(match.group(1)) if match else None


def listing_pattern(url: str) -> str:
    """The pattern of the further pages of the listing ``url`` belongs to (a page URL or the listing itself
    with its page parameter)."""
    parts = urlsplit(url)
    match = _PAGE_PATH.search(parts.path)
    if match:
        stem = parts.path[: match.start()]
        return f"{re.escape(stem)}/{re.escape(match.group(0).strip('/').split('/')[0])}/\\d+/?$"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    page_keys = [name for name, value in pairs if _PAGE_KEYS.match(name) and value.isdigit()]
    fixed = [f"{re.escape(name)}={re.escape(value)}" for name, value in pairs if name not in page_keys]
    key = page_keys[0] if page_keys else "page"
    others = "".join(f"(?=(?:.*&)?{pair}(?:&|$))" for pair in fixed)
    return f"{re.escape(parts.path)}\\?{others}(?:.*&)?{re.escape(key)}=\\d+"


def _listing_stem(path: str) -> str:
    """A listing's path without its page part and trailing slash (``/news/page/2/`` gives ``/news``)."""
    match = _PAGE_PATH.search(path)
    return (path[: match.start()] if match else path).rstrip("/")


def pagination_links(links: Iterable[str], listing_url: str) -> list[str]:
    """The links among ``links`` that number further pages of the listing at ``listing_url``."""
    stem = _listing_stem(urlsplit(listing_url).path)
    return [url for url in links if page_number(url) is not None and _listing_stem(urlsplit(url).path) == stem]


def _segment_pattern(segment: str, last: bool) -> tuple[str, str]:
    """The regular expression for one path segment and what kind of segment it is."""
    stem, extension = segment, ""
    found = _EXTENSION.search(segment)
    if found and last:
        stem, extension = segment[: found.start()], re.escape(found.group(0))
    if stem.isdigit():
        return r"\d+" + extension, "id"
    if _DATED_FILE.fullmatch(stem):
        return r"\d{4}-\d{2}-\d{2}[^/]*" + extension, "dated"
    if _ID_WITH_SLUG.fullmatch(stem):
        return r"\d+[^/]*" + extension, "id"
    if last and _SLUG.fullmatch(stem) and sum(1 for c in stem if c in "-_") >= 2:
        return r"[^/?#]+" + extension, "slug"
    return re.escape(segment), "literal"


def _query_pattern(query: str) -> tuple[str, bool]:
    """The pattern of a query string (ids shaped, other values kept) and whether it carries an id."""
    parts, has_id = [], False
    for name, value in parse_qsl(query, keep_blank_values=True):
        if _PAGE_KEYS.match(name):
            return "", False
        if value.isdigit() or _ID_WITH_SLUG.fullmatch(value):
            parts.append(f"{re.escape(name)}=\\d+[^&]*")
            has_id = True
        else:
            parts.append(f"{re.escape(name)}={re.escape(value)}")
    return "\\?" + "&".join(parts) + "(?:&.*)?$", has_id


def url_shape(url: str, loose: bool = False) -> tuple[str, set[str]] | None:
    """The pattern of an article-like URL and the kinds of its variable parts, None when nothing in it varies
    like an article id (a menu page, a listing page).

    ``loose`` lets the section before a variable last segment vary too (``/vestnik/society/slug-1.html`` and
    ``/vestnik/sport/slug-2.html``); it gives None for URLs without such a section.
    """
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    shaped = [_segment_pattern(segment, index == len(segments) - 1) for index, segment in enumerate(segments)]
    pieces, kinds = [piece for piece, _ in shaped], {kind for _, kind in shaped}
    if loose:
        if parts.query or len(shaped) < 3 or shaped[-2][1] != "literal" or shaped[-1][1] == "literal":
            return None
        pieces[-2] = "[^/]+"
    path = "/" + "/".join(pieces) + ("/" if parts.path.endswith("/") and segments else "")
    if parts.query:
        query, has_id = _query_pattern(parts.query)
        if not query:
            return None
        if has_id:
            kinds.add("query-id")
        pattern = path + query
    else:
        pattern = path.rstrip("/") + ("/?$" if parts.path.endswith("/") else "$")
    if kinds <= {"literal"} or page_number(url) is not None:
        return None
    return pattern, kinds


def _cms(pattern: str, kinds: set[str]) -> str:
    if "PAGEN" in pattern or ("detail" in pattern.lower() and "query-id" in kinds) or "ELEMENT_ID" in pattern:
        return "bitrix"
    if "com_content" in pattern:
        return "joomla"
    if pattern.startswith("/node/"):
        return "drupal"
    if re.search(r"\\d\+/\\d\+/(?:\\d\+/)?\[", pattern) or "\\?p=" in pattern:
        return "wordpress"
    if "dated" in kinds or "slug" in kinds:
        return "static"
    return "ids"


def _families(urls: Iterable[str], loose: bool) -> dict[str, tuple[list[str], set[str]]]:
    families: dict[str, tuple[list[str], set[str]]] = {}
    for url in urls:
        shape = url_shape(url, loose)
        if shape is not None:
            families.setdefault(shape[0], ([], shape[1]))[0].append(url)
    return families


def article_shapes(urls: Iterable[str], minimum: int = MIN_SERIES) -> list[Shape]:
    """Families of article-like URLs among ``urls``, the biggest first; families of fewer than ``minimum``
    distinct URLs are left out (pass 1 for URLs known to be articles, e.g. from a feed).

    Families that differ only in the section before the last segment are one family when that makes it
    ``minimum`` strong or joins several sections.
    """
    unique = list(dict.fromkeys(urls))
    families = _families(unique, loose=False)
    for pattern, (members, kinds) in _families(unique, loose=True).items():
        exact = {shape[0] for url in members if (shape := url_shape(url)) is not None}
        if len(exact) > 1:
            for name in exact:
                families.pop(name, None)
            families[pattern] = (members, kinds)
    shapes = [
        Shape(pattern=pattern, urls=tuple(members), cms=_cms(pattern, kinds))
        for pattern, (members, kinds) in families.items()
        if len(members) >= minimum
    ]
    return sorted(shapes, key=lambda shape: (-len(shape.urls), shape.pattern))


def html_languages(tree: lxml.html.HtmlElement) -> list[str]:
    """The ISO 639-1 code of ``<html lang>`` (``de-DE`` gives ``de``), empty when none is declared."""
    lang = str(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    code = re.split(r"[-_]", lang, maxsplit=1)[0].lower()
    return [code] if re.fullmatch(r"[a-z]{2,3}", code) else []


def script_heavy(tree: lxml.html.HtmlElement) -> bool:
    """True when a page shows almost no text or links of its own but loads scripts: its content comes from
    JavaScript."""
    scripts = len(tree.xpath("//script"))
    body_text = " ".join(" ".join(tree.xpath("//body//text()[not(ancestor::script)]")).split())
    return scripts > 0 and len(tree.xpath("//body//a[@href]")) < 3 and len(body_text) < 200
