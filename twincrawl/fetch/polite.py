"""A small polite HTTP client for commands that look at a site outside a crawl (``sources discover``).

It keeps the crawl's rules: the address guard on every connection (redirects included), robots.txt, a delay
between requests, the crawl's User-Agent, a size cap and a request budget.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterable
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlsplit

import attrs

from twincrawl.fetch.guard import Network, Refused, host_address, refusal, url_host

#: Bodies are read up to this size; the rest of a bigger page is not needed to read its links and text.
MAX_BODY_BYTES = 5 * 1024 * 1024


@attrs.frozen(kw_only=True)
class Fetched:
    """One answered request."""

    url: str
    """The URL finally answered (after redirects)."""
    status: int
    body: bytes
    headers: dict[str, str]
    """Response headers, names lower-cased."""
    cut: bool = False
    """The body was longer than :data:`MAX_BODY_BYTES`: ``body`` is its start only."""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def check_address(url: str, allow: Iterable[Network]) -> None:
    """Raise :class:`Refused` unless every address the host of ``url`` resolves to may be connected to."""
    host = url_host(url)
    literal = host_address(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, urlsplit(url).port or 80, proto=socket.IPPROTO_TCP)
        except socket.gaierror as error:
            raise Refused(f"cannot resolve {host}: {error.strerror}") from error
        addresses = [address for info in infos if (address := host_address(str(info[4][0]))) is not None]
    for address in addresses:
        reason = refusal(address, allow)
        if reason is not None:
            raise Refused(f"{url}: {reason} (add it with --allow-address if the site is meant to be there)")


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow: tuple[Network, ...]) -> None:
        self.allow = allow

    def redirect_request(  # noqa: PLR0917 (urllib's signature)
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        check_address(newurl, self.allow)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class PoliteClient:
    """GETs for one site: guarded, robots.txt obeyed, ``delay`` seconds apart, at most ``budget`` requests."""

    def __init__(
        self, user_agent: str, allow: Iterable[Network] = (), delay: float = 1.0, budget: int = 80, timeout: float = 20
    ) -> None:
        self.user_agent = user_agent
        self.allow = tuple(allow)
        self.delay = delay
        self.budget = budget
        self.timeout = timeout
        self.requests = 0
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._unreadable: dict[str, str] = {}
        """Why the robots.txt of a site (``scheme://host``) could not be read."""
        self.robots_txt = ""
        """The text of the last robots.txt read."""
        self._last = 0.0
        self._opener = urllib.request.build_opener(_GuardedRedirects(self.allow))

    @property
    def spent(self) -> bool:
        """True once the budget of requests is used up."""
        return self.requests >= self.budget

    def get(self, url: str, obey_robots: bool = True) -> Fetched:
        """Fetch ``url``; raises :class:`Refused` (guard, robots.txt, budget) or ``OSError`` (network)."""
        check_address(url, self.allow)
        if obey_robots and not self.robots(url).can_fetch(self.user_agent, url):
            raise Refused(f"{url}: disallowed by the site's robots.txt")
        if self.spent:
            raise Refused(f"{url}: not fetched, the budget of {self.budget} requests is spent")
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.requests += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            response: Any = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = bytes(response.read(MAX_BODY_BYTES + 1))
            headers = {name.lower(): value for name, value in response.headers.items()}
            fetched = Fetched(url=str(response.geturl()), status=int(response.status), body=body[:MAX_BODY_BYTES],
                              headers=headers, cut=len(body) > MAX_BODY_BYTES)  # fmt: skip
        self._last = time.monotonic()
        return fetched

    def robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The robots.txt rules of the site of ``url``, fetched once, read as the crawl reads them (RFC 9309):
        a 4xx answer allows everything; a 5xx answer or a failed download raises :class:`Refused`
        (``robots.txt unreadable: REASON``), as the crawl then disallows the whole site."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root in self._unreadable:
            raise Refused(f"{url}: robots.txt unreadable: {self._unreadable[root]}")
        if root not in self._robots:
            parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
            try:
                answer = self.get(root + "/robots.txt", obey_robots=False)
            except (Refused, OSError) as error:
                self._unreadable[root] = str(error)
                raise Refused(f"{url}: robots.txt unreadable: {error}") from error
            if answer.status >= 500:
                self._unreadable[root] = f"HTTP {answer.status}"
                raise Refused(f"{url}: robots.txt unreadable: HTTP {answer.status}")
            lines = answer.body.decode("utf-8", "replace").splitlines() if answer.status == 200 else []
            parser.parse(lines)
            self._robots[root] = parser
            self.robots_txt = "\n".join(lines)
        return self._robots[root]
