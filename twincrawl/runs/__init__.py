"""Runs: the run report, the lock, the state kept between runs and memory watching.

The distributed frontier, ``twincrawl.runs.frontier``, needs the ``redis`` extra and is imported on its own.
"""

from twincrawl.runs.conclusion import conclude_run, report_path
from twincrawl.runs.lock import LOCK_HELD_EXIT_CODE, LockHeld, RunLock, lock_path
from twincrawl.runs.logs import LOG_FORMATS, JsonFormatter, install_json_logs, json_line
from twincrawl.runs.memory import MEMORY_LIMIT_REASON, pss_bytes, rss_bytes, tree_pss_bytes
from twincrawl.runs.metrics import prometheus_text, write_metrics
from twincrawl.runs.report import STORE_UNWRITABLE_REASON, RunReport, SourceReport
from twincrawl.runs.state import RunState, default_state_dir

__all__ = [
    "LOCK_HELD_EXIT_CODE", "LOG_FORMATS", "MEMORY_LIMIT_REASON", "STORE_UNWRITABLE_REASON", "JsonFormatter",
    "LockHeld", "RunLock", "RunReport", "RunState", "SourceReport", "conclude_run", "default_state_dir",
    "install_json_logs", "json_line", "lock_path", "prometheus_text", "pss_bytes", "report_path", "rss_bytes",
    "tree_pss_bytes", "write_metrics",
]  # fmt: skip
