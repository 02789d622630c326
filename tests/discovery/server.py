"""Serving one generated site (tests/discovery/sites.py) on a loopback port, with a count of requests."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from tests.discovery.sites import Site, build


class SiteServer:
    """A generated site on ``http://127.0.0.1:PORT``; use as a context manager."""

    def __init__(self, kind: str) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.site_server = self  # type: ignore[attr-defined]
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.site: Site = build(kind, self.base_url)
        self.hits: Counter[str] = Counter()
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def article_urls(self) -> set[str]:
        return {self.base_url + path for path in self.site.articles}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server: SiteServer = self.server.site_server  # type: ignore[attr-defined]
        server.hits[self.path] += 1
        found = server.site.pages.get(self.path)
        body, content_type = found if found is not None else (b"<html><title>Not found</title></html>", "text/html")
        self.send_response(200 if found is not None else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read the hit counts instead."""
