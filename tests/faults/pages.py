"""Pages the fault servers serve (an article, a listing) and readers of a fault crawl's store and report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fixtures.faults import CrawlRun
from twincrawl.items import Article
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

#: Where the fault sources' articles are: ``/<case>/news/<slug>``.
NEWS = r"/news/[\w.-]+$"

_PARAGRAPHS = (
    "Делегация города-побратима прибыла в Волгоград для обсуждения совместных проектов в сфере культуры, "
    "образования и молодёжного обмена. Стороны подписали план мероприятий на предстоящий год.",
    "Глава делегации отметил, что побратимские связи между городами продолжаются уже более тридцати лет и "
    "приносят пользу жителям обоих городов. Особое внимание уделено школьным обменам.",
    "В рамках визита гости посетили музей-заповедник, встретились со студентами и осмотрели новый парк на "
    "набережной. Следующая встреча запланирована на осень.",
)


def article_html(title: str, marker: str = "", date: str = "2024-03-15T10:00:00+03:00", extra_head: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in (*_PARAGRAPHS, marker) if text)
    return (
        f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{date}">{extra_head}</head>'
        f"<body><header><a href='/'>Главная</a></header><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>© Администрация города</footer></body></html>"
    )


def article(title: str, marker: str = "", **kwargs: Any) -> bytes:
    return article_html(title, marker, **kwargs).encode("utf-8")


def listing(*urls: str) -> bytes:
    links = "".join(f'<li><a href="{url}">Новость {index}</a></li>' for index, url in enumerate(urls))
    return f"<html><head><title>Новости</title></head><body><ul>{links}</ul></body></html>".encode()


def stored(store: Path) -> dict[str, Article]:
    """Stored articles by URL."""
    opened = SqliteStore(f"sqlite:///{store}")
    try:
        return {item.url: item for item in opened.query(Query())}
    finally:
        opened.close()


def failures(run: CrawlRun, key: str) -> dict[str, int]:
    return dict(run.source(key).get("failures", {}))


def skipped(run: CrawlRun, key: str) -> dict[str, int]:
    return dict(run.source(key).get("skipped", {}))


def accounting(run: CrawlRun, key: str) -> tuple[int, int, int, int]:
    """Article pages offered, fetched + failed + disallowed by robots.txt, fetched, and the outcomes of the fetched
    ones (stored new, updated, unchanged or spooled; skipped; dropped): when every lost page has a counter, the
    first two and the last two are equal. (Duplicates are stored, marked, so they are among the stored.)"""
    report = run.source(key)
    outcomes = sum(sum(report.get(group, {}).values()) for group in ("articles", "skipped", "dropped"))
    fetched = report.get("pages_fetched", 0)
    accounted = fetched + report.get("article_pages_failed", 0) + report.get("article_pages_disallowed", 0)
    return report.get("articles_offered", 0), accounted, fetched, outcomes
