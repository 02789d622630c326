"""``twincrawl bench extraction``: our article extraction vs plain trafilatura on gold sets.

A set with a gold ``text`` is scored on 4-word shingles (F1/P/R averaged over pages), a set with ``with`` and
``without`` snippets by the snippets metric (pooled over pages, with accuracy); see shared/bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from pathlib import Path

import trafilatura

from twincrawl.bench import BenchPage, add_data_arguments, gold_fields, load_set, set_folders, timed, write_predictions
from twincrawl.bench.metrics import (
    ExtractionScore,
    SnippetScore,
    extraction_score,
    match_snippets,
    match_texts,
    snippet_score,
)
from twincrawl.extract import DEFAULT_EXTRACTION_MODE, EXTRACTION_MODES, ExtractionMode, extract, extraction_mode

TextScore = ExtractionScore | SnippetScore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR`` (required, repeatable), ``--out PRED.jsonl`` and ``--extraction``."""
    add_data_arguments(parser, several=True)
    parser.add_argument("--extraction", choices=EXTRACTION_MODES, default=DEFAULT_EXTRACTION_MODE,
                        help=f"TWINCRAWL_EXTRACTION_MODE to score (default {DEFAULT_EXTRACTION_MODE})")  # fmt: skip


def ours(page: BenchPage, mode: ExtractionMode = DEFAULT_EXTRACTION_MODE) -> str:
    """The text the crawl would store for this page."""
    return extract(page.html, page.url, mode=mode).text


def plain_trafilatura(page: BenchPage, *, favor_precision: bool = False) -> str:
    """trafilatura as the bench README runs it (tables kept, no comments), optionally favoring precision."""
    text = trafilatura.extract(
        page.html,
        url=page.url or None,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
    )
    return text or ""


def is_extraction_set(folder: Path) -> bool:
    """Whether a set has gold for extraction: an article ``text`` or ``with``/``without`` snippets."""
    fields = gold_fields(folder)
    return "text" in fields or {"with", "without"} <= fields


def score_texts(pages: Sequence[BenchPage], texts: Sequence[str]) -> TextScore:
    """The score of extracted texts against the pages' gold: snippets when the gold has them, else shingles."""
    if pages and "with" in pages[0].gold:
        return snippet_score(
            match_snippets(text, page.gold.get("with") or (), page.gold.get("without") or ())
            for page, text in zip(pages, texts, strict=True)
        )
    return extraction_score(
        [match_texts(page.gold.get("text") or "", text) for page, text in zip(pages, texts, strict=True)]
    )


def run(args: argparse.Namespace) -> int:
    """Score both extractors on the same pages of every set in one run and print them side by side."""
    folders = [folder for folder in set_folders(args.data) if is_extraction_set(folder)]
    if not folders:
        raise SystemExit("no extraction set (gold with text, or with/without snippets) in --data")
    if args.out is not None and len(folders) > 1:
        raise SystemExit("--out writes one set's predictions: give a single --data set with it")
    mode = extraction_mode(args.extraction)
    for folder in folders:
        pages = load_set(folder)
        rows = []
        for name, function in (("twincrawl", functools.partial(ours, mode=mode)), ("trafilatura", plain_trafilatura)):
            texts, speed = timed(pages, function)
            rows.append((name, score_texts(pages, texts), speed))
            if name == "twincrawl":
                write_predictions(
                    args.out, [{"id": page.id, "text": text} for page, text in zip(pages, texts, strict=True)]
                )
        print(f"extraction, {len(pages)} pages from {folder}; twincrawl in {mode} mode")
        print(f"{'tool':<14}{'F1':>8}{'P':>8}{'R':>8}{'accuracy':>10}{'pages/s':>10}")
        for name, score, speed in rows:
            print(f"{name:<14}{score_columns(score)}{speed:>10.1f}")
    return 0


def score_columns(score: TextScore) -> str:
    """F1, P, R and accuracy (blank for the shingle metric, which has none), aligned for a table."""
    accuracy = f"{score.accuracy:>10.3f}" if isinstance(score, SnippetScore) else f"{'':>10}"
    return f"{score.f1:>8.3f}{score.precision:>8.3f}{score.recall:>8.3f}{accuracy}"
