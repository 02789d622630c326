"""The run report: per-source figures taken from the crawl's stats, and a one-line summary."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from twincrawl.runs.memory import MEMORY_LIMIT_REASON

#: Scrapy's finish reason for a crawl stopped by SIGTERM or SIGINT (or a second one, forced).
STOPPED_REASON = "shutdown"
#: The finish reason of a crawl stopped because its store took no more writes, and the reason its articles
#: that could not be stored are dropped with.
STORE_UNWRITABLE_REASON = "store unwritable"

_PREFIX = "twincrawl/"
_GROUPS = ("failures", "skipped", "dropped", "articles")


@attrs.define(kw_only=True)
class SourceReport:
    """What one source gave in one run."""

    articles_offered: int = 0
    """Article pages requested (each once): every one is fetched, disallowed by robots.txt or in ``failures``."""
    article_pages_failed: int = 0
    """Of those, the ones whose request failed (their reasons are among ``failures``)."""
    article_pages_disallowed: int = 0
    """Of those, the ones robots.txt disallowed (obeyed; among ``robots_disallowed``)."""
    pages_fetched: int = 0
    article_links: int = 0
    """Links to articles found in feeds, sitemaps and listings (known ones included)."""
    listings_unchanged: int = 0
    """Feeds and listings the server answered 304 Not Modified for."""
    dried_up: bool = False
    """The source gave article links in the previous run and none in this one: its rules may need a look."""
    listings_fetched: int = 0
    feeds_fetched: int = 0
    sitemaps_fetched: int = 0
    duplicates: int = 0
    articles: dict[str, int] = attrs.field(factory=dict)
    """new / updated / unchanged; withdrawn: stored articles whose page now answers 404 or 410 (marked, kept)."""
    skipped: dict[str, int] = attrs.field(factory=dict)
    """Pages that gave no article, by reason."""
    dropped: dict[str, int] = attrs.field(factory=dict)
    """Articles not stored, by reason."""
    failures: dict[str, int] = attrs.field(factory=dict)
    """Requests that failed, by reason (http 404, timeout, dns ...)."""
    robots_disallowed: int = 0
    """Requests robots.txt disallowed: obeyed, so not failures."""
    other: dict[str, int] = attrs.field(factory=dict)
    """Any further counters."""

    @property
    def stored(self) -> int:
        return self.articles.get("new", 0) + self.articles.get("updated", 0)

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    @property
    def discovery_failed(self) -> bool:
        """Nothing could be fetched from the source at all."""
        fetched = self.pages_fetched or self.listings_fetched or self.feeds_fetched or self.sitemaps_fetched
        return self.failed + self.robots_disallowed > 0 and not fetched


@attrs.define(kw_only=True)
class RunReport:
    started: str
    finished: str
    finish_reason: str
    store: str
    sources: dict[str, SourceReport]
    crawl: dict[str, int] = attrs.field(factory=dict)
    """Counters of the crawl as a whole, not of one source (e.g. ``browser/launches``)."""

    def article_links(self) -> dict[str, int]:
        return {key: report.article_links for key, report in self.sources.items()}

    def flag_dried_up(self, previous_links: dict[str, int]) -> None:
        """Flag sources that found article links last time and none now (a 304 answer is not drying up)."""
        for key, report in self.sources.items():
            fetched = report.listings_fetched + report.feeds_fetched + report.sitemaps_fetched
            report.dried_up = (previous_links.get(key, 0) > 0 and fetched > 0 and report.article_links == 0
                               and report.listings_unchanged == 0)  # fmt: skip

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any], store: str, keys: list[str]) -> RunReport:
        sources = {key: SourceReport() for key in keys}
        crawl: dict[str, int] = {}
        for name, value in stats.items():
            if not name.startswith(_PREFIX) or not isinstance(value, int):
                continue
            key, _, counter = name[len(_PREFIX) :].partition("/")
            if key not in sources:  # counters of the crawl as a whole (browser, frontier ...)
                crawl[f"{key}/{counter}"] = value
                continue
            report = sources[key]
            group, _, reason = counter.partition("/")
            if group in _GROUPS and reason:
                getattr(report, group)[reason] = value
            elif hasattr(report, counter) and isinstance(getattr(report, counter), int):
                setattr(report, counter, value)
            else:
                report.other[counter] = value
        return cls(
            started=_iso(stats.get("start_time")),
            finished=_iso(stats.get("finish_time")),
            finish_reason=str(stats.get("finish_reason", "")),
            store=store,
            sources=sources,
            crawl=crawl,
        )

    def summary(self) -> str:
        """One line: the totals, and the sources that failed."""
        totals: dict[str, int] = {}
        for report in self.sources.values():
            for outcome, count in report.articles.items():
                totals[outcome] = totals.get(outcome, 0) + count
        pages = sum(report.pages_fetched for report in self.sources.values())
        failed = self.unreachable
        line = (
            f"twincrawl: {len(self.sources)} sources, {pages} pages, {totals.get('new', 0)} new, "
            f"{totals.get('updated', 0)} updated, {totals.get('unchanged', 0)} unchanged articles"
        )
        if totals.get("withdrawn"):
            line += f", {totals['withdrawn']} withdrawn (their pages answer 404 or 410; records kept)"
        errors = sum(report.failed for report in self.sources.values())
        if errors:
            line += f", {errors} failed requests"
        disallowed = sum(report.robots_disallowed for report in self.sources.values())
        if disallowed:
            line += f", {disallowed} disallowed by robots.txt"
        if self.spooled:
            line += (f"; {self.spooled} articles spooled: the store was unreachable "
                     "(the next run or `twincrawl store replay` writes them)")  # fmt: skip
        if self.stopped_by_store:
            lost = sum(report.dropped.get(STORE_UNWRITABLE_REASON, 0) for report in self.sources.values())
            line += (f"; stopped: the store could not be written (disk full?), {lost} articles not stored "
                     "(the next run fetches them again)")  # fmt: skip
        if self.stopped_by_signal:
            line += "; stopped by a signal before the end: run again to continue"
        if self.stopped_by_memory:
            line += f"; stopped early: {MEMORY_LIMIT_REASON} ({self.crawl.get('memory/peak_mb', 0)} MB)"
        if failed:
            reasons = {key: _why_failed(self.sources[key]) for key in failed}
            line += "; failed: " + "; ".join(f"{key} ({why})" for key, why in reasons.items())
        return line

    @property
    def unreachable(self) -> list[str]:
        """Sources none of whose entry points could be fetched, or that dried up."""
        return sorted(key for key, report in self.sources.items() if report.discovery_failed or report.dried_up)

    @property
    def spooled(self) -> int:
        """Articles kept in the store's local spool because its server was unreachable."""
        return sum(report.articles.get("spooled", 0) for report in self.sources.values())

    @property
    def stopped_by_memory(self) -> bool:
        """The crawl was closed early because it outgrew ``TWINCRAWL_MEMORY_LIMIT_MB``."""
        return MEMORY_LIMIT_REASON in self.finish_reason.split(",")

    @property
    def stopped_by_store(self) -> bool:
        """The crawl was stopped because its store took no more writes (disk full, read-only)."""
        return STORE_UNWRITABLE_REASON in self.finish_reason.split(",")

    @property
    def stopped_by_signal(self) -> bool:
        """The crawl was stopped by SIGTERM or SIGINT before it ran out of pages."""
        return STOPPED_REASON in self.finish_reason.split(",")

    @property
    def has_failures(self) -> bool:
        """A whole source failed, articles were spooled or the memory limit stopped the crawl: the run is a
        partial failure (single failed pages are only reported)."""
        return (bool(self.unreachable) or self.spooled > 0 or self.stopped_by_memory or self.stopped_by_signal
                or self.stopped_by_store)  # fmt: skip

    @property
    def status(self) -> str:
        """``ok`` (exit code 0), ``partial`` (some sources failed, articles were spooled or the memory limit
        stopped the crawl: exit code 1) or ``failed`` (no source could be crawled at all)."""
        if not self.sources or len(self.unreachable) == len(self.sources):
            return "failed"
        return "partial" if self.has_failures else "ok"

    @property
    def duration_seconds(self) -> float:
        """From the crawl's start to its end; 0 when either is unknown."""
        if not (self.started and self.finished):
            return 0.0
        return (datetime.fromisoformat(self.finished) - datetime.fromisoformat(self.started)).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, **attrs.asdict(self)}

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _why_failed(report: SourceReport) -> str:
    if report.failures:
        return ", ".join(sorted(report.failures))
    return "robots.txt disallows it" if report.robots_disallowed else "no article links any more"


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else ""
