"""The end of a run, shared by ``twincrawl crawl`` and ``scrapy crawl``: the state's marks, the report, warnings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from twincrawl.runs import STORE_UNWRITABLE_REASON, RunState, conclude_run, report_path

STARTED = datetime(2026, 3, 1, 6, 0, 5, tzinfo=UTC)


def _stats(links: int, reason: str = "finished") -> dict[str, Any]:
    return {
        "start_time": STARTED,
        "finish_time": datetime(2026, 3, 1, 6, 2, 0, tzinfo=UTC),
        "finish_reason": reason,
        "twincrawl/a/listings_fetched": 1,
        "twincrawl/a/article_links": links,
        "twincrawl/a/articles/new": links,
    }


def _conclude(stats: dict[str, Any], state_dir: Path, path: Path) -> tuple[dict[str, Any], list[str]]:
    warnings: list[str] = []
    report = conclude_run(stats, "sqlite:///corpus.db", ["a"], state_dir, path=path, warn=warnings.append)
    return report.to_dict(), warnings


def test_the_default_report_path_is_named_by_the_utc_start(tmp_path: Path) -> None:
    assert report_path(tmp_path, STARTED) == tmp_path / "reports" / "20260301T060005Z.json"


def test_a_source_without_links_after_a_run_with_some_is_flagged_dried_up(tmp_path: Path) -> None:
    first, warnings = _conclude(_stats(3), tmp_path, tmp_path / "first.json")
    assert (first["sources"]["a"]["dried_up"], warnings) == (False, [])
    second, _ = _conclude(_stats(0), tmp_path, tmp_path / "second.json")
    assert second["sources"]["a"]["dried_up"] is True
    assert json.loads((tmp_path / "second.json").read_text(encoding="utf-8")) == second
    assert second["status"] == "failed"  # its only source dried up


def test_a_run_its_store_stopped_leaves_the_state_as_it_was(tmp_path: Path) -> None:
    _conclude(_stats(3), tmp_path, tmp_path / "first.json")
    _conclude(_stats(0, STORE_UNWRITABLE_REASON), tmp_path, tmp_path / "stopped.json")
    state = RunState(tmp_path)
    try:
        assert state.mark("article_links") == {"a": 3}
    finally:
        state.close()


def test_a_report_that_cannot_be_written_is_given_whole_to_the_warning(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a directory", encoding="utf-8")
    path = tmp_path / "taken" / "report.json"
    report, [warning] = _conclude(_stats(2), tmp_path / "state", path)
    first_line, written = warning.split("\n", 1)
    assert first_line.startswith(f"the run report could not be written to {path} (")
    assert first_line.endswith("; here it is:")
    assert json.loads(written) == report
