"""``query --text`` given no word (punctuation or operators only) is refused with exit 2, never widened to
every article."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.cli import TwincrawlRunner
from tests.fixtures.faults import record
from twincrawl.store.sqlite import SqliteStore

pytestmark = pytest.mark.faults

NO_WORD = ["%", "*", ".*", '"', "()", " - "]


@pytest.fixture
def store_uri(tmp_path: Path) -> str:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    SqliteStore(uri).close()
    return uri


@pytest.mark.parametrize("text", NO_WORD)
def test_text_without_a_word_is_refused(twincrawl: TwincrawlRunner, store_uri: str, text: str) -> None:
    done = twincrawl("query", "--store", store_uri, "--text", text)
    record(
        f"Q {text!r}", "query --text with no word", f"exit {done.returncode}", "ok" if done.returncode == 2 else "FAIL"
    )
    assert done.returncode == 2, done.stdout
    assert done.stderr.strip().splitlines() == [
        f"twincrawl: error: --text {text!r} has no word in it (operators and punctuation are not searched): "
        "give at least one word of letters or digits, or leave --text out"
    ]


def test_punctuation_around_a_word_is_accepted(twincrawl: TwincrawlRunner, store_uri: str) -> None:
    done = twincrawl("query", "--store", store_uri, "--text", '"Волгоград"!')
    assert done.returncode == 0, done.stderr
