"""``twincrawl sources check`` lists what ``sources discover`` would change in an entry, on generated sites of
common CMS shapes (tests/discovery/sites.py) served on loopback: each site's entry is the one discover proposed,
then altered as a site's change would leave it; and on the replica of the seed sites."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.discovery.server import SiteServer
from tests.fixtures.cli import run_twincrawl
from tests.fixtures.faults import write_registry

pytestmark = pytest.mark.slow  # two command runs per site (discover, then check), ten seconds or more

Discovered = Callable[[str], tuple[SiteServer, dict[str, Any]]]


@pytest.fixture(scope="module")
def discovered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Discovered]:
    """A generated site of a kind, served, and the entry ``sources discover`` proposes for it (once per kind)."""
    folder = tmp_path_factory.mktemp("proposed")
    sites: dict[str, tuple[SiteServer, dict[str, Any]]] = {}
    with ExitStack() as stack:

        def site(kind: str) -> tuple[SiteServer, dict[str, Any]]:
            if kind not in sites:
                server = stack.enter_context(SiteServer(kind))
                out = folder / f"{kind}.yaml"
                done = run_twincrawl("sources", "discover", server.base_url + "/", "--country", "DE", "--key", kind,
                                     "--allow-address", "127.0.0.1", "--delay", "0", "--out", out)  # fmt: skip
                assert done.returncode == 0, done.stderr[-3000:]
                sites[kind] = server, yaml.safe_load(out.read_text(encoding="utf-8"))["sources"][0]
            return sites[kind]

        yield site


def _check(folder: Path, entry: dict[str, Any], *options: str) -> tuple[int, str]:
    registry = write_registry(folder / "sources.yaml", [entry])
    done = run_twincrawl("sources", "check", entry["key"], "--sources-file", registry, "--delay", "0", *options)
    return done.returncode, done.stdout + done.stderr


def test_an_entry_matching_its_site_would_change_nothing(discovered: Discovered, tmp_path: Path) -> None:
    _, entry = discovered("drupal")
    code, output = _check(tmp_path, entry)
    assert code == 0, output
    assert "drupal: discover would change nothing" in output, output


def test_an_article_pattern_matching_nothing_is_reported_and_the_exit_code_stays_the_checks(
    discovered: Discovered, tmp_path: Path
) -> None:
    server, entry = discovered("drupal")
    home = server.base_url + "/"
    code, output = _check(tmp_path, {**entry, "start_urls": [home], "article_urls": [r"/news/\d+\.html$"]})
    assert code == 2, "no link of the home page is an article: the check's own failure, the differences add none"
    assert "drupal: discover would change" in output, output
    assert r"article_urls: remove /news/\d+\.html$ (matches none of the " in output, output
    assert r"article_urls: add /node/\d+$ (" in output, output
    assert f"start_urls: add {server.base_url}/aktuelles (" in output, output


def test_discovery_keeps_to_the_site_part_the_entry_starts_in(replica_registry: Path) -> None:
    """The replica's sites share one host under their own first path segment; its robots.txt names the sitemap
    of one of them, which a check of another does not take for its own."""
    done = run_twincrawl("sources", "check", "replica-volgadmin-en", "--sources-file", replica_registry,
                         "--delay", "0")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "replica-volgadmin-en: discover would change nothing" in done.stdout, done.stdout


def test_a_feed_the_site_gained_is_reported(discovered: Discovered, tmp_path: Path) -> None:
    server, entry = discovered("wordpress")
    assert entry["feeds"] == [server.base_url + "/feed/"]
    before = {name: value for name, value in entry.items() if name != "feeds"}
    code, output = _check(tmp_path, before)
    assert code == 0, output
    assert f"feeds: add {server.base_url}/feed/ (lists 10 articles)" in output, output


def test_a_feed_of_the_entry_that_no_longer_answers_is_reported(discovered: Discovered, tmp_path: Path) -> None:
    server, entry = discovered("feed-only")
    gone = server.base_url + "/news.rss"
    code, output = _check(tmp_path, {**entry, "feeds": [*entry["feeds"], gone]})
    assert code == 0, output
    assert f"feeds: remove {gone} (does not answer: HTTP 404)" in output, output


def test_what_the_spent_budget_left_unread_is_not_reported(discovered: Discovered, tmp_path: Path) -> None:
    server, entry = discovered("feed-only")
    gone = server.base_url + "/news.rss"
    before = server.hits["/news.rss"]
    code, output = _check(tmp_path, {**entry, "feeds": [*entry["feeds"], gone]}, "--max-requests", "6")
    assert code == 0, output
    assert "the request budget was spent" in output, output
    assert gone not in output, output
    assert server.hits["/news.rss"] == before


def test_no_discover_reads_only_the_entry_point(discovered: Discovered, tmp_path: Path) -> None:
    server, entry = discovered("bitrix")
    server.hits.clear()
    code, output = _check(tmp_path, entry, "--no-discover")
    assert code == 0, output
    assert "10 articles" in output and "discover would" not in output, output
    assert dict(server.hits) == {"/robots.txt": 1, "/press-center/news/": 1}


def test_json_holds_the_entry_point_and_the_differences(discovered: Discovered, tmp_path: Path) -> None:
    server, entry = discovered("bitrix")
    code, output = _check(tmp_path, {**entry, "listing_urls": [r"/archive/\d+/"]}, "--format", "json")
    assert code == 0, output
    document = json.loads(output)
    assert document["entry_point"]["url"] == server.base_url + "/press-center/news/"
    assert len(document["entry_point"]["articles"]) == 10
    changes = document["discovery"]["differences"]
    assert [(change["field"], change["action"]) for change in changes] == [
        ("listing_urls", "remove"),
        ("listing_urls", "add"),
    ], changes
    assert changes[1]["value"] == entry["listing_urls"][0]
    assert document["discovery"]["proposed"]["article_urls"] == entry["article_urls"]
    _, quiet = _check(tmp_path, entry, "--format", "json", "--no-discover")
    assert "discovery" not in json.loads(quiet)
