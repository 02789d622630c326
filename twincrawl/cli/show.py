"""``twincrawl show``: one article, by the id `query` prints or by URL: metadata, places, twin pairs, versions, text."""

from __future__ import annotations

import argparse
import sys

from twincrawl.cli.common import (
    OK,
    UsageError,
    add_sources_file_option,
    add_store_option,
    local_day,
    open_corpus_from,
    registry_from,
)  # fmt: skip
from twincrawl.corpus import write_articles
from twincrawl.items import Article, article_id
from twincrawl.registry import Source


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("show", help="show one article (by the id `query` prints, or by URL)",
                                 description=__doc__)  # fmt: skip
    parser.add_argument("article", metavar="ID|URL", help="the article's id (first column of `query`) or its URL")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_store_option(parser)
    add_sources_file_option(parser)
    parser.set_defaults(run=run)


def _names(article: Article) -> dict[int, str]:
    return {place.geonameid: f"{place.name} ({place.country})" for place in article.places}


def _pair_line(article: Article, pair: list[int], names: dict[int, str]) -> str:
    """A pair as ``show`` prints it: its cities, and its state unless it is active ("ended 2022")."""
    cities = " – ".join(names.get(city, str(city)) for city in pair)
    state = article.pair_state(pair)
    return f"{cities} ({state.label()})" if state and state.label() else cities


def describe(article: Article, versions: list[Article], source: Source | None) -> str:
    """The article as the ``show`` command prints it: a header of facts, then the text."""
    names = _names(article)
    relevance = article.relevance
    published = (
        f"{local_day(article.published, source)} ({article.published}, from {article.published_from or 'unknown'})"
        if article.published
        else "unknown"
    )
    lines = [
        article.title or "(no title)",
        article.url,
        "",
        f"id          {article.id}",
        f"source      {article.source}" + (f" ({source.name}, {source.timezone})" if source else ""),
        f"language    {article.language or 'unknown'}",
        f"published   {published}",
        f"fetched     {article.fetched_at}",
        f"twinning    {'yes' if relevance.is_twinning else 'no'} (score {relevance.score:.2f}"
        + (f"; terms: {', '.join(relevance.terms)})" if relevance.terms else ")"),
        "places      "
        + (", ".join(f"{names[place.geonameid]} ×{place.mentions}" for place in article.places) or "none"),
        "pairs       " + (" · ".join(_pair_line(article, pair, names) for pair in article.pairs) or "none"),
        f"versions    {len(versions) or 1}"
        + "".join(f"\n            {version.fetched_at}  {version.content_hash}" for version in versions),
    ]
    if article.duplicate_of:
        lines.append(f"duplicate   of {article.duplicate_of}")
    return "\n".join([*lines, "", article.text])


def run(args: argparse.Namespace) -> int:
    wanted = args.article.strip()
    by_url = "://" in wanted
    registry = registry_from(args)
    store = open_corpus_from(args)
    try:
        article = store.get(article_id(wanted) if by_url else wanted.lower())
        if article is None:
            raise UsageError(
                f"no article with the {'URL' if by_url else 'id'} {wanted!r} in {store.uri} "
                "(ids are the first column of `twincrawl query`)"
            )
        versions = store.versions(article.id)
    finally:
        store.close()
    if args.format == "json":
        write_articles([article], sys.stdout, "jsonl")
    else:
        print(describe(article, versions, registry.get(article.source)))
    return OK
