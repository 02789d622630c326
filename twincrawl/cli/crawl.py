"""``twincrawl crawl``: crawl the registry's sources into the store and write a run report."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from twincrawl.cli.common import (
    LOCK_HELD,
    OK,
    PARTIAL_FAILURE,
    STOPPED,
    UsageError,
    add_sources_file_option,
    add_store_option,
    parse_day,
    registry_from,
    setting_overrides,
    store_uri,
)  # fmt: skip
from twincrawl.extract import EXTRACTION_MODES
from twincrawl.items import utc_now
from twincrawl.registry import RegistryError, select
from twincrawl.runs import (
    LOG_FORMATS,
    LockHeld,
    RunLock,
    conclude_run,
    default_state_dir,
    json_line,
    lock_path,
    report_path,
    write_metrics,
)
from twincrawl.store import StoreError, open_store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("crawl", help="crawl news sources into the store", description=__doc__)
    parser.add_argument("--source", action="append", default=[], metavar="KEY",
                        help="crawl only this source (repeatable; default: every enabled source)")  # fmt: skip
    add_sources_file_option(parser)
    add_store_option(parser)
    parser.add_argument("--max-pages", type=int, default=0, metavar="N", help="fetch at most N article pages")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="skip feed and sitemap entries dated before this day")
    parser.add_argument(
        "--full", action="store_true", help="refetch everything: no conditional requests, known articles fetched again"
    )
    parser.add_argument(
        "--recheck-days",
        type=int,
        default=0,
        metavar="N",
        help="fetch known articles again when last fetched more than N days ago (changes get versions, pages "
        "now answering 404 or 410 mark their articles withdrawn)",
    )
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="fetch again every known article the feeds and listings still link, however recent (as --recheck-days "
        "but for all; feeds and listings are read in full to see their links)",
    )
    parser.add_argument(
        "--job-dir",
        type=Path,
        metavar="DIR",
        help="keep the crawl's queue here; after SIGTERM the same command resumes the crawl",
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        help="run state between runs (default: beside a SQLite store, else data/state)",
    )
    parser.add_argument(
        "--lock-file", type=Path, metavar="PATH", help="lock held while crawling (default: in the state directory)"
    )
    parser.add_argument("--report", type=Path, metavar="JSON",
                        help="where to write the run report (default: <state dir>/reports/<time>.json)")  # fmt: skip
    parser.add_argument("--extraction", choices=EXTRACTION_MODES,
                        help="accurate (the default: trafilatura checked by a second opinion) or fast (trafilatura "
                             "alone: a little less accurate, about 12%% less CPU per page)")  # fmt: skip
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", action="store_true",
                          help="print only warnings, errors and the summary of a run that failed")  # fmt: skip
    loudness.add_argument("--verbose", action="store_true",
                          help="log at INFO, Scrapy's settings and its stats at the end included")  # fmt: skip
    parser.add_argument("--log-file", type=Path, metavar="PATH", help="write the log to this file")
    parser.add_argument("--log-format", choices=LOG_FORMATS, default="text",
                        help="json: every log line, and the summary, as one JSON object")  # fmt: skip
    parser.add_argument("--metrics-file", type=Path, metavar="PATH",
                        help="also write the run's figures here as a Prometheus textfile (*.prom)")  # fmt: skip
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a Scrapy or TWINCRAWL_ setting (repeatable)")  # fmt: skip
    parser.set_defaults(run=run)


def crawl_overrides(args: argparse.Namespace, uri: str, state_dir: Path) -> dict[str, Any]:
    """The Scrapy settings the command line sets: the store, the state, the sources and every ``--set``."""
    overrides: dict[str, Any] = {
        "TWINCRAWL_STORE_URI": uri,
        "TWINCRAWL_STATE_DIR": str(state_dir),
        "TWINCRAWL_INCREMENTAL": not args.full,
        "TWINCRAWL_SINCE": parse_day(args.since, "--since").isoformat() if args.since else "",
        "TWINCRAWL_RECHECK_DAYS": args.recheck_days,
        "TWINCRAWL_RECHECK_KNOWN": args.recheck,
        "TWINCRAWL_SOURCES": args.source,
        "TWINCRAWL_SOURCES_FILES": [str(path) for path in args.sources_file],
        "TWINCRAWL_MAX_PAGES": args.max_pages,
        "LOG_LEVEL": "INFO" if args.verbose else "WARNING",  # by default the summary line says what happened
        "STATS_DUMP": args.verbose,
        "TWINCRAWL_LOG_FORMAT": args.log_format,
    }
    if args.extraction:
        overrides["TWINCRAWL_EXTRACTION_MODE"] = args.extraction
    if args.log_file:
        overrides["LOG_FILE"] = str(args.log_file)
    if args.job_dir:
        overrides["JOBDIR"] = str(args.job_dir)
    if not args.quiet and sys.stderr.isatty():
        overrides["TWINCRAWL_PROGRESS"] = True
    overrides.update(setting_overrides(args.set, "settings.prod"))
    return overrides


def run(args: argparse.Namespace) -> int:
    if args.max_pages < 0 or args.recheck_days < 0:
        raise UsageError("--max-pages and --recheck-days must be 0 (no limit) or a positive number")
    registry = registry_from(args)
    try:
        keys = [source.key for source in select(registry, args.source)]
    except RegistryError as error:
        raise UsageError(str(error)) from error
    uri, where = store_uri(args)
    overrides = crawl_overrides(args, uri, args.state_dir or default_state_dir(uri))
    try:
        open_store(uri).close()
    except StoreError as error:
        raise UsageError(f"{error} (store set by {where})") from error
    state_dir = Path(overrides["TWINCRAWL_STATE_DIR"])
    try:
        with RunLock(args.lock_file or lock_path(state_dir)):
            return _crawl(args, uri, keys, overrides, state_dir)
    except LockHeld as error:
        print(f"twincrawl: {error}", file=sys.stderr)
        return LOCK_HELD


def _crawl(args: argparse.Namespace, uri: str, keys: list[str], overrides: dict[str, Any], state_dir: Path) -> int:
    from spiders.run import run_crawl  # Scrapy is loaded only for the crawl itself

    started = utc_now()
    stats = run_crawl(overrides)
    if "finish_reason" not in stats:
        print("twincrawl: the crawl could not start; the log above says why", file=sys.stderr)
        return PARTIAL_FAILURE
    path = args.report or report_path(state_dir, started)
    report = conclude_run(stats, uri, keys, state_dir, path=path, warn=_warn)
    if args.metrics_file:
        write_metrics(report, args.metrics_file)
    if not args.quiet or report.has_failures:
        summary = report.summary()
        if args.log_format == "json":
            level = "WARNING" if report.has_failures else "INFO"
            summary = json_line(level, "twincrawl", summary, time.time(), status=report.status)
        print(summary, file=sys.stderr if report.has_failures else sys.stdout)
    if report.stopped_by_signal:
        return STOPPED
    return PARTIAL_FAILURE if report.has_failures else OK


def _warn(line: str) -> None:
    print(f"twincrawl: {line}", file=sys.stderr)
