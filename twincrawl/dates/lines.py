"""Datelines: the dates a page shows readers around its headline and at the head of its lead paragraph."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import lxml.html

from twincrawl.dates.strings import FoundDate, parse_short_year, parse_structured, parse_visible
from twincrawl.extract.html import (
    content_nodes,
    date_marked,
    first_heading,
    heading_index,
    headline,
    node_text,
    read_text,
    short_blocks,
)

#: A block this short may write its date with a two-digit year ("02.12.19", "31.10.23 | 14:05"); in longer text
#: such a number is as likely a version, a score or a reference.
SHORT_YEAR_CHARS = 32


#: How many short blocks after / before the headline are read for its dateline.
AFTER_HEADLINE = 25
BEFORE_HEADLINE = 6


def visible_dates(
    tree: lxml.html.HtmlElement, zone: ZoneInfo, languages: Sequence[str], today: date | None = None
) -> Iterator[FoundDate | None]:
    """Dates written on the page near its headline, nearest first, then the lead paragraph's dateline, then
    elements marked as dates (those below the headline first).

    Blocks inside navigation, sidebars and footers, and blocks that are mostly a link to another page (a list
    of headlines), are never read; nor is ``today`` (the day the page was fetched) above the headline and outside
    the article holding it: that is the site header's date of the day.
    """
    heading = headline(tree)
    content = content_nodes(tree, as_read=True, page_forms=True, article_asides=True, heading=heading)
    blocks = short_blocks(tree, content)
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
            found = _node_dates(block, zone, languages, without=title if block in holding else "")
            yield from _without_site_today(found, block, heading, today)
        yield _lead_dateline(heading, content[0], zone, languages)
    for node in _nearest_first(heading, date_marked(tree, content)):
        yield from _without_site_today(_node_dates(node, zone, languages), node, heading, today)


def _without_site_today(
    found: Iterator[FoundDate | None],
    node: lxml.html.HtmlElement,
    heading: lxml.html.HtmlElement | None,
    today: date | None,
) -> Iterator[FoundDate | None]:
    """The dates found in ``node``, less ``today`` when the node is in the site's header."""
    for one in found:
        on_today = today is not None and one is not None and one.local_date == today
        if not (on_today and heading is not None and _in_site_header(node, heading)):
            yield one


def _in_site_header(node: lxml.html.HtmlElement, heading: lxml.html.HtmlElement) -> bool:
    """Whether the node comes before the headline and outside the article or main element holding it (on a page
    without one: inside a header element that does not hold the headline)."""
    if node not in heading.xpath("preceding::*"):
        return False
    container = next((element for element in heading.iterancestors() if element.tag in {"article", "main"}), None)
    if container is not None:
        return container not in set(node.iterancestors())
    header = next((element for element in (node, *node.iterancestors()) if element.tag == "header"), None)
    return header is not None and heading not in set(header.iter())


#: The lead paragraph is the first element after the headline with at least this much text of its own (captions
#: aside), looked for among this many elements; its dateline is looked for in its first characters, and in those of
#: the next such element when the first holds no date (a standfirst above the body).
LEAD_CHARS = 80
LEAD_SEARCH_NODES = 200
LEAD_HEAD_CHARS = 100
LEAD_PARAGRAPHS = 2
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
    paragraphs = 0
    for node in nodes[start : start + LEAD_SEARCH_NODES]:
        own = (node.text or "").strip() + "".join((child.tail or "").strip() for child in node)
        if len(own) < LEAD_CHARS or _is_caption(node):
            continue
        text = read_text(node)[:LEAD_HEAD_CHARS]
        found = parse_visible(text, zone, languages, where="visible")
        if found is not None and (at := text.find(found.raw)) >= 0:
            opens = len(text[:at].split()) <= LEAD_PREFIX_WORDS and _CLOSES_DATELINE.match(text, at + len(found.raw))
            return found if opens else None
        paragraphs += 1
        if paragraphs == LEAD_PARAGRAPHS:
            return None
    return None


def _nearest_first(
    heading: lxml.html.HtmlElement | None, nodes: list[lxml.html.HtmlElement]
) -> list[lxml.html.HtmlElement]:
    """Elements after the headline in document order (``nodes`` are in document order), then those before it
    from the nearest.

    A date above the headline and out of reach of its dateline is mostly the site header's "today".
    """
    if heading is None or not nodes:
        return nodes
    split = bisect.bisect_left(nodes, True, key=lambda node: not precedes(node, heading))
    return nodes[split:] + nodes[:split][::-1]


def precedes(node: lxml.html.HtmlElement, other: lxml.html.HtmlElement) -> bool:
    """Whether ``node`` starts before ``other`` in the document (an element starts before its descendants)."""
    node_path = _path(node)
    other_path = _path(other)
    for mine, theirs in zip(node_path, other_path, strict=False):
        if mine is not theirs:
            parent = mine.getparent()
            return parent is not None and parent.index(mine) < parent.index(theirs)
    return len(node_path) < len(other_path)


def _path(node: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The element's ancestors from the root, then the element."""
    path = [node, *node.iterancestors()]
    path.reverse()
    return path


def _node_dates(
    node: lxml.html.HtmlElement, zone: ZoneInfo, languages: Sequence[str], *, without: str = ""
) -> Iterator[FoundDate | None]:
    """Dates stamped in the element, then the first date of its text (less ``without``) if it reads as a dateline."""
    for stamped in node.iter("time", "abbr"):
        machine = stamped.get("datetime") or stamped.get("title")
        if machine:
            yield _stamp_as_shown(parse_structured(machine, zone, "time"), stamped, zone, languages)
    if _is_caption(node):
        return
    text = read_text(node)
    if without:
        text = " ".join(text.replace(without, " ", 1).split())
    if text and any(map(str.isdigit, text)) and len(set(_YEAR.findall(text))) < CALENDAR_YEARS:
        found = _dateline(text, zone, languages)
        if found is None and len(text) <= SHORT_YEAR_CHARS:
            found = parse_short_year(text, zone)
        if found is not None and _reads_as_dateline(text, found):
            yield found


#: A link to one of these is a picture opened large (a gallery's or a lightbox's), whose neighbour text is its caption.
_PICTURE_FILE = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)(?:[?#]|$)", re.IGNORECASE)


def _is_caption(node: lxml.html.HtmlElement) -> bool:
    """Whether the element's text is a picture's caption: inside a figure, or a short block holding a picture
    linked to its own file (a photo's date, or the day of the event pictured, is not the article's)."""
    if any(element.tag in {"figure", "figcaption"} for element in (node, *node.iterancestors())):
        return True
    return any(
        _PICTURE_FILE.search(link.get("href") or "") and next(link.iter("img", "picture"), None) is not None
        for link in node.iter("a")
    )


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
#: Words that make the date after them a print edition's ("Erschienen in der Ausgabe vom 12.03.2020", "Print
#: edition: 4 May 2021", "Печатная версия от 5 мая 2021"): the paper's issue, a day or more after the page's own.
_PRINT_EDITION = re.compile(
    r"(?i:ausgabe|zeitung vom|print edition|printed edition|in print|печатн\w*|номер\w* от|édition (?:papier|du)"
    r"|edizione (?:cartacea|del)|edición impresa|edição impressa|wydanie)"
)
#: How far before a date such a word is looked for (no other number may stand between them).
PERIOD_END_WINDOW = 40
#: How many dates of one block are read, skipping the ends of periods, before giving up on it.
DATES_PER_BLOCK = 3


def _dateline(text: str, zone: ZoneInfo, languages: Sequence[str]) -> FoundDate | None:
    """The first date of a block that neither ends a period nor names a print edition."""
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
        if not _PERIOD_END.search(before) and not _PRINT_EDITION.search(before):
            return found
        offset = start + len(found.raw)
    return None


def _stamp_as_shown(
    stamp: FoundDate | None, stamped: lxml.html.HtmlElement, zone: ZoneInfo, languages: Sequence[str]
) -> FoundDate | None:
    """A machine stamp, unless the element shows readers a different day (beyond a time-zone shift)."""
    text = node_text(stamped)
    if stamp is None or not any(map(str.isdigit, text)):
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
