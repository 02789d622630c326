"""``twincrawl reprocess``: re-extract the stored raw pages with the current processing."""

from __future__ import annotations

import argparse
from datetime import datetime

import attrs

from spiders.run import crawl_settings
from twincrawl.cli.common import OK, add_sources_file_option, add_store_option, open_store_from, registry_from
from twincrawl.dedup import DuplicateIndex
from twincrawl.extract import EXTRACTION_MODES
from twincrawl.items import FetchedPage
from twincrawl.process import ProcessingOptions, Skipped, extractor_version, process_page


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("reprocess", help="re-extract stored raw pages", description=__doc__)
    parser.add_argument("--source", metavar="KEY", help="only this source's pages")
    parser.add_argument("--all", action="store_true", help="also pages already processed by this version")
    parser.add_argument("--extraction", choices=EXTRACTION_MODES,
                        help="extraction mode to process with (default: TWINCRAWL_EXTRACTION_MODE, accurate; pages a "
                             "crawl processed in the other mode count as another version)")  # fmt: skip
    add_sources_file_option(parser)
    add_store_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    overrides = {"TWINCRAWL_EXTRACTION_MODE": args.extraction} if args.extraction else {}
    settings = crawl_settings(overrides)
    options = ProcessingOptions.from_settings(settings)
    version = extractor_version(options.extraction_mode)
    store = open_store_from(args)
    duplicates = DuplicateIndex(settings.getint("TWINCRAWL_NEAR_DUPLICATE_BITS"))
    seen = changed = new = skipped = 0
    for raw in store.iter_raw(args.source):
        if (raw.extractor_version == version and not args.all) or raw.source not in registry:
            continue
        seen += 1
        page = FetchedPage(url=raw.url, source=raw.source, body=raw.body, status=raw.status, headers=raw.headers,
                           fetched_at=datetime.fromisoformat(raw.fetched_at))  # fmt: skip
        try:
            article = process_page(page, registry[raw.source], options)
        except Skipped:
            skipped += 1
            store.save_raw([attrs.evolve(raw, extractor_version=version, article_id=None)])
            continue
        article = duplicates.checked(article, duplicates.stored_original(store, article))
        result = store.upsert([article])
        store.save_raw([attrs.evolve(raw, extractor_version=version, article_id=article.id)])
        changed += len(result.updated)
        new += len(result.new)
    store.close()
    print(f"twincrawl: reprocessed {seen} pages with {version}: {changed} records changed, "
          f"{new} new, {skipped} gave no article")  # fmt: skip
    return OK
