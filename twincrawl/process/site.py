"""Proposing a registry entry for a news site from its home page (``twincrawl sources discover``).

The site is read politely (:class:`twincrawl.fetch.polite.PoliteClient`); feeds, sitemaps, the news section and
its pagination are found and the article URL shapes inferred by :mod:`twincrawl.fetch.site_discovery`; then a few
articles of each shape go through :func:`process_page`, as in a crawl, and only shapes whose pages give a text and
a date make it into the entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import attrs

from twincrawl.fetch import Link, Network, Refused, parse_feed, parse_sitemap
from twincrawl.fetch.discovery import SitemapContent
from twincrawl.fetch.polite import Fetched, PoliteClient
from twincrawl.fetch.site_discovery import (
    COMMON_FEED_PATHS,
    COMMON_SITEMAP_PATHS,
    MIN_SERIES,
    Shape,
    article_shapes,
    html_languages,
    linked_feeds,
    listing_pattern,
    looks_like_feed,
    looks_like_sitemap,
    news_sections,
    page_tree,
    pagination_links,
    robots_sitemaps,
    same_site_links,
    script_heavy,
)
from twincrawl.items import FetchedPage
from twincrawl.process.countries import country_of, country_timezones
from twincrawl.process.page import ProcessingOptions, Skipped, process_page
from twincrawl.registry import Source

#: Articles of each shape put through processing; a shape is kept when most of them give an article.
CHECKS_PER_SHAPE = 3
#: Shapes tried at most (the biggest families first).
MAX_SHAPES = 6
#: Sub-sitemaps of a sitemap index read at most.
MAX_SUBSITEMAPS = 5
_UTF8 = {"utf-8", "utf8", "us-ascii", "ascii"}


@attrs.frozen(kw_only=True)
class Request:
    """What to discover and how the entry is labelled."""

    url: str
    city: str | None = None
    country: str | None = None
    key: str | None = None
    timezone: str | None = None
    allow: tuple[Network, ...] = ()
    scope: str | None = None
    """The URL prefix article URLs must start with; by default the part of the site ``url`` is in (its host, and
    its first path segment for a page below the home page)."""


@attrs.define(kw_only=True)
class Discovery:
    """What was found: the entry (a registry mapping), the checks made, and how sure it is."""

    entry: dict[str, Any] = attrs.field(factory=dict)
    checks: list[str] = attrs.field(factory=list)
    """One line per thing looked at and what it gave."""
    confidence: str = "none"
    """``high``, ``medium``, ``low`` or ``none`` (no article pattern was confirmed: no entry)."""
    failure: str = ""
    """Why no entry was proposed; empty when one was."""
    listing_url: str = ""
    """The page the links were read from (the news section, else the page discovery started from); empty when
    no page could be read."""
    links: list[str] = attrs.field(factory=list)
    """Same-site links of the pages read: the starting page, its news section, a further listing page."""
    feeds: dict[str, list[str]] = attrs.field(factory=dict)
    """Every feed read, with the URLs it lists."""
    sitemaps: dict[str, list[str]] = attrs.field(factory=dict)
    """Every sitemap read, with the URLs it lists (its pages; for an index, its sitemaps)."""
    needs_js: bool = False
    """The listing shows almost no text or links without JavaScript."""
    unanswered: dict[str, str] = attrs.field(factory=dict)
    """Feeds and sitemaps of an existing entry (:meth:`SiteDiscoverer.revisit`) that did not answer as one, and
    why."""

    def seen(self) -> list[str]:
        """Every URL seen: the links of the pages read and the URLs the feeds and sitemaps list."""
        listed = (url for urls in (*self.feeds.values(), *self.sitemaps.values()) for url in urls)
        return list(dict.fromkeys([*self.links, *listed]))


class SiteDiscoverer:
    """Reads one site through ``client`` and proposes its registry entry."""

    def __init__(self, client: PoliteClient, request: Request, options: ProcessingOptions | None = None) -> None:
        self.client = client
        self.request = request
        self.options = options or ProcessingOptions()
        self.found = Discovery()
        self.say: Callable[[str], None] = self.found.checks.append
        self.languages: set[str] = set()
        """Languages of the articles checked."""
        self.declared = False
        """True when the home page declares its language."""
        self.failures: dict[str, str] = {}
        """Why a URL gave no page: the refusal, the network error or the HTTP status."""

    def fetch(self, url: str) -> Fetched | None:
        try:
            answer = self.client.get(url)
        except (Refused, OSError) as error:
            self.say(f"{url}: not fetched ({error})")
            self.failures[url] = str(error)
            return None
        if answer.status != 200:
            self.failures[url] = f"HTTP {answer.status}"
            return None
        return answer

    def feeds(self, home: Fetched, linked: list[str]) -> dict[str, list[Link]]:
        prefixes = dict.fromkeys((site_scope(home.url).rstrip("/"), _root(home.url)))
        candidates = linked or [prefix + path for prefix in prefixes for path in COMMON_FEED_PATHS]
        if looks_like_feed(home.body):
            candidates = [home.url]
        feeds = {}
        for url in candidates:
            answer = self.fetch(url)
            if answer is not None and looks_like_feed(answer.body):
                feeds[url] = parse_feed(answer.body, answer.url)
                self.found.feeds[url] = [link.url for link in feeds[url]]
                self.say(f"feed {url}: {len(feeds[url])} entries" + ("" if linked else " (common path)"))
                if not linked:
                    break
        if not feeds:
            self.say("feeds: none linked from the home page or at the common paths")
        return feeds

    def sitemaps(self, home: Fetched) -> dict[str, list[Link]]:
        root = _root(home.url)
        self.client.robots(home.url)
        named = robots_sitemaps(self.client.robots_txt, root)
        self.say(f"robots.txt: {len(named)} sitemap(s) named")
        given = [home.url] if looks_like_sitemap(home.body) else []
        first = list(dict.fromkeys(given + named))
        queue, found = first or [root + path for path in COMMON_SITEMAP_PATHS], {}
        read = 0
        while queue and read < MAX_SUBSITEMAPS + len(first):
            url = queue.pop(0)
            content = self.sitemap(url)
            read += 1
            if content is None:
                continue
            queue.extend(content.sitemaps[:MAX_SUBSITEMAPS])
            if content.pages:
                found[url] = content.pages
            if not first and found:
                break
        return found

    def sitemap(self, url: str) -> SitemapContent | None:
        """The sitemap at ``url`` (kept in :attr:`Discovery.sitemaps`), None when it does not answer as one."""
        answer = self.fetch(url)
        if answer is None or not looks_like_sitemap(answer.body):
            return None
        content = parse_sitemap(answer.body, answer.url)
        self.found.sitemaps[url] = [link.url for link in content.pages] + content.sitemaps
        self.say(f"sitemap {url}: {len(content.pages)} pages, {len(content.sitemaps)} sitemaps")
        return content

    def revisit(self, source: Source) -> None:
        """Read the feeds and sitemaps (and the first sitemaps of an index) an existing entry lists that
        :meth:`run` did not: what they list counts as seen; those that do not answer as a feed or a sitemap go to
        :attr:`Discovery.unanswered`. Once the request budget is spent the rest is left unread."""
        for url in (*source.feeds, *source.sitemaps):
            if url in self.found.feeds or url in self.found.sitemaps:
                continue
            if self.client.spent:
                self.say(f"{url}: not read, the budget of {self.client.budget} requests is spent")
            elif not (self._listed_feed(url) if url in source.feeds else self._listed_sitemap(url)):
                kind = "feed" if url in source.feeds else "sitemap"
                self.found.unanswered[url] = self.failures.get(url, f"not a {kind}")

    def _listed_feed(self, url: str) -> bool:
        answer = self.fetch(url)
        if answer is None or not looks_like_feed(answer.body):
            return False
        self.found.feeds[url] = [link.url for link in parse_feed(answer.body, answer.url)]
        self.say(f"feed {url}: {len(self.found.feeds[url])} entries (listed in the entry)")
        return True

    def _listed_sitemap(self, url: str) -> bool:
        content = self.sitemap(url)
        for child in content.sitemaps[:MAX_SUBSITEMAPS] if content else ():
            if child not in self.found.sitemaps and not self.client.spent:
                self.sitemap(child)
        return content is not None

    def check(self, shape: Shape, source: Source) -> tuple[int, int]:
        """Articles of ``shape`` processed as a crawl would: (how many gave text and a date, how many were tried)."""
        passed = tried = 0
        for url in shape.urls[:CHECKS_PER_SHAPE]:
            answer = self.fetch(url)
            if answer is None:
                continue
            tried += 1
            page = FetchedPage(url=answer.url, source=source.key, body=answer.body, headers=answer.headers)
            try:
                article = process_page(page, source, self.options)
            except Skipped as skipped:
                self.say(f"  {url}: no article ({skipped})")
                continue
            if article.published is None:
                self.say(f"  {url}: text but no date")
                continue
            passed += 1
            self.say(f"  {url}: article, {len(article.text)} chars, published {article.published}")
            self.languages.add(article.language or "")
        return passed, tried

    def run(self) -> Discovery:
        """Look at the site and fill :attr:`found`."""
        home = self.fetch(self.request.url)
        tree = page_tree(home.body) if home is not None else None
        if home is not None and (looks_like_feed(home.body) or looks_like_sitemap(home.body)):
            tree = page_tree(b"<html><body></body></html>")
        if home is None or tree is None:
            return self._nothing(f"{self.request.url}: the page could not be read as HTML, a feed or a sitemap")
        encoding = _encoding(home, tree)
        feeds = self.feeds(home, linked_feeds(tree, home.url))
        sitemaps = self.sitemaps(home)
        listing_url, links, listing = self.listing(home, tree)
        known = [link.url for entries in (*feeds.values(), *sitemaps.values()) for link in entries]
        scope = self.request.scope or site_scope(home.url)
        shapes = _in_scope(_merged(article_shapes(known, 1) + article_shapes(links, MIN_SERIES)), scope)
        draft = self._draft(home, tree, encoding)
        accepted, passed_total, tried_total = [], 0, 0
        for shape in shapes[:MAX_SHAPES]:
            self.say(f"shape {shape.pattern} ({shape.cms}, {len(shape.urls)} URLs seen):")
            passed, tried = self.check(shape, attrs.evolve(draft, article_urls=(re.compile(shape.pattern),)))
            if tried and passed * 2 > tried:
                accepted.append(shape)
                passed_total, tried_total = passed_total + passed, tried_total + tried
        if not accepted:
            return self._nothing("no URL shape gave articles with a text and a date")
        patterns = [shape.pattern for shape in accepted]
        in_links = any(re.search(pattern, url) for pattern in patterns for url in links)
        self.found.entry = self._entry(
            draft,
            patterns=patterns,
            start_urls=[listing_url] if in_links else [],
            listing=listing if in_links else None,
            feeds=[url for url, entries in feeds.items() if _any_match(patterns, entries)],
            sitemaps=[url for url, entries in sitemaps.items() if _any_match(patterns, entries)],
        )
        self.found.confidence = _confidence(passed_total, tried_total, bool(feeds or sitemaps or listing))
        return self.found

    def _nothing(self, why: str) -> Discovery:
        self.found.failure = why
        self.say(f"{why}: no entry proposed")
        return self.found

    def listing(self, home: Fetched, tree: Any) -> tuple[str, list[str], str | None]:
        """The news listing (the news section the home page links, else the page itself), the same-site links
        seen on it, its first further page and the home page, and the pattern of its further pages."""
        sections = news_sections(tree, home.url)
        self.say(f"news section links: {', '.join(sections[:3]) or 'none'}")
        listing_url, links, listing = home.url, same_site_links(tree, home.url), None
        js = script_heavy(tree)
        for section in sections[:2]:
            answer = self.fetch(section)
            section_tree = page_tree(answer.body) if answer is not None else None
            if answer is not None and section_tree is not None:
                listing_url, links = answer.url, same_site_links(section_tree, answer.url) + links
                js = js or script_heavy(section_tree)
                break
        pages = pagination_links(links, listing_url)
        if pages:
            listing = listing_pattern(pages[0])
            self.say(f"pagination: {len(pages)} page link(s) from {listing_url}, e.g. {pages[0]}")
            answer = self.fetch(pages[0])
            more_tree = page_tree(answer.body) if answer is not None else None
            if more_tree is not None and answer is not None:
                links += same_site_links(more_tree, answer.url)
        if js:
            self.say("the listing shows almost no text or links without JavaScript: it may need render: js")
        self.found.listing_url, self.found.links, self.found.needs_js = listing_url, links, js
        return listing_url, links, listing

    def _draft(self, home: Fetched, tree: Any, encoding: str | None) -> Source:
        country = (self.request.country or country_of(home.url) or "").upper()
        timezone = self.request.timezone
        if timezone is None:
            zones = country_timezones(country, self.request.city)
            timezone = zones[0] if zones else "UTC"
            self.say(f"timezone {timezone}: " + (f"read from {country}" if zones else f"{country} names no zone"))
        languages = html_languages(tree)
        self.declared = bool(languages)
        self.say(f"encoding: {encoding or 'utf-8'}; languages declared: {', '.join(languages) or 'none'}")
        host = urlsplit(home.url)
        title = " ".join(str(tree.findtext(".//title") or "").split()) or host.hostname or home.url
        return Source(
            key=self.request.key or _key(home.url),
            name=title,
            country=country,
            city=self.request.city or str(host.hostname or "").split(".")[0].capitalize(),
            languages=tuple(languages) or ("en",),
            timezone=timezone,
            start_urls=(home.url,),
            encoding=encoding,
            allow_addresses=self.request.allow,
        )

    def _entry(
        self,
        draft: Source,
        *,
        patterns: list[str],
        start_urls: list[str],
        listing: str | None,
        feeds: list[str],
        sitemaps: list[str],
    ) -> dict[str, Any]:
        found = sorted(code for code in self.languages if code)
        languages = list(draft.languages) if self.declared or not found else found
        entry: dict[str, Any] = {
            "key": draft.key, "name": draft.name, "country": draft.country, "city": draft.city,
            "languages": languages, "timezone": draft.timezone,
        }  # fmt: skip
        for field, value in (("start_urls", start_urls), ("feeds", feeds), ("sitemaps", sitemaps)):
            if value:
                entry[field] = value
        entry["article_urls"] = patterns
        if listing:
            entry["listing_urls"] = [listing]
        if draft.encoding:
            entry["encoding"] = draft.encoding
        if draft.allow_addresses:
            entry["allow_addresses"] = [str(network) for network in draft.allow_addresses]
        entry["verified"] = True
        return entry


def _merged(shapes: list[Shape]) -> list[Shape]:
    merged: dict[str, Shape] = {}
    for shape in shapes:
        known = merged.get(shape.pattern)
        urls = tuple(dict.fromkeys((known.urls if known else ()) + shape.urls))
        merged[shape.pattern] = attrs.evolve(shape, urls=urls)
    return sorted(merged.values(), key=lambda shape: -len(shape.urls))


def _in_scope(shapes: list[Shape], scope: str) -> list[Shape]:
    """The shapes of URLs under ``scope``: given a page below the home page, discovery keeps to the site part it
    names (several sites can share a host under their own first path segment)."""
    return [shape for shape in shapes if any(member.startswith(scope) for member in shape.urls)]


def site_scope(url: str) -> str:
    """The site part of ``url``: its host and first path segment (``http://host/vestnik/``), the host for a home
    page."""
    first = next((segment for segment in urlsplit(url).path.split("/") if segment), "")
    return f"{_root(url)}/{first}/" if first else f"{_root(url)}/"


def _any_match(patterns: list[str], entries: list[Link]) -> bool:
    return any(re.search(pattern, link.url) for pattern in patterns for link in entries)


def _confidence(passed: int, tried: int, has_discovery: bool) -> str:
    if passed == tried and passed >= CHECKS_PER_SHAPE and has_discovery:
        return "high"
    return "medium" if passed * 3 >= tried * 2 else "low"


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _key(url: str) -> str:
    parts = urlsplit(url)
    host = str(parts.hostname or "site").removeprefix("www.")
    first = next((segment for segment in parts.path.split("/") if segment), "")
    key = "-".join(filter(None, (host, str(parts.port or ""), first))).lower()
    return re.sub(r"[^a-z0-9_.-]+", "-", key)[:64].strip("-.") or "site"


def _encoding(home: Fetched, tree: Any) -> str | None:
    """The page's encoding when it is not UTF-8 (the Content-Type charset, else the one the page declares)."""
    declared = re.search(r"charset=([\w-]+)", home.content_type, re.IGNORECASE)
    name = declared.group(1) if declared else tree.getroottree().docinfo.encoding
    if not name or str(name).lower() in _UTF8:
        return None
    return "cp1251" if str(name).lower() in ("windows-1251", "cp1251") else str(name).lower()
