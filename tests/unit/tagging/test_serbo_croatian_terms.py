"""Serbian (both scripts), Croatian and Bosnian twinning words: the label and the pair they state."""

from __future__ import annotations

import pytest

from twincrawl.tagging import city_name, find_pairs, find_places, score_relevance


def pair_of(title: str, text: str, language: str) -> set[frozenset[str]]:
    body = f"{title}\n{text}"
    return {
        frozenset(city_name(c) or "" for c in pair) for pair in find_pairs(body, find_places(body, language), language)
    }


@pytest.mark.parametrize(
    ("language", "title", "text", "cities"),
    [
        ("sr", "Bratski gradovi", "Novi Sad i Dortmund su bratski gradovi od 1982. godine.", ("Novi Sad", "Dortmund")),
        (
            "sr",
            "Братимљење",
            "Скупштина града донела је одлуку о братимљењу Крагујевца и Сувалки.",
            ("Kragujevac", "Suwałki"),
        ),
        ("sr", "Побратимски градови", "Београд и Беч су побратимски градови.", ("Belgrade", "Vienna")),
        ("hr", "Pobratimski gradovi", "Zagreb i Mainz pobratimski su gradovi od 1967. godine.", ("Zagreb", "Mainz")),
        ("bs", "Bratimljenje", "Sarajevo i Barcelona potpisali su povelju o bratimljenju.", ("Sarajevo", "Barcelona")),
        ("hr", "Sestrinski gradovi", "Rijeka i Ljubljana sestrinski su gradovi.", ("Rijeka", "Ljubljana")),
        (
            "sr",
            "Sporazum",
            "Kragujevac i Ravena potpisali su sporazum o partnerstvu i prijateljstvu.",
            ("Kragujevac", "Ravenna"),
        ),
    ],
)
def test_twinning_words_label_the_text_and_pair_its_cities(
    language: str, title: str, text: str, cities: tuple[str, str]
) -> None:
    assert score_relevance(title, text, language).is_twinning
    assert pair_of(title, text, language) == {frozenset(cities)}


def test_a_firms_partnership_agreement_is_no_twinning() -> None:
    text = "Gradski prevoz u Beogradu dobio je nove autobuse, a sporazum o partnerstvu sa kompanijom potpisan je juče."
    assert not score_relevance("Novi autobusi", text, "sr").is_twinning


def test_croatian_and_bosnian_pages_read_the_serbian_words_without_english_at_full_strength() -> None:
    # "twinning" is borrowed on a page in another language: weaker, as on a Serbian page.
    text = "Twinning projekt Europske unije za Zagreb."
    assert score_relevance("", text, "hr").score == score_relevance("", text, "sr").score < 0.5
