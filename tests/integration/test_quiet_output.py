"""Quiet that is quiet: a crawl prints one summary line (Scrapy's settings and stats only with --verbose), pages
robots.txt disallows are counted apart and are not failures, --quiet prints nothing on success, and the demo is
short and ends with the commands to try next."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.fixtures.cli import REPO, read_report, run_twincrawl

_FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")


def _crawl(registry: Path, folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{folder / 'corpus.db'}",
                         "--report", folder / "report.json", *_FAST, *options)  # fmt: skip


def test_a_crawl_prints_one_summary_line_and_counts_robots_apart(replica_registry: Path, tmp_path: Path) -> None:
    done = _crawl(replica_registry, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr == ""
    [summary] = done.stdout.splitlines()
    assert summary.startswith("twincrawl: 5 sources, ")
    assert summary.endswith(", 1 disallowed by robots.txt") and "failed" not in summary
    sources = read_report(tmp_path / "report.json")["sources"]
    assert sum(source["robots_disallowed"] for source in sources.values()) == 1
    assert all(source["failures"] == {} for source in sources.values())


def test_quiet_prints_nothing_and_verbose_shows_scrapy_stats(replica_registry: Path, tmp_path: Path) -> None:
    quiet = _crawl(replica_registry, tmp_path / "quiet", "--quiet")
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    assert (quiet.stdout, quiet.stderr) == ("", "")
    verbose = _crawl(replica_registry, tmp_path / "verbose", "--verbose", "--full")
    assert verbose.returncode == 0, verbose.stderr[-3000:]
    assert "Dumping Scrapy stats" in verbose.stderr and "disallowed by robots.txt" in verbose.stderr


def test_the_demo_is_under_30_lines_and_ends_with_what_to_try_next(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "PYTHON": sys.executable, "DEMO_DATA": str(tmp_path), "REPLICA_PORT": str(port)}
    done = subprocess.run([REPO / "scripts" / "demo.sh"], env=environment, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    lines = done.stdout.splitlines()
    assert len(lines) < 30, lines
    assert not any("WARNING" in line or "ERROR" in line for line in lines)
    store = f"--store sqlite:///{tmp_path}/replica.db"
    next_steps = lines[lines.index("== next, try:") + 1 :]
    assert next_steps and all(line.startswith("  twincrawl ") and line.endswith(store) for line in next_steps)
    assert any(line.startswith("  twincrawl show ") for line in next_steps)
