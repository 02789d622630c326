"""``twincrawl seed``: start a run on a shared Redis frontier: push the sources' feeds, sitemaps and listings.

Run it (from cron, say) before or while the workers run; it also puts the unfinished requests of dead workers
back into the queue. Article pages whose fingerprints have not expired are not fetched again.
"""

from __future__ import annotations

import argparse
import asyncio

from twincrawl.cli.common import OK, UsageError, add_sources_file_option, registry_from
from twincrawl.cli.frontier import add_frontier_options, frontier_overrides, open_frontier
from twincrawl.registry import RegistryError, select


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("seed", help="push the sources' start requests to a shared Redis frontier",
                                 description=__doc__)  # fmt: skip
    add_frontier_options(parser)
    parser.add_argument("--source", action="append", default=[], metavar="KEY",
                        help="seed only this source (repeatable; default: every enabled source)")  # fmt: skip
    add_sources_file_option(parser)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a Scrapy or TWINCRAWL_ setting (repeatable)")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        select(registry_from(args), args.source)
    except RegistryError as error:
        raise UsageError(str(error)) from error
    frontier = open_frontier(args)

    from spiders.distributed import seed  # Scrapy is loaded only here
    from spiders.run import crawl_settings

    settings = crawl_settings(frontier_overrides(args, store_uri=""), "settings.distributed")
    pushed = asyncio.run(seed(settings))
    status = frontier.status()
    print(f"seed: pushed {pushed} start requests to {frontier.keys.prefix}; {status.queued} queued, "
          f"{sum(status.in_flight.values())} in flight, {len(status.alive)} live workers")  # fmt: skip
    return OK
