"""A read-only web page and JSON API over a corpus: search with facets, articles, cities, pairs, the twin-pair
graph and timelines (``twincrawl serve``)."""

from twincrawl.web.app import create_app
from twincrawl.web.security import is_loopback

__all__ = ["create_app", "is_loopback"]
