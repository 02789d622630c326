"""Runs: the run report, the lock, the state kept between runs and memory watching.

The distributed frontier, ``twincrawl.runs.frontier``, needs the ``redis`` extra and is imported on its own.
"""

from twincrawl.runs.lock import LockHeld, RunLock
from twincrawl.runs.logs import LOG_FORMATS, JsonFormatter, install_json_logs, json_line
from twincrawl.runs.memory import MEMORY_LIMIT_REASON, rss_bytes, tree_rss_bytes
from twincrawl.runs.metrics import prometheus_text, write_metrics
from twincrawl.runs.report import STORE_UNWRITABLE_REASON, RunReport, SourceReport
from twincrawl.runs.state import RunState

__all__ = [
    "LOG_FORMATS", "MEMORY_LIMIT_REASON", "STORE_UNWRITABLE_REASON", "JsonFormatter", "LockHeld", "RunLock",
    "RunReport", "RunState", "SourceReport", "install_json_logs", "json_line", "prometheus_text", "rss_bytes",
    "tree_rss_bytes", "write_metrics",
]  # fmt: skip
