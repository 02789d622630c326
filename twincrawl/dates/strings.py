"""One date as written: in markup (ISO 8601 and its variants) or for readers ("28.07.2020", "29 June 2020",
"от 6 сентября 2013 г."), to a :class:`FoundDate` with its raw string."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

import attrs
import dateparser
from dateparser.languages import default_loader

Precision = Literal["day", "minute", "second"]


@attrs.define(kw_only=True)
class FoundDate:
    """A date found on a page, and where."""

    moment: datetime
    """The instant, tz-aware UTC; a date without a time is that calendar date at 00:00 UTC."""
    local_date: date
    """The calendar date as the page states it (in the page's own time zone)."""
    raw: str
    """The string as written on the page."""
    where: str
    """jsonld | meta | time | url | visible | text | listing."""
    precision: Precision
    """How precisely the page stated the moment: ``day`` (no time of day), ``minute`` or ``second``."""

    @property
    def has_time(self) -> bool:
        """Whether the page gave a time of day."""
        return self.precision != "day"

    def local_iso(self, zone: ZoneInfo) -> str:
        """The date as the page's readers see it, ISO-8601: the calendar day alone (``2021-01-21``) when no time
        was given, else the date and time in ``zone`` with its offset (``2021-01-21T14:30:00+03:00``)."""
        if not self.has_time:
            return self.local_date.isoformat()
        return self.moment.astimezone(zone).isoformat()


_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)"
    r"(?:[T\s]+(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-][01]\d(?::?[0-5]\d)?)?)?"
)
_COMPACT = re.compile(
    r"^(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)"
    r"(?:T?(?P<H>[0-2]\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]\d))?(?:\.\d+)?(?P<tz>Z|[+-][01]\d(?::?[0-5]\d)?)?)?"
)


def parse_structured(raw: str, zone: ZoneInfo, where: str) -> FoundDate | None:
    """Parse a date as found in markup: ISO 8601 and its common variants, else a written-out date."""
    text = raw.strip()
    match = _ISO.search(text[:64]) or _COMPACT.match(text)
    if match is None:
        # Some publishers fill these fields with "Tue, Sep 15 2020 10:01:41 EDT" or "15. September 2020".
        found = parse_visible(text[:64], zone, (), where=where) if any(c.isalpha() for c in text[:64]) else None
        return attrs.evolve(found, raw=raw) if found is not None else None
    parts = match.groupdict()
    try:
        day = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError:
        return None
    if parts.get("H") is None:
        return date_only(day, raw, where)
    hour, minute = int(parts["H"]), int(parts["M"])
    second = int(parts.get("S") or 0)
    if hour > 23:
        return date_only(day, raw, where)
    offset = _offset(parts.get("tz"))
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=offset or zone)
    precision: Precision = "second" if parts.get("S") is not None else "minute"
    return FoundDate(moment=local.astimezone(UTC), local_date=day, raw=raw, where=where, precision=precision)


def date_only(day: date, raw: str, where: str) -> FoundDate:
    """A date without a time: the calendar day at 00:00 UTC, so that no zone shifts it."""
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return FoundDate(moment=moment, local_date=day, raw=raw, where=where, precision="day")


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text in {"Z", "UTC", "GMT"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


_TIME_AFTER = (
    r"(?:[\s,]*(?:г\.|года|um|at|à|a las|в|o|alle|às|om|kl\.|-|—|\|)?\s*"
    r"(?P<H>[0-2]?\d)[:.h](?P<M>[0-5]\d)(?![\d.]))?"
)
_NUMERIC_DMY = re.compile(
    r"(?<![\d.])(?P<d>[0-3]?\d)\s?[./]\s?(?P<m>[01]?\d)\s?[./]\s?(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME_AFTER
)
_NUMERIC_YMD = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)" + _TIME_AFTER)
#: Chinese, Japanese and Korean dates: 2020年07月12日, 2020년 7월 12일.
_NUMERIC_CJK = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)(?!\d)\s*[日일]?" + _TIME_AFTER
)
_WORD = r"[^\W\d_]{3,}\.?"
_TEXTUAL = re.compile(
    rf"(?<!\d)(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<month>{_WORD}),?\s+(?:de\s+)?"
    rf"|(?P<month_first>{_WORD})\s+(?P<day_after>[0-3]?\d)(?:st|nd|rd|th)?,?\s+)(?P<year>(?:19|20)\d\d)(?!\d)"
    + _TIME_AFTER
)
_TIME_BEFORE = re.compile(r"(?P<H>[0-2]?\d):(?P<M>[0-5]\d)\s*[,|—-]?\s*$")


def parse_visible(raw: str, zone: ZoneInfo, languages: Sequence[str], *, where: str) -> FoundDate | None:
    """The first full date (day, month, year) written in a human-readable string, with its time if given."""
    text = " ".join(raw.split())
    match = _NUMERIC_YMD.search(text) or _NUMERIC_DMY.search(text) or _NUMERIC_CJK.search(text)
    if match is not None:
        parts = match.groupdict()
        try:
            day = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        except ValueError:
            return None
        return _with_time(day, match, text, zone=zone, where=where)
    match = _TEXTUAL.search(text)
    if match is None:
        return None
    parsed = _named_month_date(match, languages)
    if parsed is None:
        snippet = match.group(0)
        if match.group("H") is not None:
            snippet = snippet[: match.start("H") - match.start()].rstrip(" ,-—|")
        parsed = _dateparser(snippet, languages)
    if parsed is None:
        return None
    return _with_time(parsed, match, text, zone=zone, where=where)


def _named_month_date(match: re.Match[str], languages: Sequence[str]) -> date | None:
    """The date of a day, month-name and year match whose month word is a month of one of the languages tried
    first (the declared ones and English); None when it is not (dateparser then reads the snippet)."""
    word = (match.group("month") or match.group("month_first")).lower().rstrip(".")
    month = _month_numbers(first_languages(languages)).get(word)
    if month is None:
        return None
    try:
        return date(int(match.group("year")), month, int(match.group("day") or match.group("day_after")))
    except ValueError:
        return None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")  # fmt: skip


@functools.lru_cache(maxsize=256)
def _month_numbers(languages: tuple[str, ...]) -> dict[str, int]:
    """Month word (lower case, without a final dot) -> month number, from dateparser's own locale data for these
    languages: "марта" -> 3. Reading the common "12 марта 2024" here is some fifteen times cheaper than a
    dateparser call, with the same result. A word naming different months in two of the languages is left out."""
    numbers: dict[str, int] = {}
    ambiguous: set[str] = set()
    for language in languages:
        try:
            info = default_loader.get_locale(language).info
        except (ValueError, KeyError):  # a code dateparser has no data for
            continue
        for number, month in enumerate(_MONTHS, 1):
            for name in info.get(month, ()):
                word = name.lower().rstrip(".")
                if numbers.setdefault(word, number) != number:
                    ambiguous.add(word)
    return {word: number for word, number in numbers.items() if word not in ambiguous}


def first_languages(languages: Sequence[str]) -> tuple[str, ...]:
    """The languages a written-out date is read in first: the declared ones, then English."""
    return tuple(dict.fromkeys([*(lang.lower()[:2] for lang in languages if lang), "en"]))


def _dateparser(snippet: str, languages: Sequence[str]) -> date | None:
    declared = [lang.lower()[:2] for lang in languages if lang]
    parsed = _cached_dateparser(snippet, first_languages(languages))
    if parsed is None and not declared:
        parsed = _cached_dateparser(snippet, UNDECLARED_LANGUAGES)
    return parsed


#: The languages tried on a page that declares none, once English failed: the widely written European ones.
#: (dateparser's own detection tries some two hundred and takes a fifth of a second per string it cannot read.)
UNDECLARED_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk")


@functools.lru_cache(maxsize=4096)
def _cached_dateparser(snippet: str, langs: tuple[str, ...]) -> date | None:
    """dateparser is slow, and a page repeats its dateline (and a crawl its sites' formats)."""
    # Only absolute dates: a publication date is never written "yesterday", and skipping dateparser's relative-time
    # parser makes a call about five times cheaper.
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DAY_OF_MONTH": "first",
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    }
    try:
        parsed = dateparser.parse(snippet, languages=list(langs), settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed.date() if parsed is not None else None


def _with_time(day: date, match: re.Match[str], text: str, *, zone: ZoneInfo, where: str) -> FoundDate:
    """The found date, with the time written right after it (or right before it) when there is one."""
    hour, minute = match.group("H"), match.group("M")
    start = match.start()
    if hour is None:
        before = _TIME_BEFORE.search(text[max(0, start - 12) : start])
        if before is not None:
            hour, minute = before.group("H"), before.group("M")
    if hour is None or minute is None or int(hour) > 23:
        return date_only(day, match.group(0).strip(), where)
    local = datetime(day.year, day.month, day.day, int(hour), int(minute), tzinfo=zone)
    return FoundDate(
        moment=local.astimezone(UTC), local_date=day, raw=match.group(0).strip(), where=where, precision="minute"
    )


_SHORT_YEAR = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d\d)(?![\d.])" + _TIME_AFTER)


def parse_short_year(text: str, zone: ZoneInfo) -> FoundDate | None:
    """A day.month.year date with the year in two digits, read as this century's."""
    match = _SHORT_YEAR.search(text)
    if match is None:
        return None
    try:
        day = date(2000 + int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None
    return _with_time(day, match, text, zone=zone, where="visible")
