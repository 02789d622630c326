"""Publication and modification dates of an article page.

Sources are tried from the most to the least trustworthy: structured data (JSON-LD, meta tags, microdata),
checked against the dateline readers see next to the headline (a later day shown alone there means the markup
is stale), the URL, the dateline, a search of the page without its boilerplate, then the date the listing page
showed. Dates in sidebars of other headlines, in comments and embedded posts, and the crawl date are never taken.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import dateparser
import htmldate
import lxml.html

from twincrawl.html import (
    ARTICLE_TYPES,
    content_nodes,
    date_marked,
    first_heading,
    heading_index,
    headline,
    jsonld_objects,
    jsonld_types,
    meta_content,
    node_text,
    parse_html,
    read_text,
    short_blocks,
    without_boilerplate,
)

#: Dates before this year are refused unless structured data states them (old dates on a news page are
#: almost always history quoted in the text).
MIN_YEAR = 1990
#: The whole-page search is skipped on pages larger than this (its cost grows with every date-like string,
#: and article pages rarely exceed a few thousand elements).
SEARCH_MAX_ELEMENTS = 5_000
#: Structured data is trusted back to here (archives of old documents do carry such dates).
MIN_STRUCTURED_YEAR = 1900


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
    has_time: bool
    """Whether the page gave a time of day."""


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

_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)"
    r"(?:[T\s]+(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-][01]\d(?::?[0-5]\d)?)?)?"
)
_COMPACT = re.compile(
    r"^(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)"
    r"(?:T?(?P<H>[0-2]\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]\d))?(?:\.\d+)?(?P<tz>Z|[+-][01]\d(?::?[0-5]\d)?)?)?"
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
    the listing page or feed showed next to the link, used when the page itself says nothing; ``now`` bounds
    dates from the future (default: the current time); ``languages`` hints the language of visible dates.
    """
    zone = _zone(timezone)
    limit = (now or datetime.now(UTC)) + timedelta(days=1)
    if tree is None:
        tree = parse_html(html)
    if tree is not None:
        found = _from_page(tree, url, zone, languages or _page_languages(tree), limit)
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
    tree: lxml.html.HtmlElement, url: str, zone: ZoneInfo, languages: Sequence[str], limit: datetime
) -> FoundDate | None:
    """The page's own date: structured data checked against the dateline, else the URL, dateline, search."""
    in_url = _url_date(url)
    shown = _first_days(found for found in visible_dates(tree, zone, languages) if found and _plausible(found, limit))
    structured = _structured(tree, zone, _PUBLISHED_JSONLD, _PUBLISHED_META, "datePublished")
    stated = next((found for found in structured if found is not None and _plausible(found, limit)), None)
    if stated is not None:
        return _checked_against_page(stated, in_url, shown, zone)
    unqualified = _structured(tree, zone, (), _UNQUALIFIED_META, None)
    stated = next((found for found in unqualified if found is not None and _plausible(found, limit)), None)
    if stated is not None:
        if len({found.local_date for found in shown}) == 1 and shown[0].local_date != stated.local_date:
            return shown[0]
        return _checked_against_page(stated, in_url, shown, zone)
    for found in (in_url, *shown):
        if found is not None and _plausible(found, limit):
            return found
    return _searched(tree, url, limit)


def _first_days(found: Iterable[FoundDate]) -> list[FoundDate]:
    """The dates up to the first one on a second calendar day: enough to tell whether the page shows one day."""
    taken: list[FoundDate] = []
    for one in found:
        taken.append(one)
        if one.local_date != taken[0].local_date:
            break
    return taken


def _checked_against_page(
    stated: FoundDate, in_url: FoundDate | None, shown: Sequence[FoundDate], zone: ZoneInfo
) -> FoundDate:
    """The structured date, unless the page consistently shows a later one.

    When every date around the headline is one and the same day, later than the markup's (beyond what a UTC
    stamp shows in some time zone) and the URL does not back the markup, the markup carries a stale date (the
    draft's creation, a template's, the first version of a republished page) and the reader-facing dateline
    wins. Otherwise a UTC stamp takes the calendar day the page shows (the URL or dateline, when some time
    zone shows that day), else the day in the site's zone.
    """
    utc_stamp = stated.has_time and _UTC_STAMP.search(stated.raw) is not None
    days = {found.local_date for found in shown}
    if (
        len(days) == 1
        and shown[0].local_date > stated.local_date
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


def _searched(tree: lxml.html.HtmlElement, url: str, limit: datetime) -> FoundDate | None:
    """The last resort: htmldate's search of the whole page for the most likely publication date."""
    if sum(1 for _ in tree.iter()) > SEARCH_MAX_ELEMENTS:
        return None
    try:
        found = htmldate.find_date(
            without_boilerplate(tree),
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
    for found in _structured(tree, zone, _MODIFIED_JSONLD, _MODIFIED_META, "dateModified"):
        if found is not None and _plausible(found, limit):
            return found
    return None


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


def _page_languages(tree: lxml.html.HtmlElement) -> list[str]:
    """The language the page declares: on ``<html>``, else in its meta tags (og:locale "de_DE", content-language)."""
    declared = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    hit = meta_content(tree, "og:locale", "content-language", "language", "dc.language")
    declared.append(hit[1] if hit else None)
    declared.extend(
        meta.get("content")
        for meta in tree.iter("meta")
        if (meta.get("http-equiv") or "").strip().lower() == "content-language"
    )
    for value in declared:
        match = _LANGUAGE_CODE.match(value or "")
        if match:
            return [match.group(1).lower()]
    return []


_LANGUAGE_CODE = re.compile(r"\s*([A-Za-z]{2})(?![A-Za-z])")


def _structured(
    tree: lxml.html.HtmlElement,
    zone: ZoneInfo,
    jsonld_keys: Sequence[str],
    meta_names: Sequence[str],
    itemprop: str | None,
) -> Iterator[FoundDate | None]:
    objects = jsonld_objects(tree)
    articles = [obj for obj in objects if jsonld_types(obj) & ARTICLE_TYPES]
    for obj in [*articles, *(obj for obj in objects if obj not in articles)]:
        for key in jsonld_keys:
            value = obj.get(key)
            if isinstance(value, str):
                yield parse_structured(value, zone, "jsonld")
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    for name in meta_names:
        if name in metas:
            yield parse_structured(metas[name], zone, "meta")
    for node in tree.xpath(f'//*[@itemprop="{itemprop}"]') if itemprop else ():
        raw = node.get("content") or node.get("datetime") or node.get("title") or node.text_content()
        yield parse_structured(raw or "", zone, "meta")


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
    return FoundDate(moment=local.astimezone(UTC), local_date=day, raw=raw, where=where, has_time=True)


def date_only(day: date, raw: str, where: str) -> FoundDate:
    """A date without a time: the calendar day at 00:00 UTC, so that no zone shifts it."""
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return FoundDate(moment=moment, local_date=day, raw=raw, where=where, has_time=False)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text in {"Z", "UTC", "GMT"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


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
    rf"(?<!\d)(?:[0-3]?\d(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?{_WORD},?\s+(?:de\s+)?"
    rf"|{_WORD}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+)(?:19|20)\d\d(?!\d)" + _TIME_AFTER
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
    snippet = match.group(0)
    if match.group("H") is not None:
        snippet = snippet[: match.start("H") - match.start()].rstrip(" ,-—|")
    parsed = _dateparser(snippet, languages)
    if parsed is None:
        return None
    return _with_time(parsed, match, text, zone=zone, where=where)


def _dateparser(snippet: str, languages: Sequence[str]) -> date | None:
    declared = [lang.lower()[:2] for lang in languages if lang]
    parsed = _cached_dateparser(snippet, tuple(dict.fromkeys([*declared, "en"])))
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
        moment=local.astimezone(UTC), local_date=day, raw=match.group(0).strip(), where=where, has_time=True
    )


#: How many short blocks after / before the headline are read for its dateline.
AFTER_HEADLINE = 25
BEFORE_HEADLINE = 6


def visible_dates(tree: lxml.html.HtmlElement, zone: ZoneInfo, languages: Sequence[str]) -> Iterator[FoundDate | None]:
    """Dates written on the page near its headline, nearest first, then the lead paragraph's dateline, then
    elements marked as dates (those below the headline first).

    Blocks inside navigation, sidebars and footers, and blocks that are mostly a link to another page (a list
    of headlines), are never read.
    """
    content = content_nodes(tree, as_read=True, page_forms=True)
    blocks = short_blocks(tree, content)
    heading = headline(tree)
    if heading is None:
        heading = first_heading(tree)
    at_headline = heading_index(tree, blocks, heading)
    if heading is not None and at_headline is not None:
        after = blocks[at_headline : at_headline + AFTER_HEADLINE]
        before = blocks[max(0, at_headline - BEFORE_HEADLINE) : at_headline][::-1]
        # Nearest first, the block after the headline before the one as far before it.
        order = sorted(
            [(distance, 0, block) for distance, block in enumerate(after)]
            + [(distance + 1, 1, block) for distance, block in enumerate(before)],
            key=lambda item: item[:2],
        )
        title = read_text(heading)
        holding = set(heading.iterancestors())
        for _, _, block in order:
            # A header holding the headline and its byline: the dateline is read as if the headline were not there.
            yield from _node_dates(block, zone, languages, without=title if block in holding else "")
        yield _lead_dateline(heading, content[0], zone, languages)
    for node in _nearest_first(tree, heading, date_marked(tree, content)):
        yield from _node_dates(node, zone, languages)


#: The lead paragraph is the first element after the headline with at least this much text of its own, looked for
#: among this many elements; its dateline is looked for in its first characters.
LEAD_CHARS = 80
LEAD_SEARCH_NODES = 200
LEAD_HEAD_CHARS = 100
#: A lead's dateline follows at most a place and an agency ("Karlsruhe, (12.11.2021). Traditionell…",
#: "BERLIN (dpa) 3. März 2020 – Die…") and is closed by punctuation, not by the rest of a sentence ("Am 5. Februar
#: 2020 findet…", "On June 20, 2020, the horse…" name the day of an event).
LEAD_PREFIX_WORDS = 4
_CLOSES_DATELINE = re.compile(r"\s*\)?\s*[.:–—\-/|)]")


def _lead_dateline(
    heading: lxml.html.HtmlElement, nodes: list[lxml.html.HtmlElement], zone: ZoneInfo, languages: Sequence[str]
) -> FoundDate | None:
    """The dateline opening the article's first paragraph, as news agencies and press releases write it."""
    if heading not in nodes:
        return None
    start = nodes.index(heading) + 1
    for node in nodes[start : start + LEAD_SEARCH_NODES]:
        own = (node.text or "").strip() + "".join((child.tail or "").strip() for child in node)
        if len(own) < LEAD_CHARS:
            continue
        text = read_text(node)[:LEAD_HEAD_CHARS]
        found = parse_visible(text, zone, languages, where="visible")
        if found is None or (at := text.find(found.raw)) < 0:
            return None
        opens = len(text[:at].split()) <= LEAD_PREFIX_WORDS and _CLOSES_DATELINE.match(text, at + len(found.raw))
        return found if opens else None
    return None


def _nearest_first(
    tree: lxml.html.HtmlElement, heading: lxml.html.HtmlElement | None, nodes: list[lxml.html.HtmlElement]
) -> list[lxml.html.HtmlElement]:
    """Elements after the headline in document order, then those before it from the nearest.

    A date above the headline and out of reach of its dateline is mostly the site header's "today".
    """
    if heading is None or not nodes:
        return nodes
    positions = {node: position for position, node in enumerate(tree.iter())}
    where = positions.get(heading, 0)
    after = [node for node in nodes if positions.get(node, 0) >= where]
    before = [node for node in nodes if positions.get(node, 0) < where]
    return after + before[::-1]


def _node_dates(
    node: lxml.html.HtmlElement, zone: ZoneInfo, languages: Sequence[str], *, without: str = ""
) -> Iterator[FoundDate | None]:
    """Dates stamped in the element, then the first date of its text (less ``without``) if it reads as a dateline."""
    for stamped in node.iter("time", "abbr"):
        machine = stamped.get("datetime") or stamped.get("title")
        if machine:
            yield _stamp_as_shown(parse_structured(machine, zone, "time"), stamped, zone, languages)
    text = read_text(node)
    if without:
        text = " ".join(text.replace(without, " ", 1).split())
    if text and any(char.isdigit() for char in text) and len(set(_YEAR.findall(text))) < CALENDAR_YEARS:
        found = _dateline(text, zone, languages)
        if found is None and len(text) <= SHORT_YEAR_CHARS:
            found = _short_year_date(text, zone)
        if found is not None and _reads_as_dateline(text, found):
            yield found


#: A block this short may write its date with a two-digit year ("02.12.19", "31.10.23 | 14:05"); in longer text
#: such a number is as likely a version, a score or a reference.
SHORT_YEAR_CHARS = 32
_SHORT_YEAR = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d\d)(?![\d.])" + _TIME_AFTER)


def _short_year_date(text: str, zone: ZoneInfo) -> FoundDate | None:
    """A day.month.year date with the year in two digits, read as this century's."""
    match = _SHORT_YEAR.search(text)
    if match is None:
        return None
    try:
        day = date(2000 + int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None
    return _with_time(day, match, text, zone=zone, where="visible")


#: A short block naming this many different years is a calendar or an archive's list of years, not a dateline
#: ("Oct Nov Dec 10 2012 2013 2014 1 capture").
CALENDAR_YEARS = 3
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


#: Words that make the date after them the end of a period, not a publication ("Video verfügbar bis: 14.10.2020",
#: "du 14 au 20 janvier 2022"). Updates are not among them: a page showing only "Updated 12 March" is dated
#: by readers (and by this module) on that day.
_PERIOD_END = re.compile(
    # The short words only in lower case: "Al Jazeera, 12 March 2020" is a dateline.
    r"(?i:until|till|expires|jusqu|hasta|fino a)|\b(?:bis|au|al|tot|до|по)\b"
)
#: How far before a date such a word is looked for (no other number may stand between them).
PERIOD_END_WINDOW = 40
#: How many dates of one block are read, skipping the ends of periods, before giving up on it.
DATES_PER_BLOCK = 3


def _dateline(text: str, zone: ZoneInfo, languages: Sequence[str]) -> FoundDate | None:
    """The first date of a block that does not end a period."""
    offset = 0
    for _ in range(DATES_PER_BLOCK):
        found = parse_visible(text[offset:], zone, languages, where="visible")
        if found is None:
            return None
        start = text.find(found.raw, offset)
        if start < 0:
            return found
        before = text[max(offset, start - PERIOD_END_WINDOW) : start]
        before = re.split(r"\d", before)[-1]
        if not _PERIOD_END.search(before):
            return found
        offset = start + len(found.raw)
    return None


def _stamp_as_shown(
    stamp: FoundDate | None, stamped: lxml.html.HtmlElement, zone: ZoneInfo, languages: Sequence[str]
) -> FoundDate | None:
    """A machine stamp, unless the element shows readers a different day (beyond a time-zone shift)."""
    text = node_text(stamped)
    if stamp is None or not any(char.isdigit() for char in text):
        return stamp
    shown = parse_visible(text, zone, languages, where="visible")
    if shown is not None and abs(shown.local_date - stamp.local_date) > timedelta(days=1):
        return shown
    return stamp


#: A date further into a block than this, in a block longer than DATELINE_CHARS, is part of a sentence
#: ("the tunnel is closed from 24 April to 2 October 2017"), not the article's dateline.
DATELINE_OFFSET = 40
DATELINE_CHARS = 90


#: A date with at least this many words on either side, in a block ending a sentence, is inside that sentence however
#: short the block ("Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr im Cafe statt.").
SENTENCE_WORDS = 4


def _reads_as_dateline(text: str, found: FoundDate) -> bool:
    at = text.find(found.raw)
    after = text[at + len(found.raw) :]
    in_sentence = len(text[:at].split()) >= SENTENCE_WORDS and len(after.split()) >= SENTENCE_WORDS
    if in_sentence and after.endswith((".", "!", "?")):
        return False
    return len(text) <= DATELINE_CHARS or at <= DATELINE_OFFSET
