"""What became of a twin pair: active, ended (with the year it ended) or proposed, per language family."""

from __future__ import annotations

import pytest

from twincrawl.tagging import city_name, find_pairs, find_places, pair_states


def states(text: str, language: str) -> dict[frozenset[str], tuple[str, int | None]]:
    pairs = find_pairs(text, find_places(text, language), language)
    return {
        frozenset(city_name(city) or "" for city in state.pair): (state.state, state.year)
        for state in pair_states(text, pairs, language)
    }


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset({a, b})


@pytest.mark.parametrize(
    ("language", "text", "cities", "year"),
    [
        (
            "en",
            "Coventry City Council voted to suspend its twinning with Volgograd in 2022.",
            ("Coventry", "Volgograd"),
            2022,
        ),
        (
            "en",
            "Coventry and Volgograd are twin cities. The partnership was severed in 2022.",
            ("Coventry", "Volgograd"),
            2022,
        ),
        (
            "de",
            "Die Städtepartnerschaft zwischen Kiel und Kaliningrad wurde 2022 aufgekündigt.",
            ("Kiel", "Kaliningrad"),
            2022,
        ),
        ("fr", "Rennes a suspendu son jumelage avec Saint-Pétersbourg en 2022.", ("Rennes", "Saint Petersburg"), 2022),
        ("it", "Verona ha sospeso il gemellaggio con San Pietroburgo nel 2022.", ("Verona", "Saint Petersburg"), 2022),
        ("es", "Madrid y Moscú suspendieron su hermanamiento en 2022.", ("Madrid", "Moscow"), 2022),
        ("ru", "Рига разорвала побратимские связи с Москвой в 2014 году.", ("Riga", "Moscow"), 2014),
        (
            "uk",
            "Львів припинив партнерство з Новосибірськом, містом-побратимом, у 2014 році.",
            ("Lviv", "Novosibirsk"),
            2014,
        ),
        (
            "pl",
            "Kraków zerwał współpracę z miastem partnerskim Petersburgiem w 2022 roku.",
            ("Kraków", "Saint Petersburg"),
            2022,
        ),
        ("cs", "Partnerská města Praha a Moskva ukončila spolupráci v roce 2022.", ("Prague", "Moscow"), 2022),
        ("zh", "北京市宣布终止与莫斯科的友好城市关系。", ("Beijing", "Moscow"), None),
        ("sr", "Нови Сад је прекинуо сарадњу са братским градом Москвом 2022. године.", ("Novi Sad", "Moscow"), 2022),
        (
            "sr",
            "Novi Sad i Dortmund su bratski gradovi, ali je saradnja suspendovana 2020.",
            ("Novi Sad", "Dortmund"),
            2020,
        ),
        ("bg", "Пловдив прекрати побратимяването с Москва през 2022 година.", ("Plovdiv", "Moscow"), 2022),
        (
            "sk",
            "Bratislava ukončila partnerstvo s partnerským mestom Moskva v roku 2022.",
            ("Bratislava", "Moscow"),
            2022,
        ),
        ("be", "Мінск і Масква — гарады-пабрацімы. Супрацоўніцтва спынена ў 2022 годзе.", ("Minsk", "Moscow"), 2022),
    ],
)
def test_ended_partnership(language: str, text: str, cities: tuple[str, str], year: int | None) -> None:
    assert states(text, language) == {pair(*cities): ("ended", year)}


@pytest.mark.parametrize(
    ("language", "text", "cities"),
    [
        ("en", "Leeds plans to sign a twinning agreement with Kraków next year.", ("Leeds", "Kraków")),
        ("ru", "Тула и Альбукерке намерены подписать соглашение о побратимстве.", ("Tula", "Albuquerque")),
        ("de", "Kiel und Gdynia unterzeichneten eine Absichtserklärung zur Städtepartnerschaft.", ("Kiel", "Gdynia")),
        ("it", "Pisa e Angers hanno firmato una proposta di gemellaggio.", ("Pisa", "Angers")),
        ("pl", "Gdańsk i Brema planują podpisać umowę o partnerstwie miast.", ("Gdańsk", "Bremen")),
        ("fr", "Rennes et Brno envisagent un jumelage.", ("Rennes", "Brno")),
        ("zh", "成都与蒙彼利埃计划缔结友好城市关系。", ("Chengdu", "Montpellier")),
    ],
)
def test_proposed_partnership(language: str, text: str, cities: tuple[str, str]) -> None:
    assert states(text, language) == {pair(*cities): ("proposed", None)}


@pytest.mark.parametrize(
    ("language", "text", "cities"),
    [
        (
            "it",
            "La giunta di Lecce ha approvato la proposta formale di gemellaggio con Dubrovnik.",
            ("Lecce", "Dubrovnik"),
        ),
        ("it", "Il sindaco di Lecce ha ricevuto la proposta di un gemellaggio con Dubrovnik.", ("Lecce", "Dubrovnik")),
        (
            "es",
            "El pleno de Valladolid aprobó una propuesta formal de hermanamiento con Coímbra.",
            ("Valladolid", "Coimbra"),
        ),
        ("en", "Exeter councillors discussed a proposal for a twinning with Rennes.", ("Exeter", "Rennes")),
        ("fr", "Le conseil municipal de Poitiers étudie le projet d'un jumelage avec Lublin.", ("Poitiers", "Lublin")),
    ],
)
def test_a_proposal_joined_to_the_term_by_a_preposition(language: str, text: str, cities: tuple[str, str]) -> None:
    assert states(text, language) == {pair(*cities): ("proposed", None)}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Exeter councillors planned a visit of the twin town Rennes."),
        ("it", "Il sindaco di Lecce ha proposto una visita alla città gemellata Dubrovnik."),
        ("en", "Exeter plans to visit the twin city Rennes."),
    ],
)
def test_a_plan_about_something_else_than_the_tie_leaves_it_active(language: str, text: str) -> None:
    assert [state for state, _ in states(text, language).values()] == ["active"]


def test_year_of_a_planned_signing() -> None:
    text = "Odesa and Genoa intend to become twin cities in 2025."
    assert states(text, "en") == {pair("Odesa", "Genoa"): ("proposed", 2025)}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "Coventry and Volgograd have been twin cities since 1944. The mayor plans to visit the twin city in May.",
        ),
        (
            "en",
            "The visit of the twin city delegation from Volgograd to Coventry ended with a concert in the cathedral.",
        ),
        ("de", "Kiel ist seit 1992 Partnerstadt von Kaliningrad. Ende Mai ist ein Besuch geplant."),
        ("ru", "Волгоград и Ковентри — города-побратимы с 1944 года."),
    ],
)
def test_stated_pair_without_a_state_word_about_it_is_active(language: str, text: str) -> None:
    assert {state for state, _ in states(text, language).values()} == {"active"}


def test_resumed_partnership_is_active_again() -> None:
    text = "Lille and Erfurt suspended their twinning in 1995. In 2005 the partnership was resumed."
    assert states(text, "en") == {pair("Lille", "Erfurt"): ("active", None)}


def test_state_word_about_one_pair_leaves_the_others_of_the_hub_as_they_are() -> None:
    text = "Kazan is twinned with Riga, Verona and Houston. In 2022 Riga suspended its twinning with Kazan."
    found = states(text, "en")
    assert found[pair("Kazan", "Riga")] == ("ended", 2022)
    assert found[pair("Kazan", "Verona")] == ("active", None)
    assert found[pair("Kazan", "Houston")] == ("active", None)


def test_no_pairs_no_states() -> None:
    assert pair_states("The twinning was suspended in 2022.", [], "en") == []
