"""Word forms for search: each word becomes the start that its inflected forms share.

"побратимами" and "побратим" both become "побратим" (the pymorphy3 lexeme's common start), "twinned" becomes
"twin"; the store then matches words that begin with it (``Query.word_starts``).
"""

from __future__ import annotations

import re

from twincrawl.tagging.vocabulary import morphology

_CYRILLIC = re.compile(r"[а-яёіїєґ]")
#: English endings taken off a word (longest first); what is left must keep MIN_START letters.
_ENDINGS = ("ings", "ing", "ies", "ied", "ed", "es", "s")
MIN_START = 4


def word_start(word: str) -> str:
    """The start the word's inflected forms share (the word itself when none shorter is safe)."""
    word = word.lower()
    if _CYRILLIC.search(word):
        return _cyrillic_start(word)
    for ending in _ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= MIN_START - 1:
            if len(stem) > MIN_START - 1 and stem[-1] == stem[-2]:  # twinned -> twinn -> twin
                stem = stem[:-1]
            return stem if len(stem) >= MIN_START - 1 else word
    return word


def _cyrillic_start(word: str) -> str:
    starts = [word]
    for language in ("ru", "uk"):
        parses = morphology(language).parse(word)
        known = [parse for parse in parses if parse.is_known]
        if not known:
            continue
        forms = [form.word.replace("ё", "е") for form in known[0].lexeme]
        common = _common_start([*forms, word.replace("ё", "е")])
        if len(common) >= MIN_START:
            starts.append(common)
    return min(starts, key=len)


def _common_start(words: list[str]) -> str:
    first, last = min(words), max(words)
    length = next((index for index, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first))
    return first[:length]
