"""From a fetched page to an Article: decode -> extract -> dates -> relevance + places -> fingerprint.

Pure functions, no Scrapy: the crawl's pipeline, ``reprocess`` and the benchmarks all call :func:`process_page`.
"""

from __future__ import annotations

import functools
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol
from urllib.parse import urljoin

import attrs
import lxml.html
import trafilatura

from twincrawl.dates import FoundDate, find_modified, find_published, published_local
from twincrawl.dedup import fingerprints
from twincrawl.extract import Extracted, ExtractionMode, decode_html, extract, extraction_mode, looks_binary
from twincrawl.extract.html import node_text, parse_html
from twincrawl.fetch import joined
from twincrawl.items import Article, FetchedPage, article_id, identity_url, iso_utc
from twincrawl.registry import Source
from twincrawl.tagging import find_pairs, find_places, home_city, pair_states, prepare_vocabularies, score_relevance
from twincrawl.version import __version__


def extractor_version(mode: ExtractionMode = "accurate") -> str:
    """What made a record; it changes whenever processing would give different records for the same page
    (``reprocess`` compares it). The fast mode's records say so: the accurate mode would give others."""
    version = f"{__version__}+trafilatura-{trafilatura.__version__}"
    return version if mode == "accurate" else f"{version}+{mode}"


_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_SOFT_404_TITLES = ("404", "not found", "page not found", "страница не найдена", "ошибка 404", "seite nicht gefunden")


#: A page whose extracted text is made of the summaries beside this many article links is an index (a listing,
#: tag or archive page at an article-like URL); an article's related links carry no summaries in its text.
_INDEX_MIN_TEASERS = 5
_TEASER_MIN_CHARS = 20


class Skipped(Exception):
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
    extraction_mode: ExtractionMode = "accurate"
    """``accurate`` (trafilatura checked against a second opinion) or ``fast`` (trafilatura alone)."""
    timeout: float = 0.0
    """CPU seconds one page may take before it is skipped as ``processing timeout`` (0 = no limit). Enforced with
    SIGPROF, so only when processing runs in a process's main thread (the crawl's reactor or a worker)."""

    @classmethod
    def from_settings(cls, settings: SettingsReader) -> ProcessingOptions:
        """The options a crawl's settings give (``TWINCRAWL_RELEVANCE_THRESHOLD``, ``TWINCRAWL_MIN_TEXT_CHARS``,
        ``TWINCRAWL_MAX_PAGE_BYTES``, ``TWINCRAWL_PROCESS_TIMEOUT``, ``TWINCRAWL_EXTRACTION_MODE``): the crawl,
        its workers and ``twincrawl reprocess`` process pages alike."""
        return cls(
            relevance_threshold=settings.getfloat("TWINCRAWL_RELEVANCE_THRESHOLD"),
            min_text_chars=settings.getint("TWINCRAWL_MIN_TEXT_CHARS"),
            max_page_bytes=settings.getint("TWINCRAWL_MAX_PAGE_BYTES"),
            timeout=settings.getfloat("TWINCRAWL_PROCESS_TIMEOUT"),
            extraction_mode=extraction_mode(settings.get("TWINCRAWL_EXTRACTION_MODE")),
        )


class SettingsReader(Protocol):
    """What :meth:`ProcessingOptions.from_settings` reads: Scrapy's ``Settings`` has it, so has any object with
    these three methods (the core does not import Scrapy)."""

    def get(self, name: str, default: Any = None) -> Any: ...

    def getint(self, name: str, default: int = 0) -> int: ...

    def getfloat(self, name: str, default: float = 0.0) -> float: ...


class Overtime(BaseException):
    """Raised by the watchdog's alarm; not an Exception, so no ``except Exception`` on the way swallows it."""


@contextmanager
def cpu_deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`Overtime` in this thread once the process has spent ``seconds`` of CPU time (a no-op outside
    the main thread). CPU time, not wall time: on a machine busy with other work a page must not be skipped for
    waiting its turn at a core, so that the same pages give the same articles however loaded the machine is."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Overtime

    started = time.process_time()
    previous = signal.signal(signal.SIGPROF, alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        if outer_delay:  # a CPU alarm someone else had set (a profiler) is set again
            left = outer_delay - (time.process_time() - started)
            signal.setitimer(signal.ITIMER_PROF, max(left, 0.001), outer_interval)


_WARM_UP_TEXT = (
    "Делегация города-побратима посетила Волгоград 12 марта 2024 года и обсудила сотрудничество. "
    "A delegation from the sister city of Coventry visited Volgograd on 12 March 2024. "
)
_warm_languages: set[str] = set()


def warm_up(source: Source) -> None:
    """Process a small built-in page once per language set, outside any deadline: the first page of a process
    loads the vocabularies, the gazetteer and the date parser's languages, which must not count against a page."""
    languages = set(source.languages)
    if languages <= _warm_languages:
        return
    _warm_languages.update(languages)
    for language in languages:
        prepare_vocabularies(language)
    html = f"<html><head><title>Warm-up</title></head><body><p>{_WARM_UP_TEXT * 3}</p></body></html>"
    page = FetchedPage(url="http://localhost/warm-up", source=source.key, body=html.encode("utf-8"))
    try:
        _process(page, source, ProcessingOptions())
    except Exception:  # a warm-up that fails costs nothing: the real pages report their own errors
        return


def warmed_languages() -> frozenset[str]:
    """The languages this process has warmed up for (:func:`warm_up`)."""
    return frozenset(_warm_languages)


def process_page(page: FetchedPage, source: Source, options: ProcessingOptions | None = None) -> Article:
    """Make the Article for a fetched page, or raise :class:`Skipped` with the reason there is none."""
    options = options or ProcessingOptions()
    if options.timeout > 0:
        warm_up(source)
    try:
        with cpu_deadline(options.timeout):
            return _process(page, source, options)
    except Overtime:
        raise Skipped("processing timeout", f"over {options.timeout:g} s") from None


def _process(page: FetchedPage, source: Source, options: ProcessingOptions) -> Article:
    _check_body(page, options)
    html = decode_html(page.body, page.headers.get("content-type"), source.encoding)
    tree = parse_html(html)
    if tree is None:
        raise Skipped("unparsable html")
    teasers = _teasers(tree, page.url, source)
    found = extract(html, page.url, languages=source.languages, tree=tree, mode=options.extraction_mode)
    if _is_soft_404(found.title):
        raise Skipped("soft 404", found.title)
    if sum(any(text in found.text for text in beside) for beside in teasers) >= _INDEX_MIN_TEASERS:
        raise Skipped("index page", f"{len(teasers)} article links")
    if len(found.text) < options.min_text_chars:
        raise Skipped("no article text", f"{len(found.text)} characters")
    published = find_published(
        html, page.url, timezone=source.timezone, listing_date=page.listing_date,
        now=page.fetched_at, languages=source.languages, tree=tree,
    )  # fmt: skip
    modified = find_modified(html, page.url, timezone=source.timezone, tree=tree)
    language = found.language or (source.languages[0] if len(source.languages) == 1 else None)
    relevance = score_relevance(found.title, found.text, language, threshold=options.relevance_threshold)
    headline_and_body = f"{found.title}\n{found.text}"
    places = find_places(headline_and_body, language)
    pairs = find_pairs(headline_and_body, places, language, home_city(source.city, source.country))
    content_hash, simhash = fingerprints(found.title, found.text)
    canonical = found.canonical_url or page.url
    return Article(
        id=article_id(identity_url(page.url, found.canonical_url)),
        url=page.url,
        canonical_url=canonical,
        source=source.key,
        title=found.title,
        text=found.text,
        author=found.author,
        language=language,
        image=found.image,
        published=iso_utc(published.moment) if published else None,
        published_precision=published.precision if published else None,
        published_local=published_local(published, source.timezone) if published else None,
        published_raw=published.raw if published else None,
        published_from=published.where if published else None,
        modified=iso_utc(modified.moment) if modified else None,
        metadata=_metadata(found, modified),
        fetched_at=iso_utc(page.fetched_at) or "",
        etag=page.headers.get("etag"),
        last_modified=page.headers.get("last-modified"),
        relevance=relevance,
        places=places,
        pairs=pairs,
        pair_states=pair_states(headline_and_body, pairs, language),
        content_hash=content_hash,
        simhash=simhash,
        extractor_version=extractor_version(options.extraction_mode),
    )


def _metadata(found: Extracted, modified: FoundDate | None) -> dict[str, dict[str, str]]:
    """Each metadata field's raw value and where it was found (the published date has fields of its own)."""
    metadata = {field: {"raw": value, "from": found.found_in[field]} for field, value in found.raw.items()}
    if modified is not None:
        metadata["modified"] = {"raw": modified.raw, "from": modified.where}
    return metadata


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


def _teasers(tree: lxml.html.HtmlElement, url: str, source: Source) -> list[list[str]]:
    """For each link to another article of the source, the texts beside it in its block (a teaser summary)."""
    found = []
    origin = urljoin(url, "/")
    for anchor in tree.iter("a"):
        href, block = anchor.get("href"), anchor.getparent()
        target = link_target(url, origin, href) if href else url
        if block is None or target == url or not source.is_article(target):
            continue
        beside = [node_text(node) for node in block if node is not anchor and isinstance(node.tag, str)]
        found.append([text for text in beside if len(text) >= _TEASER_MIN_CHARS])
    return found


#: Links that ``urljoin`` resolves with the page's scheme and host alone: root-relative ones and absolute ones with
#: a host (not "//" alone, which takes the page's path, nor links with the tabs and newlines urljoin deletes).
_ORIGIN_ONLY_LINK = re.compile(r"(?:/(?!/)|https?://[^/?#\t\r\n])[^\t\r\n]*\Z")


#: Root-relative links that ``urljoin`` only appends to the origin: no dot segment to remove, and no empty query,
#: fragment or parameters (";") that it would drop.
_APPENDED_LINK = re.compile(r"(?!.*(?:/\.|[?#]$|\?#|;))/(?!/)[^\t\r\n\\]*\Z")


#: Absolute links that ``urljoin`` gives back as they are, whatever the page: an ASCII host with no port, user or
#: brackets, a path with no parameters, and no white space, control characters, empty query or empty fragment.
_UNCHANGED_LINK = re.compile(
    r"https?://[A-Za-z0-9._~%!$&'()*+,=-]+(?:/[^\s\x00-\x1f\x7f?#;\\]*)?"
    r"(?:\?[^\s\x00-\x1f\x7f#\\]+)?(?:#[^\s\x00-\x1f\x7f\\]+)?\Z"
)


def link_target(url: str, origin: str, href: str) -> str:
    """``urljoin(url, href)`` ("" for a link it refuses); a plain absolute link is itself, a plain root-relative
    link is appended to the ``origin`` (``urljoin(url, "/")``), and other links are remembered: a site's navigation
    and sidebars repeat them."""
    if _UNCHANGED_LINK.match(href):
        return href
    if _APPENDED_LINK.match(href):
        return origin[:-1] + href
    if _ORIGIN_ONLY_LINK.match(href):
        return _joined(origin, href)
    return _joined(url, href)


_joined = functools.lru_cache(maxsize=4096)(joined)


def _is_soft_404(title: str) -> bool:
    lowered = title.strip().lower()
    return any(lowered == marker or lowered.startswith(marker + " ") for marker in _SOFT_404_TITLES)
