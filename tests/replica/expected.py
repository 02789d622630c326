"""What a correct extraction of each replica article gives, read from ``expected.yaml``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import attrs
import yaml

EXPECTED_FILE = Path(__file__).with_name("expected.yaml")


@attrs.frozen(kw_only=True)
class ExpectedArticle:
    """One article page of the replica and what its extraction must give."""

    path: str
    """URL path on the replica server (join it to ``ReplicaServer.base_url``)."""
    source: str
    """Key of the replica registry entry that discovers the page."""
    is_twinning: bool
    title: str
    published: date
    """The publication date the publisher shows, in its own timezone."""
    language: str
    render: str = "html"
    """``js``: the text only exists after the page's script has run in a browser."""
    robots_disallowed: bool = False
    """robots.txt forbids this page: a polite crawler never fetches it."""
    must_contain: tuple[str, ...] = ()
    """Sentences of the article text."""
    must_not_contain: tuple[str, ...] = ()
    """Page furniture on the same page that must stay out of the article text."""


def load_expected(path: Path = EXPECTED_FILE) -> list[ExpectedArticle]:
    """Every article of the replica, in the file's order."""
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        ExpectedArticle(
            **{
                **entry,
                "must_contain": tuple(entry.get("must_contain", ())),
                "must_not_contain": tuple(entry.get("must_not_contain", ())),
            }
        )
        for entry in raw["articles"]
    ]
