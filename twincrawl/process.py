"""From a fetched page to an Article: decode -> extract -> dates -> relevance + places -> fingerprint.

Pure functions, no Scrapy: the crawl's pipeline, ``reprocess`` and the benchmarks all call :func:`process_page`.
"""

from __future__ import annotations

import attrs
import trafilatura

from twincrawl import __version__
from twincrawl.dates import find_modified, find_published
from twincrawl.decode import decode_html, looks_binary
from twincrawl.extract import extract
from twincrawl.fingerprint import content_hash, simhash
from twincrawl.html import parse_html
from twincrawl.items import Article, FetchedPage, article_id, iso_utc
from twincrawl.places import find_pairs, find_places
from twincrawl.relevance import score_relevance
from twincrawl.sources import Source

#: Changes whenever processing would give different records for the same page (``reprocess`` compares it).
EXTRACTOR_VERSION = f"{__version__}+trafilatura-{trafilatura.__version__}"

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_SOFT_404_TITLES = ("404", "not found", "page not found", "страница не найдена", "ошибка 404", "seite nicht gefunden")


class Skipped(Exception):  # noqa: N818 - reads as "raise Skipped(reason)"
    """The page gives no article; ``reason`` is a short stable label counted in the run stats."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@attrs.frozen(kw_only=True)
class ProcessingOptions:
    """Thresholds that shape what counts as an article."""

    relevance_threshold: float = 0.5
    """Score from which an article is labelled as twinning news."""
    min_text_chars: int = 200
    """Shorter texts are not articles (index pages, teasers, soft 404s)."""
    max_page_bytes: int = 5 * 1024 * 1024
    """Bigger bodies are skipped without parsing."""


def process_page(page: FetchedPage, source: Source, options: ProcessingOptions | None = None) -> Article:
    """Make the Article for a fetched page, or raise :class:`Skipped` with the reason there is none."""
    options = options or ProcessingOptions()
    _check_body(page, options)
    html = decode_html(page.body, page.headers.get("content-type"), source.encoding)
    tree = parse_html(html)
    if tree is None:
        raise Skipped("unparsable html")
    found = extract(html, page.url, languages=source.languages, tree=tree)
    if _is_soft_404(found.title):
        raise Skipped("soft 404", found.title)
    if len(found.text) < options.min_text_chars:
        raise Skipped("no article text", f"{len(found.text)} characters")
    published = find_published(
        html, page.url, timezone=source.timezone, listing_date=page.listing_date,
        now=page.fetched_at, languages=source.languages, tree=tree,
    )  # fmt: skip
    modified = find_modified(html, page.url, timezone=source.timezone, tree=tree)
    language = found.language or (source.languages[0] if len(source.languages) == 1 else None)
    relevance = score_relevance(found.title, found.text, language, threshold=options.relevance_threshold)
    places = find_places(f"{found.title}\n{found.text}", language)
    canonical = found.canonical_url or page.url
    return Article(
        id=article_id(canonical),
        url=page.url,
        canonical_url=canonical,
        source=source.key,
        title=found.title,
        text=found.text,
        author=found.author,
        language=language,
        image=found.image,
        published=iso_utc(published.moment) if published else None,
        published_raw=published.raw if published else None,
        published_from=published.where if published else None,
        modified=iso_utc(modified.moment) if modified else None,
        fetched_at=iso_utc(page.fetched_at) or "",
        etag=page.headers.get("etag"),
        last_modified=page.headers.get("last-modified"),
        relevance=relevance,
        places=places,
        pairs=find_pairs(found.text, places, language),
        content_hash=content_hash(found.title, found.text),
        simhash=simhash(found.text),
        extractor_version=EXTRACTOR_VERSION,
    )


def _check_body(page: FetchedPage, options: ProcessingOptions) -> None:
    if page.status == 204 or not page.body.strip():
        raise Skipped("empty body")
    if len(page.body) > options.max_page_bytes:
        raise Skipped("page too large", f"{len(page.body)} bytes")
    content_type = page.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in _TEXT_TYPES:
        raise Skipped("not html", content_type)
    if looks_binary(page.body):
        raise Skipped("binary content")


def _is_soft_404(title: str) -> bool:
    lowered = title.strip().lower()
    return any(lowered == marker or lowered.startswith(marker + " ") for marker in _SOFT_404_TITLES)

