"""How a crawl ends, whichever command started it: the run state's marks updated and the run report written."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from twincrawl.runs.report import RunReport
from twincrawl.runs.state import RunState


def report_path(state_dir: Path, started: datetime) -> Path:
    """Where a run's report goes when no other file is given: ``<state dir>/reports/<UTC start>.json``."""
    return state_dir / "reports" / f"{started:%Y%m%dT%H%M%SZ}.json"


def conclude_run(
    stats: Mapping[str, Any], store: str, keys: list[str], state_dir: Path, *, path: Path, warn: Callable[[str], None]
) -> RunReport:
    """The report of a finished crawl of the sources ``keys``: sources that dried up since the previous run are
    flagged, this run's article links are kept for the next one and the report is written to ``path``.

    Neither a run state nor a report that cannot be written stops the others: ``warn`` is told (the report's JSON
    included, so that it is not lost). A run its store stopped (disk full, read-only) leaves the state as it was."""
    report = RunReport.from_stats(stats, store, keys)
    if not report.stopped_by_store:
        try:
            state = RunState(state_dir)
            report.flag_dried_up(state.mark("article_links") or {})
            state.set_mark("article_links", report.article_links())
            state.close()
        except (OSError, sqlite3.Error) as error:  # the disk filled at the end: the report still comes
            warn(f"the run state in {state_dir} was not updated ({error})")
    try:
        report.write(path)
    except OSError as error:
        warn(f"the run report could not be written to {path} ({error}); here it is:\n"
             + json.dumps(report.to_dict(), ensure_ascii=False))  # fmt: skip
    return report
