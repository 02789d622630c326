"""``twincrawl crawl`` options reach the crawl's settings."""

from __future__ import annotations

from pathlib import Path

from twincrawl.cli import build_parser
from twincrawl.cli.crawl import crawl_overrides


def _settings(*arguments: str) -> dict[str, object]:
    args = build_parser().parse_args(["crawl", *arguments])
    return crawl_overrides(args, "sqlite:///corpus.db", Path("state"))


def test_the_extraction_mode_is_set_only_when_asked() -> None:
    assert _settings("--extraction", "fast")["TWINCRAWL_EXTRACTION_MODE"] == "fast"
    assert "TWINCRAWL_EXTRACTION_MODE" not in _settings()


def test_a_set_option_overrides_a_setting() -> None:
    assert _settings("--set", "TWINCRAWL_PROCESS_WORKERS=1")["TWINCRAWL_PROCESS_WORKERS"] == "1"
