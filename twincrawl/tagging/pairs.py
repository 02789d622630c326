"""The twin pairs a text states, from its city mentions and its twinning terms."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from twincrawl.items import Place
from twincrawl.tagging.home import home_mentions
from twincrawl.tagging.places import SENTENCE_BREAK, Mention, city_mentions
from twincrawl.tagging.terms import term_matches
from twincrawl.tagging.text import sentence_index, sentences, undotted
from twincrawl.tagging.vocabulary import Match

# Gaps that may separate a term from the city it attaches to, or two cities in a list.
MAX_GAP_WORDS = 3
# The one word a gap may hold is never a word that opens a clause: "in Moscow, where Volgograd and Coventry..."
# names a place and then the subject of another statement, not a list.
_LIST_GAP = re.compile(
    r"\s*(?:,|[-–—&]|and|und|et|e|y|i|a|og|och|и|і|й|та|а\s+также|as\s+well\s+as|sowie)?\s*"
    r"(?:(?!(?:where|which|who|when|while|wo|wie|als|où|qui|quand|dove|che|quando|donde|que|cuando|gdzie|który|kde"
    r"|kdy|где|который|которая|которое|куда|когда|де|який|яка|яке|коли)\s)\w+\s+)?"
    # Chinese lists: "韩国的光州、德国的杜塞尔多夫和俄罗斯的新西伯利亚" (a country and 的 before each name).
    r"|\s*[、，,和与及]\s*(?:[\u3400-\u9fff]{1,4}的)?",
    re.IGNORECASE,
)
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
# A parenthesis after a name gives its country or its other name ("Рига (Латвия), Верона (Италия)", "Сталинграда
# (ныне Волгограда) и Ковентри"): a list runs on through it, and a city named in it is the same place again.
_PARENTHESIS = re.compile(r"\s*[(（][^()（）\n]{0,60}[)）]")
# "Louviers, near Rouen", "Kronstadt bei St. Petersburg": the second city only says where the first one lies.
_NEAR = re.compile(
    r",?\s*(?:near|close to|outside|bei|nahe|près de|pres de|vicino a|presso|cerca de|под|возле|близ|біля|поблизу"
    r"|koło|nieopodal|u)\s+",
    re.IGNORECASE,
)
# "Omura, Nagasaki, arrived": a name, a comma, a second name of the same country, a comma and a word in lower case.
_APPOSITION = re.compile(r",\s*")
_GOES_ON = re.compile(r",\s*(?!(?:and|und|et|e|y|i|a|и|і|та)\b)(?=[^\W\d_])")
# Between a city attached to a term and the list of its twins after it: a few words, a colon or a dash
# ("у Казани восемь городов-побратимов: Рига...", "Miastami partnerskimi Krakowa są między innymi Lipsk...").
HUB_GAP_WORDS = 4


def find_pairs(text: str, places: list[Place], language: str | None, home: Place | None = None) -> list[list[int]]:
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
    Structure: a list runs on through the country or other name in parentheses after each name; a city named in
    such a parenthesis, after "near", or as "X, Region," only says where X lies; the twins listed after a colon or
    a short verb phrase pair with the city attached to the term; a list of three or more never pairs within
    itself; a list in the sentence after a statement naming no city pairs with the text's home city.
    ``home`` is the city of the site that published the text (:mod:`twincrawl.tagging.home`): "our city" and "our
    twin town" name it, and when the text names no city but the twins of an unnamed town ("twinning links with
    Kraków and Ostrava"), or a list after a statement naming no city, they are its twins.
    """
    wanted = {place.geonameid for place in places}
    country = {place.geonameid: place.country for place in places}
    named = [mention for mention in city_mentions(text, language) if mention.geonameid in wanted]
    if home is not None:
        country[home.geonameid] = home.country
        named = sorted([*named, *home_mentions(text, language, home)], key=lambda mention: mention.start)
    # What tells clauses and lists apart reads the text without the dots of abbreviations ("г. Тулой и г. Альбукерке").
    structure = undotted(text)
    mentions = _located(structure, named)
    mentions = _without_regions(structure, mentions, country)
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
    cityless: set[int] = set()
    for match in terms:
        index = sentence_index(spans, match.start)
        if index in by_sentence:
            terms_by_sentence.setdefault(index, []).append(match)
        else:
            cityless.add(index)
    pairs: set[tuple[int, int]] = set()
    attached: set[int] = set()
    unnamed_hub: set[int] = set()
    for index, sentence_terms in terms_by_sentence.items():
        pairs.update(_sentence_pairs(structure, by_sentence[index], sentence_terms))
        attached.update(_attached(structure, by_sentence[index], sentence_terms, unnamed_hub))
        hubs = {mention.geonameid for mention in by_sentence[index]}
        following = by_sentence.get(index + 1, [])
        if len(hubs) == 1 and following and _AMONG_THEM.match(structure, spans[index + 1].start):
            (hub,) = hubs
            pairs.update(_pair(hub, mention.geonameid) for mention in following if mention.geonameid != hub)
    pairs.update(_home_and_next_list(structure, mentions, by_sentence, cityless, home))
    if home is not None and unnamed_hub and set(distinct) <= unnamed_hub:
        pairs.update(_pair(home.geonameid, twin) for twin in unnamed_hub if twin != home.geonameid)
    attached.difference_update(city for pair in pairs for city in pair)
    pairs.update(_listed_with(structure, mentions, attached - unnamed_hub, country))
    strong = any(match.term.kind == "strong" for match in terms)
    if not pairs and strong and not unnamed_hub and len(distinct) == len({country[c] for c in distinct}) == 2:
        pairs.add(_pair(*distinct))
    return [list(pair) for pair in sorted(pairs)]


def _home_and_next_list(
    text: str,
    mentions: list[Mention],
    by_sentence: dict[int, list[Mention]],
    cityless: set[int],
    site_home: Place | None,
) -> set[tuple[int, int]]:
    """The twins listed in the sentence after a twinning statement that names no city, paired with the text's home
    city ("...a network of twin towns across Europe. Its partners include Dresden (Germany), Kiel (Germany)..."):
    the one it names most, else, when the list holds every city the text names, the site's own."""
    text_home = _home_city(mentions)
    named = {mention.geonameid for mention in mentions}
    pairs: set[tuple[int, int]] = set()
    for index in cityless:
        listed = by_sentence.get(index + 1, [])
        home = text_home
        if home is None and site_home is not None and named <= {mention.geonameid for mention in listed}:
            home = site_home.geonameid
        if home is None or len(listed) < 2 or any(mention.geonameid == home for mention in listed):
            continue
        if all(_is_list_gap(_between(text, a, b)) for a, b in itertools.pairwise(listed)):
            pairs.update(_pair(home, mention.geonameid) for mention in listed)
    return pairs


def _home_city(mentions: list[Mention]) -> int | None:
    """The city the text is about: named at least twice and more often than any other."""
    counts = Counter(mention.geonameid for mention in mentions).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) > 1 and counts[1][1] == counts[0][1]):
        return None
    return counts[0][0]


def _located(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions that name a city of their own: not the other name or the locating city of the one before it
    ("Сталинграда (ныне Волгограда)", "Louviers, near Rouen")."""
    kept: list[Mention] = []
    for mention in mentions:
        if kept and _describes(text, kept[-1], mention):
            continue
        kept.append(mention)
    return kept


def _describes(text: str, previous: Mention, mention: Mention) -> bool:
    if _NEAR.fullmatch(text, previous.end, mention.start):
        return True
    parenthesis = _PARENTHESIS.match(text, previous.end)
    return parenthesis is not None and parenthesis.end() >= mention.end


def _without_regions(text: str, mentions: list[Mention], country: dict[int, str]) -> list[Mention]:
    """Without the second of "X, Y," where Y is of X's country and the sentence goes on in lower case: the region
    or the prefecture of X ("Students from Omura, Nagasaki, arrived"), not a second town."""
    return [mention for index, mention in enumerate(mentions) if not _is_region_of(text, mentions, index, country)]


def _is_region_of(text: str, mentions: list[Mention], index: int, country: dict[int, str]) -> bool:
    if index == 0:
        return False
    previous, mention = mentions[index - 1], mentions[index]
    if country[previous.geonameid] != country[mention.geonameid]:
        return False
    goes_on = _GOES_ON.match(text, mention.end)
    if not _APPOSITION.fullmatch(text, previous.end, mention.start) or not goes_on:
        return False
    if not text[goes_on.end()].islower():
        return False
    # A list ("Dresden, Leipzig, and Chemnitz") is no town and its region.
    return index == 1 or not _is_list_gap(_between(text, mentions[index - 2], previous))


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
    return {
        _pair(first.geonameid, second.geonameid)
        for first, second in _joined_alone(text, mentions)
        if {first.geonameid, second.geonameid} & cities and country[first.geonameid] != country[second.geonameid]
    }


def _sentence_pairs(text: str, mentions: list[Mention], terms: list[Match]) -> set[tuple[int, int]]:
    distinct = list(dict.fromkeys(mention.geonameid for mention in mentions))
    chains = [(term, *_chains(text, mentions, term)) for term in terms]
    if len(distinct) == 2 and not any(len(chain[2]) > 1 and _with_unnamed(text, *chain) for chain in chains):
        return {_pair(*distinct)}
    pairs: set[tuple[int, int]] = set()
    paired: set[int] = set()
    for term, left, right in chains:
        if left and right:
            found = {_pair(a.geonameid, b.geonameid) for a in left for b in right}
        elif 0 < len(left or right) <= 2 and (twins := _listed_after(text, mentions, term, (left or right)[0])):
            # The city nearest the term is the hub of the twins listed after it ("Помимо Кёльна, у Волгограда
            # есть и другие побратимы: Ковентри..."); one listed with it is its twin too.
            hub, *others = left or right
            found = {_pair(hub.geonameid, twin.geonameid) for twin in [*twins, *others]}
            paired.update(twin.geonameid for twin in twins)
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
    # Two cities joined alone ("Volgograd and Coventry") are a pair; a longer list names the twins of another.
    for first, second in _joined_alone(text, mentions):
        if not {first.geonameid, second.geonameid} & paired:
            pairs.add(_pair(first.geonameid, second.geonameid))
    return {pair for pair in pairs if pair[0] != pair[1]}


def _joined_alone(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Neighbouring mentions joined by a list gap, with no third one joined to them."""
    joined = [_is_list_gap(_between(text, a, b)) for a, b in itertools.pairwise(mentions)]
    return [
        (first, second)
        for index, (first, second) in enumerate(itertools.pairwise(mentions))
        if joined[index]
        and not (index > 0 and joined[index - 1])
        and not (index + 1 < len(joined) and joined[index + 1])
    ]


def _chains(text: str, mentions: list[Mention], term: Match) -> tuple[list[Mention], list[Mention]]:
    """The cities listed next to ``term`` on its left and on its right."""
    left = _chain(text, [m for m in reversed(mentions) if m.end <= term.start], term.start, leftwards=True)
    right = _chain(text, [m for m in mentions if m.start >= term.end], term.end, leftwards=False)
    return left, right


def _listed_after(text: str, mentions: list[Mention], term: Match, hub: Mention) -> list[Mention]:
    """The twins listed after a term and the one city attached to it: a list of two or more, or any list after a
    colon ("Містами-побратимами Львова є: Вроцлав (Польща), Краків (Польща)...")."""
    start = max(term.end, hub.end)
    following = [mention for mention in mentions if mention.start >= start]
    if not following:
        return []
    gap = _PARENTHESIS.sub("", text[start : following[0].start])
    if len(gap.split()) > HUB_GAP_WORDS or re.search(r"[.;!?()\n]", gap) or "," in gap.replace(":", ""):
        return []
    listed = [following[0]]
    for mention in following[1:]:
        if not _is_list_gap(_between(text, listed[-1], mention)):
            break
        listed.append(mention)
    return listed if len(listed) > 1 or ":" in gap else []


def _between(text: str, first: Mention, second: Mention) -> str:
    """The text between two mentions, without the parentheses that follow a name."""
    return _PARENTHESIS.sub("", text[first.end : second.start])


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
    if SENTENCE_BREAK.search(gap) or len(gap.split()) > MAX_GAP_WORDS or "," in gap:
        return []
    chain = [nearest]
    for mention in ordered[1:]:
        previous = chain[-1]
        between = _between(text, mention, previous) if leftwards else _between(text, previous, mention)
        if not _is_list_gap(between):
            break
        chain.append(mention)
    return chain


def _is_list_gap(between: str) -> bool:
    return bool(_LIST_GAP.fullmatch(between)) and not SENTENCE_BREAK.search(between)
