"""Dates: the published and modified dates of a page, from its metadata, URL and visible date lines."""

from twincrawl.dates.published import find_modified, find_published, published_local
from twincrawl.dates.strings import FoundDate, Precision

__all__ = ["FoundDate", "Precision", "find_modified", "find_published", "published_local"]
