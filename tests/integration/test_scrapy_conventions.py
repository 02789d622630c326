"""What a Scrapy user expects: ``scrapy crawl news`` with ``-a sources=`` and ``-a max_pages=`` and a UTF-8 feed,
the run lock and run report of ``twincrawl crawl``, a misspelt ``--set`` name refused with the nearest one, and no
network-facing extension (RemoteControl runs Python sent to it over HTTP; the telnet console) unless a deployment
turns it on."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from spiders.run import crawl_settings
from tests.fixtures.cli import REPO, read_report, run_twincrawl
from twincrawl.runs import RunLock
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore


def _scrapy_crawl(registry: Path, folder: Path, out: Path, pages: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "sources=replica-vestnik", "-a", f"max_pages={pages}",
         "-O", str(out), "-s", f"TWINCRAWL_SOURCES_FILES={registry}",
         "-s", f"TWINCRAWL_STORE_URI=sqlite:///{folder / 'corpus.db'}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_scrapy_crawl_takes_spider_arguments_and_writes_a_utf8_feed(replica_registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = _scrapy_crawl(replica_registry, tmp_path, out, 1)
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    [record] = [json.loads(line) for line in text.splitlines()]
    assert record["source"] == "replica-vestnik"
    assert "\\u04" not in text and any("а" <= letter <= "я" for letter in record["title"].lower())
    extensions = done.stderr.split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "CoreStats" in extensions
    assert "RemoteControl" not in extensions and "TelnetConsole" not in extensions


def test_a_csv_feed_has_the_flat_columns_of_the_export(replica_registry: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    done = _scrapy_crawl(replica_registry, tmp_path, feed, 2)
    assert done.returncode == 0, done.stderr[-3000:]
    export = tmp_path / "export.csv"
    exported = run_twincrawl("export", "--store", f"sqlite:///{tmp_path / 'corpus.db'}", "--format", "csv",
                             "--out", export)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    with feed.open(encoding="utf-8", newline="") as fed, export.open(encoding="utf-8", newline="") as written:
        rows, expected = list(csv.DictReader(fed)), list(csv.DictReader(written))
    assert len(rows) == 2
    assert sorted(rows, key=lambda row: row["id"]) == sorted(expected, key=lambda row: row["id"])
    assert not any("Relevance(" in value or "Place(" in value for row in rows for value in row.values())


def test_scrapy_crawl_writes_the_run_report_where_twincrawl_crawl_does(replica_registry: Path, tmp_path: Path) -> None:
    done = _scrapy_crawl(replica_registry, tmp_path, tmp_path / "out.jsonl", 2)
    assert done.returncode == 0, done.stderr[-3000:]
    [path] = list((tmp_path / "corpus.state" / "reports").glob("*.json"))  # beside the SQLite store
    report = read_report(path)
    assert (report["status"], report["finish_reason"]) == ("ok", "finished")
    assert report["store"] == f"sqlite:///{tmp_path / 'corpus.db'}"
    source = report["sources"]["replica-vestnik"]
    assert source["pages_fetched"] == 2
    assert source["articles"] == {"new": 2}
    assert f"twincrawl: 1 sources, 2 pages, 2 new, 0 updated, 0 unchanged articles (run report: {path})" in done.stderr
    with RunLock(tmp_path / "corpus.state" / "crawl.lock"):  # released at the end
        pass


def test_scrapy_crawl_while_the_lock_is_held_refuses_in_one_line_and_exits_3(
    replica_registry: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    lock = tmp_path / "corpus.state" / "crawl.lock"  # the lock `twincrawl crawl` takes for this store
    with RunLock(lock):
        done = _scrapy_crawl(replica_registry, tmp_path, out, 2)
    assert done.returncode == 3, done.stderr[-3000:]
    [line] = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert f"another crawl holds the lock {lock} (pid " in line
    assert "Traceback" not in done.stderr
    assert "Spider opened" not in done.stderr
    assert not out.exists()
    assert not (tmp_path / "corpus.state" / "reports").exists()
    store = SqliteStore(f"sqlite:///{tmp_path / 'corpus.db'}")
    try:
        assert list(store.query(Query())) == []
    finally:
        store.close()


def test_network_facing_extensions_are_off_in_every_profile() -> None:
    for profile in ("settings.prod", "settings.distributed"):
        settings = crawl_settings({}, profile)
        assert not settings.getbool("REMOTE_CONTROL_ENABLED")
        assert not settings.getbool("TELNETCONSOLE_ENABLED")
        assert settings.get("FEED_EXPORT_ENCODING") == "utf-8"


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("DOWNLOAD_DELAYY=0", "--set DOWNLOAD_DELAYY: unknown setting (did you mean DOWNLOAD_DELAY?)"),
        ("TWINCRAWL_MAX_PAGEZ=1", "--set TWINCRAWL_MAX_PAGEZ: unknown setting (did you mean TWINCRAWL_MAX_PAGES?)"),
        ("TWINCRAWL_NOTHING=1", "--set TWINCRAWL_NOTHING: unknown setting (no twincrawl setting has that name)"),
    ],
)
def test_a_misspelt_setting_is_refused_in_one_line(tmp_path: Path, assignment: str, message: str) -> None:
    done = run_twincrawl("crawl", "--set", assignment, "--store", f"sqlite:///{tmp_path / 'corpus.db'}")
    assert done.returncode == 2
    assert done.stderr == f"twincrawl: error: {message}\n"


def test_a_setting_no_profile_names_is_passed_on(replica_registry: Path, tmp_path: Path) -> None:
    done = run_twincrawl("crawl", "--sources-file", replica_registry, "--source", "replica-vestnik",
                         "--store", f"sqlite:///{tmp_path / 'corpus.db'}", "--max-pages", "1", "--quiet",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "MY_EXTENSION_OPTION=1")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
