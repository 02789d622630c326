"""The embedded store: one SQLite file, no server (the default)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs

from twincrawl.items import Article, Place, Withdrawn, simhash_bands, utc_now
from twincrawl.store import sqlite_facets, sqlite_plan
from twincrawl.store.base import (
    NEAR_LIMIT,
    READ_TIME_LIMIT,
    FacetCounts,
    RawPage,
    StoreError,
    StoreUnwritable,
    WriteResult,
    group_by_new_id,
    keep_withdrawal,
    replacement,
)
from twincrawl.store.cities import coordinates
from twincrawl.store.compression import pack, unpack
from twincrawl.store.query import Query, holds_words

#: SQLite's result codes for a write no record can get past: the disk is full, the file read-only, I/O failing.
_EVERY_WRITE_FAILS = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR})

#: Layout version, kept in ``PRAGMA user_version``; older files are migrated when opened.
#: 3: ids from URL keys (items.SCHEMA_VERSION 2), the earlier ids kept in `aliases`.
#: 4: a `gazetteer` of the cities named, and views with real columns for tools reading the file without twincrawl.
#: 5: the `pairs` view gives each pair's state (active, ended, proposed) and its year.
#: 6: each place of an article keeps the article's date, so that a city's articles are read in result order.
SCHEMA_VERSION = 6

_SCHEMA = """
PRAGMA journal_mode = WAL;
-- `seq` is the rowid the full-text index shares (an INTEGER PRIMARY KEY survives VACUUM).
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, url TEXT NOT NULL, published TEXT,
    language TEXT, is_twinning INTEGER NOT NULL, content_hash TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
-- The order every query returns: a date range or no filter reads its first results without sorting. The columns
-- filtered on and counted follow, so that walking it tests them and reads a facet's matches without the table.
CREATE INDEX IF NOT EXISTS articles_order ON articles
    ((published IS NULL), published DESC, id, is_twinning, language, source);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source, url);
CREATE INDEX IF NOT EXISTS articles_language ON articles (language);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (content_hash);
-- One row per article and city; `published` is the article's, so that a city's articles are read newest first
-- from `places_city_order` (the result order of every query).
CREATE TABLE IF NOT EXISTS article_places (
    article_id TEXT NOT NULL, geonameid INTEGER NOT NULL, country TEXT, published TEXT
);
DROP INDEX IF EXISTS places_city;
CREATE INDEX IF NOT EXISTS places_city_order ON article_places
    (geonameid, (published IS NULL), published DESC, article_id);
CREATE INDEX IF NOT EXISTS places_country ON article_places (country, article_id);
-- An article's places with their columns: facets count them without reading the table.
DROP INDEX IF EXISTS places_article;
CREATE INDEX IF NOT EXISTS places_of_article ON article_places (article_id, geonameid, country);
CREATE TABLE IF NOT EXISTS article_pairs (article_id TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pairs_ab ON article_pairs (a, b, article_id);
CREATE INDEX IF NOT EXISTS pairs_article ON article_pairs (article_id);
-- The searchable text of each article; the full-text index reads its columns from here (rowid = articles.seq).
CREATE VIEW IF NOT EXISTS article_texts AS
    SELECT seq, json_extract(doc, '$.title') AS title, json_extract(doc, '$.text') AS text FROM articles;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, text, content = 'article_texts', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 0'
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
-- Earlier ids of articles (Article.aliases), so that they still resolve.
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_id ON aliases (id);
-- The cities the articles name, for the `cities` and `pairs` views (coordinates from GeoNames, where known).
CREATE TABLE IF NOT EXISTS gazetteer (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, latitude REAL, longitude REAL
);
-- The SimHash bands of the articles that repeat no other: near duplicates are found with one indexed look-up.
CREATE TABLE IF NOT EXISTS article_bands (band TEXT NOT NULL, article_id TEXT NOT NULL, simhash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_band ON article_bands (band, simhash, article_id);
CREATE INDEX IF NOT EXISTS bands_article ON article_bands (article_id);
"""

#: The state of a pair in the `pairs` view: what the newest article stating it says (undated ones last), from the
#: records' `pair_states`; NULL when only records made before states were kept state the pair.
_LATEST_PAIR_STATE = """
    FROM article_pairs q JOIN articles y ON y.id = q.article_id, json_each(y.doc, '$.pair_states') s
    WHERE q.a = p.a AND q.b = p.b
        AND min(json_extract(s.value, '$.pair[0]'), json_extract(s.value, '$.pair[1]')) = p.a
        AND max(json_extract(s.value, '$.pair[0]'), json_extract(s.value, '$.pair[1]')) = p.b
    ORDER BY y.published IS NULL, y.published DESC, y.id LIMIT 1"""

#: Views for tools that read the file without twincrawl (datasette, DuckDB, pandas.read_sql): the record's
#: fields as columns, one row per city and one per twin pair, with names, countries and coordinates. Made again
#: whenever the layout version rises, so that a newer twincrawl's definitions replace older ones.
_VIEWS = f"""
DROP VIEW IF EXISTS articles_view;
CREATE VIEW articles_view AS SELECT
    id, source, url, json_extract(doc, '$.canonical_url') AS canonical_url, json_extract(doc, '$.title') AS title,
    json_extract(doc, '$.text') AS text, json_extract(doc, '$.author') AS author, language, published,
    json_extract(doc, '$.published_precision') AS published_precision,
    json_extract(doc, '$.published_local') AS published_local, json_extract(doc, '$.published_raw') AS published_raw,
    json_extract(doc, '$.published_from') AS published_from, json_extract(doc, '$.modified') AS modified,
    json_extract(doc, '$.fetched_at') AS fetched_at, is_twinning,
    json_extract(doc, '$.relevance.score') AS relevance_score,
    (SELECT group_concat(value, '; ') FROM json_each(doc, '$.relevance.terms')) AS relevance_terms,
    (SELECT group_concat(json_extract(value, '$.name'), '; ') FROM json_each(doc, '$.places')) AS places,
    json_extract(doc, '$.duplicate_of') AS duplicate_of, content_hash,
    json_extract(doc, '$.extractor_version') AS extractor_version,
    json_extract(doc, '$.schema_version') AS schema_version
FROM articles;
DROP VIEW IF EXISTS cities;
CREATE VIEW cities AS SELECT
    g.geonameid, g.name, g.country, g.latitude, g.longitude, count(DISTINCT p.article_id) AS articles,
    count(DISTINCT CASE WHEN a.is_twinning THEN a.id END) AS twinning_articles
FROM gazetteer g JOIN article_places p ON p.geonameid = g.geonameid JOIN articles a ON a.id = p.article_id
GROUP BY g.geonameid;
DROP VIEW IF EXISTS pairs;
CREATE VIEW pairs AS SELECT
    p.a, ga.name AS a_name, ga.country AS a_country, ga.latitude AS a_latitude, ga.longitude AS a_longitude,
    p.b, gb.name AS b_name, gb.country AS b_country, gb.latitude AS b_latitude, gb.longitude AS b_longitude,
    count(DISTINCT p.article_id) AS articles, min(x.published) AS first_published,
    max(x.published) AS last_published,
    (SELECT json_extract(s.value, '$.state') {_LATEST_PAIR_STATE}) AS state,
    (SELECT json_extract(s.value, '$.year') {_LATEST_PAIR_STATE}) AS state_year
FROM article_pairs p JOIN articles x ON x.id = p.article_id
    LEFT JOIN gazetteer ga ON ga.geonameid = p.a LEFT JOIN gazetteer gb ON gb.geonameid = p.b
GROUP BY p.a, p.b;
"""


#: The id an id given as ?1 resolves to: the article's whose alias it is, else itself.
_RESOLVED_ID = "coalesce((SELECT id FROM aliases WHERE alias = ?1), ?1)"
#: Documents read per statement when results are streamed (well under SQLite's limit of bound parameters).
_DOC_CHUNK = 200


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a file written by layout 1 up to layout 2 (a new file needs nothing)."""
    has_articles = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone()
    if version >= 2 or not has_articles:
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


def _link_text_index(db: sqlite3.Connection) -> None:
    """Turn a full-text index that keeps its own copy of the text (files written before it was linked) into one
    whose content is the articles (``article_texts``), rebuilt from them: the text is stored once, and other
    tools' queries (``SELECT title, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts WHERE
    articles_fts MATCH ...``) read the articles' own title and text."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    if row is None or "article_texts" in row[0]:
        return
    create = _SCHEMA[_SCHEMA.index("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts") :]
    create = create[: create.index(";") + 1]
    db.executescript(
        f"BEGIN; DROP TABLE articles_fts; {create} INSERT INTO articles_fts (articles_fts) VALUES ('rebuild'); COMMIT;"
    )


def _change_once(db: sqlite3.Connection, needed: Callable[[], bool], change: Callable[[], None]) -> None:
    """Make a layout change a file still needs, in one transaction; the check is repeated under the write lock,
    since workers of a distributed crawl open a file at the same time."""
    if not needed():
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if needed():
            change()
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _date_places(db: sqlite3.Connection) -> None:
    """Give the places of a file written before layout 6 their article's date (one row per article and city),
    before the schema indexes them by it."""

    def undated() -> bool:
        columns = [row[1] for row in db.execute("PRAGMA table_info(article_places)")]
        return bool(columns) and "published" not in columns

    def add_dates() -> None:
        db.execute("ALTER TABLE article_places ADD COLUMN published TEXT")
        db.execute("UPDATE article_places SET published = (SELECT published FROM articles WHERE id = article_id)")
        db.execute(
            "DELETE FROM article_places WHERE rowid NOT IN"
            " (SELECT min(rowid) FROM article_places GROUP BY article_id, geonameid)"
        )

    _change_once(db, undated, add_dates)


def _widen_order_index(db: sqlite3.Connection) -> None:
    """Make the result-order index of a file written before it held the filtered columns again with them."""

    def narrow() -> bool:
        row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_order'").fetchone()
        return row is not None and "is_twinning" not in row[0]

    def widen() -> None:
        create = _SCHEMA[_SCHEMA.index("CREATE INDEX IF NOT EXISTS articles_order") :]
        db.execute("DROP INDEX articles_order")
        db.execute(create[: create.index(";")])

    _change_once(db, narrow, widen)


def path_from_uri(uri: str) -> Path:
    """``sqlite:///data/corpus.db`` -> ``data/corpus.db``; ``sqlite:////abs/path.db`` -> ``/abs/path.db``."""
    prefix = "sqlite:///"
    if not uri.startswith(prefix) or len(uri) == len(prefix):
        raise StoreError(
            f"{uri!r} is not a SQLite store URI (expected sqlite:///relative/path.db or sqlite:////abs.db)"
        )
    return Path(uri[len(prefix) :])


class _TimedConnection(sqlite3.Connection):
    """A connection that interrupts a statement once it has run READ_TIME_LIMIT seconds since its ``execute``
    (per thread: a download streaming in one thread does not share its clock with a page in another)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._started = threading.local()
        self.set_progress_handler(self._overdue, 10_000)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        self._started.at = time.monotonic()
        return super().execute(sql, parameters)

    def _overdue(self) -> int:
        return int(time.monotonic() - getattr(self._started, "at", time.monotonic()) > READ_TIME_LIMIT)


def _open_read_only(uri: str, path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"no SQLite store at {path}: crawl into it first, or pass the --store of an existing one")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                             isolation_level=None, timeout=30, factory=_TimedConnection)  # fmt: skip
        db.execute("PRAGMA query_only = ON")
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the SQLite store {uri} for reading: {error}") from error
    if version != SCHEMA_VERSION:
        db.close()
        raise StoreError(
            f"the SQLite store {uri} has layout {version}, this version reads {SCHEMA_VERSION}:"
            " open it once with a writing command (twincrawl reprocess, twincrawl crawl) to migrate it"
        )
    return db


class SqliteStore:
    """Articles in one SQLite file, with full-text search (FTS5). Safe for use from one writer thread at a time."""

    def __init__(self, uri: str, *, read_only: bool = False) -> None:
        """Open (creating or migrating) the file ``uri`` names; ``read_only`` opens an existing, current file
        for reading only (``mode=ro``, ``query_only``): nothing the connection runs can change it."""
        self.uri = uri
        path = path_from_uri(uri)
        self._lock = threading.Lock()
        if read_only:
            self._db = _open_read_only(uri, path)
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            _date_places(self._db)
            _migrate(self._db, version)
            has_bands = self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_bands'").fetchone()
            self._db.executescript(_SCHEMA)
            _link_text_index(self._db)
            _widen_order_index(self._db)
            if not has_bands:
                self._index_bands()
            if version < 3:
                self._migrate_ids()
            elif version < 4:
                self._fill_gazetteer()
            if version < SCHEMA_VERSION:
                # In a transaction: workers of a distributed crawl open a new file at the same time.
                self._db.executescript(f"BEGIN IMMEDIATE; {_VIEWS} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the SQLite store {uri}: {error}") from error

    def _fill_gazetteer(self) -> None:
        """Enter the cities of the stored articles in the gazetteer (a file of layout 3 has none there)."""
        with self._transaction():
            for (doc,) in self._db.execute("SELECT doc FROM articles").fetchall():
                self._enter_cities(Article.from_dict(json.loads(doc)).places)

    def _enter_cities(self, places: Sequence[Place]) -> None:
        for place in places:
            # A city already entered costs one look-up by key; GeoNames' coordinates are loaded only for a new one.
            if self._db.execute("SELECT 1 FROM gazetteer WHERE geonameid = ?", (place.geonameid,)).fetchone():
                continue
            latitude, longitude = coordinates(place.geonameid) or (None, None)
            self._db.execute(
                "INSERT INTO gazetteer (geonameid, name, country, latitude, longitude) VALUES (?, ?, ?, ?, ?)",
                (place.geonameid, place.name, place.country or None, latitude, longitude),
            )

    def _migrate_ids(self) -> None:
        """Give every article the id of its URL key; the ids it had (and those of URL variants merged into it,
        whose records go to the versions) become its aliases."""
        with self._transaction():
            stored = [Article.from_dict(json.loads(doc)) for (doc,) in self._db.execute("SELECT doc FROM articles")]
            for new_id, group in group_by_new_id(stored).items():
                keeper, *merged = group
                old_ids = [article.id for article in group if article.id != new_id]
                for article in group:
                    self._delete(article.id)
                for article in merged:
                    self._db.execute(
                        "INSERT INTO versions (id, content_hash, replaced_at, doc) VALUES (?, ?, ?, ?)",
                        (new_id, article.content_hash, utc_now().isoformat(),
                         json.dumps(attrs.evolve(article, id=new_id).to_dict(), ensure_ascii=False)),
                    )  # fmt: skip
                aliases = sorted({*keeper.aliases, *old_ids} - {new_id})
                self._insert(attrs.evolve(keeper, id=new_id, aliases=aliases))
                marks = ",".join("?" * len(old_ids))
                self._db.execute(f"UPDATE versions SET id = ? WHERE id IN ({marks})", [new_id, *old_ids])
                self._db.execute(
                    f"UPDATE raw_pages SET article_id = ? WHERE article_id IN ({marks})", [new_id, *old_ids]
                )

    # -- writing -------------------------------------------------------------------------------------------
    def upsert(self, articles: Sequence[Article]) -> WriteResult:
        result = WriteResult()
        with self._writing():
            for incoming in articles:
                row = self._db.execute("SELECT content_hash, doc FROM articles WHERE id = ?", (incoming.id,)).fetchone()
                if row is None:
                    result.new.append(incoming.id)
                    self._insert(incoming)
                    continue
                stored = Article.from_dict(json.loads(row[1]))
                article = keep_withdrawal(incoming, stored)
                changed = article.changed_fields(stored)
                if not changed:
                    result.unchanged.append(article.id)
                    continue
                if row[0] != article.content_hash:
                    self._db.execute(
                        "INSERT INTO versions (id, content_hash, replaced_at, doc) VALUES (?, ?, ?, ?)",
                        (article.id, row[0], utc_now().isoformat(), row[1]),
                    )
                self._delete(article.id)
                result.record_update(article.id, changed)
                self._insert(replacement(article, stored, changed))
        return result

    def mark_withdrawn(self, source: str, url: str, withdrawn: Withdrawn) -> str | None:
        with self._writing():
            row = self._db.execute(
                "SELECT id FROM articles WHERE source = ? AND url = ? AND json_extract(doc, '$.withdrawn') IS NULL",
                (source, url),
            ).fetchone()
            if row is None:
                return None
            self._db.execute(
                "UPDATE articles SET doc = json_set(doc, '$.withdrawn', json(?)) WHERE id = ?",
                (json.dumps(attrs.asdict(withdrawn)), row[0]),
            )
            return str(row[0])

    def _delete(self, article_id: str) -> None:
        self._db.execute(
            "DELETE FROM articles_fts WHERE rowid = (SELECT seq FROM articles WHERE id = ?)", (article_id,)
        )
        tables = ("articles", "id"), ("article_places", "article_id"), ("article_pairs", "article_id")
        for table, column in (*tables, ("article_bands", "article_id")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (article_id,))

    def _index_bands(self) -> None:
        """Band the articles a file stored before bands were kept (once, when the table is created)."""
        rows = self._db.execute(
            "SELECT id, json_extract(doc, '$.simhash') FROM articles WHERE json_extract(doc, '$.duplicate_of') IS NULL"
        ).fetchall()
        self._db.executemany(
            "INSERT INTO article_bands (band, article_id, simhash) VALUES (?, ?, ?)",
            [(band, article_id, simhash) for article_id, simhash in rows for band in simhash_bands(simhash or "")],
        )

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
        cities = {place.geonameid: place.country for place in article.places}
        self._db.executemany(
            "INSERT INTO article_places (article_id, geonameid, country, published) VALUES (?, ?, ?, ?)",
            [(article.id, geonameid, country, article.published) for geonameid, country in cities.items()],
        )
        self._db.executemany(
            "INSERT INTO article_pairs (article_id, a, b) VALUES (?, ?, ?)",
            [(article.id, *sorted(pair)) for pair in article.pairs],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO aliases (alias, id) VALUES (?, ?)",
            [(alias, article.id) for alias in article.aliases],
        )
        self._enter_cities(article.places)
        if article.duplicate_of is None:
            self._db.executemany(
                "INSERT INTO article_bands (band, article_id, simhash) VALUES (?, ?, ?)",
                [(band, article.id, article.simhash) for band in simhash_bands(article.simhash)],
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
        """The article with this id, or with this id among its aliases."""
        row = self._db.execute(f"SELECT doc FROM articles WHERE id = {_RESOLVED_ID}", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def query(self, query: Query) -> Iterator[Article]:
        words = set(query.words)
        if query.limit is None:
            where, params = self._where(query)
            # Only the ids are sorted (sorting whole documents costs far more); documents are read in chunks.
            rows = self._db.execute(f"SELECT id FROM articles WHERE {where} {sqlite_plan.Plan.SORT.order}", params)
            ids = [article_id for (article_id,) in rows]
            yield from self._documents(ids, words, query.word_starts)
            return
        page = max(2 * query.limit, 100)
        plan = sqlite_plan.choose_plan(self._db, query, page)
        where, params = self._where(query, plan)
        returned = offset = 0
        while True:
            sql = f"SELECT articles.id FROM {plan.value} WHERE {where} {plan.order} LIMIT ? OFFSET ?"
            ids = [article_id for (article_id,) in self._db.execute(sql, [*params, page, offset])]
            for article in self._documents(ids, words, query.word_starts):
                yield article
                returned += 1
                if returned >= query.limit:
                    return
            if len(ids) < page:
                return
            offset += page

    def _documents(self, ids: list[str], words: set[str], starts: bool) -> Iterator[Article]:
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
                if words and not holds_words(article.title, article.text, words, word_starts=starts):
                    continue
                yield article

    def facet_counts(self, query: Query, limit: int) -> FacetCounts:
        """See :meth:`Store.facet_counts`. A text filter counts the articles the full-text index finds, without
        the final check of :meth:`query` (they differ only where the index splits words the check does not,
        at an underscore)."""
        plan = sqlite_plan.choose_plan(self._db, query, limit)
        where, params = self._where(query, plan)
        columns = ", ".join(f"articles.{name}" for name in ("id", "source", "language", "is_twinning", "published"))
        matches = f"SELECT {columns} FROM {plan.value} WHERE {where} {plan.order} LIMIT ?"
        return sqlite_facets.facet_counts(self._db, matches, [*params, limit])

    def count(self, query: Query | None = None) -> int:
        if query is None:
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])
        return sum(1 for _ in self.query(query))

    @staticmethod
    def _where(query: Query, plan: sqlite_plan.Plan = sqlite_plan.Plan.SORT) -> tuple[str, list[Any]]:
        """The WHERE clause of a query read by ``plan`` and its parameters. Walking an index, a country (or a city
        walking every article) is tested by looking up each walked article's places, cheaper than making the list of
        all its matches; walking the city's own entries, they are sought by it."""
        clauses: list[str] = ["1"]
        params: list[Any] = []
        simple = (("source", query.source), ("language", query.language))
        for column, value in simple:
            if value is not None:
                clauses.append(f"articles.{column} = ?")
                params.append(value)
        if query.is_twinning is not None:
            clauses.append("articles.is_twinning = ?")
            params.append(int(query.is_twinning))
        if query.since is not None:
            clauses.append("articles.published >= ?")
            params.append(query.since.isoformat())
        if query.until is not None:
            clauses.append("articles.published < ?")
            params.append((query.until + timedelta(days=1)).isoformat())
        if query.since is not None or query.until is not None:
            # Implied by the range; spelled as the order index's first column so the range is a seek on it.
            clauses.append("(articles.published IS NULL) = 0")
        places = (
            "articles.id IN (SELECT article_id FROM article_places WHERE {} = ?)"
            if plan is sqlite_plan.Plan.SORT
            else "EXISTS (SELECT 1 FROM article_places p WHERE p.article_id = articles.id AND p.{} = ?)"
        )
        if query.city is not None:
            clauses.append("city.geonameid = ?" if plan is sqlite_plan.Plan.WALK_CITY else places.format("geonameid"))
            params.append(query.city)
        if query.country is not None:
            clauses.append(places.format("country"))
            params.append(query.country)
        if query.pair is not None:
            clauses.append("articles.id IN (SELECT article_id FROM article_pairs WHERE a = ? AND b = ?)")
            params.extend(sorted(query.pair))
        if query.hide_duplicates:
            clauses.append("json_extract(articles.doc, '$.duplicate_of') IS NULL")
        if query.words:
            clauses.append("articles.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(sqlite_plan.text_match(query))
        return " AND ".join(clauses), params

    def versions(self, article_id: str) -> list[Article]:
        rows = self._db.execute(f"SELECT doc FROM versions WHERE id = {_RESOLVED_ID} ORDER BY rowid", (article_id,))
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

    def find_near(self, simhash: str) -> list[tuple[str, str]]:
        bands = simhash_bands(simhash)
        if not bands:
            return []
        sql = f"SELECT DISTINCT simhash, article_id FROM article_bands WHERE band IN ({', '.join('?' * len(bands))})"
        return [(row[0], row[1]) for row in self._db.execute(sql + f" LIMIT {NEAR_LIMIT}", bands)]

    def known_urls(self, source: str) -> dict[str, str]:
        sql = "SELECT url, json_extract(doc, '$.fetched_at') FROM articles WHERE source = ?"
        return dict(self._db.execute(sql, (source,)).fetchall())

    def close(self) -> None:
        with self._lock:
            self._db.close()
