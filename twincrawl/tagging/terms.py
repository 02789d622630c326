"""The twinning vocabulary's terms found in a text, shared by relevance, place finding and pair finding."""

from __future__ import annotations

import functools

from twincrawl.tagging.vocabulary import Match, given_names, home_matcher, matcher, state_matcher


def term_matches(text: str, language: str | None) -> list[Match]:
    """Twinning terms (strong and partner kinds) found in ``text``: what makes a sentence state a pair."""
    return [match for match in terms_in(text, language) if match.term.kind != "context"]


@functools.lru_cache(maxsize=8)
def terms_in(text: str, language: str | None) -> list[Match]:
    """Every term in ``text`` (context words too), cached: relevance, places and pairs read the same text."""
    return matcher(language).find(text)


def prepare_vocabularies(language: str | None) -> None:
    """Build the matchers of ``language`` now, outside the time of a page (each is built on first use): the
    twinning terms, the pair states, the words of a city's own site and the given names."""
    for build in (matcher, state_matcher, home_matcher, given_names):
        build(language)
