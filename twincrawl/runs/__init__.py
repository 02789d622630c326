"""Runs: the run report, the lock, the state kept between runs and memory watching.

The distributed frontier, ``twincrawl.runs.frontier``, needs the ``redis`` extra and is imported on its own.
"""

from twincrawl.runs.lock import LockHeld, RunLock
from twincrawl.runs.memory import MEMORY_LIMIT_REASON, rss_bytes, tree_rss_bytes
from twincrawl.runs.report import STORE_UNWRITABLE_REASON, RunReport, SourceReport
from twincrawl.runs.state import RunState

__all__ = [
    "MEMORY_LIMIT_REASON", "STORE_UNWRITABLE_REASON", "LockHeld", "RunLock", "RunReport", "RunState",
    "SourceReport", "rss_bytes", "tree_rss_bytes",
]  # fmt: skip
