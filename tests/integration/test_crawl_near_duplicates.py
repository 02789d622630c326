"""A story republished on another source and crawled in a later run is stored again, marked as the copy of the
first (the stores keep the SimHash bands between runs)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.discovery.server import SiteServer
from tests.fixtures.cli import run_twincrawl
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore


def _registry(path: Path, key: str, server: SiteServer, *, article: str, listing: str, news: str) -> Path:
    entry = {"key": key, "name": key, "country": "DE", "city": key.capitalize(), "languages": ["en"],
             "timezone": "Europe/Berlin", "start_urls": [server.base_url + news], "article_urls": [article],
             "listing_urls": [listing], "allow_addresses": ["127.0.0.1"]}  # fmt: skip
    path.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")
    return path


def _crawl(registry: Path, store: Path, folder: Path) -> None:
    done = run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{store}",
                         "--report", folder / f"{registry.stem}.json", "--state-dir", folder / "state",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_story_republished_on_a_second_source_in_a_second_run_is_marked_duplicate_of_the_first(
    tmp_path: Path,
) -> None:
    store_path = tmp_path / "corpus.db"
    with SiteServer("drupal") as first, SiteServer("static") as second:
        story, content_type = first.site.pages["/node/201"]
        republished = second.site.articles[0]
        start = story.index(b"<p>")  # one word of the text edited, as a republishing site might
        second.site.pages[republished] = (story[:start] + story[start:].replace(b" the ", b" this ", 1), content_type)
        first_registry = _registry(tmp_path / "first.yaml", "first", first, article=r"/node/\d+$",
                                   listing=r"/aktuelles\?(?:.*&)?page=\d+", news="/aktuelles")  # fmt: skip
        second_registry = _registry(tmp_path / "second.yaml", "second", second,
                                    article=r"/actualites/\d{4}-\d{2}-\d{2}[^/]*\.html$",
                                    listing=r"/actualites/page/\d+/?$", news="/actualites/")  # fmt: skip
        _crawl(first_registry, store_path, tmp_path)
        _crawl(second_registry, store_path, tmp_path)
    store = SqliteStore(f"sqlite:///{store_path}")
    try:
        stored = {article.url: article for article in store.query(Query())}
    finally:
        store.close()
    original, copy = stored[first.base_url + "/node/201"], stored[second.base_url + republished]
    assert (original.duplicate_of, copy.duplicate_of) == (None, original.id)
    assert copy.text != original.text
    assert {a.source for a in stored.values()} == {"first", "second"}
    marked = {url: article.duplicate_of for url, article in stored.items() if article.duplicate_of}
    assert marked == {copy.url: original.id}

    by_command = {
        "query (default hide)": ("query", "--format", "jsonl"),
        "query --duplicates keep": ("query", "--format", "jsonl", "--duplicates", "keep"),
        "export (default keep)": ("export",),
        "export --duplicates hide": ("export", "--duplicates", "hide"),
    }
    listed = {}
    for name, command in by_command.items():
        done = run_twincrawl(*command, "--store", f"sqlite:///{store_path}")
        assert done.returncode == 0, done.stderr
        listed[name] = {json.loads(line)["url"] for line in done.stdout.splitlines()}
    everything, unique = set(stored), set(stored) - {copy.url}
    assert listed == {"query (default hide)": unique, "query --duplicates keep": everything,
                      "export (default keep)": everything, "export --duplicates hide": unique}  # fmt: skip
    counted = {
        choice: json.loads(run_twincrawl("stats", "--format", "json", "--duplicates", choice, "--store",
                                         f"sqlite:///{store_path}").stdout)["articles"]
        for choice in ("keep", "hide")
    }  # fmt: skip
    assert counted == {"keep": len(everything), "hide": len(unique)}
