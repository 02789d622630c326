"""People whose names are also towns ("Sarah Norman", "Mayor Sutton", "Irving Parker").

A capitalised word right after a common given name of the page's language (``vocabulary/given_names.yaml``),
with a single blank between, is a surname, in every language, at the start of a sentence and in a title too
("Peter Lincoln opened...", "Oberbürgermeister Thomas Kiel"). In languages that capitalise neither nouns nor
official titles of offices, a capitalised word right after any other one, inside a sentence, is a person's name
too (a first name, a title, a surname): two towns are never written so, and a name of several words ("New York",
"Newcastle upon Tyne") is looked up as one before this applies. A line in title case ("Coventry Welcomes Dresden
Delegation") says nothing there.
"""

from __future__ import annotations

import re

from twincrawl.tagging.text import Token, Words
from twincrawl.tagging.vocabulary import given_names

#: Languages where the rule holds: German capitalises every noun ("Partnerstadt Kiel"), Polish and Czech the
#: offices in official names ("Prezydent Miasta Krakowa").
PERSONAL_NAME_LANGUAGES = frozenset({"en", "fr", "es", "it", "pt", "nl", "sv", "da", "no"})
# Where a sentence or a line ends: a capital after it proves nothing.
_OPENING = re.compile(r"[.!?:;\n\"«“(]\s*$")
# A line with at least this share of capitalised words is a title in title case.
TITLE_CASE_SHARE = 0.6


def name_before(page: Words, word: Token, language: str | None) -> Token | None:
    """The capitalised word that makes ``word`` part of a person's name ("Sarah" before "Norman"), or None."""
    previous = page.before(word)
    if previous is None or page.text[previous.end : word.start] != " " or not previous.word[:1].isupper():
        return None
    if previous.lower in given_names(language):
        return previous
    if language not in PERSONAL_NAME_LANGUAGES:
        return None
    earlier = page.before(previous)
    if earlier is None or _OPENING.search(page.text, earlier.end, previous.start):
        return None
    return None if _title_case(page.text, word.start) else previous


def _title_case(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    words = text[start : end if end >= 0 else len(text)].split()
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised >= TITLE_CASE_SHARE * len(words)
