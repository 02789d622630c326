"""What became of each twin pair a text states: active, ended or proposed (``vocabulary/states.yaml``).

A state word counts when it speaks of the tie: a few words from a twinning term or a word for the tie, in one
clause ("Coventry suspended its twinning with Volgograd", "die Partnerschaft wurde 2022 aufgekündigt", "разорвал
побратимские связи"). A proposed-kind word counts only before the term, right before it or one word away ("proposed
twinning") or with a word for signing between ("plan to sign a twinning agreement"): "plans to visit the twin city"
says nothing about the tie. A sentence speaks of a pair when it names both its cities, or one of them and no city
of another pair, or, in a text stating one pair only, no city at all ("The partnership was suspended in 2022.").
The last state word about a pair, in text order, gives its state (a tie "resumed" is active again); the year is the
one written nearest that word in its sentence.
"""

from __future__ import annotations

import math
import re

from twincrawl.items import PairState
from twincrawl.tagging.places import Mention, city_mentions
from twincrawl.tagging.terms import term_matches
from twincrawl.tagging.text import Span, sentence_index, sentences, undotted
from twincrawl.tagging.vocabulary import Match, state_matcher

# Words that may stand between a state word and the term it speaks of, city names not counted: "suspended
# [its] twinning", "the partnership [was] suspended", "Partnerschaft [zwischen Kiel und Kaliningrad wurde 2022]
# aufgekündigt".
ENDED_REACH = 4
# Between a proposed-kind word and the term: a few words with a signing word among them ("plan [to sign a]
# twinning"), else one at most ("Absichtserklärung [zur] Städtepartnerschaft").
PROPOSED_REACH = 4
PROPOSED_UNSIGNED_REACH = 1
# Or one word at most and a preposition that makes the term its object ("proposta [formale] di gemellaggio").
PROPOSED_JOINED_REACH = 1
# Between such a preposition (with its article) and the term.
_JOIN_GAP = re.compile(r"[\s'’]*")
_STATE_KINDS = {"ended", "proposed", "resumed"}
_CLAUSE_BREAK = re.compile(r"[.;!?\n]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words are not spaced in Chinese: this many characters count as one.
CJK_CHARACTERS_PER_WORD = 2


def pair_states(text: str, pairs: list[list[int]], language: str | None) -> list[PairState]:
    """The state of each of ``pairs`` (as :func:`twincrawl.tagging.find_pairs` gives them), in their order."""
    mentions = city_mentions(text, language) if pairs else ()
    cues = _cues(text, language, mentions) if pairs else []
    if not cues:
        return [PairState(pair=list(pair)) for pair in pairs]
    spans = sentences(text)
    paired = {city for pair in pairs for city in pair}
    named: dict[int, set[int]] = {}
    for mention in mentions:
        if mention.geonameid in paired:
            named.setdefault(sentence_index(spans, mention.start), set()).add(mention.geonameid)
    states = []
    for pair in pairs:
        state = PairState(pair=list(pair))
        for cue in cues:
            index = sentence_index(spans, cue.start)
            if index < 0 or not _speaks_of(set(pair), named.get(index, set()), len(pairs)):
                continue
            if cue.term.kind == "resumed":
                state = PairState(pair=list(pair))
            else:
                state = PairState(pair=list(pair), state=cue.term.kind, year=_year(text, spans[index], cue))
        states.append(state)
    return states


def _speaks_of(pair: set[int], named: set[int], pair_count: int) -> bool:
    if not named:
        return pair_count == 1
    return pair <= named or (bool(pair & named) and named <= pair)


def _cues(text: str, language: str | None, mentions: tuple[Mention, ...]) -> list[Match]:
    """The state words of ``text`` that speak of a tie, in text order."""
    found = state_matcher(language).find(text)
    if not any(match.term.kind in _STATE_KINDS for match in found):
        return []
    anchors = [match for match in found if match.term.kind == "link"] + term_matches(text, language)
    signs = [match for match in found if match.term.kind == "sign"]
    joins = [match for match in found if match.term.kind == "join"]
    structure = undotted(text)
    return [
        match
        for match in found
        if match.term.kind in _STATE_KINDS and _attached(structure, match, anchors, (signs, joins), mentions)
    ]


def _attached(
    text: str, cue: Match, anchors: list[Match], links: tuple[list[Match], list[Match]], mentions: tuple[Mention, ...]
) -> bool:
    """Whether the state word ``cue`` speaks of a term or a word for the tie of its clause; ``links`` are the
    signing words and the prepositions that join a proposal to its object."""
    signs, joins = links
    for anchor in anchors:
        before = anchor.start >= cue.end
        if not before and anchor.end > cue.start:
            continue
        start, end = (cue.end, anchor.start) if before else (anchor.end, cue.start)
        if _CLAUSE_BREAK.search(text, start, end):
            continue
        gap = _gap_words(text, start, end, mentions)
        if cue.term.kind != "proposed":
            if gap <= ENDED_REACH:
                return True
            continue
        if not before:
            continue
        signed = any(start <= sign.start and sign.end <= end for sign in signs)
        if gap <= PROPOSED_UNSIGNED_REACH or (signed and gap <= PROPOSED_REACH) or _joined(text, start, end, joins):
            return True
    return False


def _joined(text: str, start: int, end: int, joins: list[Match]) -> bool:
    """Whether the words from ``start`` to a term at ``end`` end with a preposition that makes the term the object
    of the proposal before them, a word at most before it ("proposta [formale] di gemellaggio")."""
    return any(
        start <= join.start
        and _JOIN_GAP.fullmatch(text, join.end, end)
        and len(re.findall(r"[^\W_]+", text[start : join.start])) <= PROPOSED_JOINED_REACH
        for join in joins
    )


def _gap_words(text: str, start: int, end: int, mentions: tuple[Mention, ...]) -> int:
    """Words between ``start`` and ``end``, the names of cities not counted."""
    gap = text[start:end]
    for mention in mentions:
        if start <= mention.start and mention.end <= end:
            gap = gap.replace(text[mention.start : mention.end], " ")
    spaced = len(re.findall(r"[^\W_]+", _CJK.sub(" ", gap)))
    return spaced + math.ceil(len(_CJK.findall(gap)) / CJK_CHARACTERS_PER_WORD)


def _year(text: str, sentence: Span, cue: Match) -> int | None:
    years = list(_YEAR.finditer(text, sentence.start, sentence.end))
    if not years:
        return None
    nearest = min(years, key=lambda match: abs(match.start() - cue.start))
    return int(nearest.group())
