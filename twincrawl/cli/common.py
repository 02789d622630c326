"""What several commands share: exit codes, the store option, filters."""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from twincrawl.config import (
    DEFAULT_CONTACT,
    DEFAULT_STORE_URI,
    environment_name,
    from_environment,
    user_agent,
)
from twincrawl.fetch import Network
from twincrawl.fetch.polite import PoliteClient
from twincrawl.registry import RegistryError, Source, load_registry
from twincrawl.runs import LOCK_HELD_EXIT_CODE
from twincrawl.store import Query, QueryError, Store, StoreError, holds_no_corpus, open_store
from twincrawl.store.sqlite import path_from_uri
from twincrawl.store.uri import mask_password

OK = 0
PARTIAL_FAILURE = 1
CONFIG_ERROR = 2
LOCK_HELD = LOCK_HELD_EXIT_CODE
#: The crawl was stopped by SIGTERM or SIGINT before its end: what it fetched is stored, the next run resumes.
STOPPED = 4


class UsageError(Exception):
    """Bad configuration or input: printed as one line, exit code 2."""


#: The modules each optional extra installs; a command that needs one sets ``extra`` in its parser's defaults.
_EXTRA_MODULES = {"redis": ("redis", "scrapy_redis")}


def require_extra(args: argparse.Namespace) -> None:
    """Refuses, in one line naming the extra to install, a command whose extra is not installed."""
    extra = getattr(args, "extra", None)
    if extra is None:
        return
    missing = [name for name in _EXTRA_MODULES[extra] if importlib.util.find_spec(name) is None]
    if missing:
        command = " ".join(part for part in (args.command, getattr(args, "benchmark", None)) if part)
        raise UsageError(
            f"twincrawl {command} needs the {extra} extra ({missing[0]} is not installed): "
            f"pip install 'twincrawl[{extra}]'"
        )


def crawl_user_agent() -> str:
    """The crawl's User-Agent, its contact from the environment included."""
    return str(from_environment(os.environ).get("USER_AGENT", user_agent(DEFAULT_CONTACT)))


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", metavar="URI",
        help=f"sqlite:///path.db or mongodb://host:port/db (default: $TWINCRAWL_STORE, else {DEFAULT_STORE_URI})",
    )  # fmt: skip


def store_uri(args: argparse.Namespace) -> tuple[str, str]:
    """The store URI and where it was set (for error messages)."""
    if getattr(args, "store", None):
        return args.store, "--store"
    from_env = from_environment(os.environ).get("TWINCRAWL_STORE_URI")
    if from_env:
        return from_env, f"${environment_name('TWINCRAWL_STORE_URI')}"
    return DEFAULT_STORE_URI, "the default"


def open_store_from(args: argparse.Namespace, *, reader: bool = False) -> Store:
    """The store ``--store`` (or the environment, or the default) names; ``reader``: the command only reads."""
    uri, where = store_uri(args)
    try:
        return open_store(uri, reader=reader)
    except StoreError as error:
        raise UsageError(f"{error} (store set by {where})") from error


def open_corpus_from(args: argparse.Namespace, *, reader: bool = True) -> Store:
    """The store a read command reads (``reader=False`` for one that also writes); one known to hold no corpus is
    refused, and nothing is created."""
    uri, where = store_uri(args)
    try:
        absent = holds_no_corpus(uri)
    except StoreError as error:
        raise UsageError(f"{error} (store set by {where})") from error
    if absent:
        place = str(path_from_uri(uri)) if uri.startswith("sqlite:") else mask_password(uri)
        raise UsageError(f"no corpus at {place} (crawl first, or pass --store)")
    return open_store_from(args, reader=reader)


def check_source(store: Store, query: Query) -> None:
    """Refuses a ``--source`` that is neither a registry key nor in the store, naming the nearest keys."""
    if query.source is None or store.count(Query(source=query.source)) > 0:
        return
    known = set(load_registry()) | {article.source for article in store.query(Query())}
    if query.source in known:
        return
    nearest = difflib.get_close_matches(query.source, sorted(known), n=3)
    hint = f"did you mean {' or '.join(nearest)}?" if nearest else f"known: {', '.join(sorted(known))}"
    raise UsageError(f"--source {query.source!r}: no such source ({hint})")


def add_sources_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sources-file", metavar="YAML", action="append", default=[],
        help="registry file to use instead of the shipped sources (repeatable)",
    )  # fmt: skip


def add_politeness_options(parser: argparse.ArgumentParser) -> None:
    """The pace and budget of a command that reads a site outside a crawl (see :class:`PoliteClient`)."""
    parser.add_argument("--delay", type=float, default=1.0, metavar="SECONDS", help="between requests (default 1)")
    parser.add_argument("--max-requests", type=int, default=80, metavar="N", help="request budget (default 80)")


def polite_client(args: argparse.Namespace, allow: Iterable[Network]) -> PoliteClient:
    """A client with the crawl's User-Agent, the pace and budget of :func:`add_politeness_options`."""
    return PoliteClient(crawl_user_agent(), allow=allow, delay=args.delay, budget=args.max_requests)


def registry_from(args: argparse.Namespace) -> dict[str, Source]:
    try:
        return load_registry([Path(path) for path in args.sources_file] if args.sources_file else None)
    except RegistryError as error:
        raise UsageError(str(error)) from error


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise UsageError(f"{option} {text!r} is not a date: use YYYY-MM-DD") from error


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", help="a city mentioned (any language or spelling: Volgograd, Волгоград, Stalingrad)")
    parser.add_argument("--pair", metavar="CITY,CITY", help="two cities stated as twins, e.g. Volgograd,Coventry")
    parser.add_argument("--country", help="ISO code of a country one of the mentioned cities is in, e.g. GB")
    parser.add_argument("--language", help="ISO 639-1 code of the article's language")
    parser.add_argument("--since", help="published on or after YYYY-MM-DD")
    parser.add_argument("--until", help="published on or before YYYY-MM-DD")
    parser.add_argument("--source", help="registry key of the source")
    parser.add_argument("--text", help="words that must all occur in the title or text")
    label = parser.add_mutually_exclusive_group()
    label.add_argument("--twinning", dest="is_twinning", action="store_const", const=True, help="twinning news only")
    label.add_argument("--not-twinning", dest="is_twinning", action="store_const", const=False,
                       help="articles labelled as not twinning only")  # fmt: skip
    parser.add_argument("--limit", type=int, help="at most this many results")


class UnknownCity(UsageError):
    """A ``--city`` or ``--pair`` name the gazetteer does not know."""

    def __init__(self, option: str, name: str) -> None:
        super().__init__(f"{option}: no city {name!r} in the gazetteer (try its English name)")
        self.option = option
        self.name = name

    def with_nearest(self, known: Iterable[str]) -> UsageError:
        """The same refusal naming the cities of ``known`` (the corpus's) whose names are nearest."""
        by_key = {name.casefold(): name for name in known}
        nearest = [by_key[key] for key in difflib.get_close_matches(self.name.casefold(), sorted(by_key), n=3)]
        if not nearest:
            return UsageError(f"{self.option}: no city {self.name!r} (no city of the corpus has a name like it)")
        return UsageError(f"{self.option}: no city {self.name!r}; nearest: {', '.join(nearest)}")


def add_duplicates_option(parser: argparse.ArgumentParser, default: str, why: str) -> None:
    """``--duplicates keep|hide``: whether articles marked ``duplicate_of`` another are included; ``why`` says
    why this command's default is what it is."""
    parser.add_argument(
        "--duplicates", choices=("keep", "hide"), default=default,
        help="keep or hide articles marked duplicate_of an earlier one (the same story on another source or "
        f"page); default {default}: {why}",
    )  # fmt: skip


def _city_id(name: str, option: str) -> int:
    from twincrawl.tagging import resolve_city

    place = resolve_city(name.strip())
    if place is None:
        raise UnknownCity(option, name.strip())
    return place.geonameid


def query_from(args: argparse.Namespace) -> Query:
    """The Query the filter options describe; every value is validated, none is passed on raw."""
    pair = None
    if args.pair:
        names = args.pair.split(",")
        if len(names) != 2:
            raise UsageError(f"--pair {args.pair!r}: give two cities separated by a comma")
        first, second = (_city_id(name, "--pair") for name in names)
        pair = (first, second)
    try:
        return Query(
            city=_city_id(args.city, "--city") if args.city else None,
            pair=pair,
            country=args.country.upper() if args.country else None,
            language=args.language,
            since=parse_day(args.since, "--since") if args.since else None,
            until=parse_day(args.until, "--until") if args.until else None,
            is_twinning=args.is_twinning,
            source=args.source,
            text=args.text,
            hide_duplicates=args.duplicates == "hide",
            limit=args.limit,
        )
    except QueryError as error:
        raise UsageError(str(error)) from error


def corpus_query(args: argparse.Namespace) -> tuple[Store, Query]:
    """The store a filtering read command reads (see :func:`open_corpus_from`) and the Query its options
    describe; an unknown source key or city is refused with the nearest ones the corpus knows."""
    try:
        query = query_from(args)
    except UnknownCity as unknown:
        store = open_corpus_from(args)
        try:
            names = {place.name for article in store.query(Query()) for place in article.places}
        finally:
            store.close()
        raise unknown.with_nearest(names) from None
    store = open_corpus_from(args)
    try:
        check_source(store, query)
    except UsageError:
        store.close()
        raise
    return store, query


def local_day(published: str | None, source: Source | None) -> str:
    """The day ``published`` (ISO, UTC) falls on in the source's timezone; the UTC day for a source not in the
    registry; dashes when the date is unknown."""
    if not published:
        return "----------"
    moment = datetime.fromisoformat(published)
    if source is not None:
        moment = moment.astimezone(ZoneInfo(source.timezone))
    return moment.date().isoformat()


def setting_overrides(assignments: list[str], profile: str) -> dict[str, str]:
    """``--set NAME=VALUE`` options as settings; a misspelt name is refused with the nearest one (every
    TWINCRAWL_ name must be known; another name only when it is one letter or so from a known one)."""
    from scrapy.settings import Settings  # only the commands that crawl take --set

    known = set(Settings().copy_to_dict()) | {name for name in vars(importlib.import_module(profile)) if name.isupper()}
    overrides: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not name:
            raise UsageError(f"--set {assignment!r}: expected NAME=VALUE")
        if name not in known:
            ours = name.startswith("TWINCRAWL_")
            nearest = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85 if ours else 0.9)
            if nearest or ours:
                hint = f"did you mean {nearest[0]}?" if nearest else "no twincrawl setting has that name"
                raise UsageError(f"--set {name}: unknown setting ({hint})")
        overrides[name] = value
    return overrides
