"""``twincrawl bench serve``: latency of the web page and the JSON API over the query bench's generated store.

Builds (or reuses) the store of ``twincrawl bench query``, serves it with uvicorn on a free loopback port in
this process, and times real HTTP requests: the search page (filters, facets, snippets) and the API (articles,
one article, facets), printing p50 / p95 milliseconds per kind.
"""

from __future__ import annotations

import argparse
import os
import random
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from twincrawl.bench import query as query_bench
from twincrawl.store import open_store

#: The p95 targets at 100,000 articles.
PAGE_TARGET_MS = 100.0
API_TARGET_MS = 50.0
_WORDS = ("побратимами", "фестиваль", "twin", "festival", "delegation", "музей")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The query bench's options (``--articles``, ``--repeat``, ``--cache``, ``--rebuild``, ``--seed``) and
    ``--cold``."""
    query_bench.add_arguments(parser)
    parser.add_argument(
        "--cold", action="store_true",
        help="time the first requests as they come (by default the store file is read once first, so that it is in"
        " the operating system's cache as on a server that has been running)",
    )  # fmt: skip


def _read_through(path: Path) -> None:
    """Read the file once, so that its pages are in the operating system's cache."""
    with path.open("rb") as file:
        while file.read(1 << 24):
            pass


def _city(rng: random.Random) -> str:
    return str(100_000 + min(int((rng.paretovariate(1.0) - 1) * 10), 399))


#: kind -> (page or API, how to make one request path from a random generator).
_KINDS: dict[str, tuple[str, Callable[[random.Random], str]]] = {
    "page all": ("page", lambda rng: "/"),
    "page city": ("page", lambda rng: f"/?city={_city(rng)}"),
    "page words": ("page", lambda rng: "/?" + urllib.parse.urlencode({"words": rng.choice(_WORDS)})),
    "page twin GB": ("page", lambda rng: "/?twinning=yes&country=GB&offset=20"),
    "api city": ("api", lambda rng: f"/api/articles?city={_city(rng)}"),
    "api words": ("api", lambda rng: "/api/articles?" + urllib.parse.urlencode({"words": rng.choice(_WORDS)})),
    "api dates": ("api", lambda rng: f"/api/articles?since={rng.randint(2000, 2023)}-01-01&until=2024-12-31"),
    "api facets": ("api", lambda rng: f"/api/facets?city={_city(rng)}"),
}


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> int:
    """Serve the bench store, time each kind of request, print the table (slow timings never fail)."""
    import uvicorn

    from twincrawl.web import create_app

    if args.articles < 1 or args.repeat < 1:
        raise SystemExit("--articles and --repeat must be positive")
    path = query_bench.store_path(args.cache, args.articles, args.seed)
    built = query_bench.build_store(path, args.articles, args.seed, args.rebuild)
    if not args.cold:
        _read_through(path)
    app = create_app(open_store(f"sqlite:///{path}", read_only=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    try:
        cache = "cold" if args.cold else "read into the page cache first"
        print(f"twincrawl bench serve: {args.articles} articles in {path} ({built}, {cache}), {args.repeat} requests"
              f" per kind, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        # CPU time of this process (server and client) beside wall time: on a shared machine the wall clock also
        # counts other processes' turns.
        print(f"{'request':<14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p95 ms':>10} {'target':>8}")
        rng = random.Random(args.seed + 2)
        worst = {"page": 0.0, "api": 0.0}
        for kind, (group, make) in _KINDS.items():
            times, cpu_times = [], []
            for _ in range(args.repeat):
                started, cpu = time.perf_counter(), time.process_time()
                with urllib.request.urlopen(base + make(rng)) as response:
                    response.read()
                times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.process_time() - cpu) * 1000)
            p95 = _percentile(times, 95)
            worst[group] = max(worst[group], p95)
            target = PAGE_TARGET_MS if group == "page" else API_TARGET_MS
            print(f"{kind:<14} {_percentile(times, 50):>8.1f} {p95:>8.1f} {max(times):>8.1f} "
                  f"{_percentile(cpu_times, 95):>10.1f} {target:>8.0f}")  # fmt: skip
        print(f"worst p95: search page {worst['page']:.1f} ms (target <= {PAGE_TARGET_MS:.0f}), "
              f"API {worst['api']:.1f} ms (target <= {API_TARGET_MS:.0f}) at {args.articles:,} articles")  # fmt: skip
    finally:
        server.should_exit = True
        thread.join(10)
    return 0
