"""The matcher's pre-selection of words never misses a term: it finds what trying every word finds."""

from __future__ import annotations

import re

import pytest

from tests.paths import SEEDS
from twincrawl.tagging.vocabulary import Matcher, country_matcher, matcher

TEXTS = [
    "Делегация города-побратима Ковентри прибыла в Волгоград; города-побратимы подписали соглашение.",
    "Волгоград и Ковентри являются городами-побратимами, а Пермь — партнёр Оксфорда.",
    "The twinning of Stalingrad and Coventry: sister-cities, twin towns and a town-twinning charter.",
    "Die Städtepartnerschaft zwischen Chemnitz und Wolgograd; Partnerstadt_Ostrava, _twin city.",
    "Германия, Великобритания и Чехия; North Carolina and the United Kingdom; Соединённые Штаты.",
    "友好城市 伏尔加格勒 与 考文垂 结为姐妹城市。",
    "",
]


def every_word(candidate: Matcher) -> Matcher:
    """The same matcher trying every word as the start of a term."""
    brute = Matcher([])
    brute.__dict__.update(candidate.__dict__)
    brute._starts = re.compile(r"(?<!\w)[^\W_]")
    return brute


@pytest.mark.parametrize("language", [None, "ru", "en", "de", "zh", "country"])
def test_matches_are_those_found_by_trying_every_word(language: str | None) -> None:
    found = country_matcher() if language == "country" else matcher(language)
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    for text in [*TEXTS, *seeds]:
        assert found.find(text) == every_word(found).find(text), text[:80]
