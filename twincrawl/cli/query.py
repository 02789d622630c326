"""``twincrawl query``: find articles by city, twin pair, country, language, dates, label, source and text."""

from __future__ import annotations

import argparse
import itertools
import sys

from twincrawl.cli.common import (
    OK,
    add_duplicates_option,
    add_filter_options,
    add_sources_file_option,
    add_store_option,
    corpus_query,
    local_day,
    registry_from,
)  # fmt: skip
from twincrawl.corpus import write_articles
from twincrawl.items import Article
from twincrawl.registry import Source

_TABLE_DEFAULT_LIMIT = 50
_TITLE_WIDTH = 60
_HEADER = f"{'ID':16}  {'PUBLISHED':10}  TWIN  {'LNG':3}  {'SOURCE':20}  TITLE"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("query", help="search the corpus", description=__doc__)
    add_filter_options(parser)
    add_duplicates_option(parser, "hide", "a search shows each story once, at its first record")
    parser.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    add_store_option(parser)
    add_sources_file_option(parser)
    parser.set_defaults(run=run)


def cut(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters, an ellipsis marking where it was cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _row(article: Article, registry: dict[str, Source]) -> str:
    day = local_day(article.published, registry.get(article.source))
    twinning = "yes" if article.relevance.is_twinning else "no"
    return (
        f"{article.id:16}  {day:10}  {twinning:4}  {article.language or '--':3}  {cut(article.source, 20):20}  "
        f"{cut(article.title, _TITLE_WIDTH)}"
    )


def run(args: argparse.Namespace) -> int:
    if args.format == "table" and args.limit is None:
        args.limit = _TABLE_DEFAULT_LIMIT
    store, query = corpus_query(args)
    try:
        if args.format != "table":
            write_articles(store.query(query), sys.stdout, args.format)
            return OK
        results = store.query(query)
        first = next(results, None)  # a store that cannot answer fails before the header is printed
        registry = registry_from(args)
        print(_HEADER)
        shown = 0
        for shown, article in enumerate(itertools.chain([first] if first else [], results), 1):  # noqa: B007
            print(_row(article, registry))
        print(
            f"({shown} shown{', limit reached' if shown == query.limit else ''}; PUBLISHED is the day in the "
            "source's timezone, TWIN says whether it is twinning news; open one with: twincrawl show ID)",
            file=sys.stderr,
        )
    finally:
        store.close()
    return OK
