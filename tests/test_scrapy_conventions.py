"""What a Scrapy user expects: ``scrapy crawl news`` with ``-a sources=`` and ``-a max_pages=`` and a UTF-8 feed,
a misspelt ``--set`` name refused with the nearest one, and no network-facing extension (RemoteControl runs
Python sent to it over HTTP; the telnet console) unless a deployment turns it on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from spiders.run import crawl_settings
from tests.fixtures.cli import REPO, run_twincrawl


def test_scrapy_crawl_takes_spider_arguments_and_writes_a_utf8_feed(replica_registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "sources=replica-vestnik", "-a", "max_pages=1",
         "-O", str(out), "-s", f"TWINCRAWL_SOURCES_FILES={replica_registry}",
         "-s", f"TWINCRAWL_STORE_URI=sqlite:///{tmp_path / 'corpus.db'}", "-s", f"TWINCRAWL_STATE_DIR={tmp_path}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    [record] = [json.loads(line) for line in text.splitlines()]
    assert record["source"] == "replica-vestnik"
    assert "\\u04" not in text and any("а" <= letter <= "я" for letter in record["title"].lower())
    extensions = done.stderr.split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "CoreStats" in extensions
    assert "RemoteControl" not in extensions and "TelnetConsole" not in extensions


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
