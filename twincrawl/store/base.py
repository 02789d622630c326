"""The store interface shared by the embedded SQLite store and the MongoDB store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

import attrs

from twincrawl.items import Article, FetchedPage, Revision, Withdrawn, article_id, identity_url
from twincrawl.store.query import Query


@attrs.define(kw_only=True)
class WriteResult:
    """What one batch of upserts did."""

    new: list[str] = attrs.field(factory=list)
    """Ids inserted for the first time."""
    updated: list[str] = attrs.field(factory=list)
    """Ids whose stored record was replaced because a derived field differed (see :attr:`changes`)."""
    unchanged: list[str] = attrs.field(factory=list)
    """Ids already stored with the same derived fields (nothing written)."""
    changes: dict[str, list[str]] = attrs.field(factory=dict)
    """For each updated id, the fields that differed (:meth:`Article.changed_fields`)."""

    def merge(self, other: WriteResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        for changed_id, fields in other.changes.items():
            self._note_changes(changed_id, fields)

    def record_update(self, article_id: str, fields: list[str]) -> None:
        """Count ``article_id`` as updated in ``fields``."""
        self.updated.append(article_id)
        self._note_changes(article_id, fields)

    def _note_changes(self, article_id: str, fields: list[str]) -> None:
        # An id written twice in one batch changed in the fields of both writes.
        known = self.changes.setdefault(article_id, [])
        known += [name for name in fields if name not in known]


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


@attrs.define(kw_only=True)
class FacetCounts:
    """How many of a query's newest matches have each value of a filter, as a store counts them."""

    matched: int
    """Matches counted (at most the limit asked for)."""
    twinning: dict[bool, int] = attrs.field(factory=dict)
    sources: dict[str, int] = attrs.field(factory=dict)
    languages: dict[str, int] = attrs.field(factory=dict)
    """Articles without a language are not counted."""
    countries: dict[str, int] = attrs.field(factory=dict)
    """Articles naming at least one city in the country."""
    cities: dict[int, int] = attrs.field(factory=dict)
    city_names: dict[int, str] = attrs.field(factory=dict)
    """The name the articles give each counted city."""
    pairs: dict[tuple[int, int], int] = attrs.field(factory=dict)
    """Keyed by the sorted pair."""
    years: dict[str, int] = attrs.field(factory=dict)
    """Year of publication (undated articles are not counted)."""


#: Seconds one query of a store opened for reading only may run before it is stopped (the web server's bound).
READ_TIME_LIMIT = 5.0


def group_by_new_id(articles: list[Article]) -> dict[str, list[Article]]:
    """Stored articles whose id is not that of their URL key (records from before schema version 2), by the id
    they should have, each group with its most recently fetched record first (the one kept). Groups of an
    article already under its new id and alone are left out: there is nothing to migrate."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article_id(identity_url(article.url, article.canonical_url)), []).append(article)
    return {
        new_id: sorted(group, key=lambda article: article.fetched_at, reverse=True)
        for new_id, group in groups.items()
        if any(article.id != new_id for article in group)
    }


def keep_withdrawal(article: Article, stored: Article) -> Article:
    """``article`` about to replace ``stored``, with the stored withdrawal mark kept when the page it was made from
    was fetched before the page was found gone (``reprocess`` re-reads old pages); a page fetched since then
    shows the article is back, and the mark goes."""
    if stored.withdrawn is not None and article.fetched_at < stored.withdrawn.checked_at:
        return attrs.evolve(article, withdrawn=stored.withdrawn)
    return article


def replacement(article: Article, stored: Article, changed: list[str]) -> Article:
    """The record that replaces ``stored``: ``article`` with the aliases and revisions the store keeps, and a new
    revision when the title or text changed (``stored`` then goes to the versions)."""
    revisions = list(stored.revisions)
    if article.content_hash != stored.content_hash:
        revisions.append(
            Revision(fetched_at=article.fetched_at, previous_content_hash=stored.content_hash, fields=changed)
        )
    return attrs.evolve(article, aliases=stored.aliases, revisions=revisions)


#: Near-duplicate candidates one look-up returns at most: a band shared by more stored texts than this is a
#: template (a footer, a standard notice) rather than one story, and reading them all would make the cost grow.
NEAR_LIMIT = 50


class StoreError(RuntimeError):
    """The store could not be opened or written; the message names the URI (password masked)."""


class StoreUnwritable(StoreError):
    """No write can succeed (disk full, read-only file, I/O error): not one record's fault, so writing the next
    ones is pointless until someone frees space or fixes the file."""


class Store(Protocol):
    """A corpus of Articles. Every implementation has the same semantics:

    - ``upsert`` is idempotent by ``id``: the same derived fields (:meth:`Article.changed_fields` empty) ->
      unchanged, nothing written; any derived field different (relevance, places, dates, extractor version ...)
      -> the new record replaces the stored one, which goes to the versions when its title or text (content
      hash) differed.
    - ``query`` applies a validated :class:`Query`; results are ordered by (published desc, id).
    """

    uri: str

    def upsert(self, articles: Sequence[Article]) -> WriteResult: ...

    def save_raw(self, pages: Sequence[RawPage]) -> None: ...

    def get(self, article_id: str) -> Article | None: ...

    def query(self, query: Query) -> Iterator[Article]: ...

    def count(self, query: Query | None = None) -> int: ...

    def facet_counts(self, query: Query, limit: int) -> FacetCounts:
        """Counts of each filter's values over the query's newest ``limit`` matches (its limit ignored), counted
        by the database: no article is read whole."""
        ...

    def versions(self, article_id: str) -> list[Article]: ...

    def iter_raw(self, source: str | None = None) -> Iterator[RawPage]: ...

    def find_by_hash(self, content_hash: str) -> str | None:
        """Id of a stored article with this content hash, if any."""
        ...

    def find_near(self, simhash: str) -> list[tuple[str, str]]:
        """(SimHash, id) of stored articles that repeat no other and share a band of ``simhash`` (one indexed
        look-up, at most :data:`NEAR_LIMIT`); the caller measures the distance."""
        ...

    def mark_withdrawn(self, source: str, url: str, withdrawn: Withdrawn) -> str | None:
        """Mark the source's stored article fetched from ``url`` as withdrawn (nothing else of it changes); returns
        its id, or None when no article of that URL is stored or it is marked already."""
        ...

    def known_urls(self, source: str) -> dict[str, str]:
        """URLs of the source's stored articles -> when each was fetched (ISO-8601), for incremental crawls."""
        ...

    def close(self) -> None: ...
