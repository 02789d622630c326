"""``twincrawl bench quality``: every set of the bench folder, every tool, in one table.

Extraction sets: twincrawl in each mode (the default marked ``*``), trafilatura with its defaults and with
``favor_precision``; date sets: twincrawl against htmldate. Each row gives F1/P/R (extraction; accuracy too on
snippet sets) or accuracy (dates), and the CPU milliseconds per page (process time). On an extraction set a last
row times the crawl's whole processing of each page in the default mode (extraction, dates, relevance, places,
pairs, fingerprints), and a line gives it against trafilatura's default alone (the bound is
:data:`PROCESSING_BOUND`). Each set's pages are read and decoded once for all its tools.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from twincrawl.bench import BenchPage, cpu_timed, gold_fields, load_set, set_folders
from twincrawl.bench import dates as date_bench
from twincrawl.bench.extraction import TextScore, is_extraction_set, ours, plain_trafilatura, score_columns, score_texts
from twincrawl.bench.metrics import date_accuracy
from twincrawl.extract import DEFAULT_EXTRACTION_MODE, EXTRACTION_MODES
from twincrawl.items import FetchedPage
from twincrawl.process import Skipped, process_page
from twincrawl.process.page import warm_up
from twincrawl.registry import Source

#: Where the bench sets are unless ``--bench`` says otherwise.
BENCH_ENV = "TWINCRAWL_BENCH_DIR"
DEFAULT_BENCH = Path("../shared/bench")
#: The processing of a page may cost at most this many times trafilatura.extract alone on the same page.
PROCESSING_BOUND = 1.3
PROCESSING_ROW = "twincrawl processing *"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--bench DIR``."""
    parser.add_argument("--bench", type=Path, default=Path(os.environ.get(BENCH_ENV) or DEFAULT_BENCH),
                        help=f"folder of the sets (default ${BENCH_ENV}, else {DEFAULT_BENCH})")  # fmt: skip


def text_tools() -> list[tuple[str, Callable[[BenchPage], str]]]:
    """The extractors compared: twincrawl's modes (the default one marked ``*``), then trafilatura's settings."""
    modes = [
        (f"twincrawl {mode}{' *' if mode == DEFAULT_EXTRACTION_MODE else ''}", functools.partial(ours, mode=mode))
        for mode in EXTRACTION_MODES
    ]
    return [
        *modes,
        ("trafilatura", plain_trafilatura),
        ("trafilatura precision", functools.partial(plain_trafilatura, favor_precision=True)),
    ]


@functools.cache
def _source(language: str) -> Source:
    """A source in the page's language (as a registry entry declares its languages), with no country or city."""
    return Source(key="bench", name="bench pages", country="", city="", languages=(language,) if language else (),
                  timezone="UTC")  # fmt: skip


def _page_source(page: BenchPage) -> Source:
    return _source(str(page.gold.get("lang") or ""))


def processed(page: BenchPage) -> str:
    """The text of the article the crawl would make of the page ("" when it skips the page)."""
    source = _page_source(page)
    fetched = FetchedPage(url=page.url or "https://bench.invalid/", source=source.key, body=page.html.encode())
    try:
        return process_page(fetched, source).text
    except Skipped:
        return ""


def date_tools() -> list[tuple[str, Callable[[BenchPage], str | None]]]:
    """The date finders compared."""
    return [("twincrawl", date_bench.ours), ("htmldate", date_bench.htmldate)]


def run(args: argparse.Namespace) -> int:
    """Run every tool on every set under ``--bench`` and print one table, then each tool's mean F1."""
    folders = set_folders([args.bench])
    print(f"quality of every set in {args.bench} (* = the default extraction mode; CPU = process time per page)")
    print(f"{'set':<20}{'pages':>6}  {'tool':<24}{'F1':>8}{'P':>8}{'R':>8}{'accuracy':>10}{'CPU ms':>9}")
    f1s: dict[str, list[float]] = {}
    for folder in folders:
        name = folder.relative_to(args.bench).as_posix() if folder != args.bench else folder.name
        pages = load_set(folder)
        rows = _rows(folder, pages, f1s)
        for tool, columns, cpu_ms in rows:
            print(f"{name:<20}{len(pages):>6}  {tool:<24}{columns}{cpu_ms:>9.1f}")
        cpu = {tool: cpu_ms for tool, _, cpu_ms in rows}
        if cpu.get("trafilatura") and PROCESSING_ROW in cpu:
            ratio = cpu[PROCESSING_ROW] / cpu["trafilatura"]
            print(f"{name:<20}processing / trafilatura.extract alone: {ratio:.2f}x (bound {PROCESSING_BOUND}x)")
    for tool, values in f1s.items():
        print(f"mean F1 over {len(values)} extraction sets, {tool}: {sum(values) / len(values):.3f}")
    return 0


def _rows(folder: Path, pages: Sequence[BenchPage], f1s: dict[str, list[float]]) -> list[tuple[str, str, float]]:
    """The table rows of one set (tool, score columns, CPU ms per page); extraction F1s are added to ``f1s``."""
    rows: list[tuple[str, str, float]] = []
    if is_extraction_set(folder):
        for tool, extractor in text_tools():
            texts, cpu_ms = cpu_timed(pages, extractor)
            score: TextScore = score_texts(pages, texts)
            f1s.setdefault(tool, []).append(score.f1)
            rows.append((tool, score_columns(score), cpu_ms))
        for source in {_page_source(page) for page in pages}:  # as the crawl's workers start: warm
            warm_up(source)
        _, cpu_ms = cpu_timed(pages, processed)
        rows.append((PROCESSING_ROW, " " * 34, cpu_ms))
    elif "date" in gold_fields(folder):
        for tool, finder in date_tools():
            found, cpu_ms = cpu_timed(pages, finder)
            accuracy = date_accuracy((page.gold.get("date"), date) for page, date in zip(pages, found, strict=True))
            rows.append((tool, f"{'':>24}{accuracy:>10.3f}", cpu_ms))
    return rows
