"""Research queries: one validated filter object that every store applies the same way."""

from __future__ import annotations

import re
from datetime import date

import attrs

_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_SOURCE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
MAX_TEXT_LENGTH = 200


class QueryError(ValueError):
    """A filter value is not acceptable; the message says which and why."""


def _check(pattern: re.Pattern[str], name: str, value: str | None) -> None:
    if value is not None and not pattern.fullmatch(value):
        raise QueryError(f"--{name} {value!r} is not valid (expected {pattern.pattern})")


@attrs.frozen(kw_only=True)
class Query:
    """Filters over the corpus; every field is optional and they combine with AND.

    Values are plain data, validated here, so user input can never become a database operator.
    """

    city: int | None = None
    """GeoNames id of a city the article mentions."""
    pair: tuple[int, int] | None = None
    """Two GeoNames ids stated as twins in the article (order does not matter)."""
    country: str | None = None
    """ISO 3166-1 alpha-2 code of a country one of the mentioned cities is in."""
    language: str | None = None
    """ISO 639-1 language code."""
    since: date | None = None
    """Published on or after this day (UTC)."""
    until: date | None = None
    """Published on or before this day (UTC)."""
    is_twinning: bool | None = None
    """Relevance label."""
    source: str | None = None
    """Registry key of the source."""
    text: str | None = None
    """Words that must all occur in the title or text (case-insensitive, no operators)."""
    word_starts: bool = False
    """Each word of ``text`` matches any word it begins ("twin" finds "twinned"): how word forms are searched."""
    hide_duplicates: bool = False
    """Leave out articles marked ``duplicate_of`` another (the same story stored earlier, on this source or
    another): one record per story."""
    limit: int | None = None
    """At most this many results."""

    def __attrs_post_init__(self) -> None:
        _check(_COUNTRY, "country", self.country)
        _check(_LANGUAGE, "language", self.language)
        _check(_SOURCE, "source", self.source)
        if self.text is not None and (not self.text.strip() or len(self.text) > MAX_TEXT_LENGTH):
            raise QueryError(f"--text must be 1..{MAX_TEXT_LENGTH} characters")
        if self.text is not None and not self.words:
            raise QueryError(
                f"--text {self.text!r} has no word in it (operators and punctuation are not searched): "
                "give at least one word of letters or digits, or leave --text out"
            )
        if self.limit is not None and self.limit < 1:
            raise QueryError("--limit must be a positive number")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"--since {self.since} is after --until {self.until}")

    @property
    def words(self) -> list[str]:
        """The text filter split into lower-cased words (letters and digits only)."""
        return re.findall(r"\w+", (self.text or "").lower())


def holds_words(title: str, text: str, words: set[str], *, word_starts: bool = False) -> bool:
    """Whether the title and text hold every word among their ``search_terms`` (or, with ``word_starts``, a word
    beginning with it)."""
    if not word_starts:
        return words <= search_terms(title, text)
    # A word starts where no letter or digit precedes it: one search per word, stopping at its first match.
    lowered = f"{title}\n{text}".lower()
    return all(re.search(r"(?<!\w)" + re.escape(word), lowered) for word in words)


def search_terms(title: str, text: str) -> set[str]:
    """The words the text filter matches against: lower-cased ``\\w+`` tokens of title and text."""
    return set(re.findall(r"\w+", f"{title}\n{text}".lower()))
