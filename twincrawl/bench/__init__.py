"""Benchmarks of extraction and date finding on public gold sets (mounted as ``twincrawl bench``).

A set is a folder with ``gold.jsonl`` (one JSON object per page, with an ``id``) and ``pages/<id>.html.gz``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
import charset_normalizer

T = TypeVar("T")

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@attrs.define(kw_only=True)
class BenchPage:
    """One page of an evaluation set."""

    id: str
    url: str
    html: str
    gold: dict[str, Any]


def decode_page(body: bytes) -> str:
    """Decode a saved page: its declared charset, else UTF-8 when valid, else the detected one."""
    declared = _DECLARED_CHARSET.search(body[:4096])
    if declared:
        try:
            return body.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(body[:200_000]).best()
        encoding = best.encoding if best is not None else "utf-8"
        return body.decode(encoding, errors="replace")


def load_set(folder: Path) -> list[BenchPage]:
    """Read an evaluation set; a missing folder or file is reported with what was expected."""
    gold_path = folder / "gold.jsonl"
    if not gold_path.is_file():
        raise SystemExit(f"{gold_path} not found: --data must be a folder with gold.jsonl and pages/<id>.html.gz")
    pages: list[BenchPage] = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        page_path = folder / "pages" / f"{gold['id']}.html.gz"
        if not page_path.is_file():
            raise SystemExit(f"{page_path} not found: every gold line needs its page in {folder / 'pages'}")
        html = decode_page(gzip.decompress(page_path.read_bytes()))
        pages.append(BenchPage(id=gold["id"], url=gold.get("url") or "", html=html, gold=gold))
    return pages


def timed(pages: Sequence[BenchPage], function: Callable[[BenchPage], T]) -> tuple[list[T], float]:
    """Run ``function`` on every page; return the results and the pages per second."""
    start = time.perf_counter()
    results = [function(page) for page in pages]
    elapsed = time.perf_counter() - start
    return results, len(pages) / elapsed if elapsed > 0 else float("inf")


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every benchmark takes."""
    parser.add_argument("--data", type=Path, required=True, help="folder of the set (gold.jsonl + pages/)")
    parser.add_argument("--out", type=Path, default=None, help="write our prediction per page to this JSONL")


def write_predictions(path: Path | None, rows: Sequence[dict[str, Any]]) -> None:
    """Write one JSON object per line, when a path was given."""
    if path is None:
        return
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
