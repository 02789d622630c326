"""``twincrawl reprocess``: process the stored raw pages again with the current processing and settings.

Every derived field (text, dates, relevance, places, pairs, fingerprints, metadata, extractor version) is made
again; a record is rewritten when any of them differs, and its earlier text is kept as a version when the text
changed. The summary says how many records changed in which fields.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import datetime

import attrs

from spiders.run import crawl_settings
from twincrawl.cli.common import (
    OK,
    add_sources_file_option,
    add_store_option,
    open_corpus_from,
    registry_from,
    setting_overrides,
)
from twincrawl.dedup import DuplicateIndex
from twincrawl.extract import EXTRACTION_MODES
from twincrawl.items import Article, FetchedPage
from twincrawl.process import ProcessingOptions, Skipped, extractor_version, process_page
from twincrawl.store import Store
from twincrawl.store.base import RawPage, WriteResult


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("reprocess", help="re-extract stored raw pages", description=__doc__)
    parser.add_argument("--source", metavar="KEY", help="only this source's pages")
    parser.add_argument("--all", action="store_true",
                        help="also pages already processed by this version (needed after changing a setting or "
                             "the vocabulary)")  # fmt: skip
    parser.add_argument("--extraction", choices=EXTRACTION_MODES,
                        help="extraction mode to process with (default: TWINCRAWL_EXTRACTION_MODE, accurate; pages a "
                             "crawl processed in the other mode count as another version)")  # fmt: skip
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a TWINCRAWL_ processing setting, e.g. TWINCRAWL_RELEVANCE_THRESHOLD=0.7 "
                             "(repeatable)")  # fmt: skip
    add_sources_file_option(parser)
    add_store_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    registry = registry_from(args)
    overrides = setting_overrides(args.set, "settings.prod")
    if args.extraction:
        overrides["TWINCRAWL_EXTRACTION_MODE"] = args.extraction
    settings = crawl_settings(overrides)
    options = ProcessingOptions.from_settings(settings)
    version = extractor_version(options.extraction_mode)
    store = open_corpus_from(args, reader=False)
    duplicates = DuplicateIndex(settings.getint("TWINCRAWL_NEAR_DUPLICATE_BITS"))
    seen = skipped = 0
    result = WriteResult()
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
        article = _with_stored_links(article, store, raw)
        if article.duplicate_of is None:
            article = duplicates.checked(article, duplicates.stored_original(store, article))
        result.merge(store.upsert([article]))
        store.save_raw([attrs.evolve(raw, extractor_version=version, article_id=article.id)])
    store.close()
    print(f"twincrawl: reprocessed {seen} pages with {version}: {len(result.updated)} records changed"
          f"{_by_field(result)}, {len(result.new)} new, {skipped} gave no article")  # fmt: skip
    return OK


def _with_stored_links(article: Article, store: Store, raw: RawPage) -> Article:
    """The article with the duplicate link the crawl found for it: processing alone cannot know it (the
    crawl's dedup compares with the rest of the corpus), so it is not a change."""
    stored = store.get(article.id) if raw.article_id else None
    return attrs.evolve(article, duplicate_of=stored.duplicate_of) if stored else article


def _by_field(result: WriteResult) -> str:
    counts = Counter(field for fields in result.changes.values() for field in fields)
    if not counts:
        return ""
    return " (" + ", ".join(f"{field} {count}" for field, count in counts.most_common()) + ")"
