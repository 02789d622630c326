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


def gold_fields(folder: Path) -> frozenset[str]:
    """The fields of a set's first gold line: what the set can score (``text``, ``with``/``without``, ``date``)."""
    with (folder / "gold.jsonl").open(encoding="utf-8") as gold:
        first = next((line for line in gold if line.strip()), "{}")
    return frozenset(json.loads(first))


def set_folders(paths: Sequence[Path]) -> list[Path]:
    """The sets named by ``paths``: a folder with ``gold.jsonl`` is one set, any other folder stands for the
    sets below it (in name order); a path that is neither is reported."""
    found: list[Path] = []
    for path in paths:
        if (path / "gold.jsonl").is_file():
            found.append(path)
            continue
        below = sorted(gold.parent for gold in path.rglob("gold.jsonl")) if path.is_dir() else []
        if not below:
            raise SystemExit(f"{path}: no gold.jsonl in or below it (a set is a folder with gold.jsonl and pages/)")
        found.extend(below)
    return found


def timed(pages: Sequence[BenchPage], function: Callable[[BenchPage], T]) -> tuple[list[T], float]:
    """Run ``function`` on every page; return the results and the pages per second."""
    start = time.perf_counter()
    results = [function(page) for page in pages]
    elapsed = time.perf_counter() - start
    return results, len(pages) / elapsed if elapsed > 0 else float("inf")


def cpu_timed(pages: Sequence[BenchPage], function: Callable[[BenchPage], T]) -> tuple[list[T], float]:
    """Run ``function`` on every page; return the results and the CPU milliseconds per page (process time)."""
    start = time.process_time()
    results = [function(page) for page in pages]
    elapsed = time.process_time() - start
    return results, 1000 * elapsed / len(pages) if pages else 0.0


def add_data_arguments(parser: argparse.ArgumentParser, *, several: bool = False) -> None:
    """The arguments every benchmark takes; with ``several``, ``--data`` may be repeated and name folders of sets."""
    if several:
        parser.add_argument("--data", type=Path, required=True, action="append",
                            help="a set (gold.jsonl + pages/) or a folder of sets; may be repeated")  # fmt: skip
    else:
        parser.add_argument("--data", type=Path, required=True, help="folder of the set (gold.jsonl + pages/)")
    parser.add_argument("--out", type=Path, default=None, help="write our prediction per page to this JSONL")


def write_predictions(path: Path | None, rows: Sequence[dict[str, Any]]) -> None:
    """Write one JSON object per line, when a path was given."""
    if path is None:
        return
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
