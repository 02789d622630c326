"""The OpenAPI 3.1 description of ``/api/``; the article record is the export's JSON Schema."""

from __future__ import annotations

from typing import Any

from twincrawl.corpus import article_schema
from twincrawl.version import __version__

_FILTERS = {
    "words": "words that must occur, in any of their forms (побратим finds побратимами, twin finds twinned)",
    "city": "a city mentioned: GeoNames id or name",
    "pair": "two cities stated as twins: 'id,id' or 'name,name'",
    "country": "ISO 3166-1 alpha-2 code of a country a mentioned city is in",
    "language": "ISO 639-1 code of the article's language",
    "source": "registry key of the source",
    "twinning": "yes (twinning news) or no",
    "since": "published on or after (YYYY-MM-DD)",
    "until": "published on or before (YYYY-MM-DD)",
}
_PAGING = {
    "size": "results per page (1..100, default 20)",
    "cursor": "the 'next' value of the previous page",
}


def _parameters(names: dict[str, str]) -> list[dict[str, Any]]:
    return [{"name": name, "in": "query", "required": False, "description": text, "schema": {"type": "string"}}
            for name, text in names.items()]  # fmt: skip


def _get(summary: str, schema: dict[str, Any], parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    error = {"description": "a bad parameter or an unknown record", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}  # fmt: skip
    return {"get": {
        "summary": summary,
        "parameters": parameters or [],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
                      "400": error, "404": error},
    }}  # fmt: skip


def openapi() -> dict[str, Any]:
    """The description, built on each call from the shipped schema."""
    filters, paged = _parameters(_FILTERS), _parameters({**_FILTERS, **_PAGING})
    article = {"$ref": "#/components/schemas/Article"}
    listing = {"type": "object", "properties": {"items": {"type": "array"}, "next": {"type": ["string", "null"]}}}
    schema = article_schema()
    schema.pop("$schema", None)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "twincrawl corpus",
            "version": __version__,
            "description": "Read-only access to a corpus of city-twinning news.",
        },
        "paths": {
            "/api/articles": _get(
                "Articles matching the filters, newest first",
                {
                    "type": "object",
                    "properties": {
                        "articles": {"type": "array", "items": article},
                        "next": {"type": ["string", "null"]},
                    },
                },
                paged,
            ),
            "/api/articles/{id}": _get(
                "One article", article, [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
            ),
            "/api/facets": _get(
                "Counts of each filter's values over the matching articles", {"type": "object"}, filters
            ),
            "/api/cities": _get("Cities mentioned, most written about first", listing, paged),
            "/api/cities/{geonameid}": _get(
                "One city: twins, sources, timeline",
                {"type": "object"},
                [{"name": "geonameid", "in": "path", "required": True, "schema": {"type": "integer"}}],
            ),
            "/api/pairs": _get("Twin pairs stated, most stated first", listing, paged),
            "/api/graph": _get("The twin-pair graph: cities as nodes, pairs as edges", {"type": "object"}, filters),
            "/api/timeline": _get("Articles per month, all and twinning", {"type": "object"}, filters),
            "/api/stats": _get("Size of the corpus", {"type": "object"}),
            "/api/health": _get("Per source, its figures in the last runs' reports", {"type": "object"}),
        },
        "components": {
            "schemas": {
                "Article": schema,
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            }
        },
    }
