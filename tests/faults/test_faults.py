"""Faults, hostile pages and bad input: the crawl survives them, bounded, and loses nothing it should keep.

Every case is served by a fault server on 127.0.0.1 and crawled by the real ``twincrawl crawl`` command; each
case records its measured figure in the table printed at the end (``make faults``). Addresses outside loopback
are only ever host names the test resolver maps to them: the guard refuses them before any connection.
"""

from __future__ import annotations

import gzip
import ipaddress
import re
import signal
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Any

import brotli
import pytest

from tests.faults.pages import accounting, article, article_html, failures, listing, skipped, stored
from tests.faults.server import (
    Canary,
    FaultServer,
    encoded,
    huge,
    page,
    redirect,
    sequence,
    slow_headers,
    status,
    trickle,
    truncated,
)
from tests.fixtures.faults import CrawlRun, crawl, record, settings_json, source, write_registry
from twincrawl.items import FetchedPage
from twincrawl.process.page import ProcessingOptions, Skipped, process_page
from twincrawl.registry import Source
from twincrawl.store.sqlite import SqliteStore

pytestmark = pytest.mark.faults

TIMEOUT = 15  # DOWNLOAD_TIMEOUT of the main crawl: generous, the machine may be busy
SLOW_TIMEOUT = 2  # DOWNLOAD_TIMEOUT of the slow-server crawl (F3)
PROCESS_TIMEOUT = 5
PATTERN_CAP = 25
NEWS = r"/news/[\w.-]+$"

# -- the main crawl: one source per case, all served at once ------------------------------------------------
CANARY_NAMES = {
    "intranet.faults.test": "10.1.2.3",
    "router.faults.test": "192.168.1.1",
    "metadata.faults.test": "169.254.169.254",
    "cgnat.faults.test": "100.64.0.1",
    "loopback.faults.test": "127.0.0.2",
    "replica.faults.test": "127.0.0.1",
}

_SENTENCE = "Делегация города-побратима из Кишинёва посетила Волгоград и Саратов 12 марта 2024 года. "
#: 4 MB of text in one paragraph: under every size cap, and far over TWINCRAWL_PROCESS_TIMEOUT to process.
BIG_PAGE = (
    f"<html><head><title>t</title></head><body><article><h1>Заголовок</h1><p>"
    f"{_SENTENCE * (4_000_000 // len(_SENTENCE.encode()))}</p></article></body></html>"
).encode()
B4_SOURCE = Source(
    key="b4",
    name="B4",
    country="RU",
    city="Volgograd",
    languages=("ru",),
    timezone="Europe/Moscow",
    start_urls=("http://127.0.0.1/b4/",),
    article_urls=(re.compile(r"/b4/news/"),),
)
_KOI8_TEXT = "Делегация из Кишинёва обсудила побратимство городов и культурный обмен школьников. " * 6
_CP1251_TEXT = "Побратимские связи Волгограда и Ковентри отметили юбилеем: «восемьдесят лет дружбы». " * 6


def _setup_main(  # noqa: PLR0915 - one route table, read top to bottom
    server: FaultServer, robots_down: FaultServer, canaries: dict[str, Canary]
) -> list[dict[str, Any]]:
    u = server.url
    server.route("/robots.txt", page(b"User-agent: *\nDisallow: /f9/private/\n", "text/plain"))
    sources = []

    def case(key: str, articles: dict[str, Any], *, links: list[str] | None = None, **extra: Any) -> None:
        for path, behaviour in articles.items():
            server.route(path, behaviour)
        server.route(f"/{key}/", page(listing(*(links or [u(path) for path in articles]))))
        sources.append(source(key, start_urls=[u(f"/{key}/")], article_urls=[f"/{key}{NEWS}"], **extra))

    case("f1", {"/f1/news/1": sequence(status(500), status(500), page(article("F1 статья", "F1-MARK")))})
    case("f2", {"/f2/news/1": status(503), "/f2/news/2": page(article("F2 живая статья"))})
    body4 = article("F4 оборванная", "F4-LAST-PARAGRAPH")
    case(
        "f4",
        {
            "/f4/news/1": sequence(truncated(body4, len(body4) // 2), page(body4)),
            "/f4/news/2": truncated(body4, len(body4) // 2),
        },
    )
    server.route("/f5/news/loop-b", redirect(u("/f5/news/loop-a")))
    for hop in range(1, 30):
        server.route(f"/f5/news/chain-{hop}", redirect(u(f"/f5/news/chain-{hop + 1}")))
    server.route("/f5/news/chain-30", page(article("F5 конец цепочки")))
    case(
        "f5",
        {"/f5/news/loop-a": redirect(u("/f5/news/loop-b"))},
        links=[u("/f5/news/loop-a"), u("/f5/news/chain-1")],
    )
    case(
        "f7",
        {"/f7/news/1": huge(50 * 1024 * 1024), "/f7/news/2": huge(50 * 1024 * 1024, declare_length=False)},
    )
    cp1251 = article_html("Ковентри и Волгоград", _CP1251_TEXT).replace('<meta charset="utf-8">', "")
    koi8 = article_html("Побратимы: Кишинёв", _KOI8_TEXT).replace('<meta charset="utf-8">', "")
    case(
        "f8",
        {
            "/f8/news/1": page(cp1251.encode("cp1251"), "text/html; charset=utf-8"),
            "/f8/news/2": page(koi8.encode("koi8_r"), "text/html"),
        },
    )
    case(
        "f9",
        {"/f9/news/1": page(article("F9 разрешённая")), "/f9/private/1": page(article("F9 запрещённая"))},
        links=[u("/f9/news/1"), u("/f9/private/1")],
    )
    sources[-1]["article_urls"] = [r"/f9/(news|private)/\d+$"]
    robots_down.route("/robots.txt", status(503, b"Service Unavailable"))
    robots_down.route("/f9down/", page(listing(robots_down.url("/f9down/news/1"))))
    robots_down.route("/f9down/news/1", page(article("F9 сайт без robots")))
    sources.append(source("f9down", start_urls=[robots_down.url("/f9down/")], article_urls=["/f9down/news/"]))

    canary_links = [
        canaries["127.0.0.2"].url("/f10/news/1"),
        f"http://0177.0.0.3:{canaries['127.0.0.3'].port}/f10/news/2",  # octal
        f"http://{int(ipaddress.ip_address('127.0.0.4'))}:{canaries['127.0.0.4'].port}/f10/news/3",  # decimal
        f"http://0x7f.0.0.6:{canaries['127.0.0.6'].port}/f10/news/4",  # hex
        canaries["::1"].url("/f10/news/5"),
        f"http://loopback.faults.test:{canaries['127.0.0.2'].port}/f10/news/6",
        *(
            f"http://{name}/f10/news/{name}"
            for name in CANARY_NAMES
            if name.split(".")[0] in ("intranet", "router", "metadata", "cgnat")
        ),
        u("/f10/news/r1"),
        u("/f10/news/r2"),
        u("/f10/news/r3"),
        f"http://replica.faults.test:{u('').rsplit(':', 1)[1]}/f10/news/ok",
    ]
    server.route("/f10/news/r1", redirect(canaries["127.0.0.2"].url("/f10/news/7")))
    server.route("/f10/news/r2", redirect("file:///etc/passwd"))
    server.route("/f10/news/r3", redirect("http://metadata.faults.test/latest/meta-data/f10/news/8"))
    server.route("/f10/news/ok", page(article("F10 через имя хоста", "F10-OK")))
    case("f10", {}, links=[*canary_links, "file:///etc/passwd"])
    case(
        "f10allow",
        {},
        links=[canaries["127.0.0.5"].url("/f10allow/news/1")],
        allow=["127.0.0.1", "127.0.0.5"],
    )

    def month(target: str) -> Any:
        parts = target.strip("/").split("/")
        if len(parts) == 5:
            return page(b"<html><body><p>day</p></body></html>")
        year, number = int(parts[2]), int(parts[3])
        following = f"/f11/cal/{year + number // 12}/{number % 12 + 1:02d}/"
        days = [u(f"/f11/cal/{year}/{number:02d}/{day:02d}/") for day in range(1, 29)]
        return page(listing(u(following), *days))

    server.route_prefix("/f11/cal/", month)
    server.route("/f11/", page(listing(u("/f11/cal/2000/01/"))))
    sources.append(
        source(
            "f11",
            start_urls=[u("/f11/")],
            article_urls=[r"/f11/cal/\d+/\d+/\d+/$"],
            listing_urls=[r"/f11/cal/\d+/\d+/$"],
            max_listing_pages=10_000,
        )
    )
    session = iter(range(10**6))
    server.route_prefix(
        "/f11s/",
        lambda target: (
            page(
                listing(
                    u(f"/f11s/?page=2&PHPSESSID={next(session):08x}"),
                    *(u(f"/f11s/news/{n};jsessionid={next(session):x}?sid={next(session)}") for n in range(1, 4)),
                )
            )
            if "/news/" not in target
            else page(article(f"F11 сессия {target.split('/')[3][:1]}"))
        ),
    )
    sources.append(
        source(
            "f11s",
            start_urls=[u("/f11s/")],
            article_urls=[r"/f11s/news/\d+"],
            listing_urls=[r"/f11s/\?page="],
            max_listing_pages=10_000,
        )
    )

    broken = "<html><head><title>Сломанная <b></head><body><div><p>Текст <i>без <<>> конца <table><tr><td>"
    case("b1", {"/b1/news/1": page(broken.encode()), "/b1/news/2": page(b""), "/b1/news/3": status(204)})
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5000 /Filter /FlateDecode >>\nstream\n"
    pdf += zlib.compress(bytes(range(256)) * 200)
    case("b2", {"/b2/news/1": page(png), "/b2/news/2": page(pdf), "/b2/news/3": page(gzip.compress(body4))})
    teasers = "".join(
        f'<div class="item"><a href="/b3/news/{n}">Визит делегации города-побратима, новость номер {n}</a>'
        f"<p>Краткий анонс новости о сотрудничестве городов-побратимов, номер {n}.</p>"
        f"<span>12.03.2024</span></div>"
        for n in range(10, 30)
    )
    index = f"<html><head><title>Новости</title></head><body><h1>Новости</h1>{teasers}</body></html>"
    soft = article_html("Страница не найдена", "Запрошенная страница не существует или была удалена.")
    soft_h1 = article_html("Администрация города", "").replace("<h1>Администрация города</h1>", "<h1>Ошибка 404</h1>")
    case(
        "b3",
        {
            "/b3/news/1": page(index.encode()),
            "/b3/news/2": page(soft.encode()),
            "/b3/news/3": page(soft_h1.encode()),
        },
    )
    deep = b"<html><body>" + b"<div>" * 100_000 + article("B4 глубина").split(b"<body>")[1]
    case(
        "b4",
        {
            "/b4/news/1": page(deep),
            "/b4/news/2": page(BIG_PAGE),
            "/b4/news/3": huge(20 * 1024 * 1024),
            "/b4/news/4": page(article("B4 обычная статья")),
        },
    )
    junk = {
        "/b5/news/1": article_html("B5 нули", date="0000-00-00"),
        "/b5/news/2": article_html("B5 будущее", date="2099-12-31T10:00:00+03:00"),
        "/b5/news/3": article_html("B5 старина", date="1899-01-01"),
        "/b5/news/4": article_html("B5 вчера", date="вчера").replace("<h1>", "<p>2 часа назад</p><h1>"),
        "/b5/news/5": article_html("B5 31 февраля", date="31.02.2020"),
        "/b5/news/6": article_html("B5 мусор", date="not a date at all"),
    }
    case("b5", {path: page(html.encode()) for path, html in junk.items()})
    case(
        "st",
        {
            "/st/news/ok": page(article("Запись сохраняется", "ST-OK")),
            "/st/news/poison": page(article("Запись отвергается", "ST-POISON")),
        },
    )
    return sources


@pytest.fixture(scope="module")
def main_crawl(
    fault_server: FaultServer,
    second_fault_server: FaultServer,
    canary_hosts: dict[str, Canary],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[CrawlRun, Path]:
    folder = tmp_path_factory.mktemp("faults")
    registry = write_registry(folder / "sources.yaml", _setup_main(fault_server, second_fault_server, canary_hosts))
    store = folder / "corpus.db"
    SqliteStore(f"sqlite:///{store}").close()
    with sqlite3.connect(store) as db:  # a store that refuses one record: a real SQLite error, not a stand-in
        db.execute(
            "CREATE TRIGGER poison BEFORE INSERT ON articles WHEN NEW.url LIKE '%/st/news/poison' "
            "BEGIN SELECT RAISE(ABORT, 'refused by the poison trigger'); END"
        )
    run = crawl(
        registry,
        store,
        folder / "report.json",
        {
            "DOWNLOAD_TIMEOUT": str(TIMEOUT),
            "RETRY_TIMES": "2",
            "TWINCRAWL_PROCESS_TIMEOUT": str(PROCESS_TIMEOUT),
            "TWINCRAWL_MAX_PAGES_PER_PATTERN": str(PATTERN_CAP),
            "TWINCRAWL_PROCESS_WORKERS": "1",
            "FAULTS_HOSTS": settings_json(CANARY_NAMES),
            "TWINCRAWL_INCREMENTAL": "False",
        },
    )
    assert run.report, run.log[-3000:]
    return run, store


def test_f1_server_errors_are_retried_until_the_page_comes(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    _, store = main_crawl
    hits = fault_server.hits("/f1/news/1")
    kept = "F1-MARK" in stored(store)[fault_server.url("/f1/news/1")].text
    record(
        "F1",
        "500, 500, then 200",
        f"{hits - 1} retries, stored={kept}",
        "ok" if (hits, kept) == (3, True) else "FAIL",
    )
    assert (hits, kept) == (3, True)


def test_f2_a_page_that_always_fails_is_given_up_and_the_crawl_goes_on(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    run, store = main_crawl
    hits = fault_server.hits("/f2/news/1")
    other = fault_server.url("/f2/news/2") in stored(store)
    reason = run.report["finish_reason"]
    record(
        "F2",
        "always 503",
        f"{hits} requests, {failures(run, 'f2')}, other stored={other}, finish={reason}",
        "ok" if (hits, other, reason) == (3, True, "finished") else "FAIL",
    )
    assert (hits, other, reason, failures(run, "f2")) == (3, True, "finished", {"http 503": 1})


def test_f3_slow_headers_and_a_trickled_body_time_out_within_the_download_timeout(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route("/robots.txt", status(404))
        body = article("F3 медленная")
        slow = {"/f3/news/1": slow_headers(60, page(body)), "/f3/news/2": trickle(body, 1)}
        for path, behaviour in slow.items():
            server.route(path, behaviour)
        server.route("/f3/news/3", page(article("F3 быстрая")))
        server.route("/f3/", page(listing(*map(server.url, [*slow, "/f3/news/3"]))))
        registry = write_registry(
            tmp_path / "f3.yaml", [source("f3", start_urls=[server.url("/f3/")], article_urls=[f"/f3{NEWS}"])]
        )
        run = crawl(
            registry,
            tmp_path / "f3.db",
            tmp_path / "f3.json",
            {
                "DOWNLOAD_TIMEOUT": str(SLOW_TIMEOUT),
                "RETRY_TIMES": "1",
                "TWINCRAWL_PROCESS_WORKERS": "1",
                "TWINCRAWL_INCREMENTAL": "False",
            },
        )
        waits = [wait for path in slow for wait in server.durations[path]]
    longest = max(waits)
    fast = server.url("/f3/news/3") in stored(tmp_path / "f3.db")
    record(
        "F3",
        "no headers for 60 s; body at 1 byte/s",
        f"{len(waits)} attempts, longest {longest:.1f} s "
        f"(DOWNLOAD_TIMEOUT {SLOW_TIMEOUT} s), {failures(run, 'f3')}, fast page stored={fast}",
        "ok" if longest <= SLOW_TIMEOUT + 1 and fast else "FAIL",
    )
    assert longest <= SLOW_TIMEOUT + 1 and fast
    assert failures(run, "f3") == {"timeout": 2}


def test_f4_a_body_cut_short_is_retried_and_never_stored_truncated(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    run, store = main_crawl
    articles = stored(store)
    first = articles.get(fault_server.url("/f4/news/1"))
    complete = first is not None and "F4-LAST-PARAGRAPH" in first.text
    truncated_stored = fault_server.url("/f4/news/2") in articles
    record(
        "F4",
        "reset mid-body (Content-Length short)",
        f"retried {fault_server.hits('/f4/news/1') - 1}x, complete={complete}, "
        f"truncated stored={int(truncated_stored)}, "
        f"{failures(run, 'f4')}",
        "ok" if complete and not truncated_stored else "FAIL",
    )
    assert complete and not truncated_stored
    assert failures(run, "f4") == {"connection lost": 1}


def test_f5_redirect_loops_and_long_chains_are_stopped(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    run, _ = main_crawl
    requests = fault_server.hits_under("/f5/news/")
    record(
        "F5",
        "redirect loop; 30-hop chain",
        f"{requests} requests, {failures(run, 'f5')}",
        "ok" if requests <= 2 * 11 else "FAIL",
    )
    assert requests <= 2 * 11
    assert fault_server.hits("/f5/news/chain-30") == 0


def test_f7_a_50_mb_page_is_aborted(main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer) -> None:
    run, store = main_crawl
    sent = fault_server.bytes_sent["/f7/news/1"] + fault_server.bytes_sent["/f7/news/2"]
    kept = [url for url in stored(store) if "/f7/" in url]
    record(
        "F7",
        "50 MB page (with and without Content-Length)",
        f"{sent / 2**20:.1f} MB sent of 100, {len(kept)} articles, {failures(run, 'f7')}",
        "ok" if not kept else "FAIL",
    )
    assert kept == []
    # Scrapy cancels a body without Content-Length that outgrows DOWNLOAD_MAXSIZE with a bare "cancelled".
    assert failures(run, "f7") == {"too large": 1, "cancelled": 1}


def test_f8_cyrillic_pages_read_right_whatever_the_header_says(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    _, store = main_crawl
    articles = stored(store)
    cp1251, koi8 = (articles[fault_server.url(f"/f8/news/{n}")] for n in (1, 2))
    right = "«восемьдесят лет дружбы»" in cp1251.text and "побратимство городов" in koi8.text
    replaced = (cp1251.title + cp1251.text + koi8.title + koi8.text).count("\ufffd")
    record(
        "F8",
        "cp1251 body, utf-8 header; KOI8-R page",
        f"Cyrillic right={right}, {replaced} U+FFFD",
        "ok" if right and not replaced else "FAIL",
    )
    assert right and replaced == 0


def test_f9_robots_disallow_and_a_failing_robots_txt_keep_pages_unfetched(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer, second_fault_server: FaultServer
) -> None:
    run, _ = main_crawl
    private = fault_server.hits("/f9/private/1")
    down = second_fault_server.hits("/f9down/") + second_fault_server.hits("/f9down/news/1")
    record(
        "F9",
        "Disallow; robots.txt answering 503",
        f"{private} + {down} hits on forbidden pages",
        "ok" if private == down == 0 else "FAIL",
    )
    assert (private, down) == (0, 0)
    assert (failures(run, "f9down"), run.source("f9down")["robots_disallowed"]) == ({}, 1)


def test_f10_no_connection_to_addresses_the_source_does_not_allow(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer, canary_hosts: dict[str, Canary]
) -> None:
    run, store = main_crawl
    refused = failures(run, "f10").get("address refused", 0)
    touched = {host: canary.connections for host, canary in canary_hosts.items() if host != "127.0.0.5"}
    by_name = fault_server.url("/f10/news/ok") in {
        article.url.replace("replica.faults.test", "127.0.0.1") for article in stored(store).values()
    }
    allowed = canary_hosts["127.0.0.5"].connections
    record(
        "F10",
        "loopback/private/link-local/CGNAT/[::1]/decimal/octal/hex/redirects",
        f"{refused} refused, {sum(touched.values())} canary connections, allowed canary reached={allowed > 0}",
        "ok" if refused == 12 and not any(touched.values()) and allowed and by_name else "FAIL",
    )
    assert touched == dict.fromkeys(touched, 0)
    assert refused == 12  # 10 links and 2 redirects to refused addresses (the file: redirect is never followed)
    assert by_name and allowed > 0


@pytest.mark.usefixtures("main_crawl")
def test_f11_endless_calendars_and_session_ids_stay_bounded(fault_server: FaultServer) -> None:
    calendar = fault_server.hits_under("/f11/cal/")
    session_articles = fault_server.targets("/f11s/news/")
    record(
        "F11",
        "endless calendar; session ids in URLs",
        f"{calendar} calendar requests (cap {PATTERN_CAP}/pattern), "
        f"article fetches {sorted(session_articles.values())}",
        "ok" if calendar <= 2 * PATTERN_CAP and set(session_articles.values()) == {1} else "FAIL",
    )
    assert calendar <= 2 * PATTERN_CAP
    assert session_articles == {"/f11s/news/1": 1, "/f11s/news/2": 1, "/f11s/news/3": 1}


def test_b1_malformed_empty_and_no_content_pages_are_skipped_with_a_reason(
    main_crawl: tuple[CrawlRun, Path],
) -> None:
    run, _ = main_crawl
    exceptions = run.log.count("Spider error processing") + run.log.count("Error processing")
    reasons = skipped(run, "b1")
    crashed = reasons.get("processing error", 0)
    record(
        "B1",
        "malformed HTML, empty body, 204",
        f"{reasons}, {exceptions} spider exceptions",
        "ok" if sum(reasons.values()) == 3 and not (exceptions or crashed) else "FAIL",
    )
    assert sum(reasons.values()) == 3 and exceptions == 0
    assert crashed == 0, "processing raised on a malformed page (see the crawl log for the traceback)"


def test_b2_binary_bodies_served_as_html_are_not_extracted(main_crawl: tuple[CrawlRun, Path]) -> None:
    run, _ = main_crawl
    reasons = skipped(run, "b2")
    record(
        "B2",
        "PNG, PDF, gzip served as text/html",
        f"{reasons} (0 reach the extractor)",
        "ok" if reasons == {"binary content": 3} else "FAIL",
    )
    assert reasons == {"binary content": 3}


def test_b3_index_pages_and_soft_404s_are_not_articles(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    run, store = main_crawl
    kept = [url for url in stored(store) if "/b3/" in url]
    reasons = skipped(run, "b3")
    record(
        "B3",
        "index page, soft 404 (title; h1)",
        f"{len(kept)} stored, {reasons}",
        "ok" if not kept and sum(reasons.values()) == 3 else "FAIL",
    )
    assert kept == [] and sum(reasons.values()) == 3


def test_b4_deep_nesting_and_huge_pages_are_bounded_and_the_crawl_goes_on(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    run, store = main_crawl
    normal = fault_server.url("/b4/news/4") in stored(store)
    warm = FetchedPage(url="http://127.0.0.1/b4/news/0", source="b4", body=article("B4 разогрев"))
    process_page(warm, B4_SOURCE, ProcessingOptions(timeout=PROCESS_TIMEOUT))
    started = time.process_time()
    with pytest.raises(Skipped, match="processing timeout"):
        process_page(
            FetchedPage(url="http://127.0.0.1/b4/news/2", source="b4", body=BIG_PAGE),
            B4_SOURCE,
            ProcessingOptions(timeout=PROCESS_TIMEOUT),
        )
    bounded = time.process_time() - started
    record(
        "B4",
        "100,000-deep nesting; 4 MB paragraph; 20 MB page",
        f"{skipped(run, 'b4')}, {failures(run, 'b4')}, normal stored={normal}; "
        f"the 4 MB paragraph stopped after "
        f"{bounded:.1f} CPU s (TWINCRAWL_PROCESS_TIMEOUT {PROCESS_TIMEOUT} CPU s)",
        "ok" if bounded < 2 * PROCESS_TIMEOUT and normal else "FAIL",
    )
    # Bounds, not exact timings: on a busy machine the deep page may time out as well, or the stop come late.
    assert bounded < 2 * PROCESS_TIMEOUT and normal
    reasons = skipped(run, "b4")
    assert sum(reasons.values()) == 2 and set(reasons) <= {"processing timeout", "no article text"}, reasons
    assert failures(run, "b4") == {"too large": 1}


def test_b5_junk_and_relative_dates_are_normalized_or_none(main_crawl: tuple[CrawlRun, Path]) -> None:
    run, store = main_crawl
    dates = [article.published for url, article in stored(store).items() if "/b5/" in url]
    finished = run.report["finished"]
    bad = [date for date in dates if date is not None and not ("1990" <= date <= finished)]
    record(
        "B5",
        "0000-00-00, 2099, 1899, 'вчера', 31.02, junk",
        f"{len(dates)} stored, dates {sorted(map(str, dates))}, {len(bad)} outside 1990..crawl time",
        "ok" if len(dates) == 6 and not bad else "FAIL",
    )
    assert len(dates) == 6 and bad == []


def test_a_record_the_store_refuses_costs_only_itself_and_keeps_its_raw_page(
    main_crawl: tuple[CrawlRun, Path], fault_server: FaultServer
) -> None:
    run, store = main_crawl
    articles = stored(store)
    opened = SqliteStore(f"sqlite:///{store}")
    raw = {page.url for page in opened.iter_raw("st")}
    opened.close()
    dropped = run.source("st").get("dropped", {})
    logged = fault_server.url("/st/news/poison") in run.log
    ok = (
        fault_server.url("/st/news/ok") in articles
        and dropped == {"store error": 1}
        and fault_server.url("/st/news/poison") in raw
        and logged
    )
    record(
        "store",
        "SQLite refuses one record of a batch",
        f"batch-mates stored, {dropped}, raw kept, URL logged={logged}",
        "ok" if ok else "FAIL",
    )
    assert ok


# -- decompression bombs: memory measured against a crawl without them ---------------------------------------
def test_f6_compression_bombs_are_dropped_below_the_size_cap(tmp_path: Path) -> None:
    payload = b"\0" * (256 * 1024 * 1024)
    bombs = {
        "/f6/news/gzip": encoded(gzip.compress(payload, 6), "gzip"),
        "/f6/news/deflate": encoded(zlib.compress(payload, 6), "deflate"),
        "/f6/news/br": encoded(brotli.compress(payload, quality=1), "br"),
    }
    runs = {}
    with FaultServer() as server:
        server.route("/robots.txt", status(404))
        server.route("/f6/news/ok", page(article("F6 обычная")))
        for path, behaviour in bombs.items():
            server.route(path, behaviour)
        for name, paths in (("baseline", ["/f6/news/ok"]), ("bombs", ["/f6/news/ok", *bombs])):
            server.route(f"/{name}/", page(listing(*map(server.url, paths))))
            registry = write_registry(
                tmp_path / f"{name}.yaml",
                [source("f6", start_urls=[server.url(f"/{name}/")], article_urls=["/f6/news/"])],
            )
            runs[name] = crawl(
                registry,
                tmp_path / f"{name}.db",
                tmp_path / f"{name}.json",
                {"TWINCRAWL_PROCESS_WORKERS": "0", "TWINCRAWL_INCREMENTAL": "False"},
            )
    growth_mb = (runs["bombs"].max_rss_kb - runs["baseline"].max_rss_kb) / 1024
    cap_mb = 8
    dropped = failures(runs["bombs"], "f6")
    record(
        "F6",
        "gzip/deflate/brotli bombs (256 MB of zeros each)",
        f"{dropped}, max RSS {runs['bombs'].max_rss_kb // 1024} MB vs "
        f"{runs['baseline'].max_rss_kb // 1024} MB without bombs: growth {growth_mb:.0f} MB "
        f"(cap {cap_mb} MB)",
        "ok" if dropped == {"too large": 3} and growth_mb < 4 * cap_mb else "FAIL",
    )
    assert dropped == {"too large": 3}
    assert growth_mb < 4 * cap_mb  # a few decompressed buffers of at most the cap, never the 256 MB


# -- interrupted crawls: nothing missing, nothing twice ----------------------------------------------------
def _interrupted_registry(server: FaultServer, folder: Path) -> tuple[Path, set[str]]:
    paths = [f"/d/news/{n}" for n in range(1, 31)]
    for path in paths:
        server.route(path, slow_headers(0.15, page(article(f"Статья {path}", f"D-{path}"))))
    canonical = f'<link rel="canonical" href="{server.url("/d/news/1")}">'
    server.route("/d/news/1-copy", page(article("Статья /d/news/1", "D-/d/news/1", extra_head=canonical)))
    server.route("/d/", page(listing(*map(server.url, [*paths, "/d/news/1-copy"]))))
    registry = write_registry(folder / "d.yaml", [source("d", start_urls=[server.url("/d/")], article_urls=[NEWS])])
    return registry, {server.url(path) for path in paths}


def _census(store: Path, expected: set[str]) -> tuple[int, int, str]:
    """Missing pages, duplicated records (same canonical URL or content twice), SQLite's integrity verdict."""
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT json_extract(doc, '$.canonical_url'), content_hash FROM articles").fetchall()
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    urls = [url for url, _ in rows]
    duplicated = (len(urls) - len(set(urls))) + (len(rows) - len({digest for _, digest in rows}))
    return len(expected - set(urls)), duplicated, integrity


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_d_an_interrupted_crawl_run_again_loses_nothing_and_stores_nothing_twice(
    stop_signal: int, tmp_path: Path
) -> None:
    with FaultServer() as server:
        server.route("/robots.txt", status(404))
        registry, expected = _interrupted_registry(server, tmp_path)
        store = tmp_path / "corpus.db"
        settings = {
            "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
            "TWINCRAWL_STORE_BATCH_SIZE": "5",
            "TWINCRAWL_PROCESS_WORKERS": "0",
        }
        first = crawl(
            registry,
            store,
            tmp_path / "first.json",
            settings,
            stop=lambda: server.hits_under("/d/news/") >= 12,
            stop_signal=stop_signal,
        )
        after_stop = _census(store, expected)
        again = crawl(registry, store, tmp_path / "again.json", settings)
        missing, duplicated, integrity = _census(store, expected)
        third = crawl(registry, store, tmp_path / "third.json", settings)
    written = {
        outcome: count
        for outcome, count in third.source("d").get("articles", {}).items()
        if outcome in ("new", "updated")
    }
    name = signal.Signals(stop_signal).name
    record(
        f"D-{name}",
        f"{name} mid-crawl, run again, run a third time",
        f"{after_stop[0]} missing after stop (exit {first.returncode}); after re-run {missing} missing, "
        f"{duplicated} duplicated, integrity {integrity}; third run wrote {written or 'nothing'}",
        "ok" if (missing, duplicated, integrity, written) == (0, 0, "ok", {}) else "FAIL",
    )
    assert (missing, duplicated, integrity) == (0, 0, "ok"), again.log[-2000:]
    assert written == {}


def test_every_article_page_offered_is_stored_skipped_dropped_or_failed(main_crawl: tuple[CrawlRun, Path]) -> None:
    run, _ = main_crawl
    figures = {key: accounting(run, key) for key in run.report["sources"]}
    off = {key: figure for key, figure in figures.items() if figure[0] != figure[1] or figure[2] != figure[3]}
    offered = sum(figure[0] for figure in figures.values())
    record(
        "LOSS",
        "offered = stored + skipped + dropped + failed, every source",
        f"{offered} article pages offered; sources off: {off or 'none'}",
        "ok" if not off else "FAIL",
    )
    assert off == {}, "(offered, fetched + failed, fetched, outcomes) per source"
