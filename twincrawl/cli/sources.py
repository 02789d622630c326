"""``twincrawl sources``: list the registry, or check one source against its site.

``check`` fetches as the crawl does: the address guard (the entry's ``allow_addresses``), robots.txt, the
crawl's User-Agent and a size cap. It reads the entry's first feed, sitemap or listing and counts the article
links, then (unless ``--no-discover``) runs ``sources discover`` from where the entry starts and lists what it
would change in the entry. Exit code 0 when article links were found, 1 when the entry point could not be
fetched, 2 when none of its links is an article; the changes discovery suggests do not alter it.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import attrs

from twincrawl.cli import discover
from twincrawl.cli.common import (
    CONFIG_ERROR,
    OK,
    PARTIAL_FAILURE,
    UsageError,
    add_politeness_options,
    add_sources_file_option,
    polite_client,
    registry_from,
)  # fmt: skip
from twincrawl.fetch import Link, Refused, page_links, parse_feed, parse_sitemap
from twincrawl.fetch.polite import MAX_BODY_BYTES, PoliteClient
from twincrawl.process.site_changes import differences, rediscover
from twincrawl.registry import Source


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sources", help="list or check the news sources", description=__doc__)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the registry's sources")
    add_sources_file_option(listing)
    listing.set_defaults(run=run_list)
    check = actions.add_parser(
        "check", help="validate a source, fetch one feed/sitemap/listing, report links and what discover would change",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    check.add_argument("key", help="registry key")
    check.add_argument("--no-discover", action="store_true",
                       help="do not run discovery: no comparison, fewer requests")  # fmt: skip
    check.add_argument("--format", choices=("text", "json"), default="text")
    add_sources_file_option(check)
    add_politeness_options(check)
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


def _read_entry_point(client: PoliteClient, source: Source) -> tuple[int, dict[str, Any]]:
    """The exit code of the check and what the entry's first feed, sitemap or listing gave."""
    try:
        url, links, more = _discover(client, source)
    except (Refused, OSError) as error:
        return PARTIAL_FAILURE, {"error": str(error)}
    articles = [link.url for link in links if source.is_article(link.url)]
    read = {"url": url, "links": len(links), "articles": articles, "further": len(more)}
    return (OK if articles else CONFIG_ERROR), read


def run_check(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    source = registry.get(args.key)
    if source is None:
        raise UsageError(f"unknown source key {args.key!r} (see `twincrawl sources list`)")
    client = polite_client(args, source.allow_addresses)
    code, read = _read_entry_point(client, source)
    report: dict[str, Any] = {"key": source.key, "origin": source.origin, "entry_point": read}
    if not args.no_discover:
        found = rediscover(client, source, read.get("articles", ()))
        report["discovery"] = {
            "confidence": found.confidence,
            "proposed": found.entry or None,
            "note": found.failure,
            "compared": bool(found.listing_url or found.feeds or found.sitemaps),
            "differences": [attrs.asdict(change) for change in differences(source, found)],
            "budget_spent": client.spent,
        }
    report["requests"] = client.requests
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_check(report)
    return code


def _print_check(report: dict[str, Any]) -> None:
    key, read = report["key"], report["entry_point"]
    print(f"{key}: entry valid ({report['origin']})")
    if "error" in read:
        print(f"{key}: cannot fetch: {read['error']}")
    else:
        print(f"{key}: {read['url']}: {read['links']} links, {len(read['articles'])} articles, "
              f"{read['further']} further listings/sitemaps")  # fmt: skip
        for article in read["articles"][:5]:
            print(f"  {article}")
    found = report.get("discovery")
    if found is None:
        return
    summary = f"{report['requests']} requests, confidence {found['confidence']}"
    if found["note"]:
        print(f"{key}: discover proposed no entry: {found['note']}")
    if found["budget_spent"]:
        print(f"{key}: the request budget was spent: what was left unread is not compared (raise --max-requests)")
    if not found["differences"]:
        verdict = "would change nothing" if found["compared"] else "read nothing to compare"
        print(f"{key}: discover {verdict} ({summary})")
        return
    print(f"{key}: discover would change ({summary}):")
    for change in found["differences"]:
        print(f"  {change['field']}: {change['action']} {change['value']} ({change['reason']})")
