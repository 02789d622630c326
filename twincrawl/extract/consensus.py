"""Extraction's second opinion: trafilatura's body checked against readability's algorithm.

:func:`checked_body` asks readability's algorithm (trafilatura's copy of it) for the body of the same page. When
the two bodies are the same article (their 4-word shingles agree), trafilatura's body is cut to the span
readability has too, and a summary paragraph readability opens with is put first, unless the cut would drop
most of it; when they disagree, jusText (a third algorithm: paragraphs classified one by one from their length,
stop words and links) is asked as well, and trafilatura's body stays unless the other two find the same article
and agree with each other more than either agrees with it; a body too short to be an article never replaces
trafilatura's. The shingle comparisons and the witness that says whether another body has a piece of text live
here too, with the word and line helpers :mod:`twincrawl.extract.extractor` shares.
"""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter

import lxml.etree
import lxml.html
from trafilatura.external import try_justext
from trafilatura.htmlprocessing import tree_cleaning
from trafilatura.readability_lxml import Document as TrafilaturaReadability
from trafilatura.settings import Extractor

from twincrawl.extract.html import without_control_characters
from twincrawl.extract.prune import recommendations_heading
from twincrawl.words import WORD, lower_words

#: Two bodies whose 4-word shingles agree at least this much (F1) are the same article found twice; below it
#: the extractors disagree about what the article is, and a third one is asked. Agreement on the benchmark
#: pages is either above 0.7 or below 0.45.
SAME_ARTICLE_AGREEMENT = 0.5
#: Trafilatura's body cut to the span readability has too is kept only when it keeps at least this share of the
#: words: a cut to a paragraph or two means readability found a fragment (a fact box, one section), not the article.
MIN_KEPT_SHARE = 0.5
#: Another extractor's body replaces trafilatura's only when it has at least this many words: a short block
#: that outvotes trafilatura's body is a paywall line, a newsletter box or a teaser, not an article trafilatura
#: missed.
MIN_REPLACEMENT_WORDS = 80
#: When readability's and jusText's bodies outvote trafilatura's, jusText's supplies the text only when it agrees
#: with trafilatura's by at least this much more (shingle F1) than readability's does; otherwise readability's,
#: the second opinion proper, does. A closer call is a tie, settled by the order in which the extractors are
#: trusted rather than by noise in the last digits.
TEXT_MARGIN = 0.05


def checked_body(first: str, tree: lxml.html.HtmlElement) -> str:
    """``first`` (trafilatura's body of ``tree``) checked against readability's algorithm.

    Bodies that agree: ``first`` cut to the span both have, after readability's summary lead (``first`` itself
    when the cut keeps less than MIN_KEPT_SHARE of its words). Bodies that disagree: jusText is asked too and
    :func:`vote` decides, its body cut at a heading of recommended articles unless it is ``first``; ``first``
    when that body has fewer than MIN_REPLACEMENT_WORDS words.
    """
    second = _readability_algorithm(tree)
    if not second:
        # Readability found no article where trafilatura found one: no second opinion, not a disagreement.
        return first
    second_shingles = _shingles(second)
    if _shingle_agreement(_shingles(first), second_shingles) >= SAME_ARTICLE_AGREEMENT:
        checked = with_lead(_common_span(first, _Witness(second, second_shingles)), second)
        return checked if word_count(checked) >= MIN_KEPT_SHARE * word_count(first) else first
    winner = vote(first, second, _justext(tree))
    if winner == first:
        return first
    replacement = before_recommendations(winner, first)
    return first if first and word_count(replacement) < MIN_REPLACEMENT_WORDS else replacement


def vote(first: str, second: str, third: str) -> str:
    """The body three extractors' bodies elect: ``first`` (trafilatura's), ``second`` (readability's algorithm)
    and ``third`` (jusText's).

    ``first`` stays unless ``second`` and ``third`` are the same article (shingle agreement at least
    SAME_ARTICLE_AGREEMENT) and agree with each other more than either agrees with ``first``: a witness that
    agrees with trafilatura as much as the other two agree with each other confirms it, a tie included. Then
    ``second`` is elected, or ``third``'s lines that ``first`` or ``second`` has too when ``third`` agrees with
    ``first`` by TEXT_MARGIN more than ``second`` does. Each witness runs an algorithm of its own: a second copy
    of readability's (readability-lxml) would side with the first whatever it found.
    """
    shingles = [_shingles(text) for text in (first, second, third)]
    with_second = _shingle_agreement(shingles[0], shingles[1])
    with_third = _shingle_agreement(shingles[0], shingles[2])
    others = _shingle_agreement(shingles[1], shingles[2])
    if first and (others < SAME_ARTICLE_AGREEMENT or others <= max(with_second, with_third)):
        return first
    if with_third <= with_second + TEXT_MARGIN:
        return second
    # jusText classifies the paragraphs of the whole page, so its body can run past the article's element into
    # a site's footer or contact lines: only its lines one of the two extractors has too are kept.
    witnesses = (_Witness(first, shingles[0]), _Witness(second, shingles[1]))
    return "\n".join(line for line in third.split("\n") if any(witness.has(line) for witness in witnesses))


def word_count(text: str) -> int:
    """The number of blank-separated words of a text."""
    return len(text.split())


def before_recommendations(text: str, first: str) -> str:
    """``text`` without the lines after a heading of recommended articles ("You may also like") that ``first``
    does not have.

    Readability's algorithm takes in blocks next to the article with text of their own, such as excerpts of
    other posts; trafilatura, which skips them, is the witness of what after such a heading is still the article.
    """
    lines = text.split("\n")
    heading = next((k for k, line in enumerate(lines) if recommendations_heading(line)), None)
    if heading is None:
        return text
    witness = _Witness(first)
    return "\n".join([*lines[:heading], *(line for line in lines[heading + 1 :] if witness.has(line))])


#: Readability's leading lines that trafilatura lacks are restored when at least this long: a summary paragraph
#: set apart from the rest of the article, not a caption or a label.
LEAD_CHARS = 100
#: Words of photo captions and credits, which a restored lead must not have.
_CAPTION = re.compile(
    r"photo|foto|image|picture|\bpics?\b|©|getty|shutterstock|credit|quelle|fuente|source", re.IGNORECASE
)


def with_lead(text: str, second: str) -> str:
    """``text`` after the paragraphs ``second`` opens with before its first line that ``text`` has too.

    Only paragraphs of LEAD_CHARS or more without words of captions, each once (a line repeated is the caption
    of a slideshow), are taken.
    """
    lines = second.split("\n")
    if lines[0] in text:  # the usual case, settled without shingling the body
        return text
    witness = _Witness(text)
    lead = []
    for line in lines:
        if witness.has(line):
            break
        lead.append(line)
    else:
        return text
    lead = [line for line in lead if len(line) >= LEAD_CHARS and not _CAPTION.search(line) and lead.count(line) == 1]
    return "\n".join([*lead, text])


#: What readability's algorithm is given without: page chrome it scores only to drop. On the extraction bench set
#: its F1 is the same with or without them, and on pages with a site's full menus and footers it costs 60% less.
#: (Forms stay: ASP.NET pages hold the whole page in one.)
_NOT_FOR_READABILITY = ("script", "style", "noscript", "template", "nav", "footer", "svg", "iframe")


def _readability_algorithm(tree: lxml.html.HtmlElement) -> str:
    """The body found by trafilatura's copy of readability (a quarter of readability-lxml's cost)."""
    page = copy.deepcopy(tree)
    lxml.etree.strip_elements(page, *_NOT_FOR_READABILITY, with_tail=False)
    try:
        summary = TrafilaturaReadability(page, min_text_length=25).summary()
    except (ValueError, TypeError, RecursionError, AttributeError, lxml.etree.ParserError):
        return ""
    return summary_text(summary)


def _justext(tree: lxml.html.HtmlElement) -> str:
    """The body found by jusText, with the stop words of the page's declared language (of every language jusText
    knows when the page declares none), from the page cleaned of what trafilatura never reads (scripts, forms,
    asides ...)."""
    language = _LANGUAGE.match(tree.get("lang") or "")
    try:
        cleaned = tree_cleaning(copy.deepcopy(tree), Extractor())
        body = try_justext(cleaned, None, language.group(1).lower() if language else None)
    except (ValueError, TypeError, RecursionError, AttributeError, lxml.etree.ParserError):
        return ""
    return tidy_lines("\n".join(paragraph.text or "" for paragraph in body))


_LANGUAGE = re.compile(r"\s*([A-Za-z]{2,3})(?![A-Za-z])")


def summary_text(summary: str) -> str:
    """The text of a readability summary, one block per line."""
    if not summary.strip():
        return ""
    try:
        body = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (ValueError, AssertionError, lxml.etree.ParserError):  # lxml asserts on some malformed documents
        return ""
    for node in body.iter():
        # Line breaks in the source are spaces: only blocks start new lines.
        # Character references in the summary ("&#3;") may have become characters lxml refuses to set back.
        text = _SPACES.sub(" ", without_control_characters(node.text or ""))
        tail = _SPACES.sub(" ", without_control_characters(node.tail or ""))
        if node.tag in _BLOCK_TAGS:
            text, tail = "\n" + text, "\n" + tail
        node.text, node.tail = text or None, tail or None
    return tidy_lines(body.text_content())


_BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "br",
    "section",
)
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


Shingles = Counter[tuple[str, ...]]


def _shingles(text: str) -> Shingles:
    """The text's 4-word shingles (the whole text as one when it has fewer words), counted."""
    words = WORD.findall(text)
    if len(words) < 4:
        return Counter((tuple(words),))
    return Counter(zip(words, words[1:], words[2:], words[3:], strict=False))


def _shared(one: Shingles, other: Shingles) -> int:
    """How many shingles two multisets share (the size of their intersection)."""
    common = one.keys() & other.keys()
    if one.total() == len(one) or other.total() == len(other):
        return len(common)  # one side has each shingle once: a shared one counts once
    return sum(min(one[shingle], other[shingle]) for shingle in common)


def agreement(one: str, other: str) -> float:
    """F1 of the 4-word shingles two texts share (1.0 for identical texts)."""
    return _shingle_agreement(_shingles(one), _shingles(other))


def _shingle_agreement(first: Shingles, second: Shingles) -> float:
    """F1 of two multisets of shingles."""
    total = first.total() + second.total()
    return 2 * _shared(first, second) / total if total else 1.0


class _Witness:
    """Another extractor's body, asked whether it has a piece of text too."""

    def __init__(self, text: str, shingles: Shingles | None = None) -> None:
        self._text = text
        self._shingles = _shingles(text) if shingles is None else shingles

    @functools.cached_property
    def _words(self) -> str:
        """The body's words, padded with spaces to search for a phrase (only short pieces need them)."""
        return f" {word_key(self._text)} "

    def has(self, piece: str) -> bool:
        words = word_key(piece)
        if not words:
            return False
        if words.count(" ") < 3:
            return f" {words} " in self._words
        own = _shingles(piece)
        return 2 * _shared(own, self._shingles) >= own.total()


def common_span(text: str, other: str) -> str:
    """``text`` from its first to its last line (and sentence) that ``other`` has too.

    A line counts as had when at least half of its 4-word shingles are in ``other`` (a line shorter than
    that: when its words are). A line opening with a dateline ("LONDON (Reuters) - ...") before the first one
    had starts the span: it is the lead paragraph, which some pages set apart from the rest. Returns ``text``
    unchanged when ``other`` has none of it.
    """
    return _common_span(text, _Witness(other))


def _common_span(text: str, witness: _Witness) -> str:
    lines = text.split("\n")
    kept = [index for index, line in enumerate(lines) if witness.has(line)]
    if not kept:
        return text
    start = next((index for index in range(kept[0]) if _DATELINE.match(lines[index])), kept[0])
    lines = lines[start : kept[-1] + 1]
    sentences = _SENTENCE_END.split(lines[0])
    while len(sentences) > 1 and start == kept[0] and not witness.has(sentences[0]):
        sentences.pop(0)
    lines[0] = " ".join(sentences)
    sentences = _SENTENCE_END.split(lines[-1])
    while len(sentences) > 1 and not witness.has(sentences[-1]):
        sentences.pop()
    lines[-1] = " ".join(sentences)
    return "\n".join(lines)


#: The opening of a news agency's lead paragraph: an optional place in capitalised words, the agency in
#: parentheses, an optional dash, then the first sentence ("HAYWARD, Calif. (AP) — The ...", "(CNN) President").
_DATELINE = re.compile(r"^(?:[A-Z][\w.'’-]*,?\s)*\([A-Z][\w ]{0,30}\)\s*(?:[-—–]\s*)?[\"“A-Z]")


def word_key(text: str) -> str:
    """The text's lower-cased words joined by single spaces: equal for texts that differ in case, spacing and
    punctuation only."""
    return " ".join(lower_words(text))


def tidy_lines(text: str) -> str:
    """The text's lines with runs of blanks collapsed, empty lines dropped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
