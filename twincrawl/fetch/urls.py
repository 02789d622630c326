"""Links resolved against the page they are on, without one malformed link failing the whole page."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def joined(base: str, href: str) -> str:
    """``urljoin(base, href)``, or "" for a link urllib refuses: a bracketed host that is no IP address
    ("http://[cookie-settings]/", "https://[::1/" with its bracket left open) or a port that is no port
    ("http://city.example:99999/", ":8O80"), which no request could be made for."""
    try:
        url = urljoin(base, href)
        _port = urlsplit(url).port  # raises for a port out of range or not a number
    except ValueError:
        return ""
    return url
