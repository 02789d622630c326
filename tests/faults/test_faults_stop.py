"""A crawl stopped from outside: SIGTERM ends it with exit code 4 (resumable, not success), its processing
workers are gone within a second of a SIGKILL, even while they are deep in a huge page, and a crawl interrupted
by either signal, run again, loses nothing and stores nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.faults.pages import NEWS, article, listing
from tests.faults.server import FaultServer, page, slow_headers, status
from tests.fixtures.faults import crawl, record, source, write_registry

pytestmark = pytest.mark.faults

_SENTENCE = "Делегация города-побратима из Кишинёва посетила Волгоград и Саратов 12 марта 2024 года. "
#: Seconds of processing each: a worker is busy in it when the crawl is killed.
_HEAVY = (
    "<html><head><title>t</title></head><body><article><h1>Заголовок</h1><p>"
    f"{_SENTENCE * (3_000_000 // len(_SENTENCE.encode()))}</p></article></body></html>"
).encode()


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        children = _children(todo.pop())
        todo.extend(children - found)
        found |= children
    return found


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started itself, from /proc."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
    return children


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _registry(server: FaultServer, folder: Path, paths: dict[str, bytes]) -> Path:
    for path, body in paths.items():
        server.route(path, slow_headers(0.15, page(body)))
    server.route("/robots.txt", page(b"User-agent: *\nAllow: /\n", "text/plain"))
    server.route("/s/", page(listing(*map(server.url, paths))))
    return write_registry(folder / "s.yaml", [source("s", start_urls=[server.url("/s/")], article_urls=["/s/news/"])])


def test_a_crawl_stopped_by_sigterm_exits_4_and_says_so(tmp_path: Path) -> None:
    with FaultServer() as server:
        registry = _registry(server, tmp_path, {f"/s/news/{n}": article(f"Статья {n}") for n in range(40)})
        run = crawl(
            registry,
            tmp_path / "corpus.db",
            tmp_path / "report.json",
            {"CONCURRENT_REQUESTS_PER_DOMAIN": "2", "TWINCRAWL_PROCESS_WORKERS": "0"},
            stop=lambda: server.hits_under("/s/news/") >= 6,
            stop_signal=signal.SIGTERM,
        )
    record("S1", "SIGTERM mid-crawl", f"exit {run.returncode}", "ok" if run.returncode == 4 else "FAIL")
    assert run.returncode == 4, run.log[-2000:]
    assert run.report["finish_reason"] == "shutdown"
    assert "stopped by a signal before the end: run again to continue" in run.log


def test_processing_workers_end_within_a_second_of_the_crawl_being_killed(tmp_path: Path) -> None:
    workers: set[int] = set()

    def busy() -> bool:
        # Killed once both workers are up and one of them has been busy with a heavy page for a while.
        if not crawling or server.hits_under("/s/news/") < 2:
            return False
        # The fork server (the crawl's child) and the workers forked from it run the same command.
        below = _descendants(crawling[0]) - _children(crawling[0])
        workers.update(pid for pid in below if "multiprocessing.forkserver" in _command(pid))
        return len(workers) >= 2 and max(map(_cpu_seconds, workers)) > 2.5

    crawling: list[int] = []
    with FaultServer() as server:
        registry = _registry(server, tmp_path, {f"/s/news/{n}": _HEAVY for n in range(8)})
        crawl(
            registry,
            tmp_path / "corpus.db",
            tmp_path / "report.json",
            {"TWINCRAWL_PROCESS_WORKERS": "2", "TWINCRAWL_PROCESS_TIMEOUT": "60"},
            stop=busy,
            stop_signal=signal.SIGKILL,
            on_start=crawling.append,
        )
        killed = time.monotonic()
        while any(map(_alive, workers)) and time.monotonic() - killed < 5:
            time.sleep(0.02)
        gone_after = time.monotonic() - killed
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    record("S2", "SIGKILL while workers process", f"{len(workers)} workers gone after {gone_after:.2f} s",
           "ok" if gone_after < 1 and not left else "FAIL")  # fmt: skip
    assert len(workers) >= 2
    assert not left
    assert gone_after < 1


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
