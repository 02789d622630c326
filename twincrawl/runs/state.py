"""Local run state kept between cron runs: HTTP validators of feeds and listings, per-source yields, export marks.

One small SQLite file (``TWINCRAWL_STATE_DIR``/state.db, by default beside a SQLite store), independent of the
corpus store.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from twincrawl.config import DEFAULT_STATE_DIR
from twincrawl.store.sqlite import path_from_uri

_SCHEMA = """
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
CREATE TABLE IF NOT EXISTS marks (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def default_state_dir(store_uri: str) -> Path:
    """Run state lives beside a SQLite file (``corpus.db`` -> ``corpus.state/``), else in ``data/state``."""
    if store_uri.startswith("sqlite:"):
        path = path_from_uri(store_uri)
        return path.with_name(path.stem + ".state")
    return Path(DEFAULT_STATE_DIR)


class RunState:
    """Validators and marks, read at the start of a run and written at its end."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "state.db"
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._db.executescript(_SCHEMA)

    def validators(self, url: str) -> dict[str, str]:
        """Conditional-request headers for a URL fetched before (empty when never fetched)."""
        row = self._db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
        if row is None:
            return {}
        headers = {"If-None-Match": row[0], "If-Modified-Since": row[1]}
        return {name: value for name, value in headers.items() if value}

    def save_validators(self, validators: dict[str, tuple[str | None, str | None]]) -> None:
        rows = [(url, etag, modified) for url, (etag, modified) in validators.items() if etag or modified]
        self._db.executemany("INSERT OR REPLACE INTO validators VALUES (?, ?, ?)", rows)

    def mark(self, name: str) -> Any:
        row = self._db.execute("SELECT value FROM marks WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_mark(self, name: str, value: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO marks VALUES (?, ?)", (name, json.dumps(value)))

    def close(self) -> None:
        self._db.close()
