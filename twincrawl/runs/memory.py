"""Resident memory of a process together with everything it started (worker processes, the browser).

Reads Linux's /proc; elsewhere every figure is 0, so callers treat 0 as "not measured". A tree is counted by
proportional set size (PSS): a page that processes share (forked workers, shared libraries) counts once over
them, not once in each as summed RSS would.
"""

from __future__ import annotations

from pathlib import Path

#: The finish reason of a crawl stopped because its process tree outgrew ``TWINCRAWL_MEMORY_LIMIT_MB``.
MEMORY_LIMIT_REASON = "memory limit"


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (children of every thread, recursively)."""
    pids, index = [pid], 0
    while index < len(pids):
        for children in Path(f"/proc/{pids[index]}/task").glob("*/children"):
            try:
                pids += [int(child) for child in children.read_text().split()]
            except OSError:  # the thread or process ended while being read
                continue
        index += 1
    return pids


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (0 when it is gone or /proc is not there)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def pss_bytes(pid: int) -> int:
    """Proportional set size of one process: its resident memory, each shared page divided among the processes
    sharing it (its RSS where the kernel gives no ``smaps_rollup``; 0 when it is gone)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return rss_bytes(pid)
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return rss_bytes(pid)


def tree_pss_bytes(pid: int) -> int:
    """Memory of a process and all its descendants: their proportional set sizes, summed."""
    return sum(pss_bytes(each) for each in process_tree(pid))
