"""A process tree's memory counts the pages its processes share once (PSS), not once per process (RSS)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from twincrawl.runs import pss_bytes, rss_bytes, tree_pss_bytes
from twincrawl.runs.memory import process_tree

_MB = 1024 * 1024

#: Fills 200 MB, forks (the child shares those pages copy-on-write), says so, then both wait.
_SHARING = """
import os, sys, time
block = bytearray(200 * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
if os.fork() == 0:
    time.sleep(60)
    os._exit(0)
print("forked", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc")
def test_pages_shared_after_a_fork_count_once_in_the_tree() -> None:
    process = subprocess.Popen([sys.executable, "-c", _SHARING], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "forked\n"
        deadline = time.monotonic() + 5
        while len(process_tree(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        tree = process_tree(process.pid)
        assert len(tree) == 2
        summed_rss = sum(rss_bytes(pid) for pid in tree)
        assert summed_rss > 400 * _MB  # each process maps the 200 MB block
        assert 200 * _MB < tree_pss_bytes(process.pid) < 300 * _MB  # ... which the tree holds once
        assert all(0 < pss_bytes(pid) <= rss_bytes(pid) for pid in tree)
    finally:
        for pid in process_tree(process.pid)[1:]:
            subprocess.run(["kill", str(pid)], check=False)
        process.kill()
        process.wait()


def test_a_process_gone_has_no_memory() -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert pss_bytes(process.pid) == 0 and tree_pss_bytes(process.pid) == 0
