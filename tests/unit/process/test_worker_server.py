"""Processing workers forked from the warm fork server process pages, and end with the crawl that started them."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.faults import source, write_registry
from twincrawl.runs.memory import process_tree

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc")]

_ROOT = Path(__file__).resolve().parents[3]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_forked_workers_start_warm_process_a_page_and_end_when_the_crawl_is_killed(tmp_path: Path) -> None:
    registry = write_registry(
        tmp_path / "s.yaml", [source("s", start_urls=["http://127.0.0.1/s/"], article_urls=["/s/news/"])]
    )
    crawl = subprocess.Popen(
        [sys.executable, "-m", "tests.unit.process.pool_crawl", str(registry)],
        cwd=_ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert crawl.stdout is not None
        processed, warm = crawl.stdout.readline().split(maxsplit=1), crawl.stdout.readline().split()
        assert processed == ["title", "Побратимы встретились в Волгограде\n"]
        assert warm == ["warm", "ru"]  # forked after the server had warmed up for the registry's languages
        below = process_tree(crawl.pid)[1:]
        assert len(below) >= 3  # the fork server and its two workers
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        killed = time.monotonic()
        while any(map(_alive, below)) and time.monotonic() - killed < 5:
            time.sleep(0.02)
        assert not [pid for pid in below if _alive(pid)]
        assert time.monotonic() - killed < 1
    finally:
        crawl.kill()
        crawl.wait()
