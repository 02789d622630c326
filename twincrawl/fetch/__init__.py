"""Fetching helpers the spiders use: discovery of links, URLs, the address and trap guards, failure names, Chromium."""

from twincrawl.fetch.browser import ChromiumMissing, find_chromium, is_blocked, launch_options, run_action
from twincrawl.fetch.discovery import Link, link_day, page_links, parse_feed, parse_sitemap
from twincrawl.fetch.failures import failure_reason
from twincrawl.fetch.guard import Network, Refused, host_address, refusal, strip_session_ids, url_host, url_pattern
from twincrawl.fetch.urls import joined

__all__ = [
    "ChromiumMissing", "Link", "Network", "Refused", "failure_reason", "find_chromium", "host_address",
    "is_blocked", "joined", "launch_options", "link_day", "page_links", "parse_feed", "parse_sitemap", "refusal",
    "run_action", "strip_session_ids", "url_host", "url_pattern",
]  # fmt: skip
