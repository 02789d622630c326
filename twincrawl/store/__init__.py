"""Stores: one URI picks one. ``sqlite:///path.db`` (embedded, the default) or ``mongodb://host/db``."""

from __future__ import annotations

from twincrawl.config import DEFAULT_STORE_URI
from twincrawl.store.base import Store, StoreError, StoreUnwritable
from twincrawl.store.query import Query, QueryError, search_terms

DEFAULT_URI = DEFAULT_STORE_URI


def open_store(uri: str) -> Store:
    """Open the store a URI names; raises StoreError with a clear message for an unusable URI."""
    if uri.startswith("sqlite:"):
        from twincrawl.store.sqlite import SqliteStore

        return SqliteStore(uri)
    if uri.startswith(("mongodb://", "mongodb+srv://")):
        from twincrawl.store.mongo import MongoStore

        return MongoStore(uri)
    raise StoreError(f"unknown store URI {uri!r}: use sqlite:///path/corpus.db or mongodb://host:port/database")


__all__ = ["DEFAULT_URI", "Query", "QueryError", "Store", "StoreError", "StoreUnwritable", "open_store", "search_terms"]
