"""Written-out dates read without dateparser, from its month names: same dates, a fraction of the cost."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from twincrawl.dates import strings as date_strings
from twincrawl.dates.strings import parse_visible

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize(
    ("text", "languages", "day"),
    [
        pytest.param("от 12 марта 2024 г.", ("ru",), date(2024, 3, 12), id="russian-genitive-month"),
        pytest.param("12 березня 2024", ("uk",), date(2024, 3, 12), id="ukrainian-genitive-month"),
        pytest.param("March 3rd, 2021", (), date(2021, 3, 3), id="english-month-first-with-ordinal"),
        pytest.param("5 Sept. 2020", ("en",), date(2020, 9, 5), id="abbreviation-with-dot"),
        pytest.param("15. März 2022", ("de",), date(2022, 3, 15), id="german-umlaut"),
        pytest.param("27 de agosto de 2019", ("es",), date(2019, 8, 27), id="spanish-de"),
        pytest.param("5 listopada 2020", ("pl",), date(2020, 11, 5), id="polish-genitive"),
    ],
)
def test_month_names_of_the_declared_languages_are_read(text: str, languages: tuple[str, ...], day: date) -> None:
    found = parse_visible(text, MOSCOW, languages, where="visible")
    assert found is not None
    assert found.local_date == day


def test_the_common_russian_date_needs_no_dateparser_call(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(snippet: str, languages: tuple[str, ...]) -> date | None:
        raise AssertionError(f"dateparser was asked to read {snippet!r}")

    monkeypatch.setattr(date_strings, "_cached_dateparser", refuse)
    found = parse_visible("Опубликовано 7 ноября 2025, 14:30", MOSCOW, ("ru",), where="visible")
    assert found is not None
    assert (found.local_date, found.has_time, found.moment.hour) == (date(2025, 11, 7), True, 11)


def test_a_connector_word_of_another_language_no_longer_hides_the_date() -> None:
    # "um" is German; dateparser, asked in Dutch, refused the whole snippet for it.
    found = parse_visible("28. Juli 2019 um 10:15", MOSCOW, ("nl",), where="visible")
    assert found is not None
    assert (found.local_date, found.has_time) == (date(2019, 7, 28), True)


def test_an_impossible_day_gives_no_date() -> None:
    assert parse_visible("31 февраля 2024", MOSCOW, ("ru",), where="visible") is None


def test_a_word_naming_different_months_in_two_languages_is_left_to_dateparser() -> None:
    # "listopad" is November in Czech and October in Croatian: the table has no answer of its own.
    assert "listopad" not in date_strings._month_numbers(("hr", "cs"))
    assert date_strings._month_numbers(("cs",))["listopad"] == 11


def test_a_language_dateparser_does_not_know_is_skipped() -> None:
    assert date_strings._month_numbers(("xx", "en"))["june"] == 6
