"""``twincrawl sources``: list the registry, or check one source against its site.

``check`` fetches as the crawl does: the address guard (the entry's ``allow_addresses``), robots.txt, the
crawl's User-Agent and a size cap.
"""

from __future__ import annotations

import argparse

from twincrawl.cli import discover
from twincrawl.cli.common import (
    CONFIG_ERROR,
    OK,
    PARTIAL_FAILURE,
    UsageError,
    add_sources_file_option,
    crawl_user_agent,
    registry_from,
)  # fmt: skip
from twincrawl.fetch import Link, Refused, page_links, parse_feed, parse_sitemap
from twincrawl.fetch.polite import MAX_BODY_BYTES, PoliteClient
from twincrawl.registry import Source


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sources", help="list or check the news sources", description=__doc__)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the registry's sources")
    add_sources_file_option(listing)
    listing.set_defaults(run=run_list)
    check = actions.add_parser(
        "check", help="validate a source, fetch one feed/sitemap/listing, report links",
        description="Fetches as the crawl does: the address guard, robots.txt, the User-Agent, a size cap.",
    )  # fmt: skip
    check.add_argument("key", help="registry key")
    add_sources_file_option(check)
    check.set_defaults(run=run_check)
    discover.register(actions)


def run_list(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    print(f"{'KEY':24} {'CITY':12} {'LANG':6} {'RENDER':6} STATUS")
    for source in registry.values():
        status = ("enabled" if source.enabled else "disabled") + ("" if source.verified else ", unverified")
        print(f"{source.key:24} {source.city:12} {','.join(source.languages):6} {source.render:6} {status}")
    return OK


def _fetch(client: PoliteClient, url: str) -> bytes:
    """The body at ``url``, fetched as the crawl fetches (see :class:`PoliteClient`); raises :class:`Refused` for
    what the crawl would not read (address, robots.txt, a body over the size cap) and ``OSError`` for an answer
    that is not a page."""
    answer = client.get(url)
    if answer.cut:
        raise Refused(f"{url}: the body is larger than the {MAX_BODY_BYTES // (1024 * 1024)} MiB cap")
    if answer.status != 200:
        raise OSError(f"{url}: HTTP {answer.status}")
    return answer.body


def _discover(client: PoliteClient, source: Source) -> tuple[str, list[Link], list[str]]:
    """Fetch the first entry point; returns its URL, the links found, and further listing pages."""
    if source.feeds:
        url = source.feeds[0]
        return url, parse_feed(_fetch(client, url), url), []
    if source.sitemaps:
        url = source.sitemaps[0]
        content = parse_sitemap(_fetch(client, url), url)
        return url, content.pages, content.sitemaps
    url = source.start_urls[0]
    links = page_links(_fetch(client, url), url)
    return url, [Link(url=link) for link in links], [link for link in links if source.is_listing(link)]


def run_check(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    source = registry.get(args.key)
    if source is None:
        raise UsageError(f"unknown source key {args.key!r} (see `twincrawl sources list`)")
    print(f"{source.key}: entry valid ({source.origin})")
    try:
        url, links, more = _discover(PoliteClient(crawl_user_agent(), allow=source.allow_addresses), source)
    except (Refused, OSError) as error:
        print(f"{source.key}: cannot fetch: {error}")
        return PARTIAL_FAILURE
    articles = [link.url for link in links if source.is_article(link.url)]
    print(f"{source.key}: {url}: {len(links)} links, {len(articles)} articles, {len(more)} further listings/sitemaps")
    for article in articles[:5]:
        print(f"  {article}")
    return OK if articles else CONFIG_ERROR
