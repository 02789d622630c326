"""A search as the page and the API take it: request parameters -> a validated Query, bounded scans, facet
counts and snippets with the searched words marked."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TypeVar

import attrs

from twincrawl.items import Article
from twincrawl.store import Query, QueryError, Store
from twincrawl.store.base import FacetCounts
from twincrawl.store.query import MAX_TEXT_LENGTH
from twincrawl.tagging import city_name, resolve_city
from twincrawl.web.forms import word_start

#: Results a page or an API call returns at most.
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
#: How deep a search pages at most, and how many articles the graph, timeline and lists read: the bound on a
#: query's cost.
SCAN_LIMIT = 5_000
#: Facets count the newest this many matches (the store groups them; no article is decoded for it).
FACET_LIMIT = 1_000
#: Articles a download holds at most.
DOWNLOAD_LIMIT = 100_000
FACET_VALUES = 15
SNIPPET_CHARS = 240
_Key = TypeVar("_Key", str, int, tuple[int, int])
FILTERS = ("words", "city", "pair", "country", "language", "source", "twinning", "since", "until")


class SearchError(ValueError):
    """A request parameter is not acceptable; the message names it and says what is expected."""


class NotFound(LookupError):
    """The requested record does not exist; the message says which."""


@attrs.frozen(kw_only=True)
class Search:
    """What a request asks for: the query and which slice of its results."""

    query: Query
    offset: int = 0
    size: int = DEFAULT_PAGE_SIZE
    params: dict[str, str] = attrs.field(factory=dict)
    """The filter parameters as given (non-empty ones), to build links to other pages of the same search."""


def _city(value: str, name: str) -> int:
    if value.isdigit():
        return int(value)
    place = resolve_city(value.strip())
    if place is None:
        raise SearchError(f"{name}={value!r}: no such city in the gazetteer (try its English name or GeoNames id)")
    return place.geonameid


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise SearchError(f"{name}={value!r} is not a date (expected YYYY-MM-DD)") from error


def _number(value: str | None, name: str, default: int, highest: int) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit() or not 0 <= int(value) <= highest:
        raise SearchError(f"{name}={value!r} must be a whole number from 0 to {highest}")
    return int(value)


def parse_search(params: Mapping[str, str]) -> Search:
    """The Search that request parameters describe; raises SearchError naming a bad one."""
    given = {name: params[name].strip() for name in FILTERS if params.get(name, "").strip()}
    pair = None
    if "pair" in given:
        cities = given["pair"].split(",")
        if len(cities) != 2:
            raise SearchError(f"pair={given['pair']!r}: give two cities separated by a comma")
        pair = (_city(cities[0], "pair"), _city(cities[1], "pair"))
    twinning = given.get("twinning")
    if twinning not in (None, "yes", "no"):
        raise SearchError(f"twinning={twinning!r} must be yes or no")
    words = given.get("words")
    starts = [word_start(word) for word in re.findall(r"\w+", words or "")]
    if words and (not starts or len(words) > MAX_TEXT_LENGTH):
        raise SearchError(f"words={words[:40]!r} must hold 1..{MAX_TEXT_LENGTH} characters with letters or digits")
    try:
        query = Query(
            city=_city(given["city"], "city") if "city" in given else None,
            pair=pair,
            country=given["country"].upper() if "country" in given else None,
            language=given["language"].lower() if "language" in given else None,
            source=given.get("source"),
            is_twinning=None if twinning is None else twinning == "yes",
            since=_day(given["since"], "since") if "since" in given else None,
            until=_day(given["until"], "until") if "until" in given else None,
            text=" ".join(starts) if starts else None,
            word_starts=bool(words),
        )
    except QueryError as error:
        raise SearchError(str(error).replace("--", "")) from error
    offset = _number(params.get("offset"), "offset", 0, SCAN_LIMIT)
    size = _number(params.get("size"), "size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    return Search(query=query, offset=offset, size=size, params=given)


@attrs.define(kw_only=True)
class Facet:
    """Counts of one filter's values over the scanned results."""

    name: str
    values: list[tuple[str, str, int]]
    """(parameter value, label, count), the most frequent first."""


@attrs.define(kw_only=True)
class Results:
    """One page of a search with the facets of its newest matches (up to FACET_LIMIT)."""

    articles: list[Article]
    matched: int
    """Matching articles counted (at most FACET_LIMIT)."""
    capped: bool
    """There may be more matches than ``matched``."""
    facets: list[Facet]


def scan(store: Store, query: Query, limit: int = SCAN_LIMIT) -> Iterator[Article]:
    """The query's results, at most ``limit`` of them."""
    return store.query(attrs.evolve(query, limit=limit))


def run_search(store: Store, search: Search, *, facets: bool = True) -> Results:
    """Read the page of results the search asks for and, with ``facets``, have the store count the values of the
    newest FACET_LIMIT matches."""
    end = search.offset + search.size
    wanted = list(scan(store, search.query, end + 1))
    counts = store.facet_counts(search.query, FACET_LIMIT) if facets else None
    return Results(
        articles=wanted[search.offset : end],
        matched=max(counts.matched if counts else 0, len(wanted)),
        capped=counts is None or counts.matched >= FACET_LIMIT,
        facets=facet_lists(counts) if counts else [],
    )


def _most_common(counts: Mapping[_Key, int]) -> list[tuple[_Key, int]]:
    """The FACET_VALUES most frequent values, ties in the order of the values."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_VALUES]


def facet_lists(counts: FacetCounts) -> list[Facet]:
    """The facets to show of a store's counts: per filter its most frequent values with a label, years newest
    first."""

    def name(geonameid: int) -> str:
        return counts.city_names.get(geonameid) or city_name(geonameid) or str(geonameid)

    twinning = sorted(counts.twinning.items(), key=lambda item: (-item[1], not item[0]))
    return [
        Facet(name="twinning", values=[("yes" if key else "no", "yes" if key else "no", n) for key, n in twinning]),
        Facet(name="source", values=[(key, key, n) for key, n in _most_common(counts.sources)]),
        Facet(name="language", values=[(key, key, n) for key, n in _most_common(counts.languages)]),
        Facet(name="country", values=[(key, key, n) for key, n in _most_common(counts.countries)]),
        Facet(name="city", values=[(str(key), name(key), n) for key, n in _most_common(counts.cities)]),
        Facet(
            name="pair",
            values=[(f"{a},{b}", f"{name(a)} – {name(b)}", n) for (a, b), n in _most_common(counts.pairs)],
        ),
        Facet(name="year", values=[(key, key, n) for key, n in sorted(counts.years.items(), reverse=True)]),
    ]


def snippet(article: Article, query: Query, length: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """A stretch of the text around the first searched word, as (text, is a searched word) pieces."""
    text = " ".join(article.text.split())
    pattern = words_pattern(query)
    first = pattern.search(text) if pattern else None
    begin = max(0, first.start() - length // 3) if first else 0
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < begin + 20 else begin
    piece = text[begin : begin + length]
    prefix, suffix = ("… " if begin else ""), (" …" if begin + length < len(text) else "")
    return [(prefix, False), *mark(piece, pattern), (suffix, False)]


def mark(text: str, pattern: re.Pattern[str] | None) -> list[tuple[str, bool]]:
    """The text cut into (piece, matched) around the pattern's matches."""
    if pattern is None:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(text):
        pieces += [(text[last : match.start()], False), (match.group(), True)]
        last = match.end()
    return [*pieces, (text[last:], False)]


def words_pattern(query: Query) -> re.Pattern[str] | None:
    """The pattern that marks the searched words (and the words they begin) in a text."""
    if not query.words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in query.words) + r")\w*", re.IGNORECASE)
