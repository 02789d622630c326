"""The articles and raw pages the MongoDB store tests write: a small corpus with places, pairs and dates."""

from __future__ import annotations

import hashlib

from twincrawl.items import Article, PairState, Place, Relevance
from twincrawl.store.base import RawPage

VOLGOGRAD = Place(name="Volgograd", geonameid=472757, country="RU", mentions=3, forms=["Волгограда"])
COVENTRY = Place(name="Coventry", geonameid=2652221, country="GB", mentions=2, forms=["Ковентри"])
COLOGNE = Place(name="Cologne", geonameid=2886242, country="DE", forms=["Köln"])
TURIN = Place(name="Turin", geonameid=3165524, country="IT", forms=["Турином"])
OSTRAVA = Place(name="Ostrava", geonameid=3068799, country="CZ", forms=["Ostrava"])


def make_article(number: int, **fields: object) -> Article:
    """A plausible article; the content hash follows title and text, as the real fingerprint does."""
    values: dict[str, object] = {
        "id": f"{number:016x}",
        "url": f"https://example.org/news/{number}",
        "canonical_url": f"https://example.org/news/{number}",
        "source": "volgograd-admin-ru",
        "title": f"Новость {number}",
        "text": f"Текст новости номер {number}.",
        "language": "ru",
        "fetched_at": "2024-05-01T10:00:00+00:00",
        "extractor_version": "test-1",
    } | fields
    article = Article(**values)  # type: ignore[arg-type]
    article.content_hash = hashlib.sha256(
        f"{article.title}\n{article.text}".encode("utf-8", "surrogatepass")
    ).hexdigest()
    return article


def corpus() -> list[Article]:
    """Twenty articles varied in every field a query filters on (dates include nulls and day edges)."""
    twinning = Relevance(score=0.9, is_twinning=True, terms=["побратим"], evidence=["Города-побратимы."])
    return [
        make_article(1, title="Волгоград и Ковентри: 80 лет дружбы", text="Города-побратимы отметили юбилей.",
                     published="2024-04-18T09:00:00+00:00", relevance=twinning, places=[VOLGOGRAD, COVENTRY],
                     pairs=[[472757, 2652221]], author="Пресс-служба", published_from="jsonld"),
        make_article(2, title="Делегация из Кёльна", text="Побратимы из Кёльна посетили Волгоград.",
                     published="2023-11-02T00:00:00+00:00", relevance=twinning, places=[VOLGOGRAD, COLOGNE],
                     pairs=[[472757, 2886242]]),
        make_article(3, title="Ремонт дорог", text="На улицах Волгограда идёт ремонт.",
                     published="2024-04-18T23:59:59+00:00", places=[VOLGOGRAD]),
        make_article(4, title="Без даты", text="Статья без даты публикации о Ковентри.", places=[COVENTRY]),
        make_article(5, title="Ещё без даты", text="Вторая статья без даты."),
        make_article(6, source="coventry-gov-uk", language="en", title="Coventry and Volgograd renew ties",
                     text="The twin cities signed a new agreement.", published="2022-02-01T12:00:00+00:00",
                     relevance=twinning, places=[COVENTRY, VOLGOGRAD], pairs=[[472757, 2652221]],
                     pair_states=[PairState(pair=[472757, 2652221])]),
        make_article(7, source="coventry-gov-uk", language="en", title="Bin collection changes",
                     text="Collections move to Tuesday.", published="2022-02-01T12:00:00+00:00"),
        make_article(8, source="coventry-gov-uk", language="en", title="Coventry and Cologne",
                     text="Twinning since 1962: Coventry and Cologne.", published="2021-01-01T00:00:00+00:00",
                     relevance=twinning, places=[COVENTRY, COLOGNE], pairs=[[2652221, 2886242]]),
        make_article(9, source="koeln-de", language="de", title="Städtepartnerschaft mit Turin",
                     text="Köln und Turin feiern die Partnerschaft.", published="2020-12-31T23:00:00+00:00",
                     relevance=twinning, places=[COLOGNE, TURIN], pairs=[[2886242, 3165524]]),
        make_article(10, source="koeln-de", language="de", title="Baustelle am Ring",
                     text="Köln: die Baustelle dauert an.", published="2020-06-15T08:00:00+00:00",
                     places=[COLOGNE]),
        make_article(11, source="koeln-de", language="de", title="Besuch aus Ostrava",
                     text="Gäste aus Ostrava in Köln.", published="2019-03-03T03:03:03+00:00",
                     places=[COLOGNE, OSTRAVA], relevance=Relevance(score=0.4, terms=["Partner"])),
        make_article(12, title="Турин и Волгоград", text="Волгоград подписал соглашение с Турином.",
                     published="2018-07-28T00:00:00+00:00", relevance=twinning, places=[VOLGOGRAD, TURIN],
                     pairs=[[472757, 3165524]], pair_states=[PairState(pair=[472757, 3165524], state="proposed",
                                                                        year=2019)]),
        make_article(13, title="ПОБРАТИМЫ", text="Заглавные буквы и побратимы.",
                     published="2017-01-01T00:00:00+00:00"),
        make_article(14, title="Числа 2024", text="Отчёт за 2024 год.",
                     published="2024-01-15T10:00:00+00:00"),
        make_article(15, source="coventry-gov-uk", language="en", title="Peace and reconciliation",
                     text="Coventry's twin towns gathered.", published="2024-04-18T09:00:00+00:00",
                     relevance=twinning, places=[COVENTRY]),
        make_article(16, title="Ковентри", text="Упоминание Ковентри без побратимства.",
                     published="2016-05-05T05:05:05+00:00", places=[COVENTRY]),
        make_article(17, source="koeln-de", language="de", title="Kölner Partnerstädte",
                     text="Köln hat viele Partnerstädte: Turin, Volgograd.", published=None,
                     relevance=twinning, places=[COLOGNE, TURIN, VOLGOGRAD],
                     pairs=[[2886242, 3165524], [472757, 2886242]]),
        make_article(18, language="uk", title="Побратими", text="Міста-побратими.",
                     published="2023-03-08T00:00:00+00:00", relevance=twinning),
        make_article(19, title="Пустой", text="", published="2015-01-01T00:00:00+00:00"),
        make_article(20, title="Последняя", text="Волгоград, Ковентри, Кёльн, Турин.",
                     published="2024-04-19T00:00:00+00:00", places=[VOLGOGRAD, COVENTRY, COLOGNE, TURIN]),
    ]  # fmt: skip


def raw_page(url: str, body: bytes, **fields: object) -> RawPage:
    values: dict[str, object] = {
        "url": url,
        "source": "koeln-de",
        "fetched_at": "2024-05-01T10:00:00+00:00",
        "status": 200,
        "headers": {"content-type": "text/html; charset=windows-1251", "x-odd.name$": "kept"},
        "body": body,
        "extractor_version": "test-1",
    } | fields
    return RawPage(**values)  # type: ignore[arg-type]
