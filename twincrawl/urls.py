"""Links resolved against the page they are on, without one malformed link failing the whole page."""

from __future__ import annotations

from urllib.parse import urljoin


def joined(base: str, href: str) -> str:
    """``urljoin(base, href)``, or "" for a link urllib refuses (a bracketed host that is no IP address, as in
    "http://[cookie-settings]/", or "https://[::1/" with its bracket left open)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return ""
