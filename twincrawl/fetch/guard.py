"""Which requests may leave the crawler: address rules against server-side request forgery, and crawler traps.

Pure decisions, no network and no Scrapy: ``spiders/downloadermiddlewares`` resolves host names and applies them to
every request, redirects included.

- Addresses: a crawl connects only to public addresses, plus the networks a source lists in
  ``allow_addresses``. Host names are resolved and the address is checked before any connection; IP literals
  are read the way the C library reads them, so ``http://2130706433/`` and ``http://0177.0.0.1/`` are the
  loopback address they denote.
- Traps: session ids in URLs make endless distinct URLs for one page, and calendars make endless pages of one
  shape; :func:`strip_session_ids` and :func:`url_pattern` let the crawl dedupe the first and cap the second.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Schemes a crawl may fetch; ``file:``, ``ftp:``, ``data:``, ``s3:`` and the rest are refused.
ALLOWED_SCHEMES = frozenset({"http", "https"})

#: Query parameters (lower case) that carry a session id rather than select content.
SESSION_PARAMS = frozenset({
    "phpsessid", "jsessionid", "sid", "sessid", "sessionid", "session_id", "aspsessionid", "cfid", "cftoken",
    "zenid", "oscsid", "s_id",
})  # fmt: skip
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#;]*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
#: Hex or mixed tokens of 16+ characters (hashes, UUID parts, session tokens) stand for "an id" in a pattern.
_TOKEN = re.compile(r"\b(?=[0-9a-f-]*[0-9])[0-9a-f-]{16,}\b|\b(?=\w*\d)(?=\w*[a-z])\w{24,}\b", re.IGNORECASE)
_NUMBER_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


class Refused(ValueError):
    """A URL the crawl must not fetch; the message says why."""


def parse_ipv4_legacy(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address ``inet_aton`` reads from ``host`` (``2130706433``, ``0177.0.0.1``, ``0x7f.1``).

    These forms reach the C resolver untouched, so a guard that reads them differently could be bypassed.
    """
    parts = host.rstrip(".").split(".") if host else []
    if not 1 <= len(parts) <= 4 or not all(_NUMBER_PART.fullmatch(part) for part in parts):
        return None
    values = [_legacy_number(part) for part in parts]
    *leading, last = values
    if any(value > 255 for value in leading) or last >= 256 ** (5 - len(values)):
        return None
    number = last
    for index, value in enumerate(leading):
        number += value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _legacy_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    return int(part, 8) if part.startswith("0") else int(part)


def host_address(host: str) -> IPAddress | None:
    """The address a URL host denotes when it is an IP literal in any accepted form; None for a host name."""
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if "%" in bare:  # a scoped IPv6 literal (fe80::1%eth0)
        try:
            return ipaddress.ip_address(bare.split("%", 1)[0])
        except ValueError:
            return None
    return parse_ipv4_legacy(bare)


def url_host(url: str) -> str:
    """The host of an http(s) URL; raises :class:`Refused` for another scheme or a URL without a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise Refused(f"scheme {parts.scheme or '(none)'!r} is not fetched (only http and https)")
    if not parts.hostname:
        raise Refused("the URL has no host")
    return parts.hostname


def _unmapped(ip: IPAddress) -> IPAddress:
    """``::ffff:10.0.0.1`` is 10.0.0.1 on the wire."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def address_kind(ip: IPAddress) -> str:
    """``public`` or the kind of non-public address (``loopback``, ``private``, ``link-local`` ...)."""
    ip = _unmapped(ip)
    for kind, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("private", ip.is_private), ("reserved", ip.is_reserved)):  # fmt: skip
        if flag:
            return kind
    return "public" if ip.is_global else "reserved"


def is_allowed(ip: IPAddress, allow: Iterable[Network] = ()) -> bool:
    """True when a crawl may connect to ``ip``: a public address, or one inside a network of ``allow``."""
    ip = _unmapped(ip)
    if address_kind(ip) == "public":
        return True
    return any(ip.version == network.version and ip in network for network in allow)


def refusal(ip: IPAddress, allow: Iterable[Network] = ()) -> str | None:
    """Why a crawl may not connect to ``ip`` (a sentence), or None when it may."""
    if is_allowed(ip, allow):
        return None
    return f"{ip} is a {address_kind(ip)} address, not in the source's allow_addresses"


# -- traps ---------------------------------------------------------------------------------------------------
def strip_session_ids(url: str) -> str:
    """``url`` without session-id query parameters and ``;jsessionid=`` path parameters."""
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(name, value) for name, value in pairs if name.lower() not in SESSION_PARAMS]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    if (path, query) == (parts.path, parts.query):
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def _shape(text: str) -> str:
    return _DIGITS.sub("0", _TOKEN.sub("x", text))


def url_pattern(url: str) -> str:
    """The shape of a URL: host and path with numbers and ids normalized, sorted query keys, shaped values.

    ``/events/2024/05/?day=17`` and ``/events/1999/12/?day=3`` share the pattern ``host/events/0/0/?day=0``.
    """
    parts = urlsplit(strip_session_ids(url))
    query = "&".join(sorted(f"{name}={_shape(value)}" for name, value in parse_qsl(parts.query, True)))
    return f"{parts.hostname or ''}{_shape(parts.path)}" + (f"?{query}" if query else "")
