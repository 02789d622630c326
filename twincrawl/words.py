"""What a word is, for every stage that counts or compares words: a run of letters and digits.

An underscore or an apostrophe ends a word ("Volgograd's" is two, "зв'язки" too): the same rule for the
extraction's comparisons, the fingerprints and the place and term look-ups.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+")


def lower_words(text: str) -> list[str]:
    """The lower-cased words of ``text``, in order."""
    return WORD.findall(text.lower())
