"""``twincrawl bench``: measure extraction, dates and relevance on gold sets, side by side with other tools."""

from __future__ import annotations

import argparse

from twincrawl.bench import crawl, dates, distributed, extraction, quality, query, relevance
from twincrawl.cli import bench_serve

_BENCHMARKS = {
    "extraction": extraction,
    "dates": dates,
    "quality": quality,
    "relevance": relevance,
    "crawl": crawl,
    "distributed": distributed,
    "query": query,
    "serve": bench_serve,
}

#: The benchmarks that need an optional extra.
_EXTRAS = {"distributed": "redis"}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("bench", help="run a benchmark and print its figures", description=__doc__)
    kinds = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK", required=True)
    for name, module in _BENCHMARKS.items():
        doc = (module.__doc__ or "").strip()
        sub = kinds.add_parser(name, help=doc.splitlines()[0], description=doc)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run, extra=_EXTRAS.get(name))
