"""The embedded store: one SQLite file, no server (the default)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from twincrawl.items import Article, utc_now
from twincrawl.store.base import RawPage, StoreError, StoreUnwritable, WriteResult
from twincrawl.store.compression import pack, unpack
from twincrawl.store.query import Query, search_terms

#: SQLite's result codes for a write no record can get past: the disk is full, the file read-only, I/O failing.
_EVERY_WRITE_FAILS = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR})

#: Layout version, kept in ``PRAGMA user_version``; older files are migrated when opened.
SCHEMA_VERSION = 2

_SCHEMA = """
PRAGMA journal_mode = WAL;
-- `seq` is the rowid the full-text index shares (an INTEGER PRIMARY KEY survives VACUUM).
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, url TEXT NOT NULL, published TEXT,
    language TEXT, is_twinning INTEGER NOT NULL, content_hash TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
-- The order every query returns: a date range or no filter reads its first results without sorting.
CREATE INDEX IF NOT EXISTS articles_order ON articles ((published IS NULL), published DESC, id);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source, url);
CREATE INDEX IF NOT EXISTS articles_language ON articles (language);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (content_hash);
CREATE TABLE IF NOT EXISTS article_places (article_id TEXT NOT NULL, geonameid INTEGER NOT NULL, country TEXT);
CREATE INDEX IF NOT EXISTS places_city ON article_places (geonameid, article_id);
CREATE INDEX IF NOT EXISTS places_country ON article_places (country, article_id);
CREATE INDEX IF NOT EXISTS places_article ON article_places (article_id);
CREATE TABLE IF NOT EXISTS article_pairs (article_id TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pairs_ab ON article_pairs (a, b, article_id);
CREATE INDEX IF NOT EXISTS pairs_article ON article_pairs (article_id);
-- rowid = articles.seq
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, text, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS versions (
    id TEXT NOT NULL, content_hash TEXT NOT NULL, replaced_at TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_id ON versions (id);
CREATE TABLE IF NOT EXISTS raw_pages (
    url TEXT PRIMARY KEY, source TEXT NOT NULL, fetched_at TEXT NOT NULL, status INTEGER NOT NULL,
    headers TEXT NOT NULL, body BLOB NOT NULL, extractor_version TEXT NOT NULL, article_id TEXT
);
CREATE INDEX IF NOT EXISTS raw_source ON raw_pages (source);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


#: The order every query returns (newest first, undated last); the `articles_order` index follows it.
_ORDER = "ORDER BY published IS NULL, published DESC, id"
#: Documents read per statement when results are streamed (well under SQLite's limit of bound parameters).
_DOC_CHUNK = 200


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a file written by an older layout up to SCHEMA_VERSION (a new file needs nothing)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    has_articles = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone()
    if version >= SCHEMA_VERSION or not has_articles:
        return
    # Layout 1: `id TEXT PRIMARY KEY` and a full-text index keyed by id. Copy into the new layout.
    db.executescript(
        """
        BEGIN;
        ALTER TABLE articles RENAME TO articles_v1;
        DROP TABLE IF EXISTS articles_fts;
        DROP INDEX IF EXISTS articles_published; DROP INDEX IF EXISTS articles_order;
        DROP INDEX IF EXISTS articles_source; DROP INDEX IF EXISTS articles_language;
        DROP INDEX IF EXISTS articles_hash;
    """
        + _SCHEMA.replace("PRAGMA journal_mode = WAL;", "")
        + """
        INSERT INTO articles (id, source, url, published, language, is_twinning, content_hash, doc)
            SELECT id, source, url, published, language, is_twinning, content_hash, doc FROM articles_v1;
        INSERT INTO articles_fts (rowid, title, text)
            SELECT seq, json_extract(doc, '$.title'), json_extract(doc, '$.text') FROM articles;
        DROP TABLE articles_v1;
        COMMIT;
    """
    )


def path_from_uri(uri: str) -> Path:
    """``sqlite:///data/corpus.db`` -> ``data/corpus.db``; ``sqlite:////abs/path.db`` -> ``/abs/path.db``."""
    prefix = "sqlite:///"
    if not uri.startswith(prefix) or len(uri) == len(prefix):
        raise StoreError(
            f"{uri!r} is not a SQLite store URI (expected sqlite:///relative/path.db or sqlite:////abs.db)"
        )
    return Path(uri[len(prefix) :])


class SqliteStore:
    """Articles in one SQLite file, with full-text search (FTS5). Safe for use from one writer thread at a time."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        path = path_from_uri(uri)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            _migrate(self._db)
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the SQLite store {uri}: {error}") from error
        self._lock = threading.Lock()

    # -- writing -------------------------------------------------------------------------------------------
    def upsert(self, articles: Sequence[Article]) -> WriteResult:
        result = WriteResult()
        with self._writing():
            for article in articles:
                row = self._db.execute("SELECT content_hash, doc FROM articles WHERE id = ?", (article.id,)).fetchone()
                if row is not None and row[0] == article.content_hash:
                    result.unchanged.append(article.id)
                    continue
                if row is not None:
                    self._db.execute(
                        "INSERT INTO versions (id, content_hash, replaced_at, doc) VALUES (?, ?, ?, ?)",
                        (article.id, row[0], utc_now().isoformat(), row[1]),
                    )
                    self._delete(article.id)
                    result.updated.append(article.id)
                else:
                    result.new.append(article.id)
                self._insert(article)
        return result

    def _delete(self, article_id: str) -> None:
        self._db.execute(
            "DELETE FROM articles_fts WHERE rowid = (SELECT seq FROM articles WHERE id = ?)", (article_id,)
        )
        for table, column in (("articles", "id"), ("article_places", "article_id"), ("article_pairs", "article_id")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (article_id,))

    def _insert(self, article: Article) -> None:
        doc = json.dumps(article.to_dict(), ensure_ascii=False)
        inserted = self._db.execute(
            "INSERT INTO articles (id, source, url, published, language, is_twinning, content_hash, doc)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.source, article.url, article.published, article.language,
             int(article.relevance.is_twinning), article.content_hash, doc),
        )  # fmt: skip
        self._db.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (inserted.lastrowid, article.title, article.text),
        )
        self._db.executemany(
            "INSERT INTO article_places (article_id, geonameid, country) VALUES (?, ?, ?)",
            [(article.id, place.geonameid, place.country) for place in article.places],
        )
        self._db.executemany(
            "INSERT INTO article_pairs (article_id, a, b) VALUES (?, ?, ?)",
            [(article.id, *sorted(pair)) for pair in article.pairs],
        )

    def save_raw(self, pages: Sequence[RawPage]) -> None:
        rows = [
            (page.url, page.source, page.fetched_at, page.status, json.dumps(page.headers),
             pack(page.body), page.extractor_version, page.article_id)
            for page in pages
        ]  # fmt: skip
        with self._writing():
            self._db.executemany("INSERT OR REPLACE INTO raw_pages VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock; an error no write can get past raises StoreUnwritable."""
        try:
            with self._lock, self._transaction() as db:
                yield db
        except sqlite3.Error as error:
            # The code may be an extended one (SQLITE_IOERR_WRITE): its low byte is the primary code.
            if getattr(error, "sqlite_errorcode", 0) & 0xFF in _EVERY_WRITE_FAILS:
                raise StoreUnwritable(
                    f"cannot write to the SQLite store {self.uri}: {error}; free space on its disk (or make the "
                    "file writable) and run again"
                ) from error
            raise

    def _transaction(self) -> sqlite3.Connection:
        # The connection is in autocommit mode; `with connection` alone does not open a transaction. IMMEDIATE takes
        # the write lock before the upsert's reads: a deferred transaction whose snapshot another process's commit
        # made stale fails at its first write with "database is locked" at once, the busy timeout not applying
        # (workers of a distributed crawl sharing one file lost articles that way).
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    # -- reading -------------------------------------------------------------------------------------------
    def get(self, article_id: str) -> Article | None:
        row = self._db.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def query(self, query: Query) -> Iterator[Article]:
        where, params = self._where(query)
        words = set(query.words)
        if query.limit is None:
            # Only the ids are sorted (sorting whole documents costs far more); documents are read in chunks.
            rows = self._db.execute(f"SELECT id FROM articles WHERE {where} {_ORDER}", params)
            ids = [article_id for (article_id,) in rows]
            yield from self._documents(ids, words)
            return
        # With a limit, walking the result-order index and testing each article against the filters reads only
        # the first matches: ~5 ms for a city in a fifth of 100,000 articles, where sorting all its matches takes
        # ~60 ms; a rare city costs one walk of the index (~25 ms). A pair is always rare: its matches are sorted.
        hint = "" if query.pair is not None else "INDEXED BY articles_order"
        page = max(2 * query.limit, 100)
        returned = offset = 0
        while True:
            sql = f"SELECT id FROM articles {hint} WHERE {where} {_ORDER} LIMIT ? OFFSET ?"
            ids = [article_id for (article_id,) in self._db.execute(sql, [*params, page, offset])]
            for article in self._documents(ids, words):
                yield article
                returned += 1
                if returned >= query.limit:
                    return
            if len(ids) < page:
                return
            offset += page

    def _documents(self, ids: list[str], words: set[str]) -> Iterator[Article]:
        """The articles with these ids, in this order, that hold every word (read in chunks)."""
        for start in range(0, len(ids), _DOC_CHUNK):
            chunk = ids[start : start + _DOC_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT id, doc FROM articles WHERE id IN ({marks})", chunk)
            docs = dict(rows.fetchall())
            for article_id in chunk:
                if article_id not in docs:  # deleted since the ids were read
                    continue
                article = Article.from_dict(json.loads(docs[article_id]))
                # FTS5 tokenizes slightly differently from `search_terms`: the final check is the shared rule.
                if words and not words <= search_terms(article.title, article.text):
                    continue
                yield article

    def count(self, query: Query | None = None) -> int:
        if query is None:
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])
        return sum(1 for _ in self.query(query))

    @staticmethod
    def _where(query: Query) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1"]
        params: list[Any] = []
        simple = (("source", query.source), ("language", query.language))
        for column, value in simple:
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if query.is_twinning is not None:
            clauses.append("is_twinning = ?")
            params.append(int(query.is_twinning))
        if query.since is not None:
            clauses.append("published >= ?")
            params.append(query.since.isoformat())
        if query.until is not None:
            clauses.append("published < ?")
            params.append((query.until + timedelta(days=1)).isoformat())
        if query.since is not None or query.until is not None:
            # Implied by the range; spelled as the order index's first column so the range is a seek on it.
            clauses.append("(published IS NULL) = 0")
        if query.city is not None:
            clauses.append("id IN (SELECT article_id FROM article_places WHERE geonameid = ?)")
            params.append(query.city)
        if query.country is not None:
            clauses.append("id IN (SELECT article_id FROM article_places WHERE country = ?)")
            params.append(query.country)
        if query.pair is not None:
            clauses.append("id IN (SELECT article_id FROM article_pairs WHERE a = ? AND b = ?)")
            params.extend(sorted(query.pair))
        if query.words:
            clauses.append("seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(" ".join(f'"{word}"' for word in query.words))
        return " AND ".join(clauses), params

    def versions(self, article_id: str) -> list[Article]:
        rows = self._db.execute("SELECT doc FROM versions WHERE id = ? ORDER BY rowid", (article_id,))
        return [Article.from_dict(json.loads(doc)) for (doc,) in rows]

    def iter_raw(self, source: str | None = None) -> Iterator[RawPage]:
        sql = "SELECT url, source, fetched_at, status, headers, body, extractor_version, article_id FROM raw_pages"
        rows = self._db.execute(sql + " WHERE source = ?", (source,)) if source else self._db.execute(sql)
        for url, src, fetched_at, status, headers, body, version, article_id in rows:
            yield RawPage(url=url, source=src, fetched_at=fetched_at, status=status, headers=json.loads(headers),
                          body=unpack(body), extractor_version=version, article_id=article_id)  # fmt: skip

    def find_by_hash(self, content_hash: str) -> str | None:
        row = self._db.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def known_urls(self, source: str) -> dict[str, str]:
        sql = "SELECT url, json_extract(doc, '$.fetched_at') FROM articles WHERE source = ?"
        return dict(self._db.execute(sql, (source,)).fetchall())

    def close(self) -> None:
        with self._lock:
            self._db.close()
