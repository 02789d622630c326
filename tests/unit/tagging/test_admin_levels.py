"""Districts, regions and oblasts named like a city are recognised as units and never taken for the city."""

from __future__ import annotations

import pytest

from twincrawl.tagging.pairs import find_pairs
from twincrawl.tagging.places import city_name, find_places


def cities(text: str, language: str) -> set[str]:
    return {place.name for place in find_places(text, language)}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "Встреча прошла в Дзержинском районе Волгограда.", {"Volgograd"}),
        ("ru", "Школьники Краснооктябрьского района и Дзержинского района Волгограда.", {"Volgograd"}),
        ("ru", "Делегация Ставропольского края и Белгородской области прибыла в Москву.", {"Moscow"}),
        ("uk", "У Київському районі Одеси відкрили укриття.", {"Odesa"}),
        ("uk", "Представники Харківської області та Херсонської області приїхали до Львова.", {"Lviv"}),
        ("en", "Delegates of the Belgorod, Kursk and Voronezh Regions met in Moscow.", {"Moscow"}),
        ("en", "Farmers of the Volgograd Oblast and the Kharkiv region exhibited in Berlin.", {"Berlin"}),
        ("en", "The region of Kharkiv sent aid to Lviv.", {"Lviv"}),
        ("de", "Der Landkreis Görlitz und die Region Hannover luden nach Dresden ein.", {"Dresden"}),
        ("de", "Eine Delegation aus der Oblast Wolgograd besuchte Köln.", {"Köln"}),
    ],
)
def test_unit_named_like_a_city_is_no_city(language: str, text: str, expected: set[str]) -> None:
    assert cities(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "Дзержинск принял гостей из Волгограда.", {"Dzerzhinsk", "Volgograd"}),
        ("en", "Kharkiv and Lviv signed a cooperation memorandum.", {"Kharkiv", "Lviv"}),
        (
            "de",
            "Die deutsche Stadt Görlitz ist Partnerstadt von Amiens, nicht der Landkreis Görlitz.",
            {"Görlitz", "Amiens"},
        ),
    ],
)
def test_city_of_the_same_name_stays_a_city(language: str, text: str, expected: set[str]) -> None:
    assert cities(text, language) == expected


def test_district_of_the_home_city_does_not_pair_with_the_twin() -> None:
    text = (
        "В Дзержинском районе Волгограда прошла встреча школьников с делегацией города-побратима Ковентри. "
        "Гости посетили музей."
    )
    pairs = find_pairs(text, find_places(text, "ru"), "ru")
    assert [sorted(city_name(geonameid) or "" for geonameid in pair) for pair in pairs] == [["Coventry", "Volgograd"]]


def test_listed_regions_form_no_pairs() -> None:
    text = "Governors of the Belgorod, Kursk and Voronezh Regions discussed twin towns and sister cities."
    assert find_pairs(text, find_places(text, "en"), "en") == []


def test_regions_and_territories_listed_in_a_library_note_are_no_cities() -> None:
    text = (
        "Photographs of memorials located in St. Petersburg and Leningrad Region, Belgorod, Kaliningrad, Kemerovo, "
        "Murmansk, Tyumen Regions, Krasnoyarsk and Stavropol Territories as well as other regions of our country."
    )
    assert cities(text, "en") == {"Saint Petersburg"}
