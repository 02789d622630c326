"""The corpus from Python, for notebooks: ``open_corpus(uri)`` iterates Articles and gives a typed DataFrame."""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import Any

import attrs

from twincrawl.config import DEFAULT_STORE_URI
from twincrawl.items import Article
from twincrawl.store import Query, Store, StoreError, holds_no_corpus, open_store
from twincrawl.store.uri import mask_password

_TIMESTAMPS = ("published", "modified", "fetched_at")


class Corpus:
    """The articles of a store (optionally filtered), in the order every query returns (newest first).

    Iterating reads the store each time; :meth:`to_pandas` reads it into a DataFrame. Close it when done (or use
    it as a context manager).
    """

    def __init__(self, store: Store, query: Query | None = None) -> None:
        self.store = store
        self.query = query or Query()

    def __iter__(self) -> Iterator[Article]:
        return self.store.query(self.query)

    def __len__(self) -> int:
        return self.store.count(self.query)

    def filter(self, **filters: Any) -> Corpus:
        """This corpus narrowed by :class:`~twincrawl.store.Query` filters (``city=472757``, ``language="ru"``,
        ``is_twinning=True``, ``since=date(2020, 1, 1)``, ``text="побратим"`` ...)."""
        return Corpus(self.store, attrs.evolve(self.query, **filters))

    def get(self, article_id: str) -> Article | None:
        """One article by id (an earlier id, an alias, finds it too)."""
        return self.store.get(article_id)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``, one row per article: the Article's fields, with ``published``, ``modified``
        and ``fetched_at`` as UTC timestamps, ``is_twinning`` and ``relevance_score`` beside ``relevance``, and
        ``places``, ``pairs`` and ``metadata`` as Python objects."""
        import pandas

        rows = []
        for article in self:
            row = article.to_dict()
            row["is_twinning"] = article.relevance.is_twinning
            row["relevance_score"] = article.relevance.score
            rows.append(row)
        columns = [field.name for field in attrs.fields(Article)] + ["is_twinning", "relevance_score"]
        frame = pandas.DataFrame.from_records(rows, columns=columns)
        for name in _TIMESTAMPS:
            frame[name] = pandas.to_datetime(frame[name], utc=True, format="ISO8601")
        return frame.astype({"is_twinning": bool, "relevance_score": float, "schema_version": "int64"})

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def open_corpus(uri: str = DEFAULT_STORE_URI, **filters: Any) -> Corpus:
    """The corpus a store URI names (``sqlite:///data/corpus.db``, ``mongodb://host/db``), optionally filtered
    (see :meth:`Corpus.filter`). A SQLite file that does not exist, or a MongoDB database that is absent or
    empty, is an error, not a new empty corpus."""
    if holds_no_corpus(uri):
        raise StoreError(
            f"no corpus at {mask_password(uri)}: give the URI of a store a crawl wrote (sqlite:///path/corpus.db)"
        )
    return Corpus(open_store(uri), Query(**filters))
