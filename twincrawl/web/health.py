"""The health of the sources: their figures in the last runs' reports (``<state dir>/reports/*.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: Runs the health page shows.
LAST_RUNS = 5


def last_reports(folder: Path | None, last: int = LAST_RUNS) -> list[dict[str, Any]]:
    """The newest run reports in ``folder``, newest first (unreadable files are named, not fatal)."""
    if folder is None or not folder.is_dir():
        return []
    reports = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:last]:
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            report = {"file": path.name, "error": f"unreadable report: {error}", "sources": {}}
        report["file"] = path.name
        reports.append(report)
    return reports


def source_rows(reports: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per source, its figures in each report (newest first): pages, new articles, failures, dried up."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        for key, figures in sorted((report.get("sources") or {}).items()):
            rows.setdefault(key, []).append({
                "run": report.get("started") or report["file"],
                "pages": figures.get("pages_fetched", 0),
                "new": (figures.get("articles") or {}).get("new", 0),
                "failures": figures.get("failures") or {},
                "dried_up": bool(figures.get("dried_up")),
            })  # fmt: skip
    return rows
