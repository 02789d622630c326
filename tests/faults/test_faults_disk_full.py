"""A disk that fills during a crawl: the crawl stops at once, reports, prints one line, exits 1, and the pages
it could not store are fetched again by the next run (nothing lost across the two runs). Served by a fault
server; the store lives on a 2 MB tmpfs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.pages import article, listing, stored
from tests.faults.server import FaultServer, page
from tests.fixtures.faults import crawl, record, source, write_registry
from twincrawl.store.sqlite import SqliteStore

pytestmark = pytest.mark.faults

ARTICLES = 30
#: Free bytes left on the tiny disk before the crawl: room for a few articles, not for thirty.
_HEADROOM = 160 * 1024


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs mounted for the test (root only)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a 2 MB tmpfs is not permitted here ({done.stderr.strip()}): run the test as root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up to ``leave`` free bytes; returns the filler (delete it to free the space)."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def test_a_full_disk_stops_the_crawl_cleanly_and_the_next_run_gets_the_rest(tiny_disk: Path, tmp_path: Path) -> None:
    with FaultServer() as server:
        paths = [f"/df/news/{n}" for n in range(ARTICLES)]
        for path in paths:
            marker = "Совместный проект побратимов. " * 8 + path
            server.route(path, page(article(f"Статья {path}", marker)))
        server.route("/robots.txt", page(b"User-agent: *\nAllow: /\n", "text/plain"))
        server.route("/df/", page(listing(*map(server.url, paths))))
        registry = write_registry(
            tmp_path / "df.yaml", [source("df", start_urls=[server.url("/df/")], article_urls=["/df/news/"])]
        )
        store = tiny_disk / "corpus.db"
        SqliteStore(f"sqlite:///{store}").close()
        filler = _fill(tiny_disk, _HEADROOM)
        settings = {"TWINCRAWL_STORE_BATCH_SIZE": "4", "TWINCRAWL_PROCESS_WORKERS": "0"}
        full = crawl(registry, store, tmp_path / "full.json", settings)
        filler.unlink()
        kept = len(stored(store))
        again = crawl(registry, store, tmp_path / "again.json", settings)
        after = set(stored(store))
    lost = full.source("df").get("dropped", {}).get("store unwritable", 0)
    missing = {server.url(path) for path in paths} - after
    tracebacks = full.log.count("Traceback")
    record(
        "DF",
        f"disk full after {kept} of {ARTICLES} articles",
        f"exit {full.returncode}, {lost} not stored, {tracebacks} tracebacks; next run: {len(missing)} missing",
        "ok" if full.returncode == 1 and not missing and not tracebacks else "FAIL",
    )
    assert full.returncode == 1, full.log[-3000:]
    assert full.report["finish_reason"] == "store unwritable"
    assert lost > 0 and kept + lost <= ARTICLES
    assert tracebacks == 0, full.log[-3000:]
    summary = [line for line in full.log.splitlines() if line.startswith("twincrawl: ")]
    assert len(summary) == 1 and "the store could not be written" in summary[0], summary
    assert again.returncode == 0, again.log[-3000:]
    assert not missing
