"""``twincrawl export``: write the stored articles as JSON lines (default), JSON or CSV, optionally gzipped, or
as Parquet with fixed column types (``--format parquet --out FILE.parquet``, needs pyarrow)."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from twincrawl.cli.common import (
    OK,
    UsageError,
    add_duplicates_option,
    add_filter_options,
    add_store_option,
    corpus_query,
    store_uri,
)  # fmt: skip
from twincrawl.corpus import (
    FORMATS,
    article_schema,
    pair_stats,
    write_articles,
    write_edges_csv,
    write_graph_json,
    write_graphml,
    write_parquet,
)
from twincrawl.items import Article
from twincrawl.runs import RunState, default_state_dir
from twincrawl.store import Query, Store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("export", help="export articles (JSONL, JSON, CSV, Parquet)", description=__doc__)
    parser.add_argument("--format", choices=[*FORMATS, "parquet"], default="jsonl")
    parser.add_argument("--out", type=Path, metavar="PATH", help="output file (default: standard output)")
    parser.add_argument("--gzip", action="store_true", help="gzip the output (implied by an --out ending in .gz)")
    parser.add_argument(
        "--incremental",
        metavar="NAME",
        help="only records new or changed since the last export of this name (state kept)",
    )
    parser.add_argument("--schema", action="store_true", help="print the records' JSON Schema and exit")
    parser.add_argument(
        "--graph",
        type=Path,
        metavar="DIR",
        help="write the twin-pair graph instead: edges.csv, pairs.graphml, pairs.json in DIR",
    )
    add_store_option(parser)
    add_filter_options(parser)
    add_duplicates_option(parser, "keep", "the export is a contract and has always held every stored record")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.schema:
        print(json.dumps(article_schema(), indent=2))
        return OK
    store, query = corpus_query(args)
    if args.graph is not None:
        return _write_graph(store, args, query)
    state = RunState(default_state_dir(store_uri(args)[0])) if args.incremental else None
    mark = f"export/{args.incremental}"
    since = state.mark(mark) if state else None
    latest = [since or ""]

    def selected() -> Iterator[Article]:
        for article in store.query(query):
            if since is None or article.fetched_at > since:
                latest[0] = max(latest[0], article.fetched_at)
                yield article

    write = _write_parquet if args.format == "parquet" else _write_text
    count = write(args, selected())
    if args.out is not None:
        print(f"twincrawl: exported {count} articles to {args.out}", file=sys.stderr)
    store.close()
    if state is not None:
        state.set_mark(mark, latest[0])
        state.close()
    return OK


def _write_text(args: argparse.Namespace, articles: Iterator[Article]) -> int:
    compress = args.gzip or (args.out is not None and args.out.suffix == ".gz")
    with ExitStack() as stack:
        out: TextIO
        if args.out is None:
            out = stack.enter_context(gzip.open(sys.stdout.buffer, "wt", encoding="utf-8")) if compress else sys.stdout
        else:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            partial = args.out.with_name(args.out.name + ".partial")
            opener = gzip.open if compress else open
            out = stack.enter_context(opener(partial, "wt", encoding="utf-8", newline=""))
        count = write_articles(articles, out, args.format)
    if args.out is not None:
        partial.replace(args.out)  # a consumer never sees a half-written export
    return count


def _write_parquet(args: argparse.Namespace, articles: Iterator[Article]) -> int:
    if args.out is None or args.gzip:
        raise UsageError(
            "--format parquet writes a file: give --out FILE.parquet (it is compressed already; no --gzip)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".partial")
    try:
        count = write_parquet(articles, partial)
    except RuntimeError as error:  # pyarrow missing
        raise UsageError(str(error)) from error
    partial.replace(args.out)
    return count


def _write_graph(store: Store, args: argparse.Namespace, query: Query) -> int:
    """The pairs the selected articles state, with article counts and first and last dates, in three formats."""
    try:
        stats = pair_stats(store.query(query))
    finally:
        store.close()
    args.graph.mkdir(parents=True, exist_ok=True)
    writers = (("edges.csv", write_edges_csv), ("pairs.graphml", write_graphml), ("pairs.json", write_graph_json))
    for name, write in writers:
        with (args.graph / name).open("w", encoding="utf-8", newline="") as out:
            write(stats, out)
    print(f"twincrawl: {len(stats)} twin pairs written to {args.graph}/ (edges.csv, pairs.graphml, pairs.json)",
          file=sys.stderr)  # fmt: skip
    return OK
