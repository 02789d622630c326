"""``twincrawl query``: find articles by city, twin pair, country, language, dates, label, source and text."""

from __future__ import annotations

import argparse
import itertools
import sys

from twincrawl.cli.common import OK, add_filter_options, add_store_option, open_store_from, query_from
from twincrawl.corpus import write_articles
from twincrawl.items import Article

_TABLE_DEFAULT_LIMIT = 50


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("query", help="search the corpus", description=__doc__)
    add_filter_options(parser)
    parser.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    add_store_option(parser)
    parser.set_defaults(run=run)


def _row(article: Article) -> str:
    day = (article.published or "")[:10] or "----------"
    label = "T" if article.relevance.is_twinning else "-"
    return f"{day}  {label}  {article.language or '--':3} {article.source:20.20} {article.title[:70]}"


def run(args: argparse.Namespace) -> int:
    if args.format == "table" and args.limit is None:
        args.limit = _TABLE_DEFAULT_LIMIT
    query = query_from(args)
    store = open_store_from(args)
    try:
        if args.format != "table":
            write_articles(store.query(query), sys.stdout, args.format)
            return OK
        results = store.query(query)
        first = next(results, None)  # a store that cannot answer fails before the header is printed
        print(f"{'PUBLISHED':10}  T  {'LNG':3} {'SOURCE':20} TITLE")
        shown = 0
        for shown, article in enumerate(itertools.chain([first] if first else [], results), 1):  # noqa: B007
            print(_row(article))
        print(f"({shown} shown{', limit reached' if shown == query.limit else ''})", file=sys.stderr)
    finally:
        store.close()
    return OK
