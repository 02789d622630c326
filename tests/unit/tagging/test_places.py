"""City mentions, GeoNames resolution and twin pairs."""

from __future__ import annotations

import pytest

from tests.paths import SEEDS
from twincrawl.tagging.pairs import find_pairs
from twincrawl.tagging.places import city_name, find_places, resolve_city

VOLGOGRAD, COVENTRY_GB, COVENTRY_US = 472757, 2652221, 5221637
DURHAM_GB, DURHAM_US = 2650628, 4464368


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def names(places: list) -> set[str]:
    return {place.name for place in places}


def pair_names(text: str, language: str) -> set[frozenset[str]]:
    places = find_places(text, language)
    return {frozenset(city_name(geonameid) for geonameid in pair) for pair in find_pairs(text, places, language)}


def test_seed_000_resolves_every_city_of_the_meeting() -> None:
    places = {place.name: place for place in find_places(seed("000"), "ru")}
    expected = {
        "Volgograd": "RU", "Coventry": "GB", "Exeter": "GB", "Yaroslavl": "RU", "Durham": "GB",
        "Kostroma": "RU", "Canterbury": "GB", "Sochi": "RU", "Cheltenham": "GB",
        "Moscow": "RU", "London": "GB",
    }  # fmt: skip
    for name, country in expected.items():
        assert places[name].country == country, name
    assert places["Durham"].geonameid == DURHAM_GB
    assert places["Coventry"].geonameid == COVENTRY_GB
    assert {"Волгограда", "Сталинграду"} <= set(places["Volgograd"].forms)


def test_seed_000_states_the_pair_volgograd_coventry() -> None:
    assert pair_names(seed("000"), "ru") == {frozenset({"Volgograd", "Coventry"})}


def test_seed_001_letter_states_the_pair_through_stalingrad() -> None:
    assert pair_names(seed("001"), "ru") == {frozenset({"Volgograd", "Coventry"})}


def test_seed_003_listing_states_pairs_in_english() -> None:
    pairs = pair_names(seed("003"), "en")
    assert {
        frozenset({"Volgograd", "Coventry"}),
        frozenset({"Volgograd", "Ostrava"}),
        frozenset({"Volgograd", "Chemnitz"}),
        frozenset({"Perm", "Oxford"}),
    } <= pairs
    assert frozenset({"Volgograd", "Jilin"}) not in pairs  # named together, but not said to be twins


def test_seed_004_names_no_pair() -> None:
    article = seed("004").split("Не забывайте подписываться")[0]
    assert pair_names(article, "ru") == set()


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Общество городов-побратимов Волгограда и Ковентри провело встречу.", "ru",
         {"Volgograd", "Coventry"}),
        ("For years there has been a tradition in Ostrava, Volgograd's Czech twin-city.", "en",
         {"Volgograd", "Ostrava"}),
        ("The twinning of Stalingrad and Coventry inspired many other cities.", "en",
         {"Volgograd", "Coventry"}),
        ("Die Partnerstadt von Köln ist Wolgograd.", "de", {"Köln", "Volgograd"}),
        ("Miasto partnerskie Wołgogradu to Coventry.", "pl", {"Volgograd", "Coventry"}),
        ("伏尔加格勒与考文垂是友好城市。", "zh", {"Volgograd", "Coventry"}),
        ("Мэр Ярославля встретился с делегацией города-побратима Экзетера.", "ru", {"Yaroslavl", "Exeter"}),
    ],
)  # fmt: skip
def test_pair_stated_in_one_sentence(text: str, language: str, expected: set[str]) -> None:
    assert pair_names(text, language) == {frozenset(expected)}


def test_hub_city_pairs_with_each_listed_twin_not_the_twins_with_each_other() -> None:
    text = "Volgograd's twin cities Coventry and Ostrava sent greetings to the mayor."
    assert pair_names(text, "en") == {
        frozenset({"Volgograd", "Coventry"}),
        frozenset({"Volgograd", "Ostrava"}),
    }


def test_cities_in_a_sentence_without_twinning_words_are_no_pair() -> None:
    text = "Гости из Ковентри и Волгограда посетили выставку в Москве. Это были города-побратимы разных стран."
    assert pair_names(text, "ru") == set()


def test_the_only_two_cities_of_a_twinning_text_in_two_countries_are_a_pair() -> None:
    text = (
        "Школьники Новосибирска провели неделю в Саппоро. "
        "Поездка прошла в рамках обменов с японским городом-побратимом."
    )
    assert pair_names(text, "ru") == {frozenset({"Novosibirsk", "Sapporo"})}


def test_two_cities_of_one_country_in_a_twinning_text_are_no_pair_unless_a_sentence_says_so() -> None:
    text = "Глава Волгограда выступил в Москве. Он рассказал о работе с городами-побратимами."
    assert pair_names(text, "ru") == set()


def test_a_common_word_city_counts_only_near_a_twinning_term() -> None:
    assert names(find_places("Die Delegation aus der Partnerstadt Kiel kam am Montag.", "de")) == {"Kiel"}
    assert names(find_places("Am Kiel des Schiffes fanden die Taucher Muscheln.", "de")) == set()


def test_a_country_name_is_no_city() -> None:
    places = find_places("Swindon sent a fire engine to its twin town of Ocotal in Nicaragua.", "en")
    assert names(places) == {"Swindon", "Ocotal"}


def test_ambiguous_name_follows_the_countries_of_the_text() -> None:
    british = find_places("Делегация из Великобритании посетила Дарем.", "ru")
    american = find_places("Durham, North Carolina, in the United States, hosted the fair.", "en")
    assert [place.geonameid for place in british] == [DURHAM_GB]
    assert [place.geonameid for place in american] == [DURHAM_US]


def test_coventry_next_to_british_cities_is_the_british_one() -> None:
    places = find_places("Students from Coventry, Exeter and Leeds travelled together.", "en")
    assert COVENTRY_GB in {place.geonameid for place in places}


@pytest.mark.parametrize(
    "text",
    [
        "Поэт Сергей Киров написал стихи.",
        "Письмо подписал В.Д. Васильков.",
        "В Московский дом соотечественника пришли гости.",
        "One of the speakers came from afar.",
        "Депутаты городской Думы собрались на заседание.",
        "Am Ende des Tages sprach Martin über die Kosten und die Lage.",
        "Dabei ging es auch um Corona.",
    ],
)
def test_words_that_look_like_city_names_are_not_cities(text: str) -> None:
    assert find_places(text, None) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Volgograd", VOLGOGRAD), ("Волгоград", VOLGOGRAD), ("Stalingrad", VOLGOGRAD),
     ("Сталинграда", VOLGOGRAD),
     ("Coventry", COVENTRY_GB), ("Ковентри", COVENTRY_GB), ("Wolgograd", VOLGOGRAD)],
)  # fmt: skip
def test_resolve_city_accepts_any_language_and_form(name: str, expected: int) -> None:
    place = resolve_city(name)
    assert place is not None
    assert place.geonameid == expected


def test_resolve_city_unknown_name_is_none() -> None:
    assert resolve_city("Qwertyuiopgrad") is None


def test_city_name_is_english() -> None:
    assert city_name(VOLGOGRAD) == "Volgograd"
    assert city_name(-1) is None


def test_a_city_whose_name_starts_like_a_country_is_found() -> None:
    assert names(find_places("Delegates from Belgrade and Indianapolis met Belgian officials.", "en")) == {
        "Belgrade",
        "Indianapolis",
    }
    assert names(find_places("Мэр японского города Канадзава приехал к канадским гостям.", "ru")) == {"Kanazawa"}


def test_a_twin_city_attached_to_a_term_pairs_with_the_city_it_is_listed_with_elsewhere() -> None:
    text = (
        "У польському місті-побратимі Ельблонгу делегати зустрілися з президентом міста. "
        "Раніше делегація відвідала Варшаву та Гданськ. "
        "Тернопіль і Ельблонг співпрацюють понад двадцять років."
    )
    assert pair_names(text, "uk") == {frozenset({"Ternopil", "Elbląg"})}


def test_common_chinese_words_are_no_towns() -> None:
    text = "成都市代表团访问法国蒙彼利埃市。两市建立友好城市关系以来，在教育和文化领域合作密切。"
    assert pair_names(text, "zh") == {frozenset({"Chengdu", "Montpellier"})}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Среди городов-побратимов Волгограда — Ковентри, Кёльн и Хиросима.", "ru"),
        ("Zu den Partnerstädten von Wolgograd gehören Coventry, Köln und Hiroshima.", "de"),
    ],
)
def test_a_hub_set_apart_from_a_list_of_twins_pairs_with_each(text: str, language: str) -> None:
    assert pair_names(text, language) == {
        frozenset({"Volgograd", "Coventry"}),
        frozenset({"Volgograd", "Köln"}),
        frozenset({"Volgograd", "Hiroshima"}),
    }


def test_a_list_of_twins_without_their_hub_pairs_none_of_them() -> None:
    assert pair_names("The twin cities Coventry, Ostrava and Kiel sent greetings.", "en") == set()


def test_two_towns_listed_after_with_are_twins_of_an_unnamed_town_not_of_each_other() -> None:
    text = "The council will review its twinning links with Kraków and Ostrava next month."
    assert pair_names(text, "en") == set()
    assert pair_names("Volgograd is twinned with Coventry and Cologne.", "en") == {
        frozenset({"Volgograd", "Coventry"}),
        frozenset({"Volgograd", "Köln"}),
    }


def test_twins_listed_in_the_sentence_after_their_count_pair_with_the_hub() -> None:
    text = "У Волгограда 20 городов-побратимов. Среди них Ковентри, Кёльн и Хиросима."
    assert pair_names(text, "ru") == {
        frozenset({"Volgograd", "Coventry"}),
        frozenset({"Volgograd", "Köln"}),
        frozenset({"Volgograd", "Hiroshima"}),
    }


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Делегація з німецьким Фільдерштадтом підписала угоду.", "uk", "Filderstadt"),
        ("Кметът посрещна гости от Митищи.", "bg", "Mytishchi"),
        ("Гості з Мітищі приїхали до Полтави.", "uk", "Mytishchi"),
        ("Дэлегацыя з Брэста прыехала.", "be", "Brest"),
    ],
)  # fmt: skip
def test_a_cyrillic_language_may_spell_a_name_with_its_own_vowels(text: str, language: str, expected: str) -> None:
    assert expected in names(find_places(text, language))


def test_a_russian_word_does_not_meet_a_name_through_another_languages_vowels() -> None:
    assert names(find_places("Гости из Митищи приехали.", "ru")) == set()


def test_the_adjective_of_a_region_is_no_district_of_the_same_name() -> None:
    assert names(find_places("Засідання відбулося в Київській області та Центральній раді.", "uk")) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Град побратим Патраса је Краљево.", {"Pátra", "Kraljevo"}),
        ("Gosti iz Patrasa stigli su u Kragujevac.", {"Pátra", "Kragujevac"}),
        ("Гости из Патраса стигли су у Крагујевац.", {"Pátra", "Kragujevac"}),
        ("Делегација из Крагујевца посетила је Нови Сад.", {"Kragujevac", "Novi Sad"}),
    ],
)  # fmt: skip
def test_serbian_cyrillic_reads_as_its_latin_spelling(text: str, expected: set[str]) -> None:
    assert expected <= names(find_places(text, "sr"))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Goście z Kowna byli w Lublinie.", "pl", {"Kaunas", "Lublin"}),
        ("Targi odbędą się w Kownie razem z Lublinem.", "pl", {"Kaunas", "Lublin"}),
        ("Delegacja z Poznania była w Łodzi i w Żyrardowie.", "pl", {"Poznań", "Łódź", "Żyrardów"}),
        ("Miasto partnerskie Bolesławca spotkało się w Pradze.", "pl", {"Bolesławiec", "Prague"}),
        ("Delegace z Brna byla v Olomouci a v Praze.", "cs", {"Brno", "Olomouc", "Prague"}),
        ("Hostia z Bratislavy boli v Košiciach a v Bratislave.", "sk", {"Bratislava", "Košice"}),
        ("Gosti iz Sarajeva bili su u Rijeci i u Novom Sadu.", "hr", {"Sarajevo", "Rijeka", "Novi Sad"}),
        ("Делегація з Кременця та Чернівців була у Празі.", "uk", {"Kremenets", "Chernivtsi", "Prague"}),
        ("Спортсмены из Ельца приехали в Воронеж.", "ru", {"Yelets", "Voronezh"}),
        ("Дэлегацыя з Мінскам і Віцебскам.", "be", {"Minsk", "Vitebsk"}),
    ],
)  # fmt: skip
def test_case_forms_of_slavic_languages_resolve_to_their_city(text: str, language: str, expected: set[str]) -> None:
    assert expected <= names(find_places(text, language))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Greiner, Anja und Carmesin, Cora liefen mit.", "pl"),
        ("Bude to dobré. Ide to pomaly.", "sk"),
        ("Tome je rekao. Ante je došao.", "hr"),
        ("Mogą przyjść jutro.", "pl"),
    ],
)
def test_word_forms_that_only_look_inflected_from_a_town_are_not_cities(text: str, language: str) -> None:
    assert find_places(text, language) == []


def test_an_inflected_name_opening_a_sentence_counts_only_where_a_dictionary_checks_the_word() -> None:
    assert names(find_places("Bude se stavět. Delegace jela do Brna.", "cs")) == {"Brno"}
    assert resolve_city("Kownie", "pl") is not None


def test_a_curated_alias_stays_a_name_though_a_stop_word_list_holds_it() -> None:
    assert names(find_places("Delegace jela do Prahy, kde ji Praha přivítala.", "cs")) == {"Prague"}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Делегация из Мытищ приехала в Коломну.", "ru", {"Mytishchi", "Kolomna"}),
        ("Гости из Черкасс побывали в Черкассах.", "ru", {"Cherkasy"}),
        ("Гости из Черкас приехали в Полтаву.", "ru", {"Cherkasy", "Poltava"}),
        ("Гості з Черкас приїхали до Полтави.", "uk", {"Cherkasy", "Poltava"}),
        ("Спортсмены из Химок и Люберец выступили в Сочи.", "ru", {"Khimki", "Lyubertsy", "Sochi"}),
        ("Из Сочи в Мытищи приехали школьники.", "ru", {"Sochi", "Mytishchi"}),
        ("Делегация Великих Лук приехала из Минеральных Вод.", "ru", {"Velikiye Luki", "Mineralnye Vody"}),
        ("Кметът на Митищ посрещна гости.", "bg", {"Mytishchi"}),
    ],
)  # fmt: skip
def test_plural_town_names_are_found_in_their_genitive_without_ending(
    text: str, language: str, expected: set[str]
) -> None:
    assert names(find_places(text, language)) == expected


def test_an_indeclinable_name_in_i_has_no_plural_genitive() -> None:
    assert names(find_places("Гости из Сочи и Хельсинки приехали в Тбилиси.", "ru")) == {"Sochi", "Helsinki", "Tbilisi"}
    assert resolve_city("Соч", "ru") is None
    assert resolve_city("Хельсинок", "ru") is None


@pytest.mark.parametrize(
    "text",
    [
        "Министр Шахт отвечал за финансы.",  # "Шахты" (Shakhty): "шахт" is a common word
        "Детский лагерь Горок и Сум закрылся.",  # "Горки", "Сумы"
        "Компания Сак и партнёры открыла офис.",  # "Саки"
        "Фестиваль Озер прошёл летом.",  # "Озёры"
    ],
)
def test_a_plural_genitive_that_is_a_common_word_is_no_town(text: str) -> None:
    assert find_places(text, "ru") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Кметът на Кьолн посрещна делегация от Кьопеник, Германия.", {"Köln", "Köpenick"}),
        ("Делегация от Фьолклинген и Льоне, Германия, пристигна в Малмьо.", {"Völklingen", "Löhne", "Malmö"}),
        ("Гости от Орьол и Кишиньов.", {"Orël", "Chisinau"}),
    ],
)  # fmt: skip
def test_bulgarian_writes_the_russian_yo_as_soft_sign_and_o(text: str, expected: set[str]) -> None:
    assert names(find_places(text, "bg")) == expected


def test_every_word_of_a_bulgarian_name_may_spell_yo_as_soft_sign_and_o() -> None:
    (place,) = find_places("Гости от Клагенфурт ам Вьортерзее, Австрия.", "bg")
    assert place.forms == ["Клагенфурт ам Вьортерзее"]


def test_a_russian_word_does_not_meet_a_name_through_a_dropped_soft_sign() -> None:
    assert names(find_places("Делегация от Перм пристигна в Казан.", "bg")) == {"Perm", "Kazan"}
    assert names(find_places("Делегация из Рязан приехала.", "ru")) == set()  # "Рязань"
    assert names(find_places("Гости из Кьопеника приехали.", "ru")) == set()


@pytest.mark.parametrize(
    ("text", "language", "expected", "forms"),
    [
        ("Setkání v Českých Budějovicích a z Českých Budějovic.", "cs", "České Budějovice",
         ["Českých Budějovicích", "Českých Budějovic"]),
        ("Město České Budějovice leží na jihu.", "cs", "České Budějovice", ["České Budějovice"]),
        ("Delegace z Hradce Králové byla v Hradci Králové.", "cs", "Hradec Králové",
         ["Hradce Králové", "Hradci Králové"]),
        ("Hosté přijeli do Ústí nad Labem.", "cs", "Ústí nad Labem", ["Ústí nad Labem"]),
        ("Festival v Karlových Varech, hosté z Karlových Varů.", "cs", "Karlovy Vary",
         ["Karlových Varech", "Karlových Varů"]),
        ("Závod v Mladé Boleslavi.", "cs", "Mladá Boleslav", ["Mladé Boleslavi"]),
        ("Setkání v Havlíčkově Brodě.", "cs", "Havlíčkův Brod", ["Havlíčkově Brodě"]),
        ("Setkání v Uherském Hradišti.", "cs", "Uherské Hradiště", ["Uherském Hradišti"]),
        ("Koncert ve Frýdku-Místku.", "cs", "Frýdek-Místek", ["Frýdku-Místku"]),
        ("Stretnutie v Banskej Bystrici.", "sk", "Banská Bystrica", ["Banskej Bystrici"]),
        ("Oslavy v Liptovskom Mikuláši.", "sk", "Liptovský Mikuláš", ["Liptovskom Mikuláši"]),
        ("Hostia z Nových Zámkov boli v Nových Zámkoch.", "sk", "Nové Zámky", ["Nových Zámkov", "Nových Zámkoch"]),
        ("Hostia z Nového Mesta nad Váhom.", "sk", "Nové Mesto nad Váhom", ["Nového Mesta nad Váhom"]),
        ("Spotkanie w Zielonej Górze.", "pl", "Zielona Góra", ["Zielonej Górze"]),
        ("Spotkanie w Nowym Sączu.", "pl", "Nowy Sącz", ["Nowym Sączu"]),
    ],
)  # fmt: skip
def test_every_word_of_a_multi_word_name_takes_its_case_ending(
    text: str, language: str, expected: str, forms: list[str]
) -> None:
    (place,) = find_places(text, language)
    assert place.name == expected
    assert place.forms == forms


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Setkání v Českých zemích a na Nových stránkách.", "cs"),  # "České", "Nové" open town names
        ("Českých a Karlových a Mladé.", "cs"),
        ("Stretnutie v Banskej oblasti.", "sk"),
        ("Spotkanie w Nowym roku i w Zielonej dolinie.", "pl"),
        ("The hikers followed an old Indian trail to the lake.", "en"),  # Indian Trail, North Carolina
    ],
)
def test_a_word_declined_like_the_first_word_of_a_town_is_no_town_alone(text: str, language: str) -> None:
    assert find_places(text, language) == []
