"""A durable local spool: writes the database could not take, kept on disk until they can be replayed.

The spool is one append-only JSON-lines file. Every appended batch is flushed and fsynced before the call
returns, so a batch handed to the spool survives a crash of the crawler. Records come back in the order
they were appended, which keeps "older version first" true when they are replayed. An advisory file lock
keeps two processes sharing the spool (overlapping cron runs) from interleaving a batch or replaying the
same records twice.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from twincrawl.items import Article
from twincrawl.store.base import RawPage, StoreError
from twincrawl.store.compression import pack, unpack

logger = logging.getLogger(__name__)

SPOOL_FILE = "spool.jsonl"
LOCK_FILE = "spool.lock"


def default_spool_root() -> Path:
    """``$XDG_STATE_HOME/twincrawl/spool``, else ``~/.local/state/twincrawl/spool``."""
    state_home = os.environ.get("XDG_STATE_HOME")
    return (Path(state_home) if state_home else Path.home() / ".local" / "state") / "twincrawl" / "spool"


def _encode_page(page: RawPage) -> dict[str, Any]:
    return {
        "url": page.url,
        "source": page.source,
        "fetched_at": page.fetched_at,
        "status": page.status,
        "headers": page.headers,
        "body": base64.b64encode(pack(page.body)).decode("ascii"),
        "extractor_version": page.extractor_version,
        "article_id": page.article_id,
    }


def _decode_page(data: dict[str, Any]) -> RawPage:
    return RawPage(**{**data, "body": unpack(base64.b64decode(data["body"]))})


class Spool:
    """Articles and raw pages waiting for the database, in ``<directory>/spool.jsonl``.

    Nothing is created on disk until something is spooled.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / SPOOL_FILE
        self._lock_file: IO[str] | None = None
        self._mutex = threading.Lock()
        self._pending = 0
        if not self.is_empty():
            with self._locked():
                self._pending = sum(1 for _ in self._read())

    @property
    def pending(self) -> int:
        """Records (articles and raw pages) waiting in the spool."""
        return self._pending

    def is_empty(self) -> bool:
        """Whether the spool file holds nothing (another process may have appended since :attr:`pending`)."""
        try:
            return self.path.stat().st_size == 0
        except FileNotFoundError:
            return True

    def append_articles(self, articles: Sequence[Article]) -> None:
        """Add articles to the spool, durably."""
        self._append([{"kind": "article", "article": article.to_dict()} for article in articles])

    def append_pages(self, pages: Sequence[RawPage]) -> None:
        """Add raw pages to the spool, durably."""
        self._append([{"kind": "raw", "page": _encode_page(page)} for page in pages])

    def _append(self, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        # ASCII escapes: any str (even a lone surrogate) survives the round trip through the file.
        lines = "".join(json.dumps(record) + "\n" for record in records)
        with self._locked():
            # A crash mid-append can leave a torn last line; start on a fresh line so it stays one bad line.
            if self._has_torn_tail():
                lines = "\n" + lines
            try:
                with self.path.open("a", encoding="utf-8") as spool:
                    spool.write(lines)
                    spool.flush()
                    os.fsync(spool.fileno())
            except OSError as error:
                raise StoreError(f"cannot write the spool {self.path}: {error}") from error
            self._pending += len(records)

    def _has_torn_tail(self) -> bool:
        try:
            with self.path.open("rb") as spool:
                spool.seek(-1, os.SEEK_END)
                return spool.read(1) != b"\n"
        except OSError:  # missing or empty
            return False

    @contextlib.contextmanager
    def draining(self) -> Iterator[Iterator[Article | RawPage]]:
        """Hold the spool while its records are written elsewhere; empty it if the block completes.

        If the block raises, the spool is kept whole: replaying it again must therefore be idempotent.
        """
        with self._locked():
            yield self._read()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self._pending = 0

    def _read(self) -> Iterator[Article | RawPage]:
        try:
            spool = self.path.open(encoding="utf-8")
        except FileNotFoundError:
            return
        with spool:
            for number, line in enumerate(spool, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    yield (
                        Article.from_dict(record["article"])
                        if record["kind"] == "article"
                        else _decode_page(record["page"])
                    )
                except (ValueError, KeyError, TypeError) as error:
                    logger.warning("skipping unreadable line %d of the spool %s: %s", number, self.path, error)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # flock excludes other processes only; threads of this one share the lock file, hence the mutex.
        with self._mutex:
            if self._lock_file is None:
                try:
                    self.directory.mkdir(parents=True, exist_ok=True)
                    self._lock_file = (self.directory / LOCK_FILE).open("a")
                except OSError as error:
                    raise StoreError(f"cannot use the spool directory {self.directory}: {error}") from error
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release the lock file."""
        with self._mutex:
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None
