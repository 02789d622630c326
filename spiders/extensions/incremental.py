"""What an incremental run remembers: known article URLs, HTTP validators of feeds and listings, ``--since``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from scrapy.http import Response

from twincrawl.fetch import Link, link_day
from twincrawl.runs import RunState
from twincrawl.store import open_store


class Incremental:
    """Decides which discovered links are worth fetching in this run, and keeps listing validators."""

    def __init__(
        self, store_uri: str, state_dir: Path, sources: list[str], since: date | None, recheck_days: int,
        *, recheck_known: bool = False,
    ) -> None:  # fmt: skip
        """``recheck_days`` > 0: known articles fetched longer ago than that are fetched again; ``recheck_known``:
        every known article is (a re-check finds changed texts and pages taken down), and feeds and listings are
        read in full: an unchanged listing answered 304 would show none of the links to re-check."""
        store = open_store(store_uri)
        try:
            self.known = {source: store.known_urls(source) for source in sources}
        finally:
            store.close()
        self.state = RunState(state_dir)
        self.recheck_known = recheck_known
        self.since = since
        now = datetime.now(UTC)
        self.recheck_before = (
            now.isoformat() if recheck_known
            else (now - timedelta(days=recheck_days)).isoformat() if recheck_days > 0
            else None
        )  # fmt: skip
        self.fresh_validators: dict[str, tuple[str | None, str | None]] = {}

    def conditional_headers(self, url: str) -> dict[str, str]:
        return {} if self.recheck_known else self.state.validators(url)

    def remember(self, response: Response) -> None:
        """Keep a feed's or listing's validators; saved only when the run finishes (see :meth:`close`)."""
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if etag or modified:
            self.fresh_validators[response.url] = (
                etag.decode("latin-1") if etag else None, modified.decode("latin-1") if modified else None,
            )  # fmt: skip

    def is_known(self, source: str, url: str) -> bool:
        """Stored already and no re-check due."""
        fetched = self.known.get(source, {}).get(url)
        return fetched is not None and (self.recheck_before is None or fetched >= self.recheck_before)

    def is_too_old(self, link: Link) -> bool:
        day = link_day(link.date)
        return self.since is not None and day is not None and day < self.since

    def close(self, finished: bool) -> None:
        # Validators of an interrupted run are dropped: the next run must read those listings again.
        if finished:
            self.state.save_validators(self.fresh_validators)
        self.state.close()
