"""``twincrawl bench serve`` on a small store: every kind of page and API request is timed over real HTTP."""

from __future__ import annotations

import re
from pathlib import Path

from tests.fixtures.cli import run_twincrawl


def test_serve_bench_times_every_page_and_api_request_kind(tmp_path: Path) -> None:
    done = run_twincrawl("bench", "serve", "--articles", "300", "--repeat", "3", "--cache", tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {match[0]: match[1:] for match in re.findall(r"^((?:page|api) [\w ]+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)",
                                                        done.stdout, re.MULTILINE)}  # fmt: skip
    assert re.search(r"\(built in \d+ s, read into the page cache first\)", done.stdout)
    assert {"page all", "page words", "api city", "api facets"} <= set(rows)
    for p50, p95, worst in rows.values():
        assert 0 < float(p50) <= float(p95) <= float(worst)
    assert re.search(r"worst p95: search page [\d.]+ ms .* API [\d.]+ ms .* at 300 articles", done.stdout)
