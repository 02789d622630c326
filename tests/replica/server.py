"""The replica HTTP server: the replica site on 127.0.0.1, with hit counts, validators and runtime edits."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from tests.replica.registry import replica_registry_yaml
from tests.replica.site import Resource, Site, build_site


@attrs.frozen(kw_only=True)
class RequestRecord:
    """One request the server answered."""

    target: str
    """Path plus ``?query`` as requested."""
    status: int
    headers: dict[str, str]
    """Request headers, names lower-cased."""


class ReplicaServer:
    """The replica sites served over HTTP on a loopback port.

    Use as a context manager (or ``start()`` / ``stop()``). Every request is counted under its target (path
    plus query); every page carries ETag and Last-Modified and answers conditional GETs with 304. Pages can be
    added, changed (:meth:`put`) or removed (:meth:`remove`) while the server runs.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._host = host
        self._httpd = ThreadingHTTPServer((host, port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.replica = self  # type: ignore[attr-defined]
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        try:
            self.site: Site = build_site(self.base_url)
        except BaseException:
            self._httpd.server_close()
            raise
        self._resources: dict[str, Resource] = dict(self.site.resources)
        self._hits: Counter[str] = Counter()
        self._log: list[RequestRecord] = []

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, no trailing slash."""
        return f"http://{self._host}:{self.port}"

    def url(self, target: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base_url + target

    def start(self) -> ReplicaServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replica-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # --- what tests look at -------------------------------------------------------------------------------

    def hits(self, target: str) -> int:
        """How many requests (any method, any status) asked for ``target`` (path plus ``?query``)."""
        with self._lock:
            return self._hits[target]

    def total_hits(self) -> int:
        with self._lock:
            return sum(self._hits.values())

    def requests(self, target: str | None = None) -> list[RequestRecord]:
        """The requests answered so far, oldest first; only those for ``target`` when given."""
        with self._lock:
            return [record for record in self._log if target is None or record.target == target]

    def reset_hits(self) -> None:
        """Forget the counts and the request log (pages stay as they are)."""
        with self._lock:
            self._hits.clear()
            self._log.clear()

    def paths(self) -> list[str]:
        """Every target currently served."""
        with self._lock:
            return sorted(self._resources)

    # --- what tests change --------------------------------------------------------------------------------

    def put(self, target: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> None:
        """Serve ``body`` at ``target`` from now on, with a fresh Last-Modified (a new ETag if it changed)."""
        with self._lock:
            now = datetime.now(UTC).replace(microsecond=0)
            previous = self._resources.get(target)
            if previous is not None and now <= previous.last_modified:
                now = previous.last_modified + timedelta(seconds=1)
            self._resources[target] = Resource(body=body, content_type=content_type, last_modified=now, status=status)

    def remove(self, target: str) -> None:
        """Stop serving ``target``: it answers 404 from now on."""
        with self._lock:
            if self._resources.pop(target, None) is None:
                raise KeyError(f"the replica does not serve {target!r}; ReplicaServer.paths() lists what it serves")

    def write_registry(self, path: Path) -> Path:
        """Write a source registry (YAML) whose entries point at this server; returns ``path``."""
        text = replica_registry_yaml(self.base_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    # --- used by the handler ------------------------------------------------------------------------------

    def _lookup(self, target: str) -> Resource | None:
        with self._lock:
            return self._resources.get(target)

    def _record(self, target: str, status: int, headers: dict[str, str]) -> None:
        with self._lock:
            self._hits[target] += 1
            self._log.append(RequestRecord(target=target, status=status, headers=headers))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read the request log instead."""

    def _answer(self, *, send_body: bool) -> None:
        replica: ReplicaServer = self.server.replica  # type: ignore[attr-defined]
        resource = replica._lookup(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        if resource is None:
            status, body, content_type, extra = 404, b"<h1>404 Not Found</h1>", "text/html; charset=utf-8", {}
        else:
            extra = {
                "ETag": resource.etag,
                "Last-Modified": format_datetime(resource.last_modified, usegmt=True),
            }
            status = 304 if _not_modified(headers, resource) else resource.status
            body, content_type = resource.body, resource.content_type
        replica._record(self.path, status, headers)
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        if status == 304:  # no body, so no Content-Length either (RFC 9110 8.6)
            self.end_headers()
            return
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _not_modified(headers: dict[str, str], resource: Resource) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; otherwise If-Modified-Since."""
    if resource.status != 200:
        return False
    if "if-none-match" in headers:
        tags = [tag.strip().removeprefix("W/") for tag in headers["if-none-match"].split(",")]
        return "*" in tags or resource.etag in tags
    if "if-modified-since" in headers:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified <= since
    return False
