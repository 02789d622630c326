"""Districts, regions and oblasts named like a city ("Дзержинский район", "Volgograd Oblast", "Landkreis
Görlitz"): the gazetteer holds cities, so a name next to a word for an administrative unit names that unit.

The words are in ``vocabulary/admin_units.yaml``; a plural one ("the Belgorod, Kursk and Voronezh Regions")
makes every name of the list before it a unit.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import NamedTuple

import yaml

from twincrawl.tagging.text import Token, Words

# Between a unit word, or the preposition after it ("the region of Kharkiv", "région d'Ardennes"), and its name.
_BEFORE_GAP = re.compile(r"\s+|\s*['’]\s*")
_PREPOSITIONS = frozenset({"of", "de", "di", "del", "della", "du", "d"})
# Between two names of a list that a plural unit word closes.
LIST_GAP = re.compile(r"\s*(?:,|and|und|et|e|y|i|a|и|і|та)?\s*(?:,\s*)?(?:and\s+|и\s+|і\s+|та\s+)?", re.IGNORECASE)


class UnitWords(NamedTuple):
    """The unit words of ``admin_units.yaml``: whole words and stems, for each place."""

    after: tuple[frozenset[str], tuple[str, ...]]
    before: tuple[frozenset[str], tuple[str, ...]]
    plural: frozenset[str]


@functools.cache
def unit_words() -> UnitWords:
    """``admin_units.yaml``, read once."""
    data = yaml.safe_load(
        resources.files("twincrawl.tagging.vocabulary").joinpath("admin_units.yaml").read_text(encoding="utf-8")
    )

    def split(words: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
        return (
            frozenset(word for word in words if not word.endswith("*")),
            tuple(word[:-1] for word in words if word.endswith("*")),
        )

    return UnitWords(split(data["after"]), split(data["before"]), frozenset(data["plural"]))


def _is(word: str, words: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    whole, stems = words
    return word in whole or word.startswith(stems)


def is_unit_name(key: str) -> bool:
    """Whether a gazetteer name ends in a unit word ("київський район"): a district, not a town."""
    return " " in key and _is(key.rsplit(" ", 1)[1], unit_words().after)


def unit_after(page: Words, last: Token) -> str | None:
    """The unit word right after a name ending at ``last``: ``"one"``, ``"many"`` (a plural) or None."""
    following = page.after(last)
    if following is None or not page.text[last.end : following.start].isspace():
        return None
    if not _is(following.lower, unit_words().after):
        return None
    return "many" if following.lower in unit_words().plural else "one"


def unit_before(page: Words, first: Token) -> bool:
    """Whether a unit word comes right before a name starting at ``first`` ("Region Hannover")."""
    previous = page.before(first)
    if previous is None or not _BEFORE_GAP.fullmatch(page.text, previous.end, first.start):
        return False
    if _is(previous.lower, unit_words().before):
        return True
    # "région de", "region of": the preposition is the word before; the unit word is one further back.
    if previous.lower not in _PREPOSITIONS:
        return False
    unit = page.before(previous)
    return unit is not None and page.text[unit.end : previous.start].isspace() and _is(unit.lower, unit_words().before)
