"""The MongoDB store (any MongoDB-wire server: mongod, FerretDB), with a local spool for when it is down.

Collections: ``articles`` (one document per article, ``_id`` = article id), ``versions`` (earlier contents of
changed articles) and ``raw_pages`` (compressed bodies, keyed by URL). How each looks there (documents, filters,
indexes) is :mod:`twincrawl.store.mongo_documents`.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
from bson.errors import BSONError
from pymongo import ASCENDING, DESCENDING, InsertOne, MongoClient, ReplaceOne, WriteConcern
from pymongo.collection import Collection
from pymongo.errors import (
    BulkWriteError,
    ConfigurationError,
    ConnectionFailure,
    ExecutionTimeout,
    OperationFailure,
    PyMongoError,
)

from twincrawl.items import SCHEMA_VERSION, Article, Withdrawn, simhash_bands
from twincrawl.store import mongo_facets
from twincrawl.store.base import (
    NEAR_LIMIT,
    FacetCounts,
    RawPage,
    StoreError,
    WriteResult,
    group_by_new_id,
    keep_withdrawal,
    replacement,
)
from twincrawl.store.mongo_documents import (
    ARTICLE_INDEXES,
    RAW_INDEXES,
    VERSION_INDEXES,
    from_document,
    page_document,
    page_from_document,
    query_filter,
    search_terms_update,
    to_document,
)
from twincrawl.store.query import Query
from twincrawl.store.spool import Spool, default_spool_root
from twincrawl.store.uri import parse_mongo_uri

logger = logging.getLogger(__name__)

DUPLICATE_KEY = 11000
#: A version document has an _id of its own, and no text filter reads it.
_NOT_IN_VERSIONS = frozenset({"_id", "search_terms"})
#: getaddrinfo errors that mean "this name does not exist" (not "DNS is unreachable right now").
_UNKNOWN_HOST = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class MongoStore:
    """Articles in a MongoDB database. Safe for one writer thread alongside readers.

    Construction never fails because the server is down: writes then go to a local spool, which is replayed
    (before any new write, so order is kept) as soon as the server answers again, at the latest when the store
    is next opened. Reads need the server and raise :class:`StoreError` promptly when it is unreachable.
    Mistakes that retrying cannot fix (malformed URI, unknown host, bad credentials) raise :class:`StoreError`
    at construction. Every message names the URI with its password masked.
    """

    def __init__(
        self,
        uri: str,
        *,
        spool_dir: Path | str | None = None,
        write_concern: str | int | None = None,
        server_timeout: float = 3.0,
        socket_timeout: float = 60.0,
        reconnect_interval: float = 30.0,
        batch_size: int = 500,
        read_time_limit: float | None = None,
        reader: bool = False,
    ) -> None:
        """Open the database ``uri`` names (``mongodb://[user:password@]host[:port]/database[?options]``).

        :param spool_dir: where writes wait while the server is down; default
            ``~/.local/state/twincrawl/spool/<database>@<host>_<port>``.
        :param write_concern: ``w`` for every write (``"majority"``, ``1``, ...); default: the URI's ``w``
            option, else the server's default.
        :param server_timeout: seconds to wait for the server before treating it as down (URI
            ``serverSelectionTimeoutMS`` / ``connectTimeoutMS`` take precedence).
        :param socket_timeout: seconds a single operation may take before the server counts as hung.
        :param reconnect_interval: seconds between attempts to reach a server found down (writes spool
            meanwhile).
        :param batch_size: documents per bulk write.
        :param read_time_limit: seconds the server may spend on one query (``maxTimeMS``); none by default.
        :param reader: opened by a command that only reads: a server found down is said once, by the error of
            the first read, with no word of spooling writes.
        """
        self._uri = parse_mongo_uri(uri)
        self.uri = self._uri.masked
        """The URI with its password masked."""
        self._check_hosts_resolve()
        self._reconnect_interval = reconnect_interval
        self._batch_size = batch_size
        self._read_time_limit = read_time_limit
        self._reader = reader
        self._offline_reason = ""
        self._client = self._make_client(server_timeout, socket_timeout)
        database = self._client.get_database(self._uri.database)
        if write_concern is not None:
            database = database.with_options(write_concern=WriteConcern(w=write_concern))
        self._articles: Collection[dict[str, Any]] = database["articles"]
        self._versions: Collection[dict[str, Any]] = database["versions"]
        self._raw: Collection[dict[str, Any]] = database["raw_pages"]
        self._meta: Collection[dict[str, Any]] = database["meta"]
        self._spool = Spool(Path(spool_dir) if spool_dir is not None else default_spool_root() / self._spool_name())
        self._write_lock = threading.RLock()
        self._online = False
        self._retry_at = 0.0
        self._replayed = 0
        try:
            if self._connect():
                self._replay_before_writing()
        except StoreError:
            self.close()
            raise

    # -- connection ----------------------------------------------------------------------------------------
    def _check_hosts_resolve(self) -> None:
        for host, port in self._uri.hosts:
            try:
                socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except socket.gaierror as error:
                if error.errno in _UNKNOWN_HOST:
                    raise StoreError(
                        f"cannot open the MongoDB store {self.uri}: unknown host {host!r} "
                        f"({error.strerror}); check the host name in the URI"
                    ) from error

    def _make_client(self, server_timeout: float, socket_timeout: float) -> MongoClient[dict[str, Any]]:
        defaults: dict[str, Any] = {
            "serverSelectionTimeoutMS": int(server_timeout * 1000),
            "connectTimeoutMS": int(server_timeout * 1000),
            "socketTimeoutMS": int(socket_timeout * 1000),
            "appname": "twincrawl",
        }
        options = {key: value for key, value in defaults.items() if key.lower() not in self._uri.options}
        try:
            return MongoClient(self._uri.uri, connect=False, **options)
        except (ConfigurationError, ValueError, TypeError) as error:
            raise StoreError(f"cannot open the MongoDB store {self.uri}: {error}") from error

    def _spool_name(self) -> str:
        server = "_".join(f"{host}_{port}" for host, port in self._uri.hosts) or "srv"
        return re.sub(r"[^\w.@-]", "_", f"{self._uri.database}@{server}")

    def _connect(self) -> bool:
        """Reach the server and make sure the indexes exist; False (and spooling) if it is down."""
        try:
            self._client.admin.command("ping")
            self._ensure_indexes()
            self._migrate_ids()
            self._fill_search_terms()
        except ConnectionFailure as error:
            self._went_offline(error)
            return False
        except (OperationFailure, ConfigurationError) as error:
            # Bad credentials, missing rights, a setting the server refuses: retrying will not help.
            raise StoreError(f"cannot open the MongoDB store {self.uri}: {_reason(error)}") from error
        if not self._online:
            logger.info("connected to MongoDB at %s", self.uri)
        self._online = True
        return True

    def _ensure_indexes(self) -> None:
        for collection, indexes in (
            (self._articles, ARTICLE_INDEXES),
            (self._versions, VERSION_INDEXES),
            (self._raw, RAW_INDEXES),
        ):
            # Only the missing ones: FerretDB 1.24 drops the connection when asked to create several
            # indexes that already exist.
            existing = {index["name"] for index in collection.list_indexes()}
            missing = [index for index in indexes if index.document["name"] not in existing]
            if missing:
                collection.create_indexes(missing)

    def _migrate_ids(self) -> None:
        """Once per database: give every article the id of its URL key; the ids it had (and those of URL
        variants merged into it, whose records go to the versions) become its aliases."""
        if self._meta.find_one({"_id": "article_ids", "version": SCHEMA_VERSION}) is not None:
            return
        stored = [from_document(document) for document in self._articles.find({}, {"search_terms": 0})]
        for new_id, group in group_by_new_id(stored).items():
            keeper, *merged = group
            old_ids = [article.id for article in group if article.id != new_id]
            self._save_versions([to_document(attrs.evolve(article, id=new_id)) for article in merged])
            aliases = sorted({*keeper.aliases, *old_ids} - {new_id})
            self._articles.delete_many({"_id": {"$in": [article.id for article in group]}})
            self._articles.insert_one(to_document(attrs.evolve(keeper, id=new_id, aliases=aliases)))
            self._versions.update_many({"id": {"$in": old_ids}}, {"$set": {"id": new_id}})
            self._raw.update_many({"article_id": {"$in": old_ids}}, {"$set": {"article_id": new_id}})
        self._meta.replace_one({"_id": "article_ids"}, {"version": SCHEMA_VERSION}, upsert=True)

    def _fill_search_terms(self) -> None:
        """Once per database: give the word list the text filter reads (and its multikey index holds) to every
        article stored without one, by a tool or version that did not write it."""
        if self._meta.find_one({"_id": "search_terms"}) is not None:
            return
        cursor = self._articles.find({"search_terms": {"$exists": False}}, {"title": 1, "text": 1})
        updates = [search_terms_update(document) for document in cursor]
        for start in range(0, len(updates), self._batch_size):
            self._articles.bulk_write(updates[start : start + self._batch_size], ordered=False)
        self._meta.replace_one({"_id": "search_terms"}, {"filled": True}, upsert=True)

    def _went_offline(self, error: PyMongoError) -> None:
        self._offline_reason = _reason(error)
        if not self._reader and (self._online or self._retry_at == 0.0):
            logger.warning(
                "MongoDB at %s is unreachable (%s); writes go to the spool %s until it is back",
                self.uri,
                _reason(error),
                self._spool.path,
            )
        self._online = False
        self._retry_at = time.monotonic() + self._reconnect_interval

    def _reachable(self) -> bool:
        """Whether the server can be used now; tries again once the reconnect interval has passed."""
        if self._online:
            return True
        if time.monotonic() < self._retry_at:
            return False
        return self._connect()

    def _unreachable(self, error: PyMongoError | None = None) -> StoreError:
        reason = _reason(error) if error else self._offline_reason
        detail = f" ({reason})" if reason else ""
        spooling = "" if self._reader else f" (writes are kept in the spool {self._spool.path} meanwhile)"
        return StoreError(f"MongoDB at {self.uri} is unreachable{detail}: start the server or fix the URI{spooling}")

    @property
    def online(self) -> bool:
        """Whether the last contact with the server succeeded."""
        return self._online

    @property
    def spooled(self) -> int:
        """Articles and raw pages waiting in the local spool for the server."""
        return self._spool.pending

    @property
    def spool_path(self) -> Path:
        """The spool file."""
        return self._spool.path

    # -- writing -------------------------------------------------------------------------------------------
    def upsert(self, articles: Sequence[Article]) -> WriteResult:
        """Insert or replace articles by id (see the Store protocol). While the server is down the articles
        go to the spool and the result is empty; :attr:`spooled` counts them."""
        if not articles:
            return WriteResult()
        with self._write_lock:
            if self._reachable() and self._replay_before_writing(lambda: self._spool.append_articles(articles)):
                try:
                    return self._write_articles(articles)
                except ConnectionFailure as error:
                    self._went_offline(error)
            self._spool.append_articles(articles)
            return WriteResult()

    def save_raw(self, pages: Sequence[RawPage]) -> None:
        """Store raw pages by URL (a page fetched again replaces the earlier copy); spooled while down."""
        if not pages:
            return
        with self._write_lock:
            if self._reachable() and self._replay_before_writing(lambda: self._spool.append_pages(pages)):
                try:
                    self._write_pages(pages)
                    return
                except ConnectionFailure as error:
                    self._went_offline(error)
            self._spool.append_pages(pages)

    @property
    def replayed(self) -> int:
        """Spooled records this store has written to the server since it was opened (opening replays first)."""
        return self._replayed

    def replay(self) -> int:
        """Write everything in the spool to the server and empty it; returns how many records were replayed.

        Raises StoreError if the server is unreachable (the spool is then kept whole)."""
        with self._write_lock:
            if not self._reachable():
                raise self._unreachable()
            try:
                return self._replay_if_spooled()
            except ConnectionFailure as error:
                self._went_offline(error)
                raise self._unreachable(error) from error

    def _replay_before_writing(self, spool_pending: Callable[[], None] | None = None) -> bool:
        """Replay the spool so that older writes land first; False if the server went away meanwhile.

        If the server refuses a spooled record, the refusal is raised after ``spool_pending`` has put the
        write in hand into the spool too (so that it is not lost and keeps its place after the older ones).
        """
        try:
            self._replay_if_spooled()
        except ConnectionFailure as error:
            self._went_offline(error)
            return False
        except StoreError as error:
            if spool_pending is not None:
                spool_pending()
            raise StoreError(
                f"{error}; replaying the spool {self._spool.path} stopped there and the spool is kept: "
                "fix the cause (or move the spool file away) and run again"
            ) from error
        return True

    def _replay_if_spooled(self) -> int:
        if self._spool.is_empty():
            return 0
        replayed = 0
        articles: list[Article] = []
        pages: list[RawPage] = []
        with self._spool.draining() as records:
            for record in records:
                # Flush the other kind first so the records reach the server in spool order.
                if isinstance(record, Article):
                    self._write_pages(pages)
                    pages = []
                    articles.append(record)
                else:
                    self._write_articles(articles)
                    articles = []
                    pages.append(record)
                replayed += 1
                if len(articles) + len(pages) >= self._batch_size:
                    self._write_articles(articles)
                    self._write_pages(pages)
                    articles, pages = [], []
            self._write_articles(articles)
            self._write_pages(pages)
        logger.info("replayed %d spooled records into MongoDB at %s", replayed, self.uri)
        self._replayed += replayed
        return replayed

    def _write_articles(self, articles: Sequence[Article]) -> WriteResult:
        result = WriteResult()
        for round_ in _rounds(articles):
            for start in range(0, len(round_), self._batch_size):
                result.merge(self._write_batch(round_[start : start + self._batch_size]))
        return result

    def _write_batch(self, articles: Sequence[Article]) -> WriteResult:
        """Write articles with distinct ids: versions of those whose content changed first, then one bulk write."""
        result = WriteResult()
        stored = {
            document["id"]: document
            for document in self._articles.find({"_id": {"$in": [a.id for a in articles]}}, {"search_terms": 0})
        }
        fresh = [a for a in articles if a.id not in stored]
        changed: list[Article] = []
        for incoming in (a for a in articles if a.id in stored):
            previous = from_document(stored[incoming.id])
            article = keep_withdrawal(incoming, previous)
            fields = article.changed_fields(previous)
            if fields:
                changed.append(replacement(article, previous, fields))
                result.record_update(article.id, fields)
            else:
                result.unchanged.append(article.id)
        self._save_versions([stored[a.id] for a in changed if stored[a.id].get("content_hash") != a.content_hash])
        operations: list[InsertOne[dict[str, Any]] | ReplaceOne[dict[str, Any]]] = [
            InsertOne(to_document(a)) for a in fresh
        ]
        operations += [ReplaceOne({"_id": a.id}, to_document(a)) for a in changed]
        raced = {fresh[index].id for index in self._bulk(self._articles, operations) if index < len(fresh)}
        # An id inserted by someone else since the lookup above counts as already stored.
        result.new = [a.id for a in fresh if a.id not in raced]
        result.unchanged += [a.id for a in fresh if a.id in raced]
        return result

    def _save_versions(self, documents: list[dict[str, Any]]) -> None:
        replaced_at = datetime.now(UTC).isoformat()
        versions = [
            InsertOne(
                {key: value for key, value in document.items() if key not in _NOT_IN_VERSIONS}
                | {"replaced_at": replaced_at}
            )
            for document in documents
        ]
        self._bulk(self._versions, versions)

    def _write_pages(self, pages: Sequence[RawPage]) -> None:
        for start in range(0, len(pages), self._batch_size):
            operations = [
                ReplaceOne({"url": page.url}, page_document(page), upsert=True)
                for page in pages[start : start + self._batch_size]
            ]
            self._bulk(self._raw, operations)

    @staticmethod
    def _bulk(collection: Collection[dict[str, Any]], operations: Sequence[Any]) -> list[int]:
        """Run an unordered bulk write; returns the indexes of operations that hit a duplicate key."""
        if not operations:
            return []
        try:
            collection.bulk_write(list(operations), ordered=False)
        except BulkWriteError as error:
            errors = error.details.get("writeErrors", [])
            others = [e for e in errors if e.get("code") != DUPLICATE_KEY]
            if others:
                raise StoreError(
                    f"MongoDB refused {len(others)} of {len(operations)} writes to {collection.full_name}: "
                    f"{others[0].get('errmsg')}"
                ) from error
            return [e["index"] for e in errors]
        except (OperationFailure, BSONError, UnicodeEncodeError) as error:
            raise StoreError(f"MongoDB refused a write to {collection.full_name}: {_reason(error)}") from error
        return []

    # -- reading -------------------------------------------------------------------------------------------
    def _read(self) -> None:
        if not self._reachable():
            raise self._unreachable()

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or with this id among its aliases."""
        self._read()
        try:
            document = self._articles.find_one({"_id": article_id}) or self._articles.find_one({"aliases": article_id})
        except ConnectionFailure as error:
            raise self._read_failed(error) from error
        return from_document(document) if document else None

    def query(self, query: Query) -> Iterator[Article]:
        self._read()
        cursor = self._articles.find(query_filter(query)).sort([("published", DESCENDING), ("id", ASCENDING)])
        if query.limit is not None:
            cursor = cursor.limit(query.limit)
        if self._read_time_limit is not None:
            cursor = cursor.max_time_ms(int(self._read_time_limit * 1000))
        try:
            with self._bounded_read():
                for document in cursor:
                    yield from_document(document)
        finally:
            cursor.close()

    def facet_counts(self, query: Query, limit: int) -> FacetCounts:
        """See :meth:`Store.facet_counts`: one aggregation of the newest matches (:mod:`.mongo_facets`)."""
        self._read()
        options: dict[str, Any] = (
            {} if self._read_time_limit is None else {"maxTimeMS": int(self._read_time_limit * 1000)}
        )
        with self._bounded_read():
            return mongo_facets.facet_counts(self._articles.aggregate(mongo_facets.pipeline(query, limit), **options))

    @contextmanager
    def _bounded_read(self) -> Iterator[None]:
        """A read the read time limit stops (StoreError saying so) and that says when the server is gone."""
        try:
            yield
        except ExecutionTimeout as error:
            raise StoreError(
                f"the query ran longer than {self._read_time_limit:.0f} s and was stopped: narrow its filters"
            ) from error
        except ConnectionFailure as error:
            raise self._read_failed(error) from error

    def count(self, query: Query | None = None) -> int:
        self._read()
        try:
            if query is None or query.limit is None:
                return self._articles.count_documents(query_filter(query) if query else {})
            return self._articles.count_documents(query_filter(query), limit=query.limit)
        except ConnectionFailure as error:
            raise self._read_failed(error) from error

    def versions(self, article_id: str) -> list[Article]:
        self._read()
        try:
            owner = self._articles.find_one({"aliases": article_id}, {"id": 1})
            if owner is not None:
                article_id = owner["id"]
            cursor = self._versions.find({"id": article_id}).sort([("replaced_at", ASCENDING), ("_id", ASCENDING)])
            return [from_document(document) for document in cursor]
        except ConnectionFailure as error:
            raise self._read_failed(error) from error

    def iter_raw(self, source: str | None = None) -> Iterator[RawPage]:
        self._read()
        try:
            for document in self._raw.find({"source": source} if source else {}).sort("url", ASCENDING):
                yield page_from_document(document)
        except ConnectionFailure as error:
            raise self._read_failed(error) from error

    def find_by_hash(self, content_hash: str) -> str | None:
        """Id of a stored article with this content hash; None also while the server is down (the crawl goes
        on and spools rather than stopping for a duplicate check)."""
        if not self._online:  # no reconnecting here: this may be called on the crawler's event loop
            return None
        try:
            document = self._articles.find_one({"content_hash": content_hash}, {"id": 1})
        except ConnectionFailure as error:
            self._went_offline(error)
            return None
        return document["id"] if document else None

    def find_near(self, simhash: str) -> list[tuple[str, str]]:
        """Stored articles sharing a SimHash band (see :meth:`Store.find_near`); none while the server is down,
        as :meth:`find_by_hash`."""
        bands = simhash_bands(simhash)
        if not self._online or not bands:
            return []
        try:
            cursor = self._articles.find({"simhash_bands": {"$in": bands}}, {"id": 1, "simhash": 1}).limit(NEAR_LIMIT)
            return [(document["simhash"], document["id"]) for document in cursor]
        except ConnectionFailure as error:
            self._went_offline(error)
            return []

    def mark_withdrawn(self, source: str, url: str, withdrawn: Withdrawn) -> str | None:
        """See :meth:`Store.mark_withdrawn`; while the server is down nothing is marked (the next crawl that
        fetches the page finds it gone again)."""
        with self._write_lock:
            if not self._reachable():
                return None
            try:
                document = self._articles.find_one_and_update(
                    {"source": source, "url": url, "withdrawn": None},
                    {"$set": {"withdrawn": attrs.asdict(withdrawn)}},
                )  # no projection: FerretDB 1.24 does not implement one in findAndModify
            except ConnectionFailure as error:
                self._went_offline(error)
                return None
            return str(document["id"]) if document else None

    def known_urls(self, source: str) -> dict[str, str]:
        """URLs of the source's stored articles -> when each was fetched; empty while the server is down
        (the crawl then fetches everything again; the replayed spool recognizes the unchanged articles)."""
        if not self._reachable():
            return {}
        try:
            cursor = self._articles.find({"source": source}, {"url": 1, "fetched_at": 1})
            return {document["url"]: document.get("fetched_at", "") for document in cursor}
        except ConnectionFailure as error:
            self._went_offline(error)
            return {}

    def _read_failed(self, error: ConnectionFailure) -> StoreError:
        self._went_offline(error)
        return self._unreachable(error)

    def close(self) -> None:
        """Close the connection; anything still spooled is replayed when the store is next opened."""
        with self._write_lock:
            if self._spool.pending:
                logger.warning(
                    "%d records wait in the spool %s; they are written when the store is next opened with the"
                    " server up",
                    self._spool.pending,
                    self._spool.path,
                )
            self._spool.close()
            self._client.close()


def holds_no_corpus(uri: str, server_timeout: float = 3.0) -> bool:
    """True when the server answers and the database ``uri`` names has no article and no raw page (absent or
    empty), so that a read command can refuse it without creating it (opening a :class:`MongoStore` creates the
    indexes). False when it holds a corpus or cannot be asked (down, refused): the store then says why."""
    try:
        parsed = parse_mongo_uri(uri)
    except StoreError:
        return False
    timeout_ms = int(server_timeout * 1000)
    client: MongoClient[dict[str, Any]] = MongoClient(
        parsed.uri, connect=False, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    try:
        database = client.get_database(parsed.database)
        return all(database[name].find_one({}, {"_id": 1}) is None for name in ("articles", "raw_pages"))
    except (PyMongoError, ValueError, TypeError):
        return False
    finally:
        client.close()


def _rounds(articles: Sequence[Article]) -> list[list[Article]]:
    """Split a batch so that no round holds an id twice; later rounds hold later occurrences, which keeps
    the outcome of a repeated id the same as writing the batch one article at a time."""
    rounds: list[list[Article]] = []
    seen: dict[str, int] = {}
    for article in articles:
        index = seen.get(article.id, 0)
        seen[article.id] = index + 1
        if index == len(rounds):
            rounds.append([])
        rounds[index].append(article)
    return rounds


def _reason(error: BaseException) -> str:
    """The first line of a driver error, without the bulky server reply pymongo appends."""
    text = str(error) or type(error).__name__
    return re.split(r", full error:|, Timeout: |\n", text, maxsplit=1)[0]
