"""Dates: the published and modified dates of a page, from its metadata, URL and visible date lines."""

from twincrawl.dates.published import find_modified, find_published
from twincrawl.dates.strings import FoundDate

__all__ = ["FoundDate", "find_modified", "find_published"]
