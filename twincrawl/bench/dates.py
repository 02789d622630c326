"""``twincrawl bench dates``: our publication date vs htmldate on a gold set."""

from __future__ import annotations

import argparse

from htmldate import find_date

from twincrawl.bench import BenchPage, add_data_arguments, load_set, timed, write_predictions
from twincrawl.bench.metrics import date_accuracy
from twincrawl.dates import find_published


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR`` (required) and ``--out PRED.jsonl``."""
    add_data_arguments(parser)


def ours(page: BenchPage) -> str | None:
    """The page-local publication date the crawl would store for this page."""
    found = find_published(page.html, page.url)
    return found.local_date.isoformat() if found is not None else None


def htmldate(page: BenchPage) -> str | None:
    """htmldate, extensive search, original (publication) date."""
    try:
        return find_date(page.html, url=page.url or None, extensive_search=True, original_date=True)
    except ValueError:
        return None


def run(args: argparse.Namespace) -> int:
    """Score both date finders on the same pages in one run and print them side by side."""
    pages = load_set(args.data)
    print(f"dates, {len(pages)} pages from {args.data}")
    print(f"{'tool':<14}{'accuracy':>10}{'pages/s':>10}")
    for name, function in (("twincrawl", ours), ("htmldate", htmldate)):
        dates, speed = timed(pages, function)
        accuracy = date_accuracy((page.gold.get("date"), found) for page, found in zip(pages, dates, strict=True))
        print(f"{name:<14}{accuracy:>10.3f}{speed:>10.1f}")
        if name == "twincrawl":
            write_predictions(
                args.out, [{"id": page.id, "date": found} for page, found in zip(pages, dates, strict=True)]
            )
    return 0
