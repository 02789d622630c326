"""The records that travel through twincrawl: a fetched page and the Article made from it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import attrs

#: Version of the Article record layout; bumped when a field changes meaning or is removed.
SCHEMA_VERSION = 1


#: A SimHash is indexed by four 16-bit bands: two within 3 bits of each other share at least one of them.
SIMHASH_BANDS = 4


def simhash_bands(simhash: str) -> list[str]:
    """The band keys (``"index:hex"``) a SimHash is indexed under, in memory and in the stores; none when empty."""
    width = len(simhash) // SIMHASH_BANDS
    return (
        [f"{index}:{simhash[index * width : (index + 1) * width]}" for index in range(SIMHASH_BANDS)] if width else []
    )


def article_id(canonical_url: str) -> str:
    """The stable id of an article: the first 16 hex digits of the SHA-1 of its canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


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


@attrs.define(kw_only=True)
class Article:
    """A cleaned news article: the record every consumer of the corpus sees."""

    id: str
    """Stable id: hash of the canonical URL (see :func:`article_id`)."""
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
    content_hash: str = ""
    """SHA-256 of the normalized title and text: changes when the content changes."""
    simhash: str = ""
    """64-bit SimHash of the text (hex), for near-duplicate detection."""
    duplicate_of: str | None = None
    """Id of an earlier article with the same or nearly the same text, if any."""
    extractor_version: str = ""
    """Version of the processing that produced this record."""
    schema_version: int = SCHEMA_VERSION
    """Version of this record's layout."""

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from :meth:`to_dict` output (unknown keys are ignored)."""
        known = {field.name for field in attrs.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["relevance"] = Relevance(**data.get("relevance") or {})
        values["places"] = [Place(**place) for place in data.get("places") or []]
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
