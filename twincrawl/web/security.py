"""What every response carries and every request must show: security headers, and the token when the server
is reachable from other machines."""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlencode, urlsplit

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

#: Only the app's own scripts, styles and data; no inline script or style, no other origin, no frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
TOKEN_COOKIE = "twincrawl_token"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address to bind, or the name a request gives) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SecurityHeaders(BaseHTTPMiddleware):
    """Adds HEADERS to every response."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


class LoopbackHostOnly(BaseHTTPMiddleware):
    """Refuses requests whose ``Host`` is not a loopback name: a page elsewhere cannot reach a loopback server
    through a DNS name rebound to 127.0.0.1."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        try:
            host = urlsplit("//" + request.headers.get("host", "")).hostname or ""
        except ValueError:
            host = ""
        if is_loopback(host):
            return await call_next(request)
        return PlainTextResponse("this server answers only to loopback names (127.0.0.1, localhost)", status_code=400)


class TokenRequired(BaseHTTPMiddleware):
    """Refuses requests without the token: ``Authorization: Bearer TOKEN``, the cookie, or ``?token=TOKEN``
    once (which sets the cookie and redirects to the same address without it)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        super().__init__(app)
        self.token = token

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        bearer = request.headers.get("authorization", "")
        if self._matches(bearer.removeprefix("Bearer ")) or self._matches(request.cookies.get(TOKEN_COOKIE)):
            return await call_next(request)
        if self._matches(request.query_params.get("token")):
            rest = urlencode([(key, value) for key, value in request.query_params.multi_items() if key != "token"])
            response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return response
        message = "this server needs its token: open the address twincrawl serve printed, or send Authorization: Bearer"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=401)
        return PlainTextResponse(message, status_code=401)
