"""The replica's registry is the shipped one moved onto the replica server, so crawl tests run shipped patterns."""

from __future__ import annotations

import re
from pathlib import Path

from tests.replica.registry import replica_registry_yaml, replica_sources, shipped_entries
from twincrawl.registry import load_file


def test_the_replica_registry_loads_and_validates(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(replica_registry_yaml("http://127.0.0.1:8765"), encoding="utf-8")
    sources = load_file(path)
    assert all(source.allow_addresses for source in sources)
    assert all(url.startswith("http://127.0.0.1:8765/") for source in sources for url in source.start_urls)


def test_a_replica_entry_keeps_its_shipped_article_patterns_under_its_mount() -> None:
    shipped = shipped_entries()
    replica = {entry["key"]: entry for entry in replica_sources()}
    volgograd = shipped["volgograd-admin-ru"]
    moved = replica["replica-volgadmin-ru"]
    assert moved["article_urls"] == [re.sub(r"^volgadmin\\\.ru", "/volgadmin", p) for p in volgograd["article_urls"]]
    assert (moved["city"], moved["timezone"], moved["encoding"]) == (
        volgograd["city"], volgograd["timezone"], volgograd["encoding"],
    )  # fmt: skip


def test_a_field_the_replica_serves_differently_is_its_own() -> None:
    replica = {entry["key"]: entry for entry in replica_sources()}
    assert "start_urls" not in replica["replica-mosds"]
    assert replica["replica-mosds"]["sitemaps"] == ["{base_url}/mosds/sitemap.xml"]
