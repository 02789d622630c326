"""``twincrawl worker``: crawl from a shared Redis frontier into the store, beside any other workers.

Workers only consume what ``twincrawl seed`` pushed (or seed an empty frontier themselves with ``--seed``) and
stop once the frontier has been idle for ``--idle-timeout`` seconds. ``twincrawl report`` sums up all of them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from twincrawl.cli.common import (
    OK,
    UsageError,
    add_sources_file_option,
    add_store_option,
    registry_from,
    store_uri,
)  # fmt: skip
from twincrawl.cli.frontier import add_frontier_options, frontier_overrides, open_frontier
from twincrawl.registry import RegistryError, select
from twincrawl.runs import RunReport
from twincrawl.store import StoreError, open_store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("worker", help="crawl from a shared Redis frontier (distributed crawl)",
                                 description=__doc__)  # fmt: skip
    add_frontier_options(parser)
    parser.add_argument("--source", action="append", default=[], metavar="KEY",
                        help="a source the frontier was seeded with (repeatable; default: all)")  # fmt: skip
    add_sources_file_option(parser)
    add_store_option(parser)
    parser.add_argument("--seed", action="store_true",
                        help="if the frontier is empty, push the start requests first")  # fmt: skip
    parser.add_argument("--idle-timeout", type=float, default=60, metavar="SECONDS",
                        help="stop after this long with nothing left anywhere (default: 60)")  # fmt: skip
    parser.add_argument("--fingerprint-ttl", type=int, metavar="SECONDS",
                        help="refetch article pages this long after (default: a week; 0: never)")  # fmt: skip
    parser.add_argument("--name", metavar="WORKER", help="this worker's name (default: host-pid)")
    parser.add_argument("--report", type=Path, metavar="JSON", help="also write this worker's own report here")
    parser.add_argument("--quiet", action="store_true", help="log only warnings and errors; print no summary")
    parser.add_argument("--log-file", type=Path, metavar="PATH", help="write the log to this file")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a Scrapy or TWINCRAWL_ setting (repeatable)")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.idle_timeout < 0 or (args.fingerprint_ttl or 0) < 0:
        raise UsageError("--idle-timeout and --fingerprint-ttl must be 0 or a positive number of seconds")
    try:
        keys = [source.key for source in select(registry_from(args), args.source)]
    except RegistryError as error:
        raise UsageError(str(error)) from error
    uri, where = store_uri(args)
    try:
        open_store(uri).close()
    except StoreError as error:
        raise UsageError(f"{error} (store set by {where})") from error
    open_frontier(args).client.close()
    overrides = {
        "MAX_IDLE_TIME_BEFORE_CLOSE": args.idle_timeout,
        "TWINCRAWL_FRONTIER_SEED": args.seed,
        "LOG_LEVEL": "WARNING" if args.quiet else "INFO",
    }
    if args.fingerprint_ttl is not None:
        overrides["TWINCRAWL_FINGERPRINT_TTL"] = args.fingerprint_ttl
    if args.name:
        overrides["TWINCRAWL_FRONTIER_WORKER"] = args.name
    if args.log_file:
        overrides["LOG_FILE"] = str(args.log_file)

    from spiders.distributed import FrontierNewsSpider  # Scrapy is loaded only for the crawl itself
    from spiders.run import run_crawl

    stats = run_crawl({**overrides, **frontier_overrides(args, uri)}, "settings.distributed", FrontierNewsSpider)
    report = RunReport.from_stats(stats, uri, keys)
    if args.report:
        report.write(args.report)
    if not args.quiet:
        print(f"worker: {report.summary()}")
    return OK
