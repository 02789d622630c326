"""The main fault crawl: one source per case, all served at once and crawled once per session by the real
``twincrawl crawl`` command (the ``main_crawl`` fixture of tests/faults/conftest.py). The tests of several themes
read its store, report and server hits."""

from __future__ import annotations

import gzip
import ipaddress
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import attrs

from tests.faults.pages import NEWS, article, article_html, listing
from tests.faults.server import Canary, FaultServer, huge, page, redirect, sequence, status, truncated
from tests.fixtures.faults import CrawlRun, crawl, settings_json, source, write_registry
from twincrawl.store.sqlite import SqliteStore

TIMEOUT = 15  # DOWNLOAD_TIMEOUT of the main crawl: generous, the machine may be busy
PROCESS_TIMEOUT = 5
PATTERN_CAP = 25
#: The loopback and IPv6 addresses canaries listen on: the guard must never connect to them.
CANARY_ADDRESSES = ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "::1")
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
_KOI8_TEXT = "Делегация из Кишинёва обсудила побратимство городов и культурный обмен школьников. " * 6
_CP1251_TEXT = "Побратимские связи Волгограда и Ковентри отметили юбилеем: «восемьдесят лет дружбы». " * 6


@attrs.define(kw_only=True)
class MainCrawl:
    """The finished main crawl, its store and the servers it was served by (their hits are the figures)."""

    run: CrawlRun
    store: Path
    server: FaultServer
    robots_down: FaultServer
    """The host whose robots.txt answers 503."""
    canaries: dict[str, Canary]
    """Canary listeners by address (``CANARY_ADDRESSES``)."""


def run_main_crawl(
    folder: Path, server: FaultServer, robots_down: FaultServer, canaries: dict[str, Canary]
) -> MainCrawl:
    """Serve every case and crawl them all in one ``twincrawl crawl`` into a store that refuses one record."""
    registry = write_registry(folder / "sources.yaml", _serve_cases(server, robots_down, canaries))
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
    return MainCrawl(run=run, store=store, server=server, robots_down=robots_down, canaries=canaries)


def _serve_cases(  # noqa: PLR0915 - one route table, read top to bottom
    server: FaultServer, robots_down: FaultServer, canaries: dict[str, Canary]
) -> list[dict[str, Any]]:
    """Route every case on the servers; returns the registry entries of their sources."""
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
