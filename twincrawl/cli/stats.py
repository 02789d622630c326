"""``twincrawl stats``: what the corpus holds, by source, language, label, city and twin pair."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

import attrs

from twincrawl.cli.common import OK, add_duplicates_option, add_store_option, open_corpus_from
from twincrawl.corpus import city_stats, pair_stats
from twincrawl.store import Query


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("stats", help="corpus statistics", description=__doc__)
    parser.add_argument("--top", type=int, default=15, metavar="N", help="rows per table (default 15)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="json: one document with the same tables (counts by source, language, label; cities "
                             "and pairs with all their figures)")  # fmt: skip
    add_duplicates_option(
        parser, "keep", "the figures count the stored records; hide counts each story once (as query shows them)"
    )
    add_store_option(parser)
    parser.set_defaults(run=run)


def _table(title: str, counts: Counter[str], top: int) -> None:
    print(f"\n{title}")
    for name, count in counts.most_common(top):
        print(f"  {count:7d}  {name}")


def run(args: argparse.Namespace) -> int:
    store = open_corpus_from(args)
    try:
        articles = list(store.query(Query(hide_duplicates=args.duplicates == "hide")))
    finally:
        store.close()
    counts = {
        "by source": Counter(article.source for article in articles),
        "by language": Counter(article.language or "unknown" for article in articles),
        "by label": Counter("twinning" if article.relevance.is_twinning else "not twinning" for article in articles),
    }
    cities = sorted(city_stats(articles), key=lambda city: (-city.articles, city.name))[: args.top]
    pairs = sorted(pair_stats(articles), key=lambda pair: (-pair.articles, pair.a_name))[: args.top]
    if args.format == "json":
        document: dict[str, Any] = {"articles": len(articles)}
        for title, table in counts.items():
            document[title.replace(" ", "_")] = dict(table.most_common(args.top))
        document["by_city"] = [attrs.asdict(city) for city in cities]
        document["by_pair"] = [attrs.asdict(pair) for pair in pairs]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return OK
    print(f"{len(articles)} articles")
    for title, table in counts.items():
        _table(title, table, args.top)
    print("\nby city (articles, of them twinning, twin partners)")
    for city in cities:
        print(f"  {city.articles:7d} {city.twinning_articles:7d} {city.partners:4d}  {city.name} ({city.country})")
    print("\nby twin pair (articles, first and last published)")
    for pair in pairs:
        first, last = (pair.first_published or "")[:10], (pair.last_published or "")[:10]
        print(f"  {pair.articles:7d}  {first:10} {last:10}  {pair.a_name} ({pair.a_country}) – "
              f"{pair.b_name} ({pair.b_country})")  # fmt: skip
    return OK
