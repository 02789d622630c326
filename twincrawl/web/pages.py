"""The HTML pages: search, article, city, pair, graph, timeline; and the downloads of a search."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from twincrawl.corpus.export import CSV_COLUMNS, csv_row, export_record
from twincrawl.items import Article
from twincrawl.store import Query, Store
from twincrawl.tagging import city_name
from twincrawl.web import health, views
from twincrawl.web.search import (
    DOWNLOAD_LIMIT,
    NotFound,
    mark,
    parse_search,
    run_search,
    scan,
    snippet,
    words_pattern,
)  # fmt: skip

#: Article fields the article page lists with their value (metadata with raw values are listed apart).
FIELDS = ("id", "source", "modified", "author", "language", "canonical_url", "fetched_at",
          "content_hash", "duplicate_of", "extractor_version")  # fmt: skip


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _render(request: Request, name: str, **context: Any) -> Response:
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, name, context)
    return response


def web_link(url: str | None) -> str | None:
    """The URL if it is an http(s) address, else None: a crawled ``javascript:`` URL never becomes a link."""
    if not url or urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return url


def _with(params: dict[str, str], **changes: Any) -> str:
    merged = {**params, **{key: str(value) for key, value in changes.items() if value is not None}}
    return urlencode({key: value for key, value in merged.items() if value != ""})


async def search_page(request: Request) -> Response:
    search = parse_search(request.query_params)
    results = run_search(_store(request), search)
    rows = [(article, snippet(article, search.query)) for article in results.articles]
    pattern = words_pattern(search.query)
    previous = max(0, search.offset - search.size) if search.offset else None
    following = search.offset + search.size if results.matched > search.offset + search.size else None
    return _render(
        request, "search.html", search=search, results=results, rows=rows, params=search.params,
        title_pieces={article.id: mark(article.title, pattern) for article in results.articles},
        previous=None if previous is None else _with(search.params, offset=previous),
        following=None if following is None else _with(search.params, offset=following),
        facet_link=lambda name, value: _with({**search.params, name: value}),
        download=urlencode(search.params),
    )  # fmt: skip


def _download_lines(store: Store, query: Query, fmt: str) -> Iterator[str]:
    articles = scan(store, query, DOWNLOAD_LIMIT)
    if fmt == "jsonl":
        for article in articles:
            yield json.dumps(export_record(article), ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for article in articles:
        writer.writerow(csv_row(article))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


async def download(request: Request) -> Response:
    fmt = request.path_params["format"]
    if fmt not in ("csv", "jsonl"):
        raise NotFound(f"no download as {fmt!r}: use articles.csv or articles.jsonl")
    search = parse_search(request.query_params)
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return StreamingResponse(
        _download_lines(_store(request), search.query, fmt), media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="twincrawl-articles.{fmt}"'},
    )  # fmt: skip


def _pair_names(article: Article) -> list[tuple[int, str, int, str, str]]:
    """Each pair's ids and names, and its state unless it is active ("ended 2022")."""
    names = {place.geonameid: place.name for place in article.places}
    return [(a, names.get(a) or city_name(a) or str(a), b, names.get(b) or city_name(b) or str(b),
             state.label() if (state := article.pair_state([a, b])) else "")
            for a, b in article.pairs]  # fmt: skip


async def article_page(request: Request) -> Response:
    store = _store(request)
    found = store.get(request.path_params["id"])
    if found is None:
        raise NotFound(f"no article with id {request.path_params['id']!r}")
    fields = [(name, getattr(found, name)) for name in FIELDS]
    return _render(
        request, "article.html", article=found, fields=fields, original=web_link(found.url),
        paragraphs=[line for line in found.text.split("\n") if line.strip()],
        pairs=_pair_names(found), versions=store.versions(found.id),
    )  # fmt: skip


async def city_page(request: Request) -> Response:
    view = views.city(_store(request), request.path_params["geonameid"])
    if not view["articles"]:
        raise NotFound(f"no article mentions the city {request.path_params['geonameid']}")
    return _render(request, "city.html", city=view)


async def pair_page(request: Request) -> Response:
    a, b = sorted((request.path_params["a"], request.path_params["b"]))
    articles = list(scan(_store(request), Query(pair=(a, b))))
    if not articles:
        raise NotFound(f"no article states the pair {a}-{b}")
    names = {place.geonameid: place.name for article in articles for place in article.places}
    dated = sorted(article.published for article in articles if article.published)
    return _render(
        request, "pair.html", articles=articles, a=(a, names.get(a) or str(a)), b=(b, names.get(b) or str(b)),
        first=dated[0] if dated else None, last=dated[-1] if dated else None,
    )  # fmt: skip


async def graph_page(request: Request) -> Response:
    search = parse_search(request.query_params)
    return _render(request, "graph.html", params=search.params, data=urlencode(search.params))


async def timeline_page(request: Request) -> Response:
    search = parse_search(request.query_params)
    return _render(request, "timeline.html", params=search.params, data=urlencode(search.params))


async def health_page(request: Request) -> Response:
    folder = request.app.state.reports
    reports = health.last_reports(folder)
    return _render(request, "health.html", reports=reports, sources=health.source_rows(reports), folder=folder)


ROUTES = [
    Route("/", search_page),
    Route("/articles.{format:str}", download),
    Route("/article/{id:str}", article_page),
    Route("/city/{geonameid:int}", city_page),
    Route("/pair/{a:int}/{b:int}", pair_page),
    Route("/graph", graph_page),
    Route("/timeline", timeline_page),
    Route("/health", health_page),
]
