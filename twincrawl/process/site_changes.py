"""What ``twincrawl sources discover`` would change in an existing registry entry (``twincrawl sources check``).

Discovery starts where the entry starts (its first listing, else its site's home page) with the check's polite
client (its robots.txt, pace and budget hold for both), then reads the feeds and sitemaps the entry lists that it
did not find itself. :func:`differences` compares the entry with what was seen, with no network: patterns that
match nothing seen, feeds and sitemaps that appeared or no longer answer, a news listing or article and
pagination shapes the entry lacks, and the JavaScript need when it differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import attrs

from twincrawl.fetch.polite import PoliteClient
from twincrawl.process.page import ProcessingOptions
from twincrawl.process.site import Discovery, Request, SiteDiscoverer, site_scope
from twincrawl.registry import Source

#: The entry fields a difference is about, in the order they are listed.
FIELDS = ("start_urls", "feeds", "sitemaps", "article_urls", "listing_urls", "render")


@attrs.frozen(kw_only=True)
class Difference:
    """One change discovery suggests for an entry field."""

    field: str
    """The registry field, one of :data:`FIELDS`."""
    action: str
    """``add`` or ``remove`` a value of a list field, ``set`` a single one."""
    value: str
    reason: str


def rediscover(
    client: PoliteClient, source: Source, articles: Sequence[str] = (), options: ProcessingOptions | None = None
) -> Discovery:
    """Discover the site of ``source`` through ``client`` from where the entry starts (its first listing, else the
    home page of its first feed or sitemap), then read what the entry lists that discovery did not.

    Article URLs are taken from the part of the site the start is in (see :func:`site_scope`), as ``sources
    discover`` takes them, or from the whole host when some of ``articles`` (those the entry finds) lie outside it.
    """
    start = source.start_urls[0] if source.start_urls else _root((*source.feeds, *source.sitemaps)[0])
    scope = site_scope(start)
    if not all(url.startswith(scope) for url in articles):
        scope = _root(start)
    request = Request(url=start, city=source.city, country=source.country, key=source.key, timezone=source.timezone,
                      allow=source.allow_addresses, scope=scope)  # fmt: skip
    discoverer = SiteDiscoverer(client, request, options)
    found = discoverer.run()
    discoverer.revisit(source)
    return found


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def differences(source: Source, found: Discovery) -> list[Difference]:
    """What discovery would change in ``source``, given what it saw (``found``); empty when the entry matches.

    Patterns are said to match nothing only when the listing shows its links without JavaScript and the entry does
    not render it in a browser (plain HTTP would miss them otherwise), and none of the pattern checks is made when
    no page, feed or sitemap was read."""
    changes = [
        Difference(field=_list_field(source, url), action="remove", value=url, reason=f"does not answer: {why}")
        for url, why in found.unanswered.items()
    ]
    if not found.listing_url and not found.feeds and not found.sitemaps:
        return changes
    seen = found.seen()
    proposed = found.entry
    patterns = [*source.article_urls, *(re.compile(text) for text in proposed.get("article_urls", ()))]
    if not (found.needs_js or source.needs_browser(found.listing_url)):
        paged = "" if proposed.get("listing_urls") else "; the listing links no further page"
        changes += _unmatched("article_urls", source.article_urls, seen)
        changes += _unmatched("listing_urls", source.listing_urls, found.links, paged)
    changes += _uncovered("article_urls", proposed.get("article_urls", ()), source.article_urls, seen)
    changes += _uncovered("listing_urls", proposed.get("listing_urls", ()), source.listing_urls, found.links)
    changes += _appeared("feeds", found.feeds, source.feeds, patterns)
    changes += _appeared("sitemaps", found.sitemaps, source.sitemaps, patterns)
    changes += [
        Difference(field="start_urls", action="add", value=url, reason="the news listing discovery reads articles from")
        for url in proposed.get("start_urls", ())
        if _bare(url) not in {_bare(known) for known in source.start_urls}
    ]
    return sorted(changes + _render(source, found), key=lambda change: FIELDS.index(change.field))


def _list_field(source: Source, url: str) -> str:
    return "feeds" if url in source.feeds else "sitemaps"


def _bare(url: str) -> str:
    return url.rstrip("/")


def _unmatched(field: str, patterns: Sequence[re.Pattern[str]], urls: list[str], note: str = "") -> list[Difference]:
    reason = f"matches none of the {len(urls)} URLs seen{note}"
    return [
        Difference(field=field, action="remove", value=pattern.pattern, reason=reason)
        for pattern in patterns
        if not any(pattern.search(url) for url in urls)
    ]


def _uncovered(
    field: str, proposed: Iterable[str], patterns: Sequence[re.Pattern[str]], urls: list[str]
) -> list[Difference]:
    """The proposed patterns matching URLs seen that no pattern of the entry matches."""
    changes = []
    for text in proposed:
        missed = [url for url in urls if re.search(text, url) and not any(known.search(url) for known in patterns)]
        if missed:
            reason = f"{len(missed)} URL(s) seen that the entry's {field} miss, e.g. {missed[0]}"
            changes.append(Difference(field=field, action="add", value=text, reason=reason))
    return changes


def _appeared(
    field: str, read: dict[str, list[str]], listed: Sequence[str], patterns: Sequence[re.Pattern[str]]
) -> list[Difference]:
    """Feeds or sitemaps read that the entry does not list and that list articles its own do not."""
    known = {url for entry in listed for url in read.get(entry, ())}
    known |= {url for child in list(known) for url in read.get(child, ())}
    changes = []
    for address, urls in read.items():
        articles = [url for url in urls if any(pattern.search(url) for pattern in patterns)]
        if address not in listed and address not in known and not set(articles) <= known:
            reason = f"lists {len(articles)} articles"
            changes.append(Difference(field=field, action="add", value=address, reason=reason))
    return changes


def _render(source: Source, found: Discovery) -> list[Difference]:
    if not found.listing_url:
        return []
    if found.needs_js and source.render != "js":
        reason = f"{found.listing_url} shows almost no text or links without JavaScript"
        return [Difference(field="render", action="set", value="js", reason=reason)]
    if not found.needs_js and source.render == "js" and source.js_action is None:
        reason = f"{found.listing_url} shows its text and links without JavaScript"
        return [Difference(field="render", action="set", value="html", reason=reason)]
    return []
