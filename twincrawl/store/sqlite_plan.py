"""How the SQLite store reads a query's first matches: walking the result-order index and testing each article
against the filters, or sorting the matches of its rarest filter.

Walking reads about ``limit × articles / matches`` index entries and stops at the limit; sorting reads every
match of the filter that drives it. A city in a fifth of 100,000 articles: its first 1,000 in ~16 ms walking,
~125 ms sorting its 20,800 matches; a city in 661: ~74 ms walking (the whole index), ~7 ms sorting. So each
filter that is a list of candidates (city, country, words) is counted up to the size at which walking wins.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from twincrawl.store.query import Query

#: Sorting one match (its row looked up by id) costs about this many times testing one entry of the result-order
#: index while walking it (~5 µs against ~0.7 µs, measured at 100,000 articles).
SORT_TO_WALK_COST = 7
WALK = "INDEXED BY articles_order"


def text_match(query: Query) -> str:
    """The FTS5 expression of the query's words: each a quoted phrase, a prefix with ``word_starts``."""
    star = "*" if query.word_starts else ""
    return " ".join(f'"{word}"{star}' for word in query.words)


def _candidates(query: Query) -> list[tuple[str, Any]]:
    """(statement, value) reading the candidates of each filter that is a list: city, country, words."""
    lists: list[tuple[str, Any]] = []
    if query.city is not None:
        lists.append(("SELECT 1 FROM article_places WHERE geonameid = ?", query.city))
    if query.country is not None:
        lists.append(("SELECT 1 FROM article_places WHERE country = ?", query.country))
    if query.words:
        lists.append(("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", text_match(query)))
    return lists


def order_hint(db: sqlite3.Connection, query: Query, limit: int) -> str:
    """The index hint that reads the query's first ``limit`` matches at the lower cost: :data:`WALK`, or none
    (the planner then sorts the matches of a list filter). A pair is always rare: its matches are sorted."""
    if query.pair is not None:
        return ""
    lists = _candidates(query)
    if not lists:
        return WALK
    articles = db.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0
    # Walking costs ~limit × articles / matches entries, sorting ~SORT_TO_WALK_COST × matches: walk from here up.
    bound = math.isqrt(limit * articles // SORT_TO_WALK_COST) + 1
    for statement, value in lists:
        if db.execute(f"SELECT count(*) FROM ({statement} LIMIT ?)", (value, bound)).fetchone()[0] < bound:
            return ""
    return WALK
