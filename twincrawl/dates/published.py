"""Publication and modification dates of an article page.

Sources are tried from the most to the least trustworthy: structured data (JSON-LD, meta tags, microdata),
checked against the dateline readers see next to the headline (a later day shown alone there means the markup
is stale), the URL, the dateline, a search of the page without its boilerplate, then the date the listing page
showed. Dates in sidebars of other headlines, in comments and embedded posts, and the crawl date are never taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import lxml.html

from twincrawl.dates.lines import visible_dates
from twincrawl.dates.markup import Markup, page_languages, page_markup, structured_dates
from twincrawl.dates.search import searched_date
from twincrawl.dates.strings import FoundDate, date_only, parse_visible
from twincrawl.extract.html import parse_html

#: Dates before this year are refused unless structured data states them (old dates on a news page are
#: almost always history quoted in the text).
MIN_YEAR = 1990
#: Structured data is trusted back to here (archives of old documents do carry such dates).
MIN_STRUCTURED_YEAR = 1900


_PUBLISHED_JSONLD = ("datePublished", "dateCreated", "uploadDate")
_MODIFIED_JSONLD = ("dateModified",)
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "published-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "date_published",
    "pub_date",
    "release_date",
    "uploaddate",
)
#: Names that say "a date" without saying which: on some sites the publication, on others the day the page was
#: generated or last edited, so a dateline that disagrees wins over them.
_UNQUALIFIED_META = ("dc.date", "dcterms.date", "date", "created")
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "lastmod",
)

_UTC_STAMP = re.compile(r"(?:Z|[+-]00:?00|UTC|GMT)\s*$")
_URL_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:199|20[0-3])\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?![0-9])"
    r"|(?<![0-9])(?P<y2>(?:199|20[0-3])\d)(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?![0-9])"
)


def find_published(
    html: str,
    url: str,
    *,
    timezone: str = "UTC",
    listing_date: str | None = None,
    now: datetime | None = None,
    languages: Sequence[str] = (),
    tree: lxml.html.HtmlElement | None = None,
) -> FoundDate | None:
    """The date the page was first published, or None when the page does not say.

    ``timezone`` (an IANA name) localizes times written without an offset; ``listing_date`` is the raw date
    the listing page or feed showed next to the link, used when the page itself says nothing; ``now`` is the
    fetch time (default: the current time): it bounds dates from the future, and its day, which site headers show as
    the date of the day, is never taken from outside the article; ``languages`` hints the language of visible dates.
    """
    zone = _zone(timezone)
    fetched = now or datetime.now(UTC)
    limit = fetched + timedelta(days=1)
    if tree is None:
        tree = parse_html(html)
    if tree is not None:
        found = _from_page(
            tree, url, zone, languages or page_languages(tree), limit, today=fetched.astimezone(zone).date()
        )
    else:
        found = _url_date(url)
    if found is not None and _plausible(found, limit):
        return found
    if listing_date:
        found = parse_visible(listing_date, zone, languages, where="listing")
        if found is not None and _plausible(found, limit):
            return found
    return None


def _from_page(
    tree: lxml.html.HtmlElement, url: str, zone: ZoneInfo, languages: Sequence[str], limit: datetime, *, today: date
) -> FoundDate | None:
    """The page's own date: structured data checked against the dateline, else the URL, dateline, search."""
    in_url = _url_date(url)
    visible = visible_dates(tree, zone, languages, today)
    shown = _first_days(found for found in visible if found and _plausible(found, limit))
    markup = page_markup(tree)
    structured = structured_dates(markup, zone, _PUBLISHED_JSONLD, _PUBLISHED_META, "datePublished")
    stated = next((found for found in structured if found is not None and _plausible(found, limit)), None)
    if stated is not None:
        return _checked_against_page(stated, in_url, shown, zone, _modified_days(markup, zone))
    unqualified = structured_dates(markup, zone, (), _UNQUALIFIED_META, None)
    stated = next((found for found in unqualified if found is not None and _plausible(found, limit)), None)
    if stated is not None:
        # Such a date is no earlier than the publication: a dateline showing an earlier day, or only another day, wins.
        if shown and (
            shown[0].local_date < stated.local_date
            or (len({found.local_date for found in shown}) == 1 and shown[0].local_date != stated.local_date)
        ):
            return shown[0]
        return _checked_against_page(stated, in_url, shown, zone)
    for found in (in_url, *shown):
        if found is not None and _plausible(found, limit):
            return found
    return searched_date(tree, url, limit, languages)


def _modified_days(markup: Markup, zone: ZoneInfo) -> set[date]:
    """The calendar days the markup declares as the page's last modification (dateModified and the like)."""
    return {
        found.local_date
        for found in structured_dates(markup, zone, _MODIFIED_JSONLD, _MODIFIED_META, "dateModified")
        if found is not None
    }


def _first_days(found: Iterable[FoundDate]) -> list[FoundDate]:
    """The dates up to the first one on a second calendar day: enough to tell whether the page shows one day."""
    taken: list[FoundDate] = []
    for one in found:
        taken.append(one)
        if one.local_date != taken[0].local_date:
            break
    return taken


def _checked_against_page(
    stated: FoundDate,
    in_url: FoundDate | None,
    shown: Sequence[FoundDate],
    zone: ZoneInfo,
    modified_days: Set[date] = frozenset(),
) -> FoundDate:
    """The structured date, unless the page consistently shows a later one.

    When every date around the headline is one and the same day, later than the markup's (beyond what a UTC
    stamp shows in some time zone) and the URL does not back the markup, the markup carries a stale date (the
    draft's creation, a template's, the first version of a republished page) and the reader-facing dateline
    wins. Not so when the later day is one of ``modified_days`` (the markup's dateModified) and only
    ``<time>`` stamps show it, with no dateline text a reader sees: that is a live blog's or an edited
    article's update stamp, and the published date stands. Otherwise a UTC stamp takes the calendar day the
    page shows (the URL or dateline, when some time zone shows that day), else the day in the site's zone.
    """
    utc_stamp = stated.has_time and _UTC_STAMP.search(stated.raw) is not None
    days = {found.local_date for found in shown}
    if (
        len(days) == 1
        and shown[0].local_date > stated.local_date
        and not (shown[0].local_date in modified_days and all(found.where == "time" for found in shown))
        and not (utc_stamp and shown[0].local_date in _days_around_the_world(stated.moment))
        and (in_url is None or in_url.local_date != stated.local_date)
    ):
        return shown[0]
    if not utc_stamp:
        return stated
    other = next((found for found in (in_url, *shown) if found and found.where in {"url", "visible"}), None)
    if other is not None and other.local_date in _days_around_the_world(stated.moment):
        return attrs.evolve(stated, local_date=other.local_date)
    return attrs.evolve(stated, local_date=stated.moment.astimezone(zone).date())


#: The offsets of the inhabited time zones where news is published, from Hawaii to Kiribati.
WESTMOST_OFFSET = timedelta(hours=-10)
EASTMOST_OFFSET = timedelta(hours=14)


def _days_around_the_world(moment: datetime) -> set[date]:
    """The calendar days an instant falls on somewhere in the world."""
    first, last = (moment + WESTMOST_OFFSET).date(), (moment + EASTMOST_OFFSET).date()
    return {first + timedelta(days=days) for days in range((last - first).days + 1)}


def find_modified(
    html: str, url: str, *, timezone: str = "UTC", tree: lxml.html.HtmlElement | None = None
) -> FoundDate | None:
    """The date the page says it was last modified (structured data only), or None."""
    zone = _zone(timezone)
    if tree is None:
        tree = parse_html(html)
    if tree is None:
        return None
    limit = datetime.now(UTC) + timedelta(days=1)
    for found in structured_dates(page_markup(tree), zone, _MODIFIED_JSONLD, _MODIFIED_META, "dateModified"):
        if found is not None and _plausible(found, limit):
            return found
    return None


def published_local(found: FoundDate, timezone: str) -> str:
    """The published date as the source's readers see it: the day alone, or the date and time in the source's
    time zone (an IANA name) with its offset (see :meth:`FoundDate.local_iso`)."""
    return found.local_iso(_zone(timezone))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}: use an IANA name such as 'Europe/Moscow'") from error


def _plausible(found: FoundDate, limit: datetime) -> bool:
    if found.moment > limit:
        return False
    floor = MIN_STRUCTURED_YEAR if found.where in {"jsonld", "meta"} else MIN_YEAR
    return found.local_date.year >= floor


def _url_date(url: str) -> FoundDate | None:
    match = _URL_DATE.search(url)
    if match is None:
        return None
    year = match.group("y") or match.group("y2")
    month = match.group("m") or match.group("m2")
    day_of_month = match.group("d") or match.group("d2")
    try:
        day = date(int(year), int(month), int(day_of_month))
    except ValueError:
        return None
    return date_only(day, match.group(0), "url")
