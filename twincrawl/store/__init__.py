"""Stores: one URI picks one. ``sqlite:///path.db`` (embedded, the default) or ``mongodb://host/db``."""

from __future__ import annotations

from twincrawl.config import DEFAULT_STORE_URI
from twincrawl.store.base import READ_TIME_LIMIT, Store, StoreError, StoreUnwritable
from twincrawl.store.query import Query, QueryError, search_terms

DEFAULT_URI = DEFAULT_STORE_URI


def open_store(uri: str, *, read_only: bool = False, reader: bool = False) -> Store:
    """Open the store a URI names; raises StoreError with a clear message for an unusable URI.

    ``read_only`` opens a SQLite file that must exist for reading only, and bounds each query of either store to
    READ_TIME_LIMIT seconds (a MongoDB store is only read anyway by a caller that never writes). ``reader`` (or
    ``read_only``) says the caller only reads: a MongoDB server found down is then one error, not a warning
    about spooling writes as well."""
    if uri.startswith("sqlite:"):
        from twincrawl.store.sqlite import SqliteStore

        return SqliteStore(uri, read_only=read_only)
    if uri.startswith(("mongodb://", "mongodb+srv://")):
        from twincrawl.store.mongo import MongoStore

        return MongoStore(uri, read_time_limit=READ_TIME_LIMIT if read_only else None, reader=reader or read_only)
    raise StoreError(f"unknown store URI {uri!r}: use sqlite:///path/corpus.db or mongodb://host:port/database")


def holds_no_corpus(uri: str) -> bool:
    """True when the store a URI names is known to hold no corpus, found without creating anything: a SQLite
    file that does not exist, a MongoDB database that is absent or empty. False when it may hold one (a server
    that does not answer cannot tell; opening the store then says why)."""
    if uri.startswith("sqlite:"):
        from twincrawl.store.sqlite import path_from_uri

        return not path_from_uri(uri).is_file()
    if uri.startswith(("mongodb://", "mongodb+srv://")):
        from twincrawl.store.mongo import holds_no_corpus as mongo_holds_no_corpus

        return mongo_holds_no_corpus(uri)
    return False


__all__ = [
    "DEFAULT_URI", "READ_TIME_LIMIT", "Query", "QueryError", "Store", "StoreError", "StoreUnwritable",
    "holds_no_corpus", "open_store", "search_terms",
]  # fmt: skip
