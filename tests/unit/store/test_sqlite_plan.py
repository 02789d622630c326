"""The SQLite store walks a result-order index (every article's, or a city's own) for a common filter and sorts the
matches of a rare one; either way the results are the newest matches in order."""

from __future__ import annotations

from pathlib import Path

from twincrawl.dedup.fingerprint import content_hash
from twincrawl.items import Article, Place, article_id
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore
from twincrawl.store.sqlite_plan import Plan, choose_plan

COMMON = Place(name="Volgograd", geonameid=472757, country="RU")
RARE = Place(name="Exeter", geonameid=2649808, country="GB")


def _article(number: int) -> Article:
    url = f"https://example.org/news/{number}"
    text = "A council meeting." if number % 100 else "A twinning festival."
    return Article(
        id=article_id(url), url=url, canonical_url=url, source="example", title=f"Story {number}", text=text,
        published=f"20{number % 25:02d}-01-{1 + number % 28:02d}T00:00:00+00:00", content_hash=content_hash("", text),
        places=[COMMON, RARE] if number % 100 == 0 else [COMMON],
    )  # fmt: skip


def test_rare_filters_are_sorted_common_ones_walked_with_the_same_results(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'corpus.db'}")
    articles = [_article(number) for number in range(1000)]
    store.upsert(articles)
    db = store._db
    assert choose_plan(db, Query(), 20) is Plan.WALK
    assert choose_plan(db, Query(city=COMMON.geonameid), 20) is Plan.WALK_CITY
    assert choose_plan(db, Query(city=RARE.geonameid), 20) is Plan.WALK_CITY
    assert choose_plan(db, Query(country="GB"), 20) is Plan.SORT
    assert choose_plan(db, Query(text="festival"), 20) is Plan.SORT
    assert choose_plan(db, Query(city=COMMON.geonameid, text="festival"), 20) is Plan.SORT
    assert choose_plan(db, Query(pair=(COMMON.geonameid, RARE.geonameid)), 20) is Plan.SORT
    by_id = sorted(articles, key=lambda article: article.id)
    newest = sorted(by_id, key=lambda article: article.published or "", reverse=True)
    for query, expected in [
        (Query(city=RARE.geonameid, limit=5), [a for a in newest if RARE in a.places][:5]),
        (Query(city=COMMON.geonameid, limit=5), newest[:5]),
        (Query(city=RARE.geonameid, is_twinning=True, limit=5), []),
        (Query(city=COMMON.geonameid, text="festival", limit=3), [a for a in newest if "festival" in a.text][:3]),
        (Query(text="festival", limit=20), [a for a in newest if "festival" in a.text]),
    ]:
        assert [article.id for article in store.query(query)] == [article.id for article in expected]
    assert store.facet_counts(Query(city=RARE.geonameid), 1000).cities == {COMMON.geonameid: 10, RARE.geonameid: 10}
    store.close()


def test_a_file_whose_places_have_no_dates_is_migrated_and_read_in_the_same_order(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = SqliteStore(uri)
    store.upsert([_article(number) for number in range(300)])
    expected = [article.id for article in store.query(Query(city=RARE.geonameid, limit=10))]
    # The layout-5 shape: places without the article's date, an article's city entered twice.
    store._db.executescript(
        "DROP INDEX places_city_order; ALTER TABLE article_places DROP COLUMN published;"
        " INSERT INTO article_places (article_id, geonameid, country) SELECT article_id, geonameid, country"
        f" FROM article_places WHERE geonameid = {RARE.geonameid}; PRAGMA user_version = 5;"
    )
    store.close()
    store = SqliteStore(uri)
    db = store._db
    assert db.execute("PRAGMA user_version").fetchone()[0] == 6
    assert db.execute("SELECT count(*) FROM article_places WHERE published IS NULL").fetchone()[0] == 0
    assert [article.id for article in store.query(Query(city=RARE.geonameid, limit=10))] == expected
    assert store.facet_counts(Query(city=RARE.geonameid), 1000).cities == {COMMON.geonameid: 3, RARE.geonameid: 3}
    store.close()
