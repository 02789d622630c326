"""The home city of a page: the city of the site that published it (its registry entry's ``city``), where the
text names it without its name ("toured our city's new library", "наш город", "我市") or owns a twin with "our"
("our twin town Groningen", "нашего города-побратима Кёльна"). :mod:`twincrawl.tagging.pairs` reads these as
mentions of the home city; the words are in ``vocabulary/home.yaml``.
"""

from __future__ import annotations

import functools

from twincrawl.items import Place
from twincrawl.tagging.places import Mention, resolve_city
from twincrawl.tagging.terms import term_matches
from twincrawl.tagging.vocabulary import home_matcher


@functools.lru_cache(maxsize=256)
def home_city(name: str, country: str) -> Place | None:
    """The city a registry entry names (``city``, in English) if the gazetteer has it in the entry's ``country``."""
    place = resolve_city(name) if name.strip() else None
    return place if place is not None and place.country == country.upper() else None


def home_mentions(text: str, language: str | None, home: Place) -> list[Mention]:
    """Where ``text`` names ``home`` as "our city", or as the owner of the twin after "our" ("our twin town")."""
    found = home_matcher(language).find(text)
    if not found:
        return []
    term_starts = {match.start for match in term_matches(text, language)}
    return [
        Mention(home.geonameid, match.start, match.end)
        for match in found
        if match.term.kind == "city" or _next_start(text, match.end) in term_starts
    ]


def _next_start(text: str, offset: int) -> int:
    """Where the next word after ``offset`` starts (across blanks only)."""
    while offset < len(text) and text[offset] in " \t\u00a0":
        offset += 1
    return offset
