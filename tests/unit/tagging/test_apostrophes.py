"""Names written with an apostrophe are found whichever apostrophe the page uses."""

from __future__ import annotations

import pytest

from twincrawl.tagging.places import resolve_city


@pytest.mark.parametrize(("name", "language"), [("Xi’an", None), ("Xi'an", None)])
def test_xian_with_a_straight_or_a_curly_apostrophe(name: str, language: str | None) -> None:
    place = resolve_city(name, language)
    assert place is not None and place.country == "CN"


@pytest.mark.parametrize("name", ["Куп’янськ", "Куп'янськ"])
def test_kupiansk_with_a_straight_or_a_curly_apostrophe(name: str) -> None:
    place = resolve_city(name, "uk")
    assert place is not None and place.name == "Kupyansk"
