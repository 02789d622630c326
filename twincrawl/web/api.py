"""The JSON API under ``/api/``: articles in the export's record shape, facets, cities, pairs, stats.

Lists page with an opaque ``cursor`` (the ``next`` of the previous page); every error is
``{"error": "what was wrong and what to send instead"}``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from twincrawl.corpus import city_stats, export_record, pair_stats
from twincrawl.store import Store
from twincrawl.web import health, views
from twincrawl.web.openapi import openapi
from twincrawl.web.search import (
    FACET_LIMIT,
    SCAN_LIMIT,
    NotFound,
    SearchError,
    facet_lists,
    parse_search,
    run_search,
    scan,
)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset a cursor stands for; raises SearchError for one this API did not hand out."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        offset = int(text.removeprefix("offset:")) if text.startswith("offset:") else -1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        offset = -1
    if not 0 <= offset <= SCAN_LIMIT:
        raise SearchError(f"cursor={cursor!r} is not one this API returned: pass the 'next' of the previous page")
    return offset


def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    if "cursor" in params:
        params["offset"] = str(decode_cursor(params.pop("cursor")))
    return params


async def articles(request: Request) -> JSONResponse:
    search = parse_search(_params(request))
    results = run_search(_store(request), search, facets=False)
    end = search.offset + len(results.articles)
    more = results.matched > end and end < SCAN_LIMIT
    return JSONResponse(
        {
            "articles": [export_record(article) for article in results.articles],
            "next": encode_cursor(end) if more else None,
        }
    )


async def article(request: Request) -> JSONResponse:
    found = _store(request).get(request.path_params["id"])
    if found is None:
        raise NotFound(f"no article with id {request.path_params['id']!r}")
    return JSONResponse(export_record(found))


async def facets(request: Request) -> JSONResponse:
    counts = _store(request).facet_counts(parse_search(_params(request)).query, FACET_LIMIT)
    shown = {facet.name: [{"value": v, "label": label, "count": n} for v, label, n in facet.values]
             for facet in facet_lists(counts)}  # fmt: skip
    return JSONResponse({"matched": counts.matched, "capped": counts.matched >= FACET_LIMIT, "facets": shown})


def _listing(request: Request, rows: list[dict[str, Any]]) -> JSONResponse:
    params = _params(request)
    search = parse_search(params)
    page = rows[search.offset : search.offset + search.size]
    end = search.offset + len(page)
    return JSONResponse({"items": page, "next": encode_cursor(end) if end < len(rows) else None})


async def cities(request: Request) -> JSONResponse:
    matched = list(scan(_store(request), parse_search(_params(request)).query))
    return _listing(request, [attrs.asdict(stat) for stat in city_stats(matched)])


async def pairs(request: Request) -> JSONResponse:
    matched = list(scan(_store(request), parse_search(_params(request)).query))
    return _listing(request, [attrs.asdict(stat) for stat in pair_stats(matched)])


async def city(request: Request) -> JSONResponse:
    view = views.city(_store(request), request.path_params["geonameid"])
    if not view["articles"]:
        raise NotFound(f"no article mentions the city {request.path_params['geonameid']}")
    view["latest"] = [{"id": a.id, "title": a.title, "published": a.published} for a in view["latest"]]
    return JSONResponse(view)


async def graph(request: Request) -> JSONResponse:
    return JSONResponse(views.graph(list(scan(_store(request), parse_search(_params(request)).query))))


async def timeline(request: Request) -> JSONResponse:
    return JSONResponse(views.timeline(list(scan(_store(request), parse_search(_params(request)).query))))


async def stats(request: Request) -> JSONResponse:
    return JSONResponse(views.stats(_store(request)))


async def source_health(request: Request) -> JSONResponse:
    return JSONResponse({"sources": health.source_rows(health.last_reports(request.app.state.reports))})


async def description(request: Request) -> JSONResponse:
    return JSONResponse(openapi())


ROUTES = [
    Route("/api/articles", articles),
    Route("/api/articles/{id:str}", article),
    Route("/api/facets", facets),
    Route("/api/cities", cities),
    Route("/api/cities/{geonameid:int}", city),
    Route("/api/pairs", pairs),
    Route("/api/graph", graph),
    Route("/api/timeline", timeline),
    Route("/api/stats", stats),
    Route("/api/health", source_health),
    Route("/api/openapi.json", description),
]
