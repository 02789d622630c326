"""Health a machine can read: the run report's top-level status (ok / partial / failed), a Prometheus textfile
with per-source figures (--metrics-file) and JSON log lines (--log-format json)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.cli import read_report, run_twincrawl

_FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "RETRY_TIMES=0")
#: A sample line of the Prometheus text format: name, optional labels, value.
_SAMPLE = re.compile(r'(twincrawl_[a-z_]+)(?:\{((?:[a-z]+="[^"]*",?)*)\})? (-?[0-9.e+]+)')


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dead_source(key: str) -> str:
    return f"""
  - key: {key}
    name: A news site that does not answer
    country: RU
    city: Volgograd
    languages: [ru]
    timezone: Europe/Volgograd
    start_urls: ['http://127.0.0.1:{_closed_port()}/news/']
    article_urls: ['/news/\\d+$']
    allow_addresses: ["127.0.0.1"]
"""


def _crawl(registry: Path, folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{folder / 'corpus.db'}",
                         "--report", folder / "report.json", *_FAST, *options)  # fmt: skip


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    samples = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert re.fullmatch(r"# (HELP|TYPE) twincrawl_[a-z_]+ .+", line), line
            continue
        match = _SAMPLE.fullmatch(line)
        assert match, line
        labels = tuple(re.findall(r'([a-z]+)="([^"]*)"', match.group(2) or ""))
        samples[match.group(1), labels] = float(match.group(3))
    return samples


@pytest.fixture(scope="module")
def healthy_run(replica_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("health")
    done = _crawl(replica_registry, folder, "--metrics-file", folder / "twincrawl.prom", "--log-format", "json",
                  "--verbose")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return folder, done.stdout + done.stderr


def test_a_clean_run_reports_ok_and_its_figures_as_prometheus_gauges(healthy_run: tuple[Path, str]) -> None:
    folder, _ = healthy_run
    report = read_report(folder / "report.json")
    assert report["status"] == "ok"
    samples = _samples((folder / "twincrawl.prom").read_text(encoding="utf-8"))
    assert samples["twincrawl_run_status", (("status", "ok"),)] == 1
    assert samples["twincrawl_run_status", (("status", "failed"),)] == 0
    assert samples["twincrawl_run_duration_seconds", ()] > 0
    for key, source in report["sources"].items():
        assert samples["twincrawl_pages_fetched", (("source", key),)] == source["pages_fetched"]
        assert samples["twincrawl_articles_new", (("source", key),)] == source["articles"].get("new", 0)
        assert samples["twincrawl_source_dried_up", (("source", key),)] == 0
    assert sum(value for (name, _), value in samples.items() if name == "twincrawl_robots_disallowed") == 1
    assert not [name for name, _ in samples if name == "twincrawl_failures"]
    assert not list(folder.glob(".*.tmp"))


def test_json_logs_are_one_object_a_line_the_summary_included(healthy_run: tuple[Path, str]) -> None:
    _, output = healthy_run
    lines = [json.loads(line) for line in output.splitlines()]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    assert any("Dumping Scrapy stats" in line["message"] for line in lines)  # --verbose, as JSON too
    [summary] = [line for line in lines if line["logger"] == "twincrawl"]
    assert summary["status"] == "ok" and summary["message"].startswith("twincrawl: 5 sources")


def test_a_dead_source_beside_live_ones_is_partial_and_alone_is_failed(replica_registry: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    partial.mkdir()
    mixed = partial / "sources.yaml"
    mixed.write_text(replica_registry.read_text(encoding="utf-8") + _dead_source("dead-news"), encoding="utf-8")
    done = _crawl(mixed, partial, "--metrics-file", partial / "twincrawl.prom")
    assert done.returncode == 1
    assert read_report(partial / "report.json")["status"] == "partial"
    samples = _samples((partial / "twincrawl.prom").read_text(encoding="utf-8"))
    assert samples["twincrawl_run_status", (("status", "partial"),)] == 1
    assert samples["twincrawl_source_unreachable", (("source", "dead-news"),)] == 1
    assert [labels for name, labels in samples if name == "twincrawl_failures"] == [
        (("source", "dead-news"), ("reason", "robots.txt unreadable: connection refused"))
    ]

    failed = tmp_path / "failed"
    failed.mkdir()
    alone = failed / "sources.yaml"
    alone.write_text("sources:" + _dead_source("dead-news"), encoding="utf-8")
    done = _crawl(alone, failed)
    assert done.returncode == 1
    assert read_report(failed / "report.json")["status"] == "failed"
