"""``twincrawl sources check`` fetches as the crawl does, and so does the discovery it runs: robots.txt obeyed, the
address guard, the size cap and the crawl's User-Agent (a local HTTP server plays the site)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.server import FaultServer, huge, page, status
from tests.fixtures.cli import run_twincrawl
from tests.fixtures.faults import source, write_registry
from twincrawl.config import DEFAULT_CONTACT, user_agent
from twincrawl.fetch.polite import MAX_BODY_BYTES

_LISTING = b"""<html><body><h1>News</h1>
<a href="/news/2024/twinning-visit.html">Twin city delegation</a>
<a href="/news/2024/partner-concert.html">Partner city concert</a>
</body></html>"""
_ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def site() -> Iterator[FaultServer]:
    """A site of the test's own (its robots.txt is read once per host and port)."""
    with FaultServer() as server:
        yield server


def _check(tmp_path: Path, server: FaultServer, start: str, allow: list[str] | None = None) -> tuple[int, str]:
    entry = source("check-case", start_urls=[server.url(start)], article_urls=[r"/news/\d{4}/"], allow=allow)
    registry = write_registry(tmp_path / "sources.yaml", [entry])
    done = run_twincrawl("sources", "check", "check-case", "--sources-file", registry, "--delay", "0", timeout=60)
    return done.returncode, done.stdout + done.stderr


def test_check_reads_an_allowed_listing_with_the_crawls_user_agent(tmp_path: Path, site: FaultServer) -> None:
    agents: list[str] = []

    def listing(handler: Any, attempt: int) -> None:
        agents.append(handler.headers.get("User-Agent", ""))
        page(_LISTING)(handler, attempt)

    site.route("/robots.txt", page(_ROBOTS, "text/plain"))
    site.route("/news/", listing)
    code, output = _check(tmp_path, site, "/news/")
    assert code == 0, output
    assert "2 articles" in output
    assert site.hits("/robots.txt") == 1, "the check and its discovery share one polite client"
    assert len(agents) >= 2, "read by the check, then by discovery"
    assert set(agents) == {user_agent(DEFAULT_CONTACT)}


def test_check_does_not_fetch_a_page_robots_txt_disallows(tmp_path: Path, site: FaultServer) -> None:
    site.route("/robots.txt", page(_ROBOTS, "text/plain"))
    site.route("/private/news/", page(_LISTING))
    code, output = _check(tmp_path, site, "/private/news/")
    assert code == 1, output
    assert "disallowed by the site's robots.txt" in output
    assert "check-case: discover read nothing to compare" in output, output
    assert site.hits("/private/news/") == 0


def test_check_refuses_a_site_whose_robots_txt_cannot_be_read(tmp_path: Path, site: FaultServer) -> None:
    site.route("/robots.txt", status(503))
    site.route("/news/", page(_LISTING))
    code, output = _check(tmp_path, site, "/news/")
    assert code == 1, output
    assert "robots.txt unreadable: HTTP 503" in output
    assert site.hits("/news/") == 0


def test_check_refuses_a_page_larger_than_the_size_cap(tmp_path: Path, site: FaultServer) -> None:
    site.route("/robots.txt", status(404))
    site.route("/news/", huge(MAX_BODY_BYTES + 65536))
    code, output = _check(tmp_path, site, "/news/")
    assert code == 1, output
    assert "larger than the 5 MiB cap" in output


def test_check_refuses_a_loopback_site_its_entry_does_not_allow(tmp_path: Path, site: FaultServer) -> None:
    site.route("/news/", page(_LISTING))
    code, output = _check(tmp_path, site, "/news/", allow=[])
    assert code == 1, output
    assert "loopback address, not in the source's allow_addresses" in output
    assert site.targets() == {}
