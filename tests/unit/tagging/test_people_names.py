"""People whose names are also towns are not taken for the towns."""

from __future__ import annotations

import pytest

from twincrawl.tagging.places import find_places


def cities(text: str, language: str) -> set[str]:
    return {place.name for place in find_places(text, language)}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Councillor Sarah Norman and the Lord Mayor, John Sutton, welcomed a twinning delegation from Dresden "
            "to Coventry. Also present were Irving Parker and the historian Mary Durham.",
            {"Dresden", "Coventry"},
        ),
        ("en", "The twinning charter was signed by Mayor Sutton in Dresden.", {"Dresden"}),
        (
            "fr",
            "Le jumelage avec Poitiers a été présenté à Marbourg par Claude Nancy.",
            {"Poitiers", "Marburg an der Lahn"},
        ),
    ],
)
def test_surname_or_first_name_is_no_town(language: str, text: str, expected: set[str]) -> None:
    assert cities(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Newcastle upon Tyne is twinned with Nancy.", {"Newcastle upon Tyne", "Nancy"}),
        ("en", "Coventry Welcomes Dresden Delegation\nThe twin city visit began on Monday.", {"Coventry", "Dresden"}),
        ("en", "Twinning news. Dresden and Coventry renewed their charter.", {"Dresden", "Coventry"}),
        ("de", "Die Partnerstadt Kiel empfing Gäste aus Coventry.", {"Kiel", "Coventry"}),
        ("en", "The twinning of Soviet Stalingrad and British Coventry began in 1944.", {"Volgograd", "Coventry"}),
    ],
)
def test_town_after_a_sentence_start_a_title_or_a_german_noun_stays(
    language: str, text: str, expected: set[str]
) -> None:
    assert cities(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Peter Lincoln opened the twinning exhibition in Dresden.", {"Dresden"}),
        ("en", "Sarah Norman welcomed a delegation from Dresden to Coventry.", {"Dresden", "Coventry"}),
        ("en", "Peter Lincoln Opens Twinning Exhibition\nThe show in Dresden runs until May.", {"Dresden"}),
        ("en", "Jack London visited Coventry.", {"Coventry"}),
        ("de", "Bürgermeisterin Julia Irving empfing Gäste aus Coventry.", {"Coventry"}),
        ("fr", "Marie Norman a reçu une délégation de Dresde.", {"Dresden"}),
        ("it", "Giulia Sutton ha visitato Dresda con il sindaco.", {"Dresden"}),
        ("pl", "Burmistrz Jan Sutton przyjął delegację z Coventry.", {"Coventry"}),
        ("cs", "Starosta Petr Irving přivítal delegaci z Coventry.", {"Coventry"}),
    ],
)
def test_surname_after_a_common_given_name_is_no_town_in_any_position_or_language(
    language: str, text: str, expected: set[str]
) -> None:
    assert cities(text, language) == expected


def test_town_after_a_word_that_is_no_given_name_stays_in_german() -> None:
    assert cities("Die Partnerstadt Kiel empfing Gäste aus Coventry.", "de") == {"Kiel", "Coventry"}
