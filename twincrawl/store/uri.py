"""MongoDB connection URIs: the parts the store needs, and a form safe to print."""

from __future__ import annotations

import re
from typing import Any

import attrs
from pymongo import uri_parser
from pymongo.errors import ConfigurationError, InvalidURI

from twincrawl.store.base import StoreError

#: Database used when the URI names none (``mongodb://host:27017``).
DEFAULT_DATABASE = "twincrawl"


def _split_password(uri: str) -> tuple[str, str, str] | None:
    """(text before the password, the password, text after it), if the URI holds a password.

    Taken up to the last "@" before any "?", so that a password with unescaped reserved characters (a
    mistake the driver then reports) is still masked whole.
    """
    scheme_end = uri.find("://")
    head = uri.split("?", 1)[0]
    at = head.rfind("@")
    if scheme_end < 0 or at < scheme_end:
        return None
    colon = uri.find(":", scheme_end + 3, at)
    if colon < 0:
        return None
    return uri[: colon + 1], uri[colon + 1 : at], uri[at:]


def mask_password(uri: str) -> str:
    """The URI with its password replaced by ``***``: ``mongodb://user:***@host/db``."""
    parts = _split_password(uri)
    return f"{parts[0]}***{parts[2]}" if parts else uri


def redact(message: str, uri: str) -> str:
    """A driver message about ``uri`` with the password, and any piece of it, replaced by ``***``."""
    parts = _split_password(uri)
    if not parts or not parts[1]:
        return message
    pieces = [parts[1], *re.split(r"[:/?#\[\]@]", parts[1])]
    for piece in sorted((piece for piece in pieces if len(piece) >= 3), key=len, reverse=True):
        message = message.replace(piece, "***")
    return message


@attrs.frozen(kw_only=True)
class MongoURI:
    """A parsed MongoDB URI."""

    uri: str
    """The URI as given (it may hold a password: print :attr:`masked` instead)."""
    database: str
    """The database the URI names, else :data:`DEFAULT_DATABASE`."""
    hosts: tuple[tuple[str, int], ...]
    """(host, port) of every seed; empty for a Unix socket or ``mongodb+srv``."""
    options: dict[str, Any]
    """The URI's options, keys lower-cased."""

    @property
    def masked(self) -> str:
        """The URI with the password masked."""
        return mask_password(self.uri)


def parse_mongo_uri(uri: str) -> MongoURI:
    """Parse and validate a MongoDB URI; a malformed one raises :class:`StoreError` naming it (masked)."""
    try:
        parsed = uri_parser.parse_uri(uri, connect_timeout=5)
    except (InvalidURI, ConfigurationError, ValueError) as error:
        raise StoreError(
            f"malformed MongoDB URI {mask_password(uri)}: {redact(str(error), uri)} "
            "(expected mongodb://[user:password@]host[:port]/database[?options])"
        ) from error
    hosts = (
        ()
        if uri.startswith("mongodb+srv://")
        else tuple((host, port) for host, port in parsed["nodelist"] if not host.endswith(".sock"))
    )
    options = {str(key).lower(): value for key, value in parsed["options"].items()}
    return MongoURI(uri=uri, database=parsed["database"] or DEFAULT_DATABASE, hosts=hosts, options=options)
