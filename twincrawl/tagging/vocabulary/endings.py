"""Case endings of the Slavic languages: the dictionary forms a written word may come from.

A word is reduced to candidate base forms by a table of endings ("Волгограда" -> "Волгоград", "Ostravě" ->
"Ostrava"); the gazetteer keeps the candidates that are names. The gazetteer index is built with this module,
so its cache key covers this file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

_CYRILLIC = re.compile(r"[а-яіїєґўё]")
# Case endings of Russian, Ukrainian and Belarusian nouns and adjectives, mapped to the endings of the
# dictionary form they may come from ("Волгограда" -> "Волгоград", "Костромы" -> "Кострома",
# "Ярославля" -> "Ярославль", "Нижнего" -> "Нижний"). Trying all of them costs a few set look-ups.
_CYRILLIC_ENDINGS: dict[str, tuple[str, ...]] = {
    "а": ("", "о", "ь"),
    "я": ("ь", "й", "е"),
    "у": ("", "а", "о"),
    "ю": ("ь", "й", "я"),
    "ом": ("", "о", "ый", "ой"),
    "ем": ("ь", "й", "е", "ий"),
    "е": ("", "а", "я", "о", "ь", "й"),
    "і": ("", "а", "я", "о", "ь"),
    "ові": ("",),
    "ы": ("а",),
    "и": ("а", "я", "ь", "й"),
    "ой": ("а", "ый", "ий", "ая"),
    "ою": ("а",),
    "ей": ("я", "ь", "яя"),
    "ью": ("ь",),
    "ии": ("ия",),
    "ию": ("ия",),
    "ией": ("ия",),
    "ого": ("ый", "ой", "ий"),
    "его": ("ий", "ее"),
    "ому": ("ый", "ой"),
    "ему": ("ий",),
    "ым": ("ый", "ой"),
    "им": ("ий",),
    "ую": ("ая",),
    "юю": ("яя",),
    "ых": ("ые",),
    "их": ("ие",),
    "ах": ("ы", "и"),
    "ов": ("ы", "и"),
    "ам": ("ы", "и"),
    "ами": ("ы", "и"),
}
# Latin-script endings shared by Polish, Czech, Slovak and Serbo-Croatian ("Wołgogradu", "Ostravě").
_LATIN_SLAVIC_ENDINGS: dict[str, tuple[str, ...]] = {
    "u": ("",),
    "a": ("",),
    "em": ("",),
    "iem": ("",),
    "ie": ("", "a"),
    "ě": ("a",),
    "y": ("a",),
    "ou": ("a",),
    "i": ("a",),
}
# What each language adds to the table of its script: soft stems ("Poznania", "Łodzi" from "Poznań", "Łódź"),
# consonant changes before -e/-i ("Pradze", "Praze", "Rijeci", "Празі" from "Praga", "Praha", "Rijeka", "Прага"),
# the dropped vowel of -ec/-ac ("Kragujevca", "Olomouce", "Кременця" from "Kragujevac", "Olomouc", "Кременець"),
# plurals ("Košiciach", "Чернівців") and adjectives ("Novog Sada", "Білої Церкви").
_POLISH_ENDINGS: dict[str, tuple[str, ...]] = {
    "ą": ("a",),
    "nia": ("ń",),
    "niu": ("ń",),
    "niem": ("ń",),
    "dzi": ("dź",),
    "dze": ("ga",),
    "ce": ("ka",),
    "cie": ("ta",),
    "ach": ("e", "y"),
    "ca": ("ec", "iec"),
    "cu": ("ec", "iec"),
    "cem": ("ec", "iec"),
}
_CZECH_ENDINGS: dict[str, tuple[str, ...]] = {
    "ě": ("",),
    "i": ("",),
    "ze": ("ha", "ga"),
    "ce": ("ka", "ec", "c"),
    "ci": ("ec",),
    "ca": ("ec",),
    "cem": ("ec",),
    "ech": ("y", "e"),
}
# Slovak writes the locative with -e where Czech has -ě ("v Bratislave", "v Berlíne").
_SLOVAK_ENDINGS: dict[str, tuple[str, ...]] = {**_CZECH_ENDINGS, "e": ("", "a"), "iach": ("e",)}
_SERBO_CROATIAN_ENDINGS: dict[str, tuple[str, ...]] = {
    "om": ("", "a", "i"),
    "e": ("a",),
    "ci": ("ka",),
    "ca": ("ac",),
    "cu": ("ac",),
    "cem": ("ac",),
    "com": ("ac",),
    "og": ("i",),
    "oj": ("a",),
}
_UKRAINIAN_ENDINGS: dict[str, tuple[str, ...]] = {
    "ів": ("і", "и"),
    "ях": ("і",),
    "ею": ("я",),
    "ої": ("а",),
    "зі": ("га",),
    "ці": ("ка", "ець"),
    "ця": ("ець",),
    "цю": ("ець",),
    "цем": ("ець",),
}
# Russian keeps the dropped vowel of -ец only in the nominative ("Ельца" from "Елец").
_RUSSIAN_ENDINGS: dict[str, tuple[str, ...]] = {
    "ца": ("ец",), "цу": ("ец",), "це": ("ец",), "цом": ("ец",),
    "ьца": ("ец",), "ьцу": ("ец",), "ьце": ("ец",), "ьцом": ("ец",),
}  # fmt: skip
# Belarusian writes the unstressed instrumental -ом as -ам ("з Мінскам").
_BELARUSIAN_ENDINGS: dict[str, tuple[str, ...]] = {"ам": ("",), "ай": ("а",)}
_LANGUAGE_ENDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": _RUSSIAN_ENDINGS, "uk": _UKRAINIAN_ENDINGS, "be": _BELARUSIAN_ENDINGS, "pl": _POLISH_ENDINGS,
    "cs": _CZECH_ENDINGS, "sk": _SLOVAK_ENDINGS,
    "sr": _SERBO_CROATIAN_ENDINGS, "hr": _SERBO_CROATIAN_ENDINGS, "bs": _SERBO_CROATIAN_ENDINGS,
}  # fmt: skip

# Neuter towns in -no, -ko, -vo ("Kowna", "w Kownie", "Brně", "Sarajevu" from "Kowno", "Brno", "Sarajevo").
# Only after these stems: a feminine first name ("Anja", "Cora") is no genitive of a town "Anjo", "Coro".
_NEUTER_ENDINGS: dict[str, tuple[str, ...]] = {
    "pl": ("a", "ie", "em"), "cs": ("a", "ě", "em"), "sk": ("a", "e", "om"),
    "sr": ("a", "u", "om"), "hr": ("a", "u", "om"), "bs": ("a", "u", "om"),
}  # fmt: skip
_NEUTER_STEM = re.compile(r"(?:[^aeiouyąęóáéíůúýěn][nk]|[aeiouy][wv])$")
# Polish writes ó for o in a closed last syllable: "Lwowa", "Krakowie" come from "Lwów", "Kraków".
_POLISH_CLOSED_O = re.compile(r"o(?=[^aeiouyąęó]+$)")


def latin_slavic_forms(word: str, language: str) -> list[str]:
    """``word`` and the dictionary forms a Latin-script Slavic ``language`` may have inflected it from."""
    forms = inflected(word, endings(cyrillic=False, language=language))
    forms.extend(
        word[: -len(ending)] + "o"
        for ending in _NEUTER_ENDINGS.get(language, ())
        if word.endswith(ending) and _NEUTER_STEM.search(word[: -len(ending)])
    )
    if language == "pl":
        forms.extend(_POLISH_CLOSED_O.sub("ó", form, count=1) for form in list(forms))
    return forms


#: An ending table grouped by the last letter of its endings, longest endings first: a word is tried only against
#: the endings it can have.
Table = dict[str, tuple[tuple[str, tuple[str, ...]], ...]]


def _by_last_letter(table: dict[str, tuple[str, ...]]) -> Table:
    grouped: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for ending, replacements in sorted(table.items(), key=lambda item: -len(item[0])):
        grouped.setdefault(ending[-1], []).append((ending, replacements))
    return {letter: tuple(group) for letter, group in grouped.items()}


def inflected(word: str, table: Table) -> list[str]:
    """``word`` and the dictionary forms its ending may come from."""
    forms = [word]
    for ending, replacements in table.get(word[-1:], ()):
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: len(word) - len(ending)]
            forms.extend(stem + replacement for replacement in replacements)
            # Ukrainian o/e -> i in the closed last syllable: "Львова" -> "Львів", "Києва" -> "Київ".
            if stem.endswith(("ов", "ев", "єв")):
                forms.append(stem[:-2] + ("ів" if stem.endswith("ов") else "їв"))
    return forms


@functools.cache
def endings(*, cyrillic: bool, language: str | None) -> Table:
    """The ending table of the script with what ``language`` adds to it, longest endings first: the form a
    longer ending gives is tried first ("Празі" is "Прага" before it is some "Праза")."""
    merged = dict(_CYRILLIC_ENDINGS if cyrillic else _LATIN_SLAVIC_ENDINGS)
    extra = _LANGUAGE_ENDINGS.get(language or "", {})
    if extra and cyrillic == bool(_CYRILLIC.search("".join(extra))):
        for ending, replacements in extra.items():
            merged[ending] = tuple(dict.fromkeys(merged.get(ending, ()) + replacements))
    return _by_last_letter(merged)


# Plural town names ("Мытищи", "Черкассы", "Великие Луки") mostly take no ending in the genitive plural ("из
# Мытищ", "Черкасс", "Великих Лук"), or one the table does not lead back from ("Киришей"). The Russian dictionary
# tells them from indeclinable names in -и ("Сочи", "Хельсинки"): a one-word name must be a plural-only place
# name there, the noun of a multi-word one must follow a plural adjective. Other spellings of the same town
# ("Черкаси", "Митищи") drop their last vowel where the Russian name has no ending ("з Черкас").
_PLURAL_NAME = re.compile(r"[^аеиоуыэюяьйіїє][иыі]$")
_PLURAL_ADJECTIVE = re.compile(r"(?:ые|ие)$")


def plural_genitives(keys: Iterable[str], analyzer: Any, is_common_word: Callable[[str], bool]) -> set[str]:
    """Keys for the genitive plural of a town's Cyrillic name ``keys`` (see ``_PLURAL_NAME``); a one-word
    genitive that is a common Russian word ("Шахт", "Бендер", "Горок") is left out."""
    found: set[str] = set()
    zero_ending = False
    for key in keys:
        words = key.split(" ")
        if len(words) > 2 or not _PLURAL_NAME.search(words[-1]):
            continue
        if len(words) == 1:
            grammemes = {"Pltm", "Geox", "nomn"}
        elif _PLURAL_ADJECTIVE.search(words[0]):
            grammemes = {"NOUN", "plur", "nomn"}
        else:
            continue
        parse = next((p for p in analyzer.parse(words[-1]) if p.is_known and grammemes <= p.tag.grammemes), None)
        inflected_parse = parse.inflect({"gent", "plur"}) if parse is not None else None
        if inflected_parse is None:
            continue
        genitive = inflected_parse.word.replace("ё", "е")
        if words[-1] in inflected(genitive, endings(cyrillic=True, language="ru")):
            continue  # "Березников", "Челнов": the ending table finds the name already
        if len(words) == 2 or not is_common_word(genitive):
            found.add(" ".join([*words[:-1], genitive]))
        zero_ending = zero_ending or (len(words) == 1 and genitive == words[0][:-1])
    if zero_ending:
        stems = (key[:-1] for key in keys if " " not in key and _PLURAL_NAME.search(key))
        found.update(stem for stem in stems if len(stem) > 3 and not is_common_word(stem))
    return found


# In a name of several words every word declines: adjectives ("v Českých Budějovicích", "v Banskej Bystrici",
# "w Zielonej Górze"), possessives ("v Havlíčkově Brodě"), plural and neuter nouns ("z Karlových Varů", "v Novom
# Meste", "v Uherském Hradišti"), a dropped e ("ve Frýdku-Místku"). These endings are tried only on the words of
# a multi-word name: a single word they reduce ("Českých", "Nowym") is no name by itself. A word with no ending
# may be a genitive plural ("z Českých Budějovic").
_CZECH_PHRASE_ENDINGS: dict[str, tuple[str, ...]] = {
    "ého": ("ý", "é"), "ému": ("ý", "é"), "ém": ("ý", "é"), "ým": ("ý", "é"), "ých": ("é", "ý", "y"),
    "ými": ("é", "y"), "é": ("á",), "ou": ("á",), "ího": ("í",), "ímu": ("í",), "ím": ("í", "e"), "ích": ("í", "e"),
    "ími": ("í",), "ova": ("ův",), "ovu": ("ův",), "ově": ("ův",), "ovým": ("ův",), "ovem": ("ův",),
    "ů": ("y",), "ům": ("y",), "emi": ("e",), "a": ("o",), "u": ("o",), "ě": ("o",), "em": ("o",), "i": ("ě",),
    "ku": ("ek",), "kem": ("ek",),
}  # fmt: skip
_SLOVAK_PHRASE_ENDINGS: dict[str, tuple[str, ...]] = {
    "ého": ("ý", "é"), "ému": ("ý", "é"), "om": ("ý", "é", "o", "y"), "ým": ("ý", "é", "y"), "ých": ("é", "ý", "y"),
    "ými": ("é", "y"), "ej": ("á",), "ou": ("á",), "ú": ("á",), "u": ("a", "o"), "ov": ("y",), "och": ("y", "e"),
    "iach": ("e",), "ami": ("y",), "a": ("o",), "e": ("o",),
}  # fmt: skip
_POLISH_PHRASE_ENDINGS: dict[str, tuple[str, ...]] = {
    "ego": ("y", "e"), "emu": ("y", "e"), "ym": ("y", "e"), "ej": ("a",), "iego": ("i", "ie"), "iemu": ("i", "ie"),
    "im": ("i", "ie"), "ich": ("ie",), "ych": ("e",), "rze": ("ra",), "u": ("o",),
}  # fmt: skip
_PHRASE_ENDINGS = {
    "cs": _by_last_letter(_CZECH_PHRASE_ENDINGS),
    "sk": _by_last_letter(_SLOVAK_PHRASE_ENDINGS),
    "pl": _by_last_letter(_POLISH_PHRASE_ENDINGS),
}
_ZERO_ENDING = re.compile(r"[^aeiouyáéíóúýěůąęó]$")


def phrase_forms(word: str, language: str | None) -> tuple[str, ...]:
    """More dictionary forms of ``word`` as one word of a multi-word name (see ``_PHRASE_ENDINGS``)."""
    table = _PHRASE_ENDINGS.get(language or "")
    if table is None:
        return ()
    forms = inflected(word, table)[1:]
    if _ZERO_ENDING.search(word):
        forms.extend((word + "e", word + "y"))
    return tuple(forms)
