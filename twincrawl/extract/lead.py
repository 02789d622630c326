"""Lines a page shows above its article that extractors keep as the body's first line: the visible date line
("21 January 2021", "12.09.2013", "Monday, 3 May 2021, 14:30") and the breadcrumb ("Home / News / Partners")."""

from __future__ import annotations

import re

_WORD = r"[^\W\d_]{3,12}\.?"
_TIME = r"(?:[\s,|—–-]*(?:at|um|в|à|o)?\s*[0-2]?\d[:.][0-5]\d(?:[:.][0-5]\d)?)?"
_DAY_MONTH_YEAR = (
    r"(?:[0-3]?\d[./-][01]?\d[./-](?:19|20)?\d\d"  # 12.09.2013, 12/09/13
    r"|(?:19|20)\d\d-[01]?\d-[0-3]?\d"  # 2013-09-12
    rf"|[0-3]?\d\.?\s+(?:de\s+)?{_WORD},?\s+(?:de\s+)?(?:19|20)\d\d(?:\s*(?:г\.|года|р\.|року))?"  # 12 марта 2024 г.
    rf"|{_WORD}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)"  # March 12, 2024
)
#: A line that is a date and nothing else: an optional weekday or time before it, an optional time after it.
_DATE_LINE = re.compile(
    rf"^[\W_]*(?:{_WORD},?\s+)?(?:[0-2]?\d[:.][0-5]\d[\s,|—–-]*)?{_DAY_MONTH_YEAR}{_TIME}[\W_]*$", re.IGNORECASE
)
_CRUMB_SEPARATOR = re.compile(r"\s+(?:/|>|»|›|→|\|)\s+")
#: A breadcrumb is short: a few section names of a few words each.
_CRUMB_MAX_CHARS = 100
_CRUMB_MAX_WORDS = 4


def is_date_line(line: str) -> bool:
    """Whether the line is a date (and time) alone, as a page's visible date line is."""
    return len(line) <= 60 and _DATE_LINE.match(line.strip()) is not None


def is_breadcrumb(line: str) -> bool:
    """Whether the line is a trail of section names ("Home / News / Twin cities")."""
    if len(line) > _CRUMB_MAX_CHARS or re.search(r"[.!?:;]\s|[.!?]$", line):  # sentences are no crumbs
        return False
    parts = _CRUMB_SEPARATOR.split(line.strip())
    return len(parts) >= 2 and all(0 < len(part.split()) <= _CRUMB_MAX_WORDS for part in parts)


def is_lead_furniture(line: str) -> bool:
    """Whether a line at the top of the body is page furniture rather than the article's first paragraph."""
    return is_date_line(line) or is_breadcrumb(line)
