"""``twincrawl bench extraction``: our article extraction vs plain trafilatura on a gold set."""

from __future__ import annotations

import argparse
import functools

import trafilatura

from twincrawl.bench import BenchPage, add_data_arguments, load_set, timed, write_predictions
from twincrawl.bench.metrics import ExtractionScore, extraction_score, match_texts
from twincrawl.extract import EXTRACTION_MODES, ExtractionMode, extract, extraction_mode


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR`` (required), ``--out PRED.jsonl`` and ``--extraction``."""
    add_data_arguments(parser)
    parser.add_argument("--extraction", choices=EXTRACTION_MODES, default="accurate",
                        help="TWINCRAWL_EXTRACTION_MODE to score (default accurate)")  # fmt: skip


def ours(page: BenchPage, mode: ExtractionMode = "accurate") -> str:
    """The text the crawl would store for this page."""
    return extract(page.html, page.url, mode=mode).text


def plain_trafilatura(page: BenchPage) -> str:
    """trafilatura with its default options."""
    return trafilatura.extract(page.html, url=page.url or None) or ""


def run(args: argparse.Namespace) -> int:
    """Score both extractors on the same pages in one run and print them side by side."""
    pages = load_set(args.data)
    rows = []
    mode = extraction_mode(args.extraction)
    for name, function in (("twincrawl", functools.partial(ours, mode=mode)), ("trafilatura", plain_trafilatura)):
        texts, speed = timed(pages, function)
        score = extraction_score(
            [match_texts(page.gold.get("text") or "", text) for page, text in zip(pages, texts, strict=True)]
        )
        rows.append((name, score, speed))
        if name == "twincrawl":
            write_predictions(
                args.out, [{"id": page.id, "text": text} for page, text in zip(pages, texts, strict=True)]
            )
    print(f"extraction, {len(pages)} pages from {args.data}; twincrawl in {mode} mode")
    print(f"{'tool':<14}{'F1':>8}{'P':>8}{'R':>8}{'pages/s':>10}")
    for name, score, speed in rows:
        print(_row(name, score, speed))
    return 0


def _row(name: str, score: ExtractionScore, speed: float) -> str:
    return f"{name:<14}{score.f1:>8.3f}{score.precision:>8.3f}{score.recall:>8.3f}{speed:>10.1f}"
