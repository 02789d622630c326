"""Sentence splitting and word tokenizing shared by relevance and place detection.

Both work on character offsets into the original text, so a match can be traced back to the sentence it
came from and reported as written on the page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from twincrawl.words import WORD

# A sentence ends at . ! ? … (optionally followed by closing quotes/brackets) when the next sentence starts
# with a capital, a digit or an opening quote; or at a line break; but not at the dot of an abbreviation.
_SENTENCE_END = re.compile(r"""(?:[.!?…]+["»”’)\]]*\s+(?=["«“‘(\[]?[\w])|\s*\n\s*)""")
_CJK_SENTENCE_END = re.compile(r"[。！？]")
# Abbreviations before a name or a word of the same sentence: "г. Тула", "м. Київ", "ст. Вёшенская", "St. Albans",
# "Dr. Smith", "św. Jana"; and a capital initial ("J. Smith", "А.С. Пушкин").
_ABBREVIATIONS = frozenset({
    "г", "гр", "м", "с", "ст", "ул", "пл", "им", "обл", "пос", "просп", "вул",
    "St", "Ste", "Sts", "Dr", "Mr", "Mrs", "Ms", "Prof", "Sv", "sv", "św", "ul", "pl", "Nr", "nr", "hl", "Hl",
})  # fmt: skip
_LONGEST_ABBREVIATION = max(len(word) for word in _ABBREVIATIONS)
# A year written with its abbreviated word ("в 2022 г.", "у 2014 р.", "w 2022 r.", "в 1941-1945 гг."): its dot
# ends the sentence unless the sentence so far is only the date that opens it ("В апреле 2022 г. Ковентри...").
_YEAR_WORDS = frozenset({"г", "гг", "р", "рр", "r"})
_YEAR_BEFORE = re.compile(r"(?<!\d)(?:1\d|20)\d\d\s?$")
#: Words a date opening a sentence has before its year at most ("12 марта", "в апреле").
DATE_OPENING_WORDS = 3
# A dot right after a letter (a literal first, so that the scan jumps from dot to dot).
_LETTER_DOT = re.compile(r"\.(?<=[^\W\d_]\.)")


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
    return _split(text)[0]


def undotted(text: str) -> str:
    """``text`` with the dots of abbreviations inside a sentence ("в 2022 г. Ковентри", "St. Albans") turned into
    blanks, offsets unchanged: what tells clauses and lists apart reads this, so no such dot breaks a clause."""
    return _split(text)[1]


@functools.lru_cache(maxsize=8)
def _split(text: str) -> tuple[list[Span], str]:
    dots = _abbreviation_dots(text)
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        dot = match.start()
        if dot in dots and ((year := dots[dot]) is None or len(WORD.findall(text, start, year)) <= DATE_OPENING_WORDS):
            continue
        dots.pop(dot, None)
        _add_sentence(text, start, match.start() + len(match.group().rstrip()), spans)
        start = match.end()
    _add_sentence(text, start, len(text), spans)
    pieces: list[str] = []
    previous = 0
    for dot in sorted(dots):
        pieces.extend((text[previous:dot], " "))
        previous = dot + 1
    pieces.append(text[previous:])
    return spans, "".join(pieces)


def _abbreviation_dots(text: str) -> dict[int, int | None]:
    """The dot of each abbreviation, with where the year starts if it abbreviates a year's word."""
    dots: dict[int, int | None] = {}
    for match in _LETTER_DOT.finditer(text):
        dot = start = match.start()
        while start > 0 and dot - start <= _LONGEST_ABBREVIATION and text[start - 1].isalnum():
            start -= 1
        if start > 0 and text[start - 1].isalnum():
            continue
        word = text[start:dot]
        if word in _YEAR_WORDS and (year := _YEAR_BEFORE.search(text, max(0, start - 6), start)):
            dots[dot] = year.start()
        elif word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            dots[dot] = None
    return dots


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
    """All words of the text with their offsets."""
    return [Token(m.start(), m.end(), m.group(), fold(m.group())) for m in WORD.finditer(text)]


@functools.cache
def _uppercase_class() -> str:
    """A regex character class of the capital letters (Basic Multilingual Plane); built once."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        character = chr(code)
        if character.isupper() or character.istitle():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges
    )


@functools.cache
def _capitalised_word() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])[{_uppercase_class()}][^\W_]*")


class Words:
    """Word-level access to one text without tokenizing all of it.

    Matching only needs the few words that could start a term or a name, and the words right after them,
    so those are read on demand; a page of a thousand words then costs a handful of regex scans.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        folded = fold(text)
        # A few letters change length when lower-cased ("İ"); offsets then no longer line up.
        self.folded = folded if len(folded) == len(text) else None

    def _token(self, match: re.Match[str]) -> Token:
        start, end = match.span()
        lower = self.folded[start:end] if self.folded is not None else fold(match.group())
        return Token(start, end, match.group(), lower)

    def at(self, start: int) -> Token | None:
        """The word starting at ``start``."""
        match = WORD.match(self.text, start)
        return self._token(match) if match else None

    def after(self, token: Token) -> Token | None:
        """The next word after ``token``."""
        match = WORD.search(self.text, token.end)
        return self._token(match) if match else None

    def before(self, token: Token) -> Token | None:
        """The word before ``token`` (looking back a bounded stretch of text)."""
        window_start = max(0, token.start - LOOK_BACK)
        match = _LAST_WORD.search(self.text, window_start, token.start)
        return self._token(match) if match else None

    def capitalised(self) -> Iterator[Token]:
        """Words starting with a capital letter, in text order."""
        return (self._token(match) for match in _capitalised_word().finditer(self.text))

    def has_lowercase(self, word: str) -> bool:
        """Whether ``word`` also occurs written in lower case, as a whole word."""
        text, start = self.text, self.text.find(word)
        while start >= 0:
            end = start + len(word)
            if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                return True
            start = text.find(word, end)
        return False


#: How far back :meth:`Words.before` looks for the previous word.
LOOK_BACK = 64
_LAST_WORD = re.compile(r"[^\W_]+(?=[\W_]*$)")


@functools.lru_cache(maxsize=8)
def words(text: str) -> Words:
    """The :class:`Words` of ``text`` (cached: relevance, places and pairs read the same text)."""
    return Words(text)


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
