"""``twincrawl bench distributed``: throughput of 1, 2, ... ``twincrawl worker`` processes on one Redis frontier.

The generated site of ``twincrawl bench crawl`` (:mod:`twincrawl.bench.site.pages`) is served on 127.0.0.1 and a
redis-server of the bench's own runs on a free loopback port (or ``--frontier`` names one). For each worker
count: a fresh run name on the frontier and a fresh SQLite store, ``twincrawl seed``, then that many
``twincrawl worker`` processes started at once, each ending by itself after ``--idle-timeout`` seconds of
nothing to do. The run's report is summed over its workers as ``twincrawl report`` sums it.

Fairness on a small machine: the processing pool (``TWINCRAWL_PROCESS_WORKERS``) of each worker is the CPU
count divided by the worker count, at least 1, so every row has as many processing processes as CPUs (on 2
cores: 1 worker with a pool of 2, 2 workers with a pool of 1 each). Every worker has the same
``--concurrency``; requests are not spaced (``TWINCRAWL_DOMAIN_DELAY=0``), robots.txt is obeyed.

Figures: seconds from starting the workers to the last article stored (the store is polled every
:data:`_POLL` seconds), so the idle wait before the workers stop is not counted (it is printed apart); pages/s
and the speed-up over the first row on those seconds; CPU seconds per page of the workers and their pools,
idle wait included (redis-server and the site server excluded).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from twincrawl.bench.crawl import Rates, scrapy_settings
from twincrawl.bench.site.pages import SOURCE_KEY, SiteServer, listing_count, registry_yaml
from twincrawl.runs import RunReport, SourceReport
from twincrawl.store import Query, Store, open_store

#: Seconds between two counts of the stored articles while the workers run.
_POLL = 0.1
#: The counter of article pages fetched, as the workers save it.
_PAGES_FETCHED = f"twincrawl/{SOURCE_KEY}/pages_fetched"
#: Seconds without a new article stored after which the bench stops the workers (a stalled crawl).
_STOP_TIMEOUT = 120.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--pages``, ``--workers``, ``--frontier``, ``--concurrency``, ``--idle-timeout``, ``--seed``,
    ``--extraction`` and ``--work``."""
    parser.add_argument("--pages", type=int, default=2000, metavar="N", help="article pages of the site (default 2000)")
    parser.add_argument("--workers", default="1,2", metavar="COUNTS",
                        help="worker counts to measure, the first is the baseline (default 1,2)")  # fmt: skip
    parser.add_argument("--frontier", metavar="URI",
                        help="Redis to use, e.g. redis://127.0.0.1:6379/0 (default: start a redis-server); "
                             "only the bench's own run keys are written and deleted")  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent requests of each worker (default 32)")
    parser.add_argument("--idle-timeout", type=float, default=1.0, metavar="SECONDS",
                        help="the workers' --idle-timeout (default 1; not counted in the time)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated site (default 1)")
    parser.add_argument("--extraction", choices=("accurate", "fast"), default="accurate",
                        help="TWINCRAWL_EXTRACTION_MODE of the workers (default accurate)")  # fmt: skip
    parser.add_argument("--work", type=Path, help="keep the runs' files (registry, stores, worker logs) in this folder")


@attrs.define(kw_only=True)
class Row(Rates):
    """One measured worker count: ``seconds`` from starting the workers to the last article stored, ``pages`` the
    site's article pages fetched (``source.pages_fetched``)."""

    workers: int
    pool: int
    """Processing processes of each worker."""
    idle_seconds: float
    """From the last article stored to the last worker's exit (not in ``seconds``)."""
    source: SourceReport
    """The run's report of the site, summed over its workers."""
    reporting_workers: int
    """Workers whose counters are in the report."""
    pages_by_worker: list[int]
    """Article pages each worker fetched."""
    stored: int
    """Articles in the store."""


@attrs.frozen(kw_only=True)
class Expected:
    """What a complete crawl of the site fetches and stores."""

    articles: int
    listings: int

    @classmethod
    def of(cls, server: SiteServer) -> Expected:
        articles = len(server.site.stories)
        return cls(articles=articles, listings=listing_count(articles))


class RedisServer:
    """A redis-server of the bench's own on a free loopback port, without persistence. A context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServer:
        import redis  # the redis extra, needed only once the bench runs

        executable = shutil.which("redis-server")
        if executable is None:
            raise SystemExit("twincrawl bench distributed: redis-server is not installed "
                             "(apt-get install redis-server), or give --frontier redis://HOST:PORT/DB")  # fmt: skip
        self.folder.mkdir(parents=True, exist_ok=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        log = self.folder / "redis.log"
        self._process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--logfile", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                with redis.Redis.from_url(self.uri, socket_connect_timeout=0.5) as client:
                    client.ping()
                return self
            except redis.RedisError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    raise SystemExit(f"redis-server did not start on port {self.port}: {tail}") from None
                time.sleep(0.05)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def run(args: argparse.Namespace) -> int:
    """Serve the site, measure each worker count, print the table and the checks."""
    counts = _worker_counts(args.workers)
    if args.pages < 1 or args.concurrency < 1 or args.idle_timeout < 0:
        raise SystemExit("--pages and --concurrency must be positive, --idle-timeout 0 or more")
    load = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    with (
        tempfile.TemporaryDirectory(prefix="twincrawl-bench-") as folder,
        SiteServer(args.pages, args.seed) as server,
        ExitStack() as stack,
    ):
        work = args.work or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        frontier = args.frontier or stack.enter_context(RedisServer(work / "redis")).uri
        registry = work / "sources.yaml"
        registry.write_text(registry_yaml(server.base_url, args.pages), encoding="utf-8")
        expected = Expected.of(server)
        rows = [
            _measure(count, pool=max(1, cpus // count), frontier=frontier, registry=registry, work=work, args=args)
            for count in counts
        ]
    print(f"twincrawl bench distributed: {args.pages} article pages ({expected.articles} articles, "
          f"{expected.listings} listings, 1 feed), {cpus} CPUs, concurrency {args.concurrency} per worker, "
          f"processing pool per worker = {cpus} CPUs / workers (at least 1), "
          f"load average {load:.1f} at start")  # fmt: skip
    print(_table(rows))
    print(f"seconds: from starting the workers (process start included) to the last article stored; "
          f"speed-up: pages/s over the {_workers(rows[0].workers)} row; not counted: the wait from the last "
          f"article stored to the last worker's exit (--idle-timeout {args.idle_timeout:g} s, Scrapy's idle "
          "checks, shutdown): "
          + ", ".join(f"{row.idle_seconds:.1f} s with {_workers(row.workers)}" for row in rows))  # fmt: skip
    complete = [_check(row, expected) for row in rows]
    return 0 if all(complete) else 1


def _worker_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise SystemExit(f"--workers {text!r}: give worker counts separated by commas, e.g. 1,2")
    return counts


def _measure(count: int, *, pool: int, frontier: str, registry: Path, work: Path, args: argparse.Namespace) -> Row:
    """Seed a fresh run, start ``count`` workers at once, wait for them all, and read the run's report."""
    folder = work / f"{count}-workers"
    folder.mkdir(parents=True, exist_ok=True)
    run_name = f"bench-distributed-{os.getpid()}-{count}"
    uri = f"sqlite:///{folder / 'corpus.db'}"
    common = ["--frontier", frontier, "--run", run_name, "--sources-file", str(registry)]
    overrides = {**scrapy_settings(args.concurrency), "TWINCRAWL_DOMAIN_DELAY": 0,
                 "TWINCRAWL_MAX_PAGES_PER_PATTERN": 0, "TWINCRAWL_STATE_DIR": str(folder / "state"),
                 "TWINCRAWL_EXTRACTION_MODE": args.extraction, "TWINCRAWL_PROCESS_WORKERS": pool}  # fmt: skip
    settings = [argument for name, value in overrides.items() for argument in ("--set", f"{name}={value}")]
    _twincrawl("seed", *common, *settings)
    store = open_store(uri)  # the schema exists before the clock starts
    try:
        rusage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        worker = [*common, "--store", uri, "--idle-timeout", str(args.idle_timeout), "--quiet", *settings]
        workers = [
            _twincrawl_process(
                "worker",
                *worker,
                "--name",
                _worker_name(number),
                "--log-file",
                str(folder / f"{_worker_name(number)}.log"),
            )
            for number in range(count)
        ]
        last_stored = _wait(workers, store)
        ended = time.perf_counter()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        stored = store.count(Query(source=SOURCE_KEY))
    finally:
        store.close()
    stats, pages_by_worker = _take_run_stats(frontier, run_name, count)
    source = RunReport.from_stats(stats, uri, [SOURCE_KEY]).sources[SOURCE_KEY]
    return Row(
        workers=count, pool=pool, pages=source.pages_fetched, seconds=last_stored - started,
        idle_seconds=ended - last_stored,
        cpu_seconds=(after.ru_utime - rusage.ru_utime) + (after.ru_stime - rusage.ru_stime),
        source=source, reporting_workers=int(stats["workers"]), pages_by_worker=pages_by_worker, stored=stored,
    )  # fmt: skip


def _twincrawl_process(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "twincrawl", *arguments], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def _twincrawl(*arguments: str) -> None:
    """Run a twincrawl command to its end; exit with its error output if it fails."""
    process = _twincrawl_process(*arguments)
    _, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"twincrawl {arguments[0]} failed (exit code {process.returncode}):\n{stderr[-2000:]}")


def _wait(workers: list[subprocess.Popen[str]], store: Store) -> float:
    """Wait until every worker has exited (killing them if no article is stored for :data:`_STOP_TIMEOUT`
    seconds); the time the count of stored articles last grew."""
    stored, last_stored = 0, time.perf_counter()
    try:
        while any(worker.poll() is None for worker in workers):
            time.sleep(_POLL)
            now = time.perf_counter()
            if (current := store.count(Query(source=SOURCE_KEY))) != stored:
                stored, last_stored = current, now
            elif now - last_stored > _STOP_TIMEOUT:
                break
    finally:  # stalled, or the bench interrupted: no worker outlives it
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    # --quiet workers write only errors; the pipes hold them until read here.
    failures = [(worker.returncode, worker.communicate()[1]) for worker in workers if worker.wait() != 0]
    if failures:
        code, stderr = failures[0]
        raise SystemExit(f"{len(failures)} of {len(workers)} workers failed (exit code {code}; their logs are "
                         f"kept with --work DIR):\n{stderr[-2000:]}")  # fmt: skip
    return last_stored


def _take_run_stats(uri: str, run_name: str, workers: int) -> tuple[dict[str, Any], list[int]]:
    """The run's counters summed over its workers (as ``twincrawl report`` reads them) and the article pages of
    each worker; then the run's keys go."""
    from twincrawl.runs.frontier import Frontier, connect

    frontier = Frontier(connect(uri), run_name)
    stats = frontier.run_stats()
    pages = [
        int(frontier.client.hget(frontier.keys.stats(_worker_name(number)), _PAGES_FETCHED) or 0)
        for number in range(workers)
    ]
    keys = list(frontier.client.scan_iter(match=f"{frontier.keys.prefix}*", count=1000))
    for start in range(0, len(keys), 1000):
        frontier.client.delete(*keys[start : start + 1000])
    return stats, pages


def _table(rows: list[Row]) -> str:
    base = rows[0]
    lines = [
        f"{'workers':>7} {'pool':>4} {'pages':>7} {'articles':>8} {'seconds':>8} {'pages/s':>8} "
        f"{'speed-up':>8} {'CPU s/page':>10}"
    ]
    for row in rows:
        speed_up = row.pages_per_second / base.pages_per_second if base.pages_per_second else 0.0
        lines.append(f"{row.workers:>7} {row.pool:>4} {row.pages:>7} {row.stored:>8} {row.seconds:>8.1f} "
                     f"{row.pages_per_second:>8.1f} {speed_up:>7.2f}x {row.cpu_per_page:>10.4f}")  # fmt: skip
    return "\n".join(lines)


def _check(row: Row, expected: Expected) -> bool:
    """Print whether the run fetched every page once and stored every article once; return it."""
    source = row.source
    new = source.articles.get("new", 0)
    others = {
        **{f"articles {outcome}": count for outcome, count in source.articles.items() if outcome != "new"},
        **{f"dropped ({reason})": count for reason, count in source.dropped.items()},
        **{f"skipped ({reason})": count for reason, count in source.skipped.items()},
        **{f"failed ({reason})": count for reason, count in source.failures.items()},
    }
    complete = (
        (source.pages_fetched, source.listings_fetched, source.feeds_fetched, new, row.stored)
        == (expected.articles, expected.listings, 1, expected.articles, expected.articles)
        and not others
        and row.reporting_workers == row.workers
    )
    print(f"check, {_workers(row.workers)}: fetched {source.pages_fetched}/{expected.articles} article pages, "
          f"{source.listings_fetched}/{expected.listings} listings, {source.feeds_fetched}/1 feed "
          f"(article pages by worker: {'+'.join(map(str, row.pages_by_worker))}); "
          f"stored {new}/{expected.articles} new articles, {row.stored} in the store; other outcomes: "
          f"{', '.join(f'{what} {count}' for what, count in others.items()) or 'none'}; "
          f"{row.reporting_workers}/{row.workers} workers reported: "
          f"every page fetched once and every article stored once: {'yes' if complete else 'NO'}")  # fmt: skip
    return complete


def _worker_name(number: int) -> str:
    return f"worker-{number}"


def _workers(count: int) -> str:
    return f"{count} worker{'s' if count != 1 else ''}"
