"""``twincrawl sources``: list the registry, or check one source against its site."""

from __future__ import annotations

import argparse
import os
import urllib.error
import urllib.request

from twincrawl.cli import discover
from twincrawl.cli.common import CONFIG_ERROR, OK, PARTIAL_FAILURE, UsageError, add_sources_file_option, registry_from
from twincrawl.config import DEFAULT_CONTACT, from_environment, user_agent
from twincrawl.fetch import Link, page_links, parse_feed, parse_sitemap
from twincrawl.registry import Source

_CHECK_TIMEOUT = 20


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sources", help="list or check the news sources", description=__doc__)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the registry's sources")
    add_sources_file_option(listing)
    listing.set_defaults(run=run_list)
    check = actions.add_parser("check", help="validate a source, fetch one feed/sitemap/listing, report links")
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


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": _user_agent()})
    with urllib.request.urlopen(request, timeout=_CHECK_TIMEOUT) as response:
        return bytes(response.read())


def _discover(source: Source) -> tuple[str, list[Link], list[str]]:
    """Fetch the first entry point; returns its URL, the links found, and further listing pages."""
    if source.feeds:
        url = source.feeds[0]
        return url, parse_feed(_fetch(url), url), []
    if source.sitemaps:
        url = source.sitemaps[0]
        content = parse_sitemap(_fetch(url), url)
        return url, content.pages, content.sitemaps
    url = source.start_urls[0]
    links = page_links(_fetch(url), url)
    return url, [Link(url=link) for link in links], [link for link in links if source.is_listing(link)]


def run_check(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    source = registry.get(args.key)
    if source is None:
        raise UsageError(f"unknown source key {args.key!r} (see `twincrawl sources list`)")
    print(f"{source.key}: entry valid ({source.origin})")
    try:
        url, links, more = _discover(source)
    except (urllib.error.URLError, OSError) as error:
        print(f"{source.key}: cannot fetch: {error}")
        return PARTIAL_FAILURE
    articles = [link.url for link in links if source.is_article(link.url)]
    print(f"{source.key}: {url}: {len(links)} links, {len(articles)} articles, {len(more)} further listings/sitemaps")
    for article in articles[:5]:
        print(f"  {article}")
    return OK if articles else CONFIG_ERROR


def _user_agent() -> str:
    """The crawl's User-Agent, contact from the environment included."""
    return str(from_environment(os.environ).get("USER_AGENT", user_agent(DEFAULT_CONTACT)))
