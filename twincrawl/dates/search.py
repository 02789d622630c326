"""The last resort for a page's date: htmldate's search of the page, with its dateparser fallback held to the
page's languages.

htmldate reads a date string it cannot match with its own patterns through dateparser with every one of its two
hundred locales: the first such strings of a process cost seconds each (every locale's patterns are compiled), and
each later one tens of milliseconds. Held to the page's declared languages and English (or, on a page that declares
none, the widely written European ones), the same search reads the same dates for a small part of that.
htmldate caches what it read of a string whatever the languages, so that a string would be read as on the first
page showing it and a page's date would depend on the pages searched before it: the cache here is kept per languages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

import dateparser
import htmldate
import htmldate.core
import htmldate.extractors
import htmldate.settings
import lxml.html
from dateparser.languages import default_loader

from twincrawl.dates.strings import UNDECLARED_LANGUAGES, FoundDate, date_only, first_languages
from twincrawl.extract.html import node_count, without_boilerplate

#: The search is skipped on pages larger than this (its cost grows with every date-like string, and article
#: pages rarely exceed a few thousand elements).
SEARCH_MAX_ELEMENTS = 5_000

#: htmldate's own settings for its dateparser fallback (htmldate.extractors.get_external_parser).
_HTMLDATE_SETTINGS = {
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}

#: The languages of the search running in this context; None outside it (htmldate then uses its own parser).
_SEARCH_LANGUAGES: ContextVar[tuple[str, ...] | None] = ContextVar("search_languages", default=None)
_htmldate_parser: Callable[[], dateparser.DateDataParser] = htmldate.extractors.get_external_parser


def searched_date(tree: lxml.html.HtmlElement, url: str, limit: datetime, languages: Sequence[str]) -> FoundDate | None:
    """htmldate's most likely publication date of the page without its boilerplate, up to ``limit``; None when
    it finds nothing, finds a bare year (reported as its 1 January), or the page is too large to search."""
    if node_count(tree) > SEARCH_MAX_ELEMENTS:
        return None
    try:
        with _languages_held(_search_languages(languages)):
            found = htmldate.find_date(
                _without_site_header(without_boilerplate(tree)),
                url=url or None,
                extensive_search=True,
                original_date=True,
                max_date=limit.strftime("%Y-%m-%d"),
            )
    except (ValueError, TypeError, RecursionError):
        return None
    if not found:
        return None
    day = date.fromisoformat(found)
    if (day.month, day.day) == (1, 1):
        # htmldate reports a bare year (a copyright line, a year in a file name) as its 1 January.
        return None
    return date_only(day, found, "text")


def _without_site_header(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The page less its header elements that hold no main heading: the site's, with its date of the day."""
    for header in tree.xpath("//header[not(.//h1)]"):
        if header.getparent() is not None:
            header.drop_tree()
    return tree


def _search_languages(languages: Sequence[str]) -> tuple[str, ...]:
    """The languages dateparser reads the page's date strings in, those it has data for only."""
    wanted = first_languages(languages) if any(languages) else (*first_languages(()), *UNDECLARED_LANGUAGES)
    return tuple(language for language in wanted if _known_language(language))


@functools.cache
def _known_language(language: str) -> bool:
    try:
        default_loader.get_locale(language)
    except (ValueError, KeyError):
        return False
    return True


@contextmanager
def _languages_held(languages: tuple[str, ...]) -> Iterator[None]:
    token = _SEARCH_LANGUAGES.set(languages)
    try:
        yield
    finally:
        _SEARCH_LANGUAGES.reset(token)


@functools.lru_cache(maxsize=64)
def _parser_for(languages: tuple[str, ...]) -> dateparser.DateDataParser:
    return dateparser.DateDataParser(languages=list(languages), settings=_HTMLDATE_SETTINGS)


def _external_parser() -> dateparser.DateDataParser:
    """htmldate's dateparser fallback: held to the languages of the search running in this context, if any."""
    languages = _SEARCH_LANGUAGES.get()
    return _htmldate_parser() if languages is None else _parser_for(languages)


#: How many date strings are remembered, over all languages (htmldate's own cache holds as many).
READ_STRINGS_CACHED = htmldate.settings.CACHE_SIZE
_read_date_string: Callable[..., str | None] = htmldate.extractors.try_date_expr.__wrapped__


@functools.lru_cache(maxsize=READ_STRINGS_CACHED)
def _date_string_in(languages: tuple[str, ...] | None, *args: object) -> str | None:
    return _read_date_string(*args)


def _date_string(
    string: str | None, outputformat: str, extensive_search: bool, min_date: datetime, max_date: datetime
) -> str | None:
    """htmldate's reading of one date string, remembered for the languages of the search running in this context."""
    return _date_string_in(_SEARCH_LANGUAGES.get(), string, outputformat, extensive_search, min_date, max_date)


# htmldate looks its fallback parser and its string reader up by these names at every call.
htmldate.extractors.get_external_parser = _external_parser  # type: ignore[assignment]  # a cached function there
htmldate.extractors.try_date_expr = _date_string  # type: ignore[assignment]
htmldate.core.try_date_expr = _date_string  # type: ignore[attr-defined,assignment]
