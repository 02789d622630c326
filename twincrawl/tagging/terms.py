"""The twinning vocabulary's terms found in a text, shared by relevance, place finding and pair finding."""

from __future__ import annotations

import functools

from twincrawl.tagging.vocabulary import Match, matcher


def term_matches(text: str, language: str | None) -> list[Match]:
    """Twinning terms (strong and partner kinds) found in ``text``: what makes a sentence state a pair."""
    return [match for match in terms_in(text, language) if match.term.kind != "context"]


@functools.lru_cache(maxsize=8)
def terms_in(text: str, language: str | None) -> list[Match]:
    """Every term in ``text`` (context words too), cached: relevance, places and pairs read the same text."""
    return matcher(language).find(text)
