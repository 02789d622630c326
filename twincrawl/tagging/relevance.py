"""Twinning relevance: how strongly a page is about city twinning, and the words and sentences saying so."""

from __future__ import annotations

import re

from twincrawl.items import Relevance
from twincrawl.tagging.places import resolve_city
from twincrawl.tagging.terms import terms_in
from twincrawl.tagging.text import Span, sentence_index, sentences
from twincrawl.tagging.vocabulary import Match

# Evidence weights per term kind, combined as a noisy-OR: one clear twinning term in the body (0.6) clears
# the default threshold of 0.5, one partner-city phrase (0.3) does not, two different ones do; context words
# alone can never reach it (capped at 0.24), nor can one partner phrase with them however often it recurs
# (a soldier's funeral speaks of his "побратимы" again and again, with the mayor present).
WEIGHTS = {"strong": 0.6, "partner": 0.3, "context": 0.08}
CONTEXT_CAP = 0.24
# A clear twinning term in the headline says what the whole page is about. A partner-kind word gets no
# bonus there: "Спас раненого побратима", "两家企业建立友好合作关系" are headlines about comrades and firms.
TITLE_BONUS = 0.25
# Repeating the same word adds less and less; only this many occurrences of one term count.
MAX_REPEATS = 3
MAX_EVIDENCE = 3
# The word right after or right before a term, across blanks, dashes and quotes (after it, also across "with"
# or "of": "patto di amicizia con Valladolid", "the partner town of Bayeux").
_NEXT_WORD = re.compile(r"[ \t\-‐‑–—:«»\"„“]*(?:(?:with|con|avec|of|von|di)\s+)?(\w[\w\-]*)", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"(\w[\w\-]*)[ \t\-‐‑–—»\"“]*\Z")


def score_relevance(title: str, text: str, language: str | None, *, threshold: float = 0.5) -> Relevance:
    """Score a page for twinning relevance.

    ``language`` (ISO 639-1) picks the vocabulary (its own terms plus English); None uses every language.
    The label is ``score >= threshold``. A partner word right next to a city name counts as a clear
    twinning term. ``terms`` are the matched words as written on the page (title first), ``evidence`` the
    sentences with the strongest matches, in text order.
    """
    title_matches = terms_in(title, language)
    body_matches = terms_in(text, language)

    not_matched = 1.0
    context = 0.0
    repeats: dict[str, int] = {}
    sourced = [(title, True, match) for match in title_matches] + [(text, False, match) for match in body_matches]
    for source, in_title, match in sourced:
        phrase = match.term.phrase
        repeats[phrase] = repeats.get(phrase, 0) + 1
        if repeats[phrase] > MAX_REPEATS:
            continue
        kind = match.term.kind
        if kind == "partner" and _next_to_city(source, match, language):
            kind = "strong"
        elif kind == "partner" and repeats[phrase] > 1:
            continue
        weight = WEIGHTS[kind] / repeats[phrase]
        if kind == "context":
            context += weight
            continue
        if kind == "strong" and in_title:
            weight = min(1.0, weight + TITLE_BONUS)
        not_matched *= 1.0 - weight
    not_matched *= 1.0 - min(context, CONTEXT_CAP)
    score = round(1.0 - not_matched, 4)
    return Relevance(
        score=score,
        is_twinning=score >= threshold,
        terms=_surface_terms(title, title_matches, text, body_matches),
        evidence=_evidence(text, body_matches),
    )


def _next_to_city(text: str, match: Match, language: str | None) -> bool:
    """Whether a partner word stands right next to a city name, which makes it a twinning statement
    ("города-партнёра Чэнду", "Тула и Альбукерке — побратимы"); a comrade or a firm has a person's name or
    none there ("вынес раненого побратима", "побратим Сергея")."""
    after = _NEXT_WORD.match(text, match.end)
    before = _PREVIOUS_WORD.search(text, max(0, match.start - 60), match.start)
    return any(
        found is not None and found.group(1)[0].isupper() and resolve_city(found.group(1), language) is not None
        for found in (after, before)
    )


def _surface_terms(title: str, title_matches: list[Match], text: str, body_matches: list[Match]) -> list[str]:
    seen: dict[str, None] = {}
    for source, matches in ((title, title_matches), (text, body_matches)):
        for match in matches:
            seen.setdefault(source[match.start : match.end], None)
    return list(seen)


def _evidence(text: str, matches: list[Match]) -> list[str]:
    """The sentences holding the strongest matches, in text order."""
    if not matches:
        return []
    spans = sentences(text)
    strength: dict[int, float] = {}
    for match in matches:
        index = sentence_index(spans, match.start)
        if index >= 0:
            strength[index] = strength.get(index, 0.0) + WEIGHTS[match.term.kind]
    best = sorted(strength, key=lambda index: -strength[index])[:MAX_EVIDENCE]
    return [_sentence_text(text, spans[index]) for index in sorted(best)]


def _sentence_text(text: str, span: Span) -> str:
    return " ".join(text[span.start : span.end].split())
