"""What the distributed commands (worker, seed, report) share: the frontier options and their settings."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from twincrawl.cli.common import UsageError, setting_overrides

if TYPE_CHECKING:
    from twincrawl.runs.frontier import Frontier

_RUN_NAME = re.compile(r"[A-Za-z0-9._+-]+")


def add_frontier_options(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(extra="redis")
    parser.add_argument("--frontier", required=True, metavar="URI",
                        help="Redis holding the shared frontier, e.g. redis://10.0.0.5:6379/0")  # fmt: skip
    parser.add_argument("--run", dest="run_name", metavar="NAME",
                        help="the run whose frontier to use; workers, seed and report must agree "
                             "(default: the --sources-file names, else 'default')")  # fmt: skip


def frontier_run(args: argparse.Namespace) -> str:
    from twincrawl.runs.frontier import run_name  # needs the redis extra, so only once a command runs

    run = args.run_name or run_name(args.sources_file)
    if not _RUN_NAME.fullmatch(run):
        raise UsageError(f"--run {run!r}: use letters, digits and . _ + - only")
    return run


def open_frontier(args: argparse.Namespace) -> Frontier:
    from twincrawl.runs.frontier import Frontier, FrontierError, connect

    try:
        return Frontier(connect(args.frontier), frontier_run(args))
    except FrontierError as error:
        raise UsageError(f"{error} (set by --frontier)") from error


def frontier_overrides(args: argparse.Namespace, store_uri: str) -> dict[str, Any]:
    """The Scrapy settings of a worker or a seeding, from the command line (``--set`` last, so it wins)."""
    overrides: dict[str, Any] = {
        "TWINCRAWL_FRONTIER_URI": args.frontier,
        "REDIS_URL": args.frontier,
        "TWINCRAWL_FRONTIER_RUN": frontier_run(args),
        "TWINCRAWL_STORE_URI": store_uri,
        "TWINCRAWL_SOURCES": args.source,
        "TWINCRAWL_SOURCES_FILES": [str(path) for path in args.sources_file],
    }
    overrides.update(setting_overrides(getattr(args, "set", []), "settings.distributed"))
    return overrides
