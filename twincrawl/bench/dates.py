"""``twincrawl bench dates``: our publication date vs htmldate on one or more gold sets."""

from __future__ import annotations

import argparse
from pathlib import Path

from htmldate import find_date

from twincrawl.bench import BenchPage, load_set, timed, write_predictions
from twincrawl.bench.metrics import date_accuracy
from twincrawl.dates import find_published

TOOLS = ("twincrawl", "htmldate")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR`` (required, repeatable: one accuracy per set and their mean) and ``--out PRED.jsonl``."""
    parser.add_argument(
        "--data", type=Path, action="append", required=True, help="folder of a set (gold.jsonl + pages/); repeatable"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write our prediction per page to this JSONL (with the set's folder)"
    )


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


def score_set(folder: Path, predictions: list[dict[str, str | None]]) -> dict[str, float]:
    """Print one set's accuracy and speed per tool, side by side; append our predictions; return accuracy by tool."""
    pages = load_set(folder)
    print(f"dates, {len(pages)} pages from {folder}")
    print(f"{'tool':<14}{'accuracy':>10}{'pages/s':>10}")
    accuracies: dict[str, float] = {}
    for name, function in (("twincrawl", ours), ("htmldate", htmldate)):
        dates, speed = timed(pages, function)
        accuracy = date_accuracy((page.gold.get("date"), found) for page, found in zip(pages, dates, strict=True))
        print(f"{name:<14}{accuracy:>10.3f}{speed:>10.1f}")
        accuracies[name] = accuracy
        if name == "twincrawl":
            predictions.extend(
                {"set": str(folder), "id": page.id, "date": found} for page, found in zip(pages, dates, strict=True)
            )
    return accuracies


def run(args: argparse.Namespace) -> int:
    """Score both date finders on every ``--data`` set; with several sets, end with each tool's mean accuracy."""
    predictions: list[dict[str, str | None]] = []
    per_set = [score_set(folder, predictions) for folder in args.data]
    if len(per_set) > 1:
        means = "  ".join(f"{name} {sum(scores[name] for scores in per_set) / len(per_set):.3f}" for name in TOOLS)
        print(f"mean over {len(per_set)} sets: {means}")
    write_predictions(args.out, predictions)
    return 0
