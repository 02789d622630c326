"""The records that travel through twincrawl: a fetched page and the Article made from it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import attrs
import courlan

#: Version of the Article record layout; bumped when a field changes meaning or is removed.
#: 2: ids are hashes of the URL's key (:func:`url_key`), no longer of the URL as written; old ids are aliases.
SCHEMA_VERSION = 2


def url_key(url: str) -> str:
    """What names a page, whichever way its URL is written: courlan's normalization (host in lower case,
    default port, tracking parameters and fragment dropped, parameters sorted) without the scheme and the
    trailing slash, so ``HTTP://Example.org:80/news/7/?utm_source=x`` and ``https://example.org/news/7`` agree."""
    try:
        parts = urlsplit(courlan.normalize_url(url))
    except ValueError:  # a URL that cannot be parsed is its own key
        return url
    return parts.netloc + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def article_id(url: str) -> str:
    """The stable id of an article: the first 16 hex digits of the SHA-1 of its URL's :func:`url_key`."""
    return hashlib.sha1(url_key(url).encode("utf-8")).hexdigest()[:16]


def identity_url(url: str, canonical_url: str | None) -> str:
    """The URL an article's id is made from: its canonical link when that is on the page's own site (a host
    differing at most in "www."), else the URL it was fetched from (a canonical link to another site names a
    syndicated copy's original, not this page)."""
    if canonical_url and _site(canonical_url) == _site(url):
        return canonical_url
    return url


def _site(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


#: A SimHash is indexed by four 16-bit bands: two within 3 bits of each other share at least one of them.
SIMHASH_BANDS = 4


def simhash_bands(simhash: str) -> list[str]:
    """The band keys (``"index:hex"``) a SimHash is indexed under, in memory and in the stores; none when empty."""
    width = len(simhash) // SIMHASH_BANDS
    return (
        [f"{index}:{simhash[index * width : (index + 1) * width]}" for index in range(SIMHASH_BANDS)] if width else []
    )


def utc_now() -> datetime:
    """The current time, tz-aware UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


@attrs.define(kw_only=True)
class FetchedPage:
    """A page as the downloader delivered it, before any processing."""

    url: str
    """The URL the body came from (after redirects)."""
    source: str
    """Registry key of the source that discovered the page."""
    body: bytes
    """The raw, undecoded response body."""
    status: int = 200
    """HTTP status code."""
    headers: dict[str, str] = attrs.field(factory=dict)
    """Response headers, names lower-cased, first value of each."""
    fetched_at: datetime = attrs.field(factory=utc_now)
    """When the page was fetched (tz-aware UTC)."""
    listing_date: str | None = None
    """A date shown next to the link on the listing page or in the feed entry, if any (raw text)."""


#: HTTP statuses that say a page was taken down: an article stored from it is marked withdrawn.
GONE_STATUSES = frozenset({404, 410})


@attrs.define(kw_only=True)
class PageGone:
    """An article page that answered one of :data:`GONE_STATUSES`: the store marks the article stored from it
    (if any) as withdrawn."""

    url: str
    source: str
    status: int
    fetched_at: datetime = attrs.field(factory=utc_now)

    def withdrawn(self) -> Withdrawn:
        """The mark this answer puts on the stored article."""
        return Withdrawn(date=self.fetched_at.date().isoformat(), status=self.status,
                         checked_at=self.fetched_at.isoformat())  # fmt: skip


@attrs.define(kw_only=True)
class Relevance:
    """How strongly an article is about city twinning, and why."""

    score: float = 0.0
    """0..1; the label is ``score >= threshold``."""
    is_twinning: bool = False
    """The label."""
    terms: list[str] = attrs.field(factory=list)
    """The vocabulary terms that matched, as written on the page."""
    evidence: list[str] = attrs.field(factory=list)
    """The sentences the terms came from (at most a few)."""


@attrs.define(kw_only=True)
class Place:
    """A city mentioned in the article, resolved to GeoNames."""

    name: str
    """English name from the gazetteer."""
    geonameid: int
    """GeoNames id."""
    country: str
    """ISO 3166-1 alpha-2 country code."""
    mentions: int = 1
    """How many times the city is mentioned."""
    forms: list[str] = attrs.field(factory=list)
    """The surface forms found in the text (e.g. "Волгограда", "Сталинград")."""


#: What became of a twin pair, as the text tells it.
PAIR_STATES = ("active", "ended", "proposed")


@attrs.define(kw_only=True)
class PairState:
    """What the text says became of one of its twin pairs."""

    pair: list[int]
    """The pair, as in ``Article.pairs``: sorted [geonameid, geonameid]."""
    state: str = "active"
    """One of :data:`PAIR_STATES`: ``ended`` (ended, severed, suspended or frozen), ``proposed`` (planned,
    proposed or hoped for, not signed yet), else ``active``."""
    year: int | None = None
    """For an ended or proposed pair, the year the text gives in the sentence saying so, if any."""

    def label(self) -> str:
        """The state as shown to readers: ``ended 2022``, ``proposed``; empty for an active pair."""
        if self.state == "active":
            return ""
        return f"{self.state} {self.year}" if self.year else self.state


@attrs.define(kw_only=True)
class Withdrawn:
    """The article's page answered 404 or 410 when fetched again: the publisher took it down. The record and its
    versions stay in the store; a later fetch that gives the article again clears the mark."""

    date: str
    """The day (UTC, ``YYYY-MM-DD``) the page was first found gone."""
    status: int
    """The HTTP status it answered (404 or 410)."""
    checked_at: str
    """When that fetch happened, ISO-8601 UTC: a record made from a page fetched before it (``reprocess``) keeps
    the mark, one fetched after it clears it."""


@attrs.define(kw_only=True)
class Revision:
    """One change of an article's title or text seen on a re-crawl (the record before it is among the store's
    versions)."""

    fetched_at: str
    """When the changed page was fetched, ISO-8601 UTC."""
    previous_content_hash: str
    """``content_hash`` of the record it replaced (the version kept)."""
    fields: list[str]
    """The fields that differed from that record (:meth:`Article.changed_fields`)."""


#: The Article fields that come from fetching the page (or name it), not from processing it: a record that differs
#: from the stored one only in these says nothing new, so the stores leave the stored one as it is.
#: ``aliases`` and ``revisions`` are kept by the stores, not made by processing.
FETCH_FIELDS = frozenset({"id", "url", "source", "fetched_at", "etag", "last_modified", "aliases", "revisions"})


@attrs.define(kw_only=True)
class Article:
    """A cleaned news article: the record every consumer of the corpus sees."""

    id: str
    """Stable id: hash of the canonical URL's key (see :func:`article_id` and :func:`identity_url`)."""
    url: str
    """URL the page was fetched from."""
    canonical_url: str
    """The page's canonical URL (``<link rel=canonical>`` / og:url), else ``url``."""
    source: str
    """Registry key of the source."""
    title: str = ""
    """Headline."""
    text: str = ""
    """Article body, boilerplate removed; paragraphs separated by newlines."""
    author: str | None = None
    """Byline, if the page states one."""
    language: str | None = None
    """ISO 639-1 code of the text's language."""
    image: str | None = None
    """Lead image URL."""
    published: str | None = None
    """Publication time, ISO-8601 UTC (``2020-07-28T00:00:00+00:00``)."""
    published_precision: str | None = None
    """How precisely the page states ``published``: ``day`` (no time of day: ``published`` is then that day at
    00:00 UTC, not a time), ``minute`` or ``second``."""
    published_local: str | None = None
    """The publication date as the source's readers see it, ISO-8601: the local day alone (``2021-01-21``) at
    day precision, else the local date and time with the offset of the source's time zone
    (``2021-01-21T14:30:00+03:00``)."""
    published_raw: str | None = None
    """The date as written where it was found."""
    published_from: str | None = None
    """Where the date was found: jsonld | meta | time | url | visible | text | listing."""
    modified: str | None = None
    """Last modification time, ISO-8601 UTC, if stated."""
    metadata: dict[str, dict[str, str]] = attrs.field(factory=dict)
    """For title, author, language, canonical_url, image and modified: ``{"raw": the value as written on the
    page, "from": where it was found}`` (``jsonld``, ``og``, ``meta``, ``html``, ``trafilatura`` ...)."""
    fetched_at: str = ""
    """When the page was fetched, ISO-8601 UTC."""
    etag: str | None = None
    """HTTP ETag validator of the response."""
    last_modified: str | None = None
    """HTTP Last-Modified validator of the response."""
    relevance: Relevance = attrs.field(factory=Relevance)
    """Twinning relevance."""
    places: list[Place] = attrs.field(factory=list)
    """Cities mentioned."""
    pairs: list[list[int]] = attrs.field(factory=list)
    """Twin pairs stated in the text, as sorted [geonameid, geonameid]."""
    pair_states: list[PairState] = attrs.field(factory=list)
    """The state of each pair, in the order of ``pairs``."""
    content_hash: str = ""
    """SHA-256 of the normalized title and text: changes when the content changes."""
    simhash: str = ""
    """64-bit SimHash of the text (hex), for near-duplicate detection."""
    duplicate_of: str | None = None
    """Id of an earlier article with the same or nearly the same text, if any."""
    withdrawn: Withdrawn | None = None
    """Set when the page answered 404 or 410 on a later crawl (see :class:`Withdrawn`)."""
    extractor_version: str = ""
    """Version of the processing that produced this record."""
    schema_version: int = SCHEMA_VERSION
    """Version of this record's layout."""
    revisions: list[Revision] = attrs.field(factory=list)
    """The changes of title or text seen on re-crawls, oldest first, one per stored version (kept by the
    stores): what changed and when."""
    aliases: list[str] = attrs.field(factory=list)
    """Earlier ids of this article (ids made by schema version 1, or of URL variants merged into it): links and
    exports that use them still resolve (``Store.get``)."""

    def pair_state(self, pair: list[int]) -> PairState | None:
        """The state of one of ``pairs`` (either order), or None for a record made before states were kept."""
        wanted = sorted(pair)
        return next((state for state in self.pair_states if sorted(state.pair) == wanted), None)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data."""
        return attrs.asdict(self)

    def changed_fields(self, stored: Article) -> list[str]:
        """The fields processing derives (all but :data:`FETCH_FIELDS`) whose values differ from ``stored``'s,
        in field order: empty when this record says nothing new about the page.

        A record made from another URL of the same article (a copy whose canonical link names the stored page)
        says something new only when its title or text differ: its metadata differ by nature, and taking them
        would make the stored record flip between the two pages at every crawl."""
        if self.url != stored.url and self.content_hash == stored.content_hash:
            return []
        mine, theirs = self.to_dict(), stored.to_dict()
        return [name for name in mine if name not in FETCH_FIELDS and mine[name] != theirs.get(name)]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from :meth:`to_dict` output (unknown keys are ignored)."""
        known = {field.name for field in attrs.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["relevance"] = Relevance(**data.get("relevance") or {})
        values["places"] = [Place(**place) for place in data.get("places") or []]
        values["pair_states"] = [PairState(**state) for state in data.get("pair_states") or []]
        values["withdrawn"] = Withdrawn(**data["withdrawn"]) if data.get("withdrawn") else None
        values["revisions"] = [Revision(**revision) for revision in data.get("revisions") or []]
        return cls(**values)


def iso_utc(moment: datetime | None) -> str | None:
    """Format a tz-aware datetime as ISO-8601 UTC; None stays None."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetime: attach a timezone before formatting")
    return moment.astimezone(UTC).isoformat()


@attrs.define(kw_only=True)
class ProcessedPage:
    """A fetched page after processing: its Article, or the reason there is none."""

    page: FetchedPage
    article: Article | None = None
    skip_reason: str | None = None
    """Why no article was made (``no article text``, ``binary content``, ``processing error`` ...)."""
