"""The source registry: shipped entries load; a bad entry stops with an error naming file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.cli import run_twincrawl
from twincrawl.registry import RegistryError, load_file, load_registry, select

GOOD = """\
sources:
  - key: example-news
    name: Example news
    country: GB
    city: Coventry
    languages: [en]
    timezone: Europe/London
    start_urls: [https://example.org/news]
    article_urls: ['/news/\\d+']
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_registry_loads_with_the_seed_sites_and_unverified_marks() -> None:
    registry = load_registry()
    for key in ("volgograd-admin-ru", "volgograd-admin-en", "mosds", "rossotrudnichestvo-ru",
                "rossotrudnichestvo-en", "gorvesti", "coventry-council"):  # fmt: skip
        assert key in registry
    assert all(not source.verified for source in registry.values())


def test_article_and_listing_rules_classify_urls(tmp_path: Path) -> None:
    (source,) = load_file(_write(tmp_path, GOOD))
    assert source.is_article("https://example.org/news/42")
    assert not source.is_article("https://example.org/about")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("timezone: Europe/London", "timezone: Mars/Olympus"), "timezone"),
        (("country: GB", "country: Britain"), "country"),
        (("    article_urls: ['/news/\\d+']\n", "    article_urls: ['/news/(']\n"), "article_urls"),
        (("    start_urls: [https://example.org/news]\n", ""), "start_urls"),
        (("start_urls: [https://example.org/news]", "start_urls: [example.org/news]"), "start_urls"),
        (("    languages: [en]\n", ""), "languages"),
        (("    city: Coventry\n", "    city: Coventry\n    rendr: js\n"), "rendr"),
    ],
)
def test_bad_entry_names_file_entry_and_field(tmp_path: Path, change: tuple[str, str], field: str) -> None:
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RegistryError) as raised:
        load_file(path)
    message = str(raised.value)
    assert str(path) in message
    assert "entry 1 ('example-news')" in message
    assert f"field '{field}'" in message


def test_duplicate_key_across_files_is_refused(tmp_path: Path) -> None:
    first = _write(tmp_path, GOOD)
    second = tmp_path / "more.yaml"
    second.write_text(GOOD, encoding="utf-8")
    with pytest.raises(RegistryError, match="already defined"):
        load_registry([first, second])


def test_unknown_source_key_is_refused() -> None:
    with pytest.raises(RegistryError, match="unknown source key"):
        select(load_registry(), ["no-such-site"])


def test_crawl_with_malformed_registry_exits_2_with_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("timezone: Europe/London", "timezone: 42"))
    done = run_twincrawl("crawl", "--sources-file", path, "--store", f"sqlite:///{tmp_path / 'c.db'}")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"twincrawl: error: {path}: line 7: entry 1 ('example-news'): field 'timezone': "
        "must be a non-empty string, got 42"
    ]
    assert not (tmp_path / "c.db").exists()


def test_sources_list_marks_unverified_entries() -> None:
    done = run_twincrawl("sources", "list")
    assert done.returncode == 0
    assert "coventry-council" in done.stdout and "unverified" in done.stdout
