"""How the SQLite store reads a query's first matches: walking an index in result order and testing each article
against the other filters, or sorting the matches of its rarest filter.

Two indexes hold the result order: ``articles_order`` (every article) and ``places_city_order`` (each city's
articles, with their date). Walking reads about ``limit × walked / matches`` entries and stops at the limit;
sorting reads every match of the filter that drives it. A city in a fifth of 100,000 articles: its newest 1,000
in ~6 ms walking its own entries, ~16 ms walking every article, ~125 ms sorting its 20,800 matches. So each
other filter that is a list of candidates (country, words) is counted up to the size at which walking wins.
"""

from __future__ import annotations

import enum
import math
import sqlite3
from typing import Any

from twincrawl.store.query import Query

#: Sorting one match (its row looked up by id) costs about this many times testing one entry of the result-order
#: index while walking it (~5 µs against ~0.7 µs, measured at 100,000 articles).
SORT_TO_WALK_COST = 7


class Plan(enum.Enum):
    """Which rows a query reads first, and so in which order it gets its matches."""

    WALK = "articles INDEXED BY articles_order"
    """Every article in result order, each tested against the filters."""
    WALK_CITY = "article_places city INDEXED BY places_city_order CROSS JOIN articles ON articles.id = city.article_id"
    """The city's articles in result order (their date kept beside each place), each tested against the others."""
    SORT = "articles"
    """The matches of the rarest filter, sorted."""

    @property
    def order(self) -> str:
        """The ORDER BY of the results: the walked index's own columns, so that SQLite reads them in order."""
        if self is Plan.WALK_CITY:
            return "ORDER BY city.published IS NULL, city.published DESC, city.article_id"
        return "ORDER BY articles.published IS NULL, articles.published DESC, articles.id"


def text_match(query: Query) -> str:
    """The FTS5 expression of the query's words: each a quoted phrase, a prefix with ``word_starts``."""
    star = "*" if query.word_starts else ""
    return " ".join(f'"{word}"{star}' for word in query.words)


def _candidates(query: Query) -> list[tuple[str, Any]]:
    """(statement, value) reading the candidates of each filter that is a list, besides the city: country, words."""
    lists: list[tuple[str, Any]] = []
    if query.country is not None:
        lists.append(("SELECT 1 FROM article_places WHERE country = ?", query.country))
    if query.words:
        lists.append(("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", text_match(query)))
    return lists


def choose_plan(db: sqlite3.Connection, query: Query, limit: int) -> Plan:
    """The plan that reads the query's first ``limit`` matches at the lower cost. A pair is always rare: its
    matches are sorted; so are those of a rare country or words. A city is walked through its own entries, which
    costs at most what sorting its matches would."""
    if query.pair is not None:
        return Plan.SORT
    articles = db.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0
    # Walking costs ~limit × articles / matches entries, sorting ~SORT_TO_WALK_COST × matches: walk from here up.
    bound = math.isqrt(limit * articles // SORT_TO_WALK_COST) + 1
    for statement, value in _candidates(query):
        if db.execute(f"SELECT count(*) FROM ({statement} LIMIT ?)", (value, bound)).fetchone()[0] < bound:
            return Plan.SORT
    return Plan.WALK if query.city is None else Plan.WALK_CITY
