"""The source registry: one YAML entry per news site, validated when loaded.

The shipped entries live beside this module (``*.yaml``); users add their own files with ``--sources-file``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from twincrawl.registry.actions import parse_action
from twincrawl.registry.yamlfile import LinedDict, YamlFileError, load_yaml

_KEY = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_RENDER_MODES = ("html", "js")
_FIELDS = {
    "key", "name", "country", "city", "languages", "timezone", "start_urls", "feeds", "sitemaps",
    "article_urls", "listing_urls", "max_listing_pages", "render", "encoding", "allow_addresses",
    "enabled", "verified", "notes", "js_urls", "js_action",
}  # fmt: skip


class RegistryError(ValueError):
    """A registry file or entry is invalid; the message names the file, the entry and the field."""


@attrs.frozen(kw_only=True)
class Source:
    """One news site and how to crawl it."""

    key: str
    """Unique registry key, used on the command line and stored on every article."""
    name: str
    """Human-readable name."""
    country: str
    """ISO 3166-1 alpha-2 code of the publisher's country."""
    city: str
    """The publisher's city (English name)."""
    languages: tuple[str, ...]
    """ISO 639-1 codes of the languages the site publishes in."""
    timezone: str
    """IANA timezone of the publisher: dates without an offset are read in it."""
    start_urls: tuple[str, ...] = ()
    """Listing pages to start from."""
    feeds: tuple[str, ...] = ()
    """RSS or Atom feeds."""
    sitemaps: tuple[str, ...] = ()
    """Sitemaps, sitemap indexes or news sitemaps."""
    article_urls: tuple[re.Pattern[str], ...] = ()
    """A link is an article when one of these matches it (``re.search`` on the absolute URL)."""
    listing_urls: tuple[re.Pattern[str], ...] = ()
    """A link is a further listing page (pagination) when one of these matches it."""
    max_listing_pages: int = 20
    """At most this many listing pages are followed per run."""
    render: str = "html"
    """``html`` (plain HTTP) or ``js`` (rendered in Chromium)."""
    js_urls: tuple[re.Pattern[str], ...] = ()
    """URLs rendered in Chromium even when ``render`` is ``html``."""
    js_action: dict[str, Any] | None = None
    """A declared action on JS listings, e.g. ``{"click": "button.more", "times": 3}`` or ``{"scroll": 5}``."""
    encoding: str | None = None
    """Encoding to use when the page does not declare one reliably (e.g. ``cp1251``)."""
    allow_addresses: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    """Non-public networks this source may connect to (e.g. 127.0.0.1 for a local replica)."""
    enabled: bool = True
    """Disabled sources are listed but not crawled."""
    verified: bool = False
    """False when the entry was written from knowledge of the site and never checked against it."""
    notes: str = ""
    """Free text."""
    origin: str = ""
    """The file the entry came from."""

    def is_article(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self.article_urls)

    def is_listing(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self.listing_urls)

    def needs_browser(self, url: str) -> bool:
        return self.render == "js" or any(pattern.search(url) for pattern in self.js_urls)


class _EntryReader:
    """Reads one raw YAML mapping into a Source, raising RegistryError that names file, entry and field."""

    def __init__(self, origin: str, index: int, raw: dict[str, Any]) -> None:
        self.origin = origin
        self.raw = raw
        self.label = f"entry {index + 1}" + (f" ({raw['key']!r})" if isinstance(raw.get("key"), str) else "")

    def fail(self, field: str, problem: str) -> RegistryError:
        line = f": line {self.raw.line_of(field)}" if isinstance(self.raw, LinedDict) else ""
        return RegistryError(f"{self.origin}{line}: {self.label}: field '{field}': {problem}")

    def text(self, field: str, pattern: re.Pattern[str] | None = None, required: bool = True) -> str | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.fail(field, "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"must be a non-empty string, got {value!r}")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(field, f"{value!r} does not match {pattern.pattern}")
        return value

    def strings(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise self.fail(field, f"must be a list of strings, got {value!r}")
        return tuple(value)

    def urls(self, field: str) -> tuple[str, ...]:
        urls = self.strings(field)
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise self.fail(field, f"{url!r} is not an absolute http(s) URL")
        return urls

    def patterns(self, field: str) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for text in self.strings(field):
            try:
                compiled.append(re.compile(text))
            except re.error as error:
                raise self.fail(field, f"{text!r} is not a valid regular expression ({error})") from error
        return tuple(compiled)

    def flag(self, field: str, default: bool) -> bool:
        value = self.raw.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, f"must be true or false, got {value!r}")
        return value

    def networks(self, field: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        networks = []
        for text in self.strings(field):
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError as error:
                raise self.fail(field, f"{text!r} is not an IP address or network") from error
        return tuple(networks)

    def read(self) -> Source:
        unknown = sorted(set(self.raw) - _FIELDS)
        if unknown:
            raise self.fail(unknown[0], f"unknown field (known: {', '.join(sorted(_FIELDS))})")
        timezone = self.text("timezone")
        try:
            ZoneInfo(str(timezone))
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise self.fail("timezone", f"{timezone!r} is not an IANA timezone name") from error
        languages = self.strings("languages")
        if not languages or not all(_LANGUAGE.fullmatch(code) for code in languages):
            raise self.fail("languages", f"must list ISO 639-1 codes, got {languages!r}")
        render = self.raw.get("render", "html")
        if render not in _RENDER_MODES:
            raise self.fail("render", f"must be one of {', '.join(_RENDER_MODES)}, got {render!r}")
        max_pages = self.raw.get("max_listing_pages", 20)
        if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
            raise self.fail("max_listing_pages", f"must be a positive integer, got {max_pages!r}")
        encoding = self.text("encoding", required=False)
        if encoding is not None:
            try:
                "".encode(encoding)
            except LookupError as error:
                raise self.fail("encoding", f"{encoding!r} is not a known encoding") from error
        js_action = self.raw.get("js_action")
        if js_action is not None and not isinstance(js_action, dict):
            raise self.fail("js_action", f"must be a mapping, got {js_action!r}")
        if js_action is not None:
            try:
                parse_action(js_action)
            except ValueError as error:
                raise self.fail("js_action", str(error)) from error
        source = Source(
            key=str(self.text("key", _KEY)),
            name=str(self.text("name")),
            country=str(self.text("country", _COUNTRY)),
            city=str(self.text("city")),
            languages=languages,
            timezone=str(timezone),
            start_urls=self.urls("start_urls"),
            feeds=self.urls("feeds"),
            sitemaps=self.urls("sitemaps"),
            article_urls=self.patterns("article_urls"),
            listing_urls=self.patterns("listing_urls"),
            max_listing_pages=max_pages,
            render=render,
            js_urls=self.patterns("js_urls"),
            js_action=js_action,
            encoding=encoding,
            allow_addresses=self.networks("allow_addresses"),
            enabled=self.flag("enabled", True),
            verified=self.flag("verified", False),
            notes=str(self.raw.get("notes") or ""),
            origin=self.origin,
        )
        if not (source.start_urls or source.feeds or source.sitemaps):
            raise self.fail("start_urls", "a source needs at least one of start_urls, feeds or sitemaps")
        if not source.article_urls:
            raise self.fail("article_urls", "is required: without it no link is taken as an article")
        return source


def load_file(path: Path | Traversable) -> list[Source]:
    """Load and validate one registry file (a path, or a resource of an installed package)."""
    try:
        document = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RegistryError(f"{path}: cannot read the registry file ({error.strerror})") from error
    except YamlFileError as error:
        raise RegistryError(f"{path}: {error}") from error
    entries = document.get("sources") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise RegistryError(f"{path}: expected a top-level 'sources:' list")
    sources = []
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise RegistryError(f"{path}: entry {index + 1}: must be a mapping of fields, got {raw!r}")
        sources.append(_EntryReader(str(path), index, raw).read())
    return sources


def shipped_files() -> list[Traversable]:
    """The registry files that ship with twincrawl, read as package resources (an installed wheel, a zipped
    egg under Scrapyd, a checkout)."""
    files = resources.files(__package__).iterdir()
    return sorted((file for file in files if file.name.endswith(".yaml")), key=lambda file: file.name)


def load_registry(paths: Iterable[Path] | None = None) -> dict[str, Source]:
    """Load registry files (the shipped ones by default) into a mapping key -> Source.

    Raises RegistryError on the first invalid entry or on a key defined twice.
    """
    registry: dict[str, Source] = {}
    files: Iterable[Path | Traversable] = shipped_files() if paths is None else [Path(path) for path in paths]
    for file in files:
        for source in _loaded(file):
            if source.key in registry:
                raise RegistryError(
                    f"{source.origin}: source key {source.key!r} is already defined in "
                    f"{registry[source.key].origin}: field 'key': must be unique"
                )
            registry[source.key] = source
    return registry


#: Files already read in this process, by what identifies their content: every component of a crawl asks for the
#: registry, and a file is parsed and validated once.
_LOADED: dict[tuple[str, int, int], list[Source]] = {}


def _loaded(file: Path | Traversable) -> list[Source]:
    """:func:`load_file`, once per file and content: a file changed on disk (size or modification time) is read
    again; a shipped resource is the same for the life of the process."""
    if isinstance(file, Path):
        try:
            status = file.stat()
        except OSError:
            return load_file(file)  # says what is wrong with the path
        identity = (str(file.resolve()), status.st_mtime_ns, status.st_size)
    else:
        identity = (f"shipped:{file.name}", 0, 0)
    if identity not in _LOADED:
        _LOADED[identity] = load_file(file)
    return _LOADED[identity]


def select(registry: dict[str, Source], keys: Sequence[str] = ()) -> list[Source]:
    """The sources to crawl: the given keys (enabled or not), else every enabled source."""
    unknown = [key for key in keys if key not in registry]
    if unknown:
        raise RegistryError(
            f"unknown source key(s): {', '.join(unknown)} (see `twincrawl sources list` for the known keys)"
        )
    if keys:
        return [registry[key] for key in keys]
    return [source for source in registry.values() if source.enabled]
