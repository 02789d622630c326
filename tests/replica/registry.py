"""The replica's source registry, derived from the shipped entries (see ``tests/replica/sources.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from twincrawl.registry import shipped_files

OVERLAYS = Path(__file__).with_name("sources.yaml")
_URL_FIELDS = ("start_urls", "feeds", "sitemaps")
_PATTERN_FIELDS = ("article_urls", "listing_urls")


def shipped_entries() -> dict[str, dict[str, Any]]:
    """The shipped registry's entries as written (plain YAML mappings), by key."""
    entries: dict[str, dict[str, Any]] = {}
    for file in shipped_files():
        for entry in yaml.safe_load(file.read_text(encoding="utf-8"))["sources"]:
            entries[entry["key"]] = entry
    return entries


def _moved_url(url: str, mount: str) -> str:
    parts = urlsplit(url)
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    return "{base_url}" + mount + rest


def _moved_pattern(pattern: str, host: str, mount: str) -> str:
    """A shipped pattern starts with its site's escaped host (``volgadmin\\.ru/d/...``): the mount takes its place."""
    escaped = host.removeprefix("www.").replace(".", r"\.")
    if not pattern.startswith(escaped):
        raise ValueError(f"pattern {pattern!r} does not start with the site's host {escaped!r}")
    return mount + pattern[len(escaped) :]


def replica_entry(shipped: dict[str, Any], key: str, mount: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The shipped entry moved onto the replica: its URLs and patterns under ``mount``, then ``changes``."""
    host = urlsplit(next(url for field in _URL_FIELDS for url in shipped.get(field, []))).hostname or ""
    entry = {**shipped, "key": key, "name": f"{shipped['name']} (replica)", "allow_addresses": ["127.0.0.1"]}
    entry["verified"] = True
    for field in _URL_FIELDS:
        if field in entry:
            entry[field] = [_moved_url(url, mount) for url in entry[field]]
    for field in _PATTERN_FIELDS:
        if field in entry:
            entry[field] = [_moved_pattern(pattern, host, mount) for pattern in entry[field]]
    return {name: value for name, value in {**entry, **changes}.items() if value is not None}


def replica_sources() -> list[dict[str, Any]]:
    """Every replica entry, with ``{base_url}`` still to be filled in."""
    overlays = yaml.safe_load(OVERLAYS.read_text(encoding="utf-8"))
    shipped = shipped_entries()
    derived = [
        replica_entry(shipped[item["from"]], item["key"], item["mount"], item.get("set", {}))
        for item in overlays["replicas"]
    ]
    own = [{**entry, "allow_addresses": ["127.0.0.1"], "verified": True} for entry in overlays["own"]]
    return derived + own


class _IndentedLists(yaml.SafeDumper):
    """Lists indented under their key (``sources:\n  - key: ...``), as the registry files are written by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def replica_registry_yaml(base_url: str) -> str:
    """The replica's registry for a server at ``base_url``, as YAML."""
    text = yaml.dump(
        {"sources": replica_sources()}, Dumper=_IndentedLists, allow_unicode=True, sort_keys=False, width=200
    )
    return text.replace("{base_url}", base_url)
