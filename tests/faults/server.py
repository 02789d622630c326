"""A fault-injecting HTTP server on 127.0.0.1, and canary listeners that count the connections made to them.

Each route is a :data:`Behaviour`: a function that answers one request on the raw handler, told which attempt
(1, 2, ...) at that target it is. The factories below make the usual faults: errors, redirects, slow or cut
bodies, compression bombs, huge pages. The server records hits per target and what each answer cost.
"""

from __future__ import annotations

import ipaddress
import select
import socket
import struct
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

Behaviour = Callable[["_Handler", int], None]


def _loopback(host: str) -> str:
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"fault servers listen on loopback addresses only, not {host}")
    return host


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up are the point of most faults here, not an error worth a traceback."""


class FaultServer:
    """Serves :data:`Behaviour` routes on a loopback address; use as a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._httpd = _QuietServer((_loopback(host), 0), _Handler)
        self._httpd.faults = self  # type: ignore[attr-defined]
        self._lock = threading.Lock()
        self._routes: dict[str, Behaviour] = {}
        self._prefixes: dict[str, Callable[[str], Behaviour]] = {}
        self._hits: Counter[str] = Counter()
        self.durations: defaultdict[str, list[float]] = defaultdict(list)
        """Seconds each answer took until it was written out or the client went away, per target."""
        self.bytes_sent: Counter[str] = Counter()
        """Body bytes written per target."""
        self.arrivals: defaultdict[str, list[float]] = defaultdict(list)
        """When (``time.monotonic()``) each request arrived, per target."""
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, target: str) -> str:
        return self.base_url + target

    def route(self, target: str, behaviour: Behaviour) -> str:
        """Answer ``target`` (path plus ``?query``) with ``behaviour``; returns its absolute URL."""
        with self._lock:
            self._routes[target] = behaviour
        return self.url(target)

    def route_prefix(self, prefix: str, make: Callable[[str], Behaviour]) -> None:
        """Answer every target under ``prefix`` that has no route of its own with ``make(target)``."""
        with self._lock:
            self._prefixes[prefix] = make

    def targets(self, prefix: str = "") -> dict[str, int]:
        """Hits per target under ``prefix``."""
        with self._lock:
            return {target: count for target, count in self._hits.items() if target.startswith(prefix)}

    def hits(self, target: str) -> int:
        with self._lock:
            return self._hits[target]

    def hits_under(self, prefix: str) -> int:
        with self._lock:
            return sum(count for target, count in self._hits.items() if target.startswith(prefix))

    def __enter__(self) -> FaultServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _answer(self, handler: _Handler) -> None:
        target = handler.path
        with self._lock:
            self._hits[target] += 1
            self.arrivals[target].append(time.monotonic())
            attempt = self._hits[target]
            behaviour = self._routes.get(target)
            if behaviour is None:
                prefix = max((p for p in self._prefixes if target.startswith(p)), key=len, default=None)
                behaviour = self._prefixes[prefix](target) if prefix is not None else None
        started = time.monotonic()
        try:
            (behaviour or status(404))(handler, attempt)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True
        finally:
            with self._lock:
                self.durations[target].append(time.monotonic() - started)
                self.bytes_sent[target] += handler.body_bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faults"
    sys_version = ""
    body_bytes = 0

    def do_GET(self) -> None:
        self.body_bytes = 0
        self.server.faults._answer(self)  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read the counters."""

    def head(self, code: int, headers: dict[str, str]) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def body(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.body_bytes += len(data)

    def client_gone(self, wait: float) -> bool:
        """Wait up to ``wait`` seconds; True as soon as the client has closed the connection."""
        readable, _, _ = select.select([self.connection], [], [], wait)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) instead of a clean close."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


# -- behaviours ----------------------------------------------------------------------------------------------
def page(
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    code: int = 200,
    headers: dict[str, str] | None = None,
) -> Behaviour:
    """A complete answer with Content-Length."""

    def answer(handler: _Handler, attempt: int) -> None:
        handler.head(code, {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})})
        handler.body(body)

    return answer


def status(code: int, body: bytes = b"") -> Behaviour:
    """An error (or empty) answer."""
    return page(body, code=code)


def redirect(location: str, code: int = 302) -> Behaviour:
    return page(b"", code=code, headers={"Location": location})


def sequence(*behaviours: Behaviour) -> Behaviour:
    """Attempt n gets the n-th behaviour; later attempts get the last one."""

    def answer(handler: _Handler, attempt: int) -> None:
        behaviours[min(attempt, len(behaviours)) - 1](handler, attempt)

    return answer


def slow_headers(delay: float, then: Behaviour) -> Behaviour:
    """Say nothing for ``delay`` seconds, then answer."""

    def answer(handler: _Handler, attempt: int) -> None:
        if not handler.client_gone(delay):
            then(handler, attempt)

    return answer


def trickle(body: bytes, bytes_per_second: float = 1.0) -> Behaviour:
    """Headers at once, then the body a byte at a time at ``bytes_per_second`` (until the client gives up)."""

    def answer(handler: _Handler, attempt: int) -> None:
        handler.head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))})
        for index in range(len(body)):
            handler.body(body[index : index + 1])
            if handler.client_gone(1 / bytes_per_second):
                return

    return answer


def truncated(body: bytes, send: int) -> Behaviour:
    """Promise the whole body (Content-Length), send ``send`` bytes of it, then reset the connection."""

    def answer(handler: _Handler, attempt: int) -> None:
        handler.head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))})
        handler.body(body[:send])
        handler.reset()

    return answer


def encoded(data: bytes, encoding: str, content_type: str = "text/html; charset=utf-8") -> Behaviour:
    """``data``, already compressed, served with ``Content-Encoding: encoding``."""
    return page(data, content_type, headers={"Content-Encoding": encoding})


def huge(size: int, declare_length: bool = True, unit: bytes = b"<p>filler text of a huge page</p>\n") -> Behaviour:
    """A body of ``size`` bytes written as it goes (Content-Length declared, or read until close)."""

    def answer(handler: _Handler, attempt: int) -> None:
        headers = {"Content-Type": "text/html; charset=utf-8"}
        headers.update({"Content-Length": str(size)} if declare_length else {"Connection": "close"})
        handler.head(200, headers)
        chunk = unit * (65536 // len(unit))
        left = size
        while left > 0:
            handler.body(chunk[:left])
            left -= min(left, len(chunk))
        handler.close_connection = True

    return answer


# -- canaries ------------------------------------------------------------------------------------------------
class Canary:
    """A TCP listener on a loopback address that counts connections and answers nothing (closes at once)."""

    def __init__(self, host: str) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._socket = socket.socket(family, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((_loopback(host), 0))
        self._socket.listen(16)
        self._socket.settimeout(0.2)
        self.host = host
        self.port: int = self._socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"canary-{host}", daemon=True)

    def url(self, target: str = "/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{target}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def __enter__(self) -> Canary:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._socket.close()


def canaries(hosts: Sequence[str]) -> list[Canary]:
    """Canary listeners on the given loopback addresses (not started)."""
    return [Canary(host) for host in hosts]
