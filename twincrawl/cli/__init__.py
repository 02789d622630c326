"""The ``twincrawl`` command: crawl, sources, export, query, stats, reprocess, bench.

Exit codes: 0 success; 1 partial failure (some sources or requests failed, or articles were spooled);
2 configuration or input error; 3 another run holds the lock.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from twincrawl import __version__
from twincrawl.cli import bench, crawl, export, query, report, reprocess, seed, sources, stats, store, worker
from twincrawl.cli.common import CONFIG_ERROR, OK, UsageError
from twincrawl.store import StoreError

_COMMANDS = (crawl, sources, export, query, stats, reprocess, store, bench, worker, seed, report)


class _HelpFormatter(argparse.HelpFormatter):
    """Shows the commands' docstrings as plain text: their reST literals (``twincrawl crawl``) lose the quotes."""

    def _format_text(self, text: str) -> str:
        return super()._format_text(text.replace("``", ""))

    def _expand_help(self, action: argparse.Action) -> str:
        return super()._expand_help(action).replace("``", "")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose sub-commands inherit the plain help formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="twincrawl",
        description="Collect city-twinning news from municipal and agency news sites into a clean corpus.",
        epilog="Exit codes: 0 success, 1 partial failure, 2 configuration or input error, 3 lock held.",
    )
    parser.add_argument("--version", action="version", version=f"twincrawl {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (UsageError, StoreError) as error:
        print(f"twincrawl: error: {error}", file=sys.stderr)
        return CONFIG_ERROR
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return OK


if __name__ == "__main__":
    sys.exit(main())
