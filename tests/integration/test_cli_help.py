"""``twincrawl --help`` and every command's help: complete and in plain text."""

from __future__ import annotations

import pytest

from twincrawl.cli import build_parser, main

COMMANDS = (
    "crawl", "sources", "export", "query", "show", "stats", "reprocess", "store", "worker", "seed", "report", "egg",
)  # fmt: skip
BENCHMARKS = ("extraction", "dates", "relevance", "crawl", "distributed", "query")


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_top_level_help_lists_every_command_and_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    text = " ".join(_help(capsys).split())
    assert all(command in text for command in (*COMMANDS, "bench"))
    assert "3 lock held" in text


@pytest.mark.parametrize("argv", [(command,) for command in COMMANDS] + [("bench", name) for name in BENCHMARKS])
def test_command_help_describes_it_without_rest_markup(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    text = _help(capsys, *argv)
    assert f"twincrawl {' '.join(argv)}:" in " ".join(text.split())
    assert "``" not in text and ":mod:" not in text and ":func:" not in text


def test_parser_rejects_an_unknown_command() -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["fly"])
    assert exited.value.code == 2
