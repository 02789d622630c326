"""``twincrawl bench crawl``: the full crawl against a bare Scrapy spider, a naive one and trafilatura alone.

A site of ``--pages`` articles is served on 127.0.0.1: generated (:mod:`twincrawl.bench.site.pages`), or with
``--pages-from DIR`` made of the real pages of a bench set (``DIR/pages/<id>.html.gz``, or every set in ``DIR``).
On the same pages and in the same run, each in its own process: the full pipeline (``twincrawl crawl``), a spider that
only downloads (the engine's ceiling), a spider that calls ``trafilatura.extract`` in its callback; then
``trafilatura.extract`` alone over the same HTML in this process. Figures: pages/s (wall clock, process start
included), CPU seconds per page (the process and its children), peak memory (the process tree's
proportional set sizes, summed).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import attrs
import trafilatura

import spiders.bench as baseline_spiders
import twincrawl
from spiders.run import crawl_settings
from twincrawl.bench.site.pages import SOURCE_KEY, SiteServer, read_real_pages, registry_yaml
from twincrawl.runs import tree_pss_bytes
from twincrawl.store import Query, open_store

ROWS = {
    "full": "full pipeline",
    "bare": "bare scrapy (download only)",
    "naive": "naive scrapy + trafilatura",
    "extract": "trafilatura.extract alone",
}
_ARTICLE_RE = r"/news/\d+\.html$"
_LISTING_RE = r"/news/\?page=\d+$"
#: How often the process tree's memory is sampled.
_MEMORY_INTERVAL = 0.1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--pages``, ``--pages-from``, ``--store``, ``--concurrency``, ``--workers``, ``--runs``, ``--seed``,
    ``--extraction`` and ``--work``."""
    parser.add_argument("--pages", type=int, default=2000, metavar="N", help="article pages of the site (default 2000)")
    parser.add_argument("--pages-from", type=Path, metavar="DIR",
                        help="article pages made of the real pages DIR/pages/<id>.html.gz (or those of every set "
                             "folder in DIR), used again with a paragraph of their own when N is larger")  # fmt: skip
    parser.add_argument("--store", metavar="URI", help="store for the full pipeline (default: a temporary SQLite file)")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent requests of every spider (default 32)")
    parser.add_argument("--workers", type=int, help="processing workers of the full pipeline (default: one per CPU)")
    parser.add_argument("--runs", default=",".join(ROWS), help=f"which rows to measure (default {','.join(ROWS)})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated site (default 1)")
    parser.add_argument("--extraction", choices=("accurate", "fast"), default="accurate",
                        help="TWINCRAWL_EXTRACTION_MODE of the full pipeline (default accurate)")  # fmt: skip
    parser.add_argument("--work", type=Path, help="keep the runs' files (registry, store, logs) in this folder")


class NothingFetched(Exception):
    """A run ended without fetching a single article page."""


@attrs.define(kw_only=True)
class Rates:
    """Pages fetched in some seconds, with the CPU they took; a benchmark row's rates."""

    pages: int
    seconds: float
    cpu_seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_page(self) -> float:
        return self.cpu_seconds / self.pages if self.pages else 0.0


@attrs.define(kw_only=True)
class Row(Rates):
    """One measured run."""

    label: str
    peak_memory: int | None = None
    """Bytes; None when not measured."""
    articles: int = 0
    """Articles out: stored (full pipeline) or extractions of at least ``TWINCRAWL_MIN_TEXT_CHARS``."""
    processing_cpu_seconds: float | None = None
    """Of ``cpu_seconds``, the time processing pages took (the full pipeline's run report)."""


def run(args: argparse.Namespace) -> int:
    """Serve the site, measure the selected runs, print the table and the checks."""
    runs = [name.strip() for name in args.runs.split(",") if name.strip()]
    unknown = sorted(set(runs) - set(ROWS))
    if unknown or args.pages < 1:
        raise SystemExit(f"--runs takes {','.join(ROWS)} (got {','.join(unknown)}); --pages must be positive")
    try:
        real_pages = read_real_pages(args.pages_from) if args.pages_from else None
    except (OSError, ValueError) as error:
        raise SystemExit(f"--pages-from {args.pages_from}: {error}") from None
    load = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory(prefix="twincrawl-bench-") as folder,
        SiteServer(args.pages, args.seed, real_pages) as server,
    ):
        work = args.work or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        rows: dict[str, Row] = {}
        failed: list[str] = []
        for name in runs:
            measure = _RUNNERS[name]
            try:
                rows[name] = measure(server, work, args)
            except subprocess.CalledProcessError as error:
                failed.append(f"{ROWS[name]}: exit code {error.returncode}\n{(error.stderr or '')[-2000:]}")
            except NothingFetched as error:
                failed.append(f"{ROWS[name]}: {error}")
    workers = args.workers or crawl_settings({}).getint("TWINCRAWL_PROCESS_WORKERS")
    made_of = f"made of the {len(real_pages)} real pages of {args.pages_from}" if real_pages else "generated"
    print(f"twincrawl bench crawl: {args.pages} article pages ({made_of}), concurrency {args.concurrency}, "
          f"{os.cpu_count()} CPUs, {workers} processing workers, "
          f"load average {load:.1f} at start")  # fmt: skip
    print(_table(rows))
    _print_checks(rows)
    for message in failed:
        print(f"FAILED {message}", file=sys.stderr)
    same = "full" not in rows or "naive" not in rows or rows["full"].articles == rows["naive"].articles
    return 0 if same and not failed else 1


def _table(rows: dict[str, Row]) -> str:
    lines = [
        f"{'run':<30} {'pages':>7} {'articles':>8} {'seconds':>8} {'pages/s':>8} {'CPU s/page':>10} {'peak PSS MB':>11}"
    ]
    for row in rows.values():
        memory = f"{row.peak_memory / 2**20:.0f}" if row.peak_memory is not None else "-"
        lines.append(f"{row.label:<30} {row.pages:>7} {row.articles:>8} {row.seconds:>8.1f} "
                     f"{row.pages_per_second:>8.1f} {row.cpu_per_page:>10.4f} {memory:>11}")  # fmt: skip
    return "\n".join(lines)


def _print_checks(rows: dict[str, Row]) -> None:
    full, bare, naive, alone = (rows.get(name) for name in ROWS)
    if full and naive:
        ratio = full.pages_per_second / naive.pages_per_second if naive.pages_per_second else 0.0
        print(f"full pipeline / naive spider pages/s: {ratio:.2f}x (target >= 1.5)")
    if full and bare and alone and alone.cpu_per_page:
        processing = full.cpu_per_page - bare.cpu_per_page
        print(f"processing CPU per page (full - bare): {processing * 1000:.1f} ms = "
              f"{processing / alone.cpu_per_page:.2f}x trafilatura.extract alone "
              "(target <= 1.3)")  # fmt: skip
    if full and full.processing_cpu_seconds and alone and alone.cpu_per_page:
        pages = full.processing_cpu_seconds / full.pages
        print(f"  of which processing the pages (in the workers): {pages * 1000:.1f} ms = "
              f"{pages / alone.cpu_per_page:.2f}x; the rest is the crawl's own process beyond a bare spider's "
              "(item pipelines, hand-off to the workers, store, raw pages) and the workers' start")  # fmt: skip
    if full and naive:
        verdict = "yes" if full.articles == naive.articles else "NO"
        print(f"same articles out: {verdict} (full pipeline stored {full.articles}, "
              f"naive spider extracted {naive.articles})")  # fmt: skip


def _run_full(server: SiteServer, work: Path, args: argparse.Namespace) -> Row:
    registry = work / "sources.yaml"
    registry.write_text(registry_yaml(server.base_url, args.pages), encoding="utf-8")
    uri = args.store or f"sqlite:///{work / 'corpus.db'}"
    report = work / "report.json"
    # A fresh state and no per-pattern cap: every run fetches all the site's pages.
    overrides = {**scrapy_settings(args.concurrency), "TWINCRAWL_STATE_DIR": str(work / "state"),
                 "TWINCRAWL_MAX_PAGES_PER_PATTERN": 0, "TWINCRAWL_EXTRACTION_MODE": args.extraction}  # fmt: skip
    command = [sys.executable, "-m", "twincrawl", "crawl", "--sources-file", str(registry), "--store", uri,
               "--report", str(report), "--log-file", str(work / "crawl.log")]  # fmt: skip
    for name, value in overrides.items():
        command += ["--set", f"{name}={value}"]
    env = child_environment()
    if args.workers is not None:
        env["TWINCRAWL_PROCESS_WORKERS"] = str(args.workers)
    row = _measure(ROWS["full"], command, work, env)
    ran = json.loads(report.read_text(encoding="utf-8"))
    row.pages = int(ran["sources"].get(SOURCE_KEY, {}).get("pages_fetched", 0))
    row.processing_cpu_seconds = ran["crawl"].get("processing/cpu_ms", 0) / 1000
    if not row.pages:
        raise NothingFetched("no article page fetched; see the crawl log (run again with --work DIR to keep it)")
    store = open_store(uri)
    try:
        row.articles = store.count(Query(source=SOURCE_KEY))
    finally:
        store.close()
    return row


def _run_baseline(kind: str) -> Callable[[SiteServer, Path, argparse.Namespace], Row]:
    def measure(server: SiteServer, work: Path, args: argparse.Namespace) -> Row:
        counts = work / f"{kind}.json"
        settings = {**scrapy_settings(args.concurrency), "TWINCRAWL_MIN_TEXT_CHARS": _min_text_chars()}
        command = [sys.executable, "-m", baseline_spiders.__name__, kind, f"{server.base_url}/news/", _ARTICLE_RE,
                   _LISTING_RE, json.dumps(settings), str(counts)]  # fmt: skip
        row = _measure(ROWS[kind], command, work, child_environment())
        found = json.loads(counts.read_text(encoding="utf-8"))
        row.pages, row.articles = found["pages"], found["extracted"]
        return row

    return measure


def _run_extract(server: SiteServer, work: Path, args: argparse.Namespace) -> Row:
    # Each page is decoded just before its extraction (all of them decoded at once would hold gigabytes for
    # 20,000 pages); only the extraction calls are timed.
    seconds = cpu_seconds = 0.0
    extracted = 0
    min_chars = _min_text_chars()
    for story in server.site.stories:
        page = server.site.resources[story.path]
        html = page.body.decode(page.content_type.rpartition("charset=")[2])
        started, cpu = time.perf_counter(), time.process_time()
        found = trafilatura.extract(html, url=server.base_url + story.path)
        seconds += time.perf_counter() - started
        cpu_seconds += time.process_time() - cpu
        extracted += len(found or "") >= min_chars
    return Row(label=ROWS["extract"], pages=len(server.site.stories), articles=extracted, seconds=seconds,
               cpu_seconds=cpu_seconds)  # fmt: skip


_RUNNERS: dict[str, Callable[[SiteServer, Path, argparse.Namespace], Row]] = {
    "full": _run_full,
    "bare": _run_baseline("bare"),
    "naive": _run_baseline("naive"),
    "extract": _run_extract,
}


def _min_text_chars() -> int:
    """The full pipeline's shortest article text: the baselines count an extraction as an article by it too."""
    return crawl_settings({}).getint("TWINCRAWL_MIN_TEXT_CHARS")


def scrapy_settings(concurrency: int) -> dict[str, object]:
    """As fast as the site allows, robots.txt still obeyed."""
    return {
        "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False,
    }  # fmt: skip


def child_environment() -> dict[str, str]:
    """This environment, with the folder this bench's own packages come from first on ``PYTHONPATH``: the runs
    start in the work folder, where ``python -m`` would otherwise import the installed copy, not the code of a
    checkout (a second working tree) the bench was started from."""
    root = str(Path(twincrawl.__file__).resolve().parents[1])
    inherited = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([root, inherited]) if inherited else root}


def _measure(label: str, command: list[str], cwd: Path, env: dict[str, str]) -> Row:
    """Run a command; wall time, CPU of it and its children, and the peak summed PSS of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = _PeakMemory(process.pid)
    peak.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):  # 1: the crawl finished with some failed requests, still measured
        raise subprocess.CalledProcessError(process.returncode, command, stdout, stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Row(label=label, pages=0, seconds=seconds, cpu_seconds=cpu, peak_memory=peak.peak or None)


class _PeakMemory(threading.Thread):
    """Samples the summed proportional set sizes of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(_MEMORY_INTERVAL):
            self.peak = max(self.peak, tree_pss_bytes(self.pid))

    def stop(self) -> None:
        self._done.set()
        self.join()
