"""The store interface shared by the embedded SQLite store and the MongoDB store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

import attrs

from twincrawl.items import Article, FetchedPage
from twincrawl.store.query import Query


@attrs.define(kw_only=True)
class WriteResult:
    """What one batch of upserts did."""

    new: list[str] = attrs.field(factory=list)
    """Ids inserted for the first time."""
    updated: list[str] = attrs.field(factory=list)
    """Ids whose content changed (the previous content was kept as a version)."""
    unchanged: list[str] = attrs.field(factory=list)
    """Ids already stored with the same content hash (nothing written)."""

    def merge(self, other: WriteResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged


@attrs.define(kw_only=True)
class RawPage:
    """A stored raw page: compressed HTML kept apart from the article, for reprocessing."""

    url: str
    source: str
    fetched_at: str
    status: int
    headers: dict[str, str]
    body: bytes
    """The undecoded body (stores compress it)."""
    extractor_version: str
    article_id: str | None = None
    """Id of the article made from the page, if one was."""

    @classmethod
    def from_page(cls, page: FetchedPage, extractor_version: str, article_id: str | None) -> RawPage:
        return cls(
            url=page.url,
            source=page.source,
            fetched_at=page.fetched_at.isoformat(),
            status=page.status,
            headers=dict(page.headers),
            body=page.body,
            extractor_version=extractor_version,
            article_id=article_id,
        )


class StoreError(RuntimeError):
    """The store could not be opened or written; the message names the URI (password masked)."""


class StoreUnwritable(StoreError):
    """No write can succeed (disk full, read-only file, I/O error): not one record's fault, so writing the next
    ones is pointless until someone frees space or fixes the file."""


class Store(Protocol):
    """A corpus of Articles. Every implementation has the same semantics:

    - ``upsert`` is idempotent by ``id``: same content hash -> unchanged, nothing written;
      different content -> the previous record goes to the versions, the new one replaces it.
    - ``query`` applies a validated :class:`Query`; results are ordered by (published desc, id).
    """

    uri: str

    def upsert(self, articles: Sequence[Article]) -> WriteResult: ...

    def save_raw(self, pages: Sequence[RawPage]) -> None: ...

    def get(self, article_id: str) -> Article | None: ...

    def query(self, query: Query) -> Iterator[Article]: ...

    def count(self, query: Query | None = None) -> int: ...

    def versions(self, article_id: str) -> list[Article]: ...

    def iter_raw(self, source: str | None = None) -> Iterator[RawPage]: ...

    def find_by_hash(self, content_hash: str) -> str | None:
        """Id of a stored article with this content hash, if any."""
        ...

    def known_urls(self, source: str) -> dict[str, str]:
        """URLs of the source's stored articles -> when each was fetched (ISO-8601), for incremental crawls."""
        ...

    def close(self) -> None: ...
