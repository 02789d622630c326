"""The ``twincrawl`` command: crawl, sources, export, query, show, stats, reprocess, bench, egg and the rest.

Exit codes: 0 success; 1 partial failure (some sources or requests failed, or articles were spooled);
2 configuration or input error; 3 another run holds the lock.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any

from twincrawl.cli import (
    bench,
    crawl,
    egg,
    export,
    query,
    report,
    reprocess,
    seed,
    serve,
    show,
    sources,
    stats,
    store,
    worker,
)
from twincrawl.cli.common import CONFIG_ERROR, OK, UsageError, require_extra
from twincrawl.store import StoreError
from twincrawl.version import __version__

_COMMANDS = (crawl, sources, export, query, show, stats, reprocess, store, bench, worker, seed, report, serve, egg)


_REST_MARKUP = re.compile(r"``|:(?:mod|func|class|meth|attr|data):`([^`]*)`")


def _plain(text: str) -> str:
    """Docstring text without its reST markup: ``literals`` and :mod:`roles` keep only their words."""
    return _REST_MARKUP.sub(lambda match: match.group(1) or "", text)


class _HelpFormatter(argparse.HelpFormatter):
    """Shows the commands' docstrings as plain text."""

    def _format_text(self, text: str) -> str:
        return super()._format_text(_plain(text))

    def _expand_help(self, action: argparse.Action) -> str:
        return _plain(super()._expand_help(action))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose sub-commands inherit the plain help formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="twincrawl",
        description="Collect city-twinning news from municipal and agency news sites into a clean corpus.",
        epilog="Exit codes: 0 success, 1 partial failure, 2 configuration or input error, 3 lock held, "
        "4 stopped by a signal before the end.",
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
        require_extra(args)
        return int(args.run(args))
    except (UsageError, StoreError) as error:
        print(f"twincrawl: error: {error}", file=sys.stderr)
        return CONFIG_ERROR
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return OK


if __name__ == "__main__":
    sys.exit(main())
