"""The city of the site that published a text: named as "our city", owning "our twin town", or the unnamed hub."""

from __future__ import annotations

import pytest

from twincrawl.tagging import city_name, find_pairs, find_places, home_city


def pairs_from(text: str, language: str, city: str, country: str) -> set[frozenset[str]]:
    places = find_places(text, language)
    home = home_city(city, country)
    assert home is not None
    return {frozenset(city_name(c) or "" for c in pair) for pair in find_pairs(text, places, language, home)}


@pytest.mark.parametrize(
    ("language", "home", "text", "twin"),
    [
        (
            "en",
            ("Newcastle upon Tyne", "GB"),
            "A delegation from our twin town Groningen visited us this week.",
            "Groningen",
        ),
        ("ru", ("Volgograd", "RU"), "Наш город и Кёльн стали побратимами в 1988 году.", "Köln"),
        ("ru", ("Volgograd", "RU"), "Делегация нашего города-побратима Кёльна прибыла вчера.", "Köln"),
        ("uk", ("Lviv", "UA"), "Наше місто та Вроцлав є містами-побратимами.", "Wrocław"),
        (
            "pl",
            ("Kraków", "PL"),
            "Nasze miasto podpisało umowę o partnerstwie z Lwowem. To nasze miasto partnerskie.",
            "Lviv",
        ),
        ("de", ("Kiel", "DE"), "Unsere Partnerstadt Tallinn feiert Jubiläum.", "Tallinn"),
        ("fr", ("Rennes", "FR"), "Notre ville est jumelée avec Erlangen depuis 1964.", "Erlangen"),
        ("cs", ("Brno", "CZ"), "Naše město a Lipsko jsou partnerská města.", "Leipzig"),
        ("zh", ("Beijing", "CN"), "我市与莫斯科缔结友好城市关系。", "Moscow"),
    ],
)
def test_our_city_names_the_home_city(language: str, home: tuple[str, str], text: str, twin: str) -> None:
    place = home_city(*home)
    assert place is not None
    assert pairs_from(text, language, *home) == {frozenset({place.name, twin})}
    assert find_pairs(text, find_places(text, language), language) == []  # without the site's city, no pair


def test_twins_of_an_unnamed_town_are_the_home_citys() -> None:
    text = "The city council discussed its twinning links with Dresden and Kiel."
    assert pairs_from(text, "en", "Coventry", "GB") == {
        frozenset({"Coventry", "Dresden"}),
        frozenset({"Coventry", "Kiel"}),
    }


def test_a_text_naming_its_hub_keeps_it_whatever_site_published_it() -> None:
    text = "Moscow hosted a forum. Kazan renewed its twinning links with Riga and Verona."
    assert pairs_from(text, "en", "Moscow", "RU") == {frozenset({"Kazan", "Riga"}), frozenset({"Kazan", "Verona"})}


def test_our_before_a_word_that_is_no_twinning_term_names_nothing() -> None:
    assert pairs_from("Our mayor welcomed guests from Dresden.", "en", "Coventry", "GB") == set()


def test_a_registry_city_the_gazetteer_has_in_another_country_is_no_home() -> None:
    assert home_city("Moscow", "GB") is None
    assert home_city("", "GB") is None
    home = home_city("Coventry", "gb")
    assert home is not None and home.name == "Coventry"
