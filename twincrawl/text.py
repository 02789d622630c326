"""Sentence splitting and word tokenizing shared by relevance and place detection.

Both work on character offsets into the original text, so a match can be traced back to the sentence it
came from and reported as written on the page.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A sentence ends at . ! ? … (optionally followed by closing quotes/brackets) when the next sentence starts
# with a capital, a digit or an opening quote; or at a line break. Abbreviations such as "г." before a
# capitalised name split too early, which only costs a little context.
_SENTENCE_END = re.compile(r"""(?:[.!?…]+["»”’)\]]*\s+(?=["«“‘(\[]?[\w])|\s*\n\s*)""")
_CJK_SENTENCE_END = re.compile(r"[。！？]")
# Words: letter/digit runs; an apostrophe inside a word ("Volgograd's", "зв'язки") splits it.
_WORD = re.compile(r"[^\W_]+")


class Span(NamedTuple):
    """A stretch of the text: ``text[start:end]``."""

    start: int
    end: int


class Token(NamedTuple):
    """A word with its offsets; ``lower`` is lower-cased with ё folded to е."""

    start: int
    end: int
    word: str
    lower: str


def fold(word: str) -> str:
    """Lower-case and fold ё to е, the way vocabulary and gazetteer keys are stored."""
    return word.lower().replace("ё", "е")


def sentences(text: str) -> list[Span]:
    """Split text into sentence spans (leading and trailing blanks excluded)."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_sentence(text, start, match.start() + len(match.group().rstrip()), spans)
        start = match.end()
    _add_sentence(text, start, len(text), spans)
    return spans


def _add_sentence(text: str, start: int, end: int, spans: list[Span]) -> None:
    piece = text[start:end]
    if not piece.strip():
        return
    offset = start
    for cjk_end in _CJK_SENTENCE_END.finditer(piece):
        _append_trimmed(text, offset, start + cjk_end.end(), spans)
        offset = start + cjk_end.end()
    _append_trimmed(text, offset, end, spans)


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def tokens(text: str) -> list[Token]:
    """The words of the text with their offsets."""
    return [Token(m.start(), m.end(), m.group(), fold(m.group())) for m in _WORD.finditer(text)]


def sentence_index(spans: list[Span], offset: int) -> int:
    """Index of the sentence span that contains ``offset`` (spans sorted, non-overlapping); -1 if none."""
    low, high = 0, len(spans) - 1
    while low <= high:
        middle = (low + high) // 2
        span = spans[middle]
        if offset < span.start:
            high = middle - 1
        elif offset >= span.end:
            low = middle + 1
        else:
            return middle
    return -1
