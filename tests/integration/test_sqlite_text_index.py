"""The SQLite full-text index: its content is the articles' own title and text, kept in step on every upsert,
readable by other tools, and built from the articles for files whose index kept a copy of its own."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from twincrawl.items import Article, article_id
from twincrawl.store import Query
from twincrawl.store.sqlite import SqliteStore


def _article(key: str, title: str, text: str) -> Article:
    url = f"https://example.org/{key}"
    return Article(id=article_id(url), url=url, canonical_url=url, source="example", title=title, text=text,
                   content_hash=hashlib.sha256(f"{title}\n{text}".encode()).hexdigest())  # fmt: skip


def _matches(path: Path, expression: str) -> list[str]:
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY a.id",
            (expression,),
        )
        return [article for (article,) in rows]


def test_the_index_follows_inserts_and_updates_and_passes_its_integrity_check(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    store = SqliteStore(f"sqlite:///{path}")
    first = _article("a", "Volgograd and Coventry", "The cities were twinned in 1944.")
    store.upsert([first, _article("b", "Budget", "The council passed the budget.")])
    store.upsert([_article("a", "Volgograd and Coventry", "A joint lesson of the twin schools.")])
    store.close()
    assert _matches(path, "twinned") == []
    assert _matches(path, "lesson") == [first.id]
    assert _matches(path, "twin*") == [first.id]
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def test_other_tools_read_titles_and_snippets_through_the_index(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    store = SqliteStore(f"sqlite:///{path}")
    store.upsert([_article("a", "Побратимы", "Волгоград и Ковентри стали городами-побратимами в 1944 году.")])
    store.close()
    with sqlite3.connect(path) as db:
        (title, snippet), *_ = db.execute(
            "SELECT title, snippet(articles_fts, 1, '[', ']', '…', 4) FROM articles_fts"
            " WHERE articles_fts MATCH 'Ковентри'"
        )
    assert title == "Побратимы"
    assert "[Ковентри]" in snippet


def test_an_index_keeping_its_own_copy_is_rebuilt_from_the_articles_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    store = SqliteStore(f"sqlite:///{path}")
    stored = _article("a", "Volgograd and Coventry", "The cities were twinned in 1944.")
    store.upsert([stored])
    store.close()
    with sqlite3.connect(path) as db:  # the index as files written before it was linked to the articles
        db.executescript("""
            DROP TABLE articles_fts;
            CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 0');
        """)
    assert _matches(path, "twinned") == []
    store = SqliteStore(f"sqlite:///{path}")
    assert [article.id for article in store.query(Query(text="twinned"))] == [stored.id]
    store.close()
    assert _matches(path, "twinned") == [stored.id]
    with sqlite3.connect(path) as db:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    assert "content = 'article_texts'" in sql
