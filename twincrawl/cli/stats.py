"""``twincrawl stats``: what the corpus holds, by source, language, label, city and twin pair."""

from __future__ import annotations

import argparse
from collections import Counter

from twincrawl.cli.common import OK, add_store_option, open_store_from
from twincrawl.query import Query


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("stats", help="corpus statistics", description=__doc__)
    parser.add_argument("--top", type=int, default=15, metavar="N", help="rows per table (default 15)")
    add_store_option(parser)
    parser.set_defaults(run=run)


def _table(title: str, counts: Counter[str], top: int) -> None:
    print(f"\n{title}")
    for name, count in counts.most_common(top):
        print(f"  {count:7d}  {name}")


def run(args: argparse.Namespace) -> int:
    store = open_store_from(args)
    by_source: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    by_label: Counter[str] = Counter()
    by_city: Counter[str] = Counter()
    by_pair: Counter[str] = Counter()
    names: dict[int, str] = {}
    for article in store.query(Query()):
        by_source[article.source] += 1
        by_language[article.language or "unknown"] += 1
        by_label["twinning" if article.relevance.is_twinning else "not twinning"] += 1
        for place in article.places:
            names[place.geonameid] = place.name
            by_city[f"{place.name} ({place.country})"] += 1
        for first, second in article.pairs:
            by_pair[f"{names.get(first, first)} – {names.get(second, second)}"] += 1
    store.close()
    print(f"{sum(by_source.values())} articles")
    for title, counts in (("by source", by_source), ("by language", by_language), ("by label", by_label),
                          ("by city", by_city), ("by twin pair", by_pair)):  # fmt: skip
        _table(title, counts, args.top)
    return OK
