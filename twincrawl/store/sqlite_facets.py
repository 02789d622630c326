"""Facet counts of the SQLite store: one statement groups a query's newest matches by each filter's value."""

from __future__ import annotations

import sqlite3
from typing import Any

from twincrawl.store.base import FacetCounts

#: The matches are read once (MATERIALIZED) and every facet groups them: the scalar ones by their columns,
#: cities, countries and pairs through the tables of each article's places and pairs, looked up by article id
#: (CROSS JOIN keeps the matches the outer loop: else the planner scans every place and probes the matches).
_FACETS = """
WITH matches AS MATERIALIZED ({matches})
SELECT 'matched', NULL, NULL, count(*) FROM matches
UNION ALL SELECT 'twinning', is_twinning, NULL, count(*) FROM matches GROUP BY is_twinning
UNION ALL SELECT 'source', source, NULL, count(*) FROM matches GROUP BY source
UNION ALL SELECT 'language', language, NULL, count(*) FROM matches WHERE language != '' GROUP BY language
UNION ALL SELECT 'year', substr(published, 1, 4), NULL, count(*) FROM matches WHERE published != '' GROUP BY 2
UNION ALL SELECT 'country', p.country, NULL, count(DISTINCT m.id)
    FROM matches m CROSS JOIN article_places p ON p.article_id = m.id WHERE p.country != '' GROUP BY p.country
UNION ALL SELECT 'city', p.geonameid, g.name, count(DISTINCT m.id)
    FROM matches m CROSS JOIN article_places p ON p.article_id = m.id
    LEFT JOIN gazetteer g ON g.geonameid = p.geonameid GROUP BY p.geonameid
UNION ALL SELECT 'pair', p.a, p.b, count(DISTINCT m.id)
    FROM matches m CROSS JOIN article_pairs p ON p.article_id = m.id GROUP BY p.a, p.b
"""


def facet_counts(db: sqlite3.Connection, matches: str, params: list[Any]) -> FacetCounts:
    """The facets of the rows ``matches`` selects (a statement over ``articles`` reading its ``id``, ``source``,
    ``language``, ``is_twinning`` and ``published``, bound to ``params``)."""
    counts = FacetCounts(matched=0)
    for facet, value, other, count in db.execute(_FACETS.format(matches=matches), params):
        if facet == "matched":
            counts.matched = count
        elif facet == "twinning":
            counts.twinning[bool(value)] = count
        elif facet == "source":
            counts.sources[value] = count
        elif facet == "language":
            counts.languages[value] = count
        elif facet == "year":
            counts.years[value] = count
        elif facet == "country":
            counts.countries[value] = count
        elif facet == "city":
            counts.cities[value] = count
            if other:
                counts.city_names[value] = other
        else:
            counts.pairs[(value, other)] = count
    return counts
