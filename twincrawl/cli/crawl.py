"""``twincrawl crawl``: crawl the registry's sources into the store and write a run report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from twincrawl.cli.common import (
    OK, PARTIAL_FAILURE, UsageError, add_sources_file_option, add_store_option, registry_from, store_uri,
)  # fmt: skip
from twincrawl.items import utc_now
from twincrawl.report import RunReport
from twincrawl.sources import RegistryError, select
from twincrawl.store import StoreError, open_store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("crawl", help="crawl news sources into the store", description=__doc__)
    parser.add_argument("--source", action="append", default=[], metavar="KEY",
                        help="crawl only this source (repeatable; default: every enabled source)")  # fmt: skip
    add_sources_file_option(parser)
    add_store_option(parser)
    parser.add_argument("--max-pages", type=int, default=0, metavar="N", help="fetch at most N article pages")
    parser.add_argument("--report", type=Path, metavar="JSON",
                        help="where to write the run report (default: data/reports/<time>.json)")  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="log only warnings and errors; print no summary")
    parser.add_argument("--log-file", type=Path, metavar="PATH", help="write the log to this file")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a Scrapy or TWINCRAWL_ setting (repeatable)")  # fmt: skip
    parser.set_defaults(run=run)


def _overrides(args: argparse.Namespace, uri: str) -> dict[str, Any]:
    overrides: dict[str, Any] = {
        "TWINCRAWL_STORE_URI": uri,
        "TWINCRAWL_SOURCES": args.source,
        "TWINCRAWL_SOURCES_FILES": [str(path) for path in args.sources_file],
        "TWINCRAWL_MAX_PAGES": args.max_pages,
        "LOG_LEVEL": "WARNING" if args.quiet else "INFO",
    }
    if args.log_file:
        overrides["LOG_FILE"] = str(args.log_file)
    for assignment in args.set:
        name, equals, value = assignment.partition("=")
        if not equals or not name:
            raise UsageError(f"--set {assignment!r}: expected NAME=VALUE")
        overrides[name] = value
    return overrides


def run(args: argparse.Namespace) -> int:
    if args.max_pages < 0:
        raise UsageError("--max-pages must be 0 (no limit) or a positive number")
    registry = registry_from(args)
    try:
        keys = [source.key for source in select(registry, args.source)]
    except RegistryError as error:
        raise UsageError(str(error)) from error
    uri, where = store_uri(args)
    try:
        open_store(uri).close()
    except StoreError as error:
        raise UsageError(f"{error} (store set by {where})") from error

    from spiders.run import run_crawl  # Scrapy is loaded only for the crawl itself

    started = utc_now()
    stats = run_crawl(_overrides(args, uri))
    report = RunReport.from_stats(stats, uri, keys)
    report.write(args.report or Path("data/reports") / f"{started:%Y%m%dT%H%M%SZ}.json")
    if not args.quiet or report.has_failures:
        print(report.summary(), file=sys.stderr if report.has_failures else sys.stdout)
    return PARTIAL_FAILURE if report.has_failures else OK
