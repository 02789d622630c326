"""A registry file written wrong: the crawl refuses it with one line naming the file, the line and the field,
and a field given twice in one entry is refused rather than silently keeping the last value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.cli import TwincrawlRunner
from tests.fixtures.faults import record

pytestmark = pytest.mark.faults

_ENTRY = """sources:
  - key: dup
    name: Twice
    country: RU
    city: Volgograd
    languages: [ru]
    timezone: Europe/Moscow
    start_urls: ["http://127.0.0.1/dup/"]
    article_urls: ["/news/"]
"""


def _refusal(twincrawl: TwincrawlRunner, tmp_path: Path, text: str) -> tuple[int, list[str]]:
    registry = tmp_path / "sources.yaml"
    registry.write_text(text, encoding="utf-8")
    done = twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{tmp_path / 'corpus.db'}")
    return done.returncode, done.stderr.strip().splitlines()


def test_malformed_yaml_is_one_line_with_file_and_line(twincrawl: TwincrawlRunner, tmp_path: Path) -> None:
    code, lines = _refusal(twincrawl, tmp_path, _ENTRY.replace("languages: [ru]", "languages: [ru\n    notes: x"))
    record("R1", "malformed registry YAML", f"exit {code}, {len(lines)} line(s)", "ok" if len(lines) == 1 else "FAIL")
    assert code == 2
    assert len(lines) == 1, lines
    assert f"{tmp_path / 'sources.yaml'}: line 7, column" in lines[0]
    assert "not valid YAML" in lines[0]


def test_a_field_given_twice_is_refused_naming_both_lines(twincrawl: TwincrawlRunner, tmp_path: Path) -> None:
    code, lines = _refusal(twincrawl, tmp_path, _ENTRY + '    article_urls: ["/other/"]\n')
    record("R2", "a field given twice", f"exit {code}", "ok" if code == 2 else "FAIL")
    assert code == 2
    assert lines == [
        f"twincrawl: error: {tmp_path / 'sources.yaml'}: line 10: field 'article_urls' is given twice in one "
        "mapping (first on line 9); keep one"
    ]


def test_a_wrong_value_names_the_line_of_its_field(twincrawl: TwincrawlRunner, tmp_path: Path) -> None:
    code, lines = _refusal(twincrawl, tmp_path, _ENTRY.replace("country: RU", "country: Russia"))
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith(
        f"twincrawl: error: {tmp_path / 'sources.yaml'}: line 4: entry 1 ('dup'): field 'country'"
    )
