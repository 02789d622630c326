"""The replica of the seed sites: what it serves, how it answers, the registry and expectations it ships."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest
import yaml

from tests.paths import REPO
from tests.replica.expected import ExpectedArticle
from tests.replica.seeds import SeedsMissingError
from tests.replica.server import ReplicaServer
from tests.replica.site import DISALLOWED_PREFIX, build_site
from twincrawl.registry import Source, load_registry

REPLICA_KEYS = {
    "replica-mosds",
    "replica-volgadmin-ru",
    "replica-volgadmin-en",
    "replica-rs-en",
    "replica-vestnik",
    "replica-js",
}
LETTER = "/volgadmin/d/list/news/admvlg/3998"
MISLABELED = "/volgadmin/d/list/news/admvlg/4023"
_HREF = re.compile(r'href="([^"#]+)"')


def get(server: ReplicaServer, target: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", target, headers={name.replace("_", "-"): v for name, v in headers.items()})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {name.lower(): value for name, value in response.getheaders()}, body


def page_text(server: ReplicaServer, target: str) -> str:
    status, _, body = get(server, target)
    assert status == 200, target
    return body.decode("cp1251" if target.startswith("/volgadmin/d/list/") else "utf-8")


# --- pages and expectations -------------------------------------------------------------------------------


def test_every_expected_article_is_served_with_its_sentences_and_furniture(
    replica: ReplicaServer, replica_expected: list[ExpectedArticle]
) -> None:
    for article in replica_expected:
        html = page_text(replica, article.path)
        for sentence in article.must_contain:
            assert sentence in html, (article.path, sentence)
        # must_not_contain lines are furniture that really is on the page, or they would test nothing.
        for furniture in article.must_not_contain:
            assert furniture in html, (article.path, furniture)
        if article.render == "html":
            assert article.title in html.replace("&quot;", '"')


def test_expected_file_lists_every_article_page_exactly_once(
    replica: ReplicaServer, replica_expected: list[ExpectedArticle]
) -> None:
    expected_paths = [article.path for article in replica_expected]
    assert len(expected_paths) == len(set(expected_paths))
    assert set(expected_paths) == {story.path for story in replica.site.stories}
    assert {article.source for article in replica_expected} == REPLICA_KEYS


def test_seed_articles_expect_the_dates_titles_and_labels_of_the_real_pages(
    replica_expected: list[ExpectedArticle],
) -> None:
    by_path = {article.path: article for article in replica_expected}
    mosds = by_path["/mosds/presscenter/news/detail/9066085.html"]
    assert mosds.title == "Города-побратимы России и Великобритании реализуют совместные проекты"
    assert (mosds.published.isoformat(), mosds.language) == ("2020-07-28", "ru")
    assert by_path[LETTER].published.isoformat() == "2013-09-06"
    rs = by_path["/rs/en/news/russian-and-foreign-cities-preserve-a-common-memory-of-the-victory/"]
    assert (rs.published.isoformat(), rs.language) == ("2020-06-29", "en")
    vestnik = next(a for a in replica_expected if a.path.endswith("-41192.html"))
    assert vestnik.is_twinning and vestnik.published.isoformat() == "2021-02-10"
    twinning = sum(article.is_twinning for article in replica_expected)
    assert twinning >= 10 and len(replica_expected) - twinning >= 4


def test_date_sources_differ_per_site_as_on_the_real_sites(replica: ReplicaServer) -> None:
    mosds = page_text(replica, "/mosds/presscenter/news/detail/9066085.html")
    assert "28.07.2020" in mosds and "ld+json" not in mosds and "published_time" not in mosds
    letter = page_text(replica, LETTER)
    assert "от 06.09.2013" in letter and "1941" in letter and "1944" in letter
    rs = page_text(replica, "/rs/en/news/russian-and-foreign-cities-preserve-a-common-memory-of-the-victory/")
    assert '"datePublished": "2020-06-29T10:12:00+03:00"' in rs and "29 June 2020" in rs
    vestnik = page_text(replica, "/vestnik/society/vladlen-kolesnikov-predstavil-opyt-mezhdunarodnoj-41192.html")
    assert 'content="2021-02-10T14:05:00+03:00"' in vestnik and "10 февраля 2021, 14:05" in vestnik


def test_english_listing_has_three_pages_of_teasers_with_pagination(replica: ReplicaServer) -> None:
    base = "/volgadmin/d/branches/international/en/news"
    first = page_text(replica, base)
    assert first.count('class="teaser"') == 10
    assert "‹‹ Back" in first and "Next ››" in first and f'href="{base}?page=3"' in first
    for page in (2, 3):
        assert 'class="teaser"' in page_text(replica, f"{base}?page={page}")
    assert get(replica, f"{base}?page=4")[0] == 404


def test_feed_and_sitemap_index_list_absolute_article_urls(replica: ReplicaServer) -> None:
    rss = ET.fromstring(get(replica, "/vestnik/rss/")[2])
    links = [item.findtext("link") for item in rss.iter("item")]
    assert all(item.findtext("pubDate") for item in rss.iter("item"))
    assert links and all(str(link).startswith(replica.base_url + "/vestnik/") for link in links)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(get(replica, "/mosds/sitemap.xml")[2])
    (child,) = [loc.text for loc in index.findall("sm:sitemap/sm:loc", namespace)]
    sitemap = ET.fromstring(get(replica, urlsplit(str(child)).path)[2])
    locs = {loc.text for loc in sitemap.findall("sm:url/sm:loc", namespace)}
    assert replica.url("/mosds/presscenter/news/detail/9066085.html") in locs


def test_js_page_has_its_text_only_inside_the_script(replica: ReplicaServer) -> None:
    html = page_text(replica, "/rs/en/special/russia-italy-youth-exchanges/")
    visible = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert "Twin cities of Russia and Italy" in html and "Twin cities of Russia and Italy" not in visible


def test_missing_seeds_directory_is_reported_with_where_to_put_it(tmp_path: Path) -> None:
    with pytest.raises(SeedsMissingError, match=r"000_\*\.txt not found in .*shared/seeds"):
        build_site("http://127.0.0.1:1", tmp_path)


# --- encodings --------------------------------------------------------------------------------------------


def test_letter_page_is_cp1251_declared_only_by_its_meta_tag(replica: ReplicaServer) -> None:
    status, headers, body = get(replica, LETTER)
    assert status == 200 and headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp1251")
    assert '<meta charset="windows-1251">' in text and "Уважаемый господин мэр" in text


def test_mislabeled_page_claims_utf8_but_is_cp1251(replica: ReplicaServer) -> None:
    status, headers, body = get(replica, MISLABELED)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp1251")
    assert "Проект бюджета Волгограда на 2014 год" in text and "charset=" not in text


# --- server behaviour -------------------------------------------------------------------------------------


def test_hits_are_counted_per_target_including_query_and_errors(fresh_replica: ReplicaServer) -> None:
    base = "/volgadmin/d/branches/international/en/news"
    get(fresh_replica, base)
    get(fresh_replica, base)
    get(fresh_replica, f"{base}?page=2")
    get(fresh_replica, "/nowhere")
    assert fresh_replica.hits(base) == 2
    assert fresh_replica.hits(f"{base}?page=2") == 1
    assert fresh_replica.hits("/nowhere") == 1
    assert fresh_replica.total_hits() == 4
    assert [record.status for record in fresh_replica.requests("/nowhere")] == [404]


def test_concurrent_requests_are_all_counted(fresh_replica: ReplicaServer) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: get(fresh_replica, "/robots.txt")[0], range(80)))
    assert statuses == [200] * 80
    assert fresh_replica.hits("/robots.txt") == 80


def test_every_page_answers_conditional_get_with_304(replica: ReplicaServer) -> None:
    for target in replica.paths():
        status, headers, _ = get(replica, target)
        assert status == 200 and headers["etag"] and headers["last-modified"], target
        assert get(replica, target, If_None_Match=headers["etag"])[0] == 304, target
        assert get(replica, target, If_Modified_Since=headers["last-modified"])[0] == 304, target
    target = replica.paths()[0]
    assert get(replica, target, If_None_Match='"stale"')[0] == 200
    assert get(replica, target, If_Modified_Since="Mon, 01 Jan 2001 00:00:00 GMT")[0] == 200


def test_304_has_validators_and_no_body(replica: ReplicaServer) -> None:
    _, headers, _ = get(replica, LETTER)
    status, again, body = get(replica, LETTER, If_None_Match=headers["etag"])
    assert (status, body, again["etag"]) == (304, b"", headers["etag"])


def test_head_gives_headers_without_body(replica: ReplicaServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=10)
    connection.request("HEAD", "/robots.txt")
    response = connection.getresponse()
    assert response.status == 200 and int(response.getheader("Content-Length", "0")) > 0
    assert response.read() == b""


def test_put_adds_and_changes_pages_with_new_validators(fresh_replica: ReplicaServer) -> None:
    fresh_replica.put("/vestnik/society/new-story-50000.html", b"<h1>first</h1>")
    status, headers, body = get(fresh_replica, "/vestnik/society/new-story-50000.html")
    assert (status, body, headers["content-type"]) == (200, b"<h1>first</h1>", "text/html; charset=utf-8")
    fresh_replica.put("/vestnik/society/new-story-50000.html", b"<h1>second</h1>")
    status, changed, body = get(fresh_replica, "/vestnik/society/new-story-50000.html", If_None_Match=headers["etag"])
    assert (status, body) == (200, b"<h1>second</h1>")
    assert changed["etag"] != headers["etag"] and changed["last-modified"] != headers["last-modified"]
    fresh_replica.put("/feed.xml", b"<rss/>", "application/rss+xml", status=503)
    assert get(fresh_replica, "/feed.xml")[0] == 503


def test_remove_makes_a_page_404(fresh_replica: ReplicaServer) -> None:
    fresh_replica.remove(LETTER)
    assert get(fresh_replica, LETTER)[0] == 404
    with pytest.raises(KeyError, match="does not serve"):
        fresh_replica.remove(LETTER)


# --- robots.txt and the registry --------------------------------------------------------------------------


def test_robots_allows_all_but_a_path_the_vestnik_listing_links_to(replica: ReplicaServer) -> None:
    robots = RobotFileParser()
    robots.parse(page_text(replica, "/robots.txt").splitlines())
    listing = page_text(replica, "/vestnik/news/")
    disallowed = [href for href in _HREF.findall(listing) if href.startswith(DISALLOWED_PREFIX)]
    assert disallowed
    assert not robots.can_fetch("twincrawl", replica.url(disallowed[0]))
    assert robots.can_fetch("twincrawl", replica.url(LETTER))
    assert robots.site_maps() == [replica.url("/mosds/sitemap.xml")]


def test_registry_loads_with_the_replica_keys_and_loopback_allowed(
    replica: ReplicaServer, replica_registry: Path
) -> None:
    raw = yaml.safe_load(replica_registry.read_text(encoding="utf-8"))
    assert {entry["key"] for entry in raw["sources"]} == REPLICA_KEYS
    assert all(entry["allow_addresses"] == ["127.0.0.1"] for entry in raw["sources"])
    registry = load_registry([replica_registry])
    assert set(registry) == REPLICA_KEYS
    for source in registry.values():
        for url in (*source.start_urls, *source.feeds, *source.sitemaps):
            assert url.startswith(replica.base_url) and get(replica, urlsplit(url).path)[0] == 200


def test_every_crawlable_article_is_discoverable_from_its_registry_entry(
    replica: ReplicaServer, replica_registry: Path, replica_expected: list[ExpectedArticle]
) -> None:
    registry = load_registry([replica_registry])
    for key, source in registry.items():
        found = _discover(replica, source)
        wanted = {replica.url(a.path) for a in replica_expected if a.source == key and a.render == "html"}
        assert found == wanted, key


def _discover(replica: ReplicaServer, source: Source) -> set[str]:
    """Article URLs reachable from an entry's listings (with pagination), feeds and sitemaps."""
    articles: set[str] = set()
    queue, seen = [*source.start_urls, *source.sitemaps, *source.feeds], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        split = urlsplit(url)
        body = get(replica, split.path + (f"?{split.query}" if split.query else ""))[2].decode("utf-8", "replace")
        links = [urljoin(url, href) for href in _HREF.findall(body)]
        links += re.findall(r"<(?:loc|link)>([^<]+)</(?:loc|link)>", body)
        for link in links:
            if source.is_article(link):
                articles.add(link)
            elif source.is_listing(link) or link.endswith(".xml"):  # listing page or child sitemap
                queue.append(link)
    return articles


def test_module_command_serves_and_writes_the_registry(tmp_path: Path) -> None:
    registry = tmp_path / "data" / "replica-sources.yaml"
    command = [sys.executable, "-m", "tests.replica", "--port", "0", "--write-registry", str(registry)]
    root = REPO
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("registry written to")
        address = re.search(r"http://127\.0\.0\.1:(\d+)", process.stdout.readline())
        assert address is not None
        connection = http.client.HTTPConnection("127.0.0.1", int(address[1]), timeout=10)
        connection.request("GET", "/robots.txt")
        assert connection.getresponse().status == 200
        assert address[0] in registry.read_text(encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)
