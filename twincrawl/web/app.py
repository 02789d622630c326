"""The web application: pages and API over one read-only store, with its security headers and token."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from twincrawl.store import READ_TIME_LIMIT, Store, StoreError
from twincrawl.web import api, pages
from twincrawl.web.search import NotFound, SearchError
from twincrawl.web.security import LoopbackHostOnly, SecurityHeaders, TokenRequired

STATIC = Path(__file__).with_name("static")


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": message}, status_code=status)


async def _bad_request(request: Request, error: Exception) -> Response:
    return _error(request, 400, str(error))


async def _not_found(request: Request, error: Exception) -> Response:
    return _error(request, 404, str(error))


async def _store_error(request: Request, error: Exception) -> Response:
    if isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error):
        message = f"the query ran longer than {READ_TIME_LIMIT:.0f} s and was stopped: narrow it (a city, a date range)"
    else:
        message = f"the store could not answer: {error}"
    return _error(request, 503, message)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = "no such page: see /api/openapi.json for the API" if error.status_code == 404 else str(error.detail)
    return _error(request, error.status_code, message)


def create_app(
    store: Store, *, token: str | None = None, loopback: bool = True, reports: Path | None = None
) -> Starlette:
    """The application over ``store`` (which it closes on shutdown).

    :param reports: the folder of the crawls' run reports, for the health page.
    :param token: required on every request when given (the server then listens beyond loopback).
    :param loopback: the server listens on loopback only: requests must name it as ``Host`` (a page elsewhere
        cannot reach it through a rebinding DNS name).
    """
    environment = Environment(loader=PackageLoader("twincrawl.web", "templates"), autoescape=select_autoescape(
        default=True, default_for_string=True))  # fmt: skip
    templates = Jinja2Templates(env=environment)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    middleware = [Middleware(SecurityHeaders)]
    if loopback:
        middleware.append(Middleware(LoopbackHostOnly))
    if token:
        middleware.append(Middleware(TokenRequired, token=token))
    app = Starlette(
        routes=[*pages.ROUTES, *api.ROUTES, Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=middleware,
        exception_handlers={
            SearchError: _bad_request,
            NotFound: _not_found,
            HTTPException: _http_error,
            StoreError: _store_error,
            sqlite3.OperationalError: _store_error,
        },
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.templates = templates
    app.state.reports = reports
    return app
