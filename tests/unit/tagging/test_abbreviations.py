"""Abbreviations inside a sentence ("г. Тула", "St. Petersburg", "в 2022 г."): their dot ends no sentence and breaks
no clause, so a pair or the year of its state stays in the sentence that states it."""

from __future__ import annotations

import pytest

from twincrawl.tagging import city_name, find_pairs, find_places, pair_states
from twincrawl.tagging.text import sentences, undotted


def sentence_texts(text: str) -> list[str]:
    return [text[span.start : span.end] for span in sentences(text)]


def named_pairs(text: str, language: str) -> set[frozenset[str]]:
    pairs = find_pairs(text, find_places(text, language), language)
    return {frozenset(city_name(city) or "" for city in pair) for pair in pairs}


@pytest.mark.parametrize(
    "text",
    [
        "Делегация из г. Тулы прибыла в Альбукерке.",
        "Делегація з м. Вінниця прибула до Кельце.",
        "Делегацията от гр. Бургас пристигна в Одеса.",
        "The choir of St. Albans sang with Dr. Price in Nevers.",
        "Pomnik św. Jana stoi na ul. Floriańskiej.",
        "Стихи А.С. Пушкина читали J. Smith и гости.",
        "В апреле 2022 г. Ковентри приостановил связи.",
        "12 marca 2022 r. Gdańsk zawiesił współpracę.",
    ],
)
def test_an_abbreviation_inside_a_sentence_does_not_end_it(text: str) -> None:
    assert sentence_texts(text) == [text]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Соглашение с Тулой подписано в 1991 г. Сейчас Тула готовит визит.", "Соглашение с Тулой подписано в 1991 г."),
        ("Угоду з Кельце підписали у 2019 р. Пізніше приїхали гості.", "Угоду з Кельце підписали у 2019 р."),
        ("Umowę podpisano w Krakowie w 1995 r. Wtedy Lipsk był daleko.", "Umowę podpisano w Krakowie w 1995 r."),
        ("The delegation left at 5 p.m. The mayor stayed.", "The delegation left at 5 p.m."),
    ],
)
def test_a_year_or_a_word_closing_a_sentence_still_ends_it(text: str, first: str) -> None:
    assert sentence_texts(text)[0] == first


def test_undotted_blanks_only_the_dots_inside_sentences() -> None:
    text = "Связи между г. Тулой и г. Альбукерке, установленные в 1991 г., крепнут. Сейчас в 2022 г. Ковентри."
    assert undotted(text) == text.replace("г.", "г ").replace("крепнут. ", "крепнут. ")
    assert len(undotted(text)) == len(text)


@pytest.mark.parametrize(
    ("language", "text", "pair"),
    [
        (
            "ru",
            "Соглашение о побратимстве между г. Тулой и г. Альбукерке подписано в 1991 г. Сейчас Тула готовит визит"
            " в Москву.",
            ("Tula", "Albuquerque"),
        ),
        (
            "bg",
            "Споразумението за побратимяване между гр. Бургас и гр. Одеса е подписано през 1990 г. Тази година в Бургас"
            " гостуваха и представители на Варна.",
            ("Burgas", "Odesa"),
        ),
        (
            "en",
            "A delegation from St. Petersburg visited its twin city Hamburg. The trip was organised by Dr. Smith from"
            " Berlin.",
            ("Saint Petersburg", "Hamburg"),
        ),
    ],
)
def test_a_pair_across_abbreviations_is_read(language: str, text: str, pair: tuple[str, str]) -> None:
    assert named_pairs(text, language) == {frozenset(pair)}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "В апреле 2022 г. Ковентри приостановил побратимские связи с Волгоградом."),
        ("pl", "W 2022 r. Gdańsk zawiesił współpracę z partnerskim miastem Petersburgiem."),
        ("ru", "Побратимские связи г. Волгограда и г. Ковентри приостановлены в 2022 г."),
    ],
)
def test_the_year_of_a_state_before_an_abbreviation_is_kept(language: str, text: str) -> None:
    pairs = find_pairs(text, find_places(text, language), language)
    assert [(state.state, state.year) for state in pair_states(text, pairs, language)] == [("ended", 2022)]
