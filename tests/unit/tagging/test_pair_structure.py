"""Twin pairs read from the structure of a sentence: lists after a colon or a verb, parentheses, "near"."""

from __future__ import annotations

from twincrawl.tagging.pairs import find_pairs
from twincrawl.tagging.places import city_name, find_places


def pair_names(text: str, language: str) -> set[frozenset[str]]:
    places = find_places(text, language)
    return {frozenset(city_name(geonameid) or "" for geonameid in pair) for pair in find_pairs(text, places, language)}


def hub_pairs(hub: str, *twins: str) -> set[frozenset[str]]:
    return {frozenset({hub, twin}) for twin in twins}


def test_list_after_a_colon_pairs_each_with_the_home_city() -> None:
    text = "Сегодня у Казани пять городов-побратимов: Рига (Латвия), Верона (Италия), Анкара (Турция), Брно и Ташкент."
    assert pair_names(text, "ru") == hub_pairs("Kazan", "Riga", "Verona", "Ankara", "Brno", "Tashkent")


def test_list_after_a_verb_pairs_each_with_the_home_city() -> None:
    text = "Miastami partnerskimi Krakowa są między innymi Lipsk, Norymberga, Lwów i Edynburg."
    assert pair_names(text, "pl") == hub_pairs("Kraków", "Leipzig", "Nuremberg", "Lviv", "Edinburgh")


def test_list_runs_on_through_the_countries_in_parentheses() -> None:
    text = "Pisa è gemellata con Angers (Francia), Kolding (Danimarca) e Niles (Stati Uniti)."
    assert pair_names(text, "it") == hub_pairs("Pisa", "Angers", "Kolding", "Niles")


def test_old_name_in_parentheses_is_the_same_city() -> None:
    text = "Побратимские связи Сталинграда (ныне Волгограда) и Ковентри возникли в годы войны."
    assert pair_names(text, "ru") == {frozenset({"Volgograd", "Coventry"})}


def test_city_near_which_a_twin_lies_is_no_twin() -> None:
    text = "Die Hafenstadt Kotka pflegt seit 1993 eine Städtepartnerschaft mit Kronstadt bei Sankt Petersburg."
    assert pair_names(text, "de") == {frozenset({"Kotka", "Kronstadt"})}


def test_list_of_twins_without_their_town_still_pairs_nothing() -> None:
    text = "The association keeps twinning links with Kraków and Ostrava."
    assert pair_names(text, "en") == set()


def test_country_in_parentheses_picks_the_city_of_that_country() -> None:
    text = "Granada mantiene hermanamientos con varias ciudades: Friburgo (Alemania) y Coímbra (Portugal)."
    places = {place.name: place.country for place in find_places(text, "es")}
    assert places["Freiburg"] == "DE"
    assert pair_names(text, "es") == hub_pairs("Granada", "Freiburg", "Coimbra")


def test_a_clause_after_a_place_starts_no_list_with_it() -> None:
    text = "Mayors joined the twin towns forum in Moscow, where Volgograd and Coventry marked eighty years of twinning."
    assert pair_names(text, "en") == {frozenset({"Volgograd", "Coventry"})}


def test_one_twin_after_with_pairs_with_the_other_city_of_the_sentence() -> None:
    text = "Hythe celebrated forty years of its twinning with Louviers."
    assert pair_names(text, "en") == {frozenset({"Hythe", "Louviers"})}


def test_partners_listed_in_parentheses_pair_with_the_hub_not_with_each_other() -> None:
    text = (
        "Помимо Кёльна, у Волгограда есть и другие побратимы: Ковентри (Великобритания), Острава (Чехия) "
        "и Хиросима (Япония)."
    )
    assert pair_names(text, "ru") == hub_pairs("Volgograd", "Köln", "Coventry", "Ostrava", "Hiroshima")


def test_prefecture_after_a_town_is_where_it_lies() -> None:
    text = "Students from Omura, Nagasaki, arrived in Tracy, California, as part of the sister city exchange."
    assert pair_names(text, "en") == {frozenset({"Ōmura", "Tracy"})}


def test_towns_of_one_country_listed_with_commas_stay_twins() -> None:
    text = "Coventry is twinned with Dresden, Kiel, Caen and Bologna."
    assert pair_names(text, "en") == hub_pairs("Coventry", "Dresden", "Kiel", "Caen", "Bologna")


def test_twins_listed_after_a_statement_naming_no_city_pair_with_the_home_city() -> None:
    text = (
        "Coventry honoured its wartime past on Sunday. The women of Coventry began the link in 1944. Since then "
        "the city has built a network of twin towns across Europe. Its partners include Dresden (Germany), "
        "Caen (France) and Bologna (Italy)."
    )
    assert pair_names(text, "en") == hub_pairs("Coventry", "Dresden", "Caen", "Bologna")


def test_twins_listed_with_no_home_city_pair_with_nothing() -> None:
    text = "The network of twin towns grew last year. Its members include Dresden, Caen and Bologna."
    assert pair_names(text, "en") == set()


def test_chinese_list_of_twins_with_their_countries() -> None:
    text = "沈阳的友好城市还包括：韩国的光州、德国的杜塞尔多夫和俄罗斯的新西伯利亚。"
    assert pair_names(text, "zh") == hub_pairs("Shenyang", "Gwangju", "Düsseldorf", "Novosibirsk")
