"""``twincrawl bench query``: researcher queries against an embedded store of generated articles.

Builds a SQLite store of ``--articles`` made-up articles (Russian and English text, cities with a skewed
popularity, twin pairs, dates over 25 years), kept in a cache folder and reused, then times each kind of query
(city, pair, date range, text, combined) with the result limit the ``query`` command shows by default, and
prints p50 / p95 milliseconds per kind. A last row times the crawl's near-duplicate look-up in the same store
(:meth:`DuplicateIndex.stored_original`, half of the texts near copies of stored ones, half new), whose cost
must stay flat as the store grows.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs

from twincrawl.bench.site.pages import sentence, twinning_sentence
from twincrawl.dedup import DuplicateIndex, fingerprints
from twincrawl.items import Article, Place, Relevance, article_id
from twincrawl.store import Query
from twincrawl.store.sqlite import SqliteStore

#: Results per query: what ``twincrawl query`` prints by default.
LIMIT = 50
#: The p95 the store should stay under at 100,000 articles.
TARGET_P95_MS = 50.0
_BATCH = 2000
_CITIES = 400
_COUNTRIES = ("RU", "GB", "DE", "CZ", "FR", "US", "CN", "IT", "PL", "UA", "BY", "KZ")
_TEXT_WORDS = ("фестиваль", "музей", "побратимами", "бюджет", "делегация", "festival", "twin", "budget",
               "delegation", "library", "школы", "tournament")  # fmt: skip
#: Bump when the generated corpus changes, so an old cached store is not reused.
_CORPUS_VERSION = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--articles``, ``--repeat``, ``--cache``, ``--rebuild`` and ``--seed``."""
    parser.add_argument("--articles", type=int, default=100_000, metavar="N", help="size of the store (100,000)")
    parser.add_argument("--repeat", type=int, default=40, help="queries timed per kind (default 40)")
    parser.add_argument("--cache", type=Path, default=_default_cache(), help="where the built store is kept")
    parser.add_argument("--rebuild", action="store_true", help="build the store again even if it is cached")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated corpus (default 1)")


def store_path(cache: Path, articles: int, seed: int) -> Path:
    """Where the generated store of ``articles`` articles is kept (its name changes with the corpus)."""
    return cache / f"bench-query-{articles}-seed{seed}-v{_CORPUS_VERSION}.db"


def _default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "twincrawl"


def run(args: argparse.Namespace) -> int:
    """Build or reuse the store, time every kind of query, print the table (slow timings never fail)."""
    if args.articles < 1 or args.repeat < 1:
        raise SystemExit("--articles and --repeat must be positive")
    path = store_path(args.cache, args.articles, args.seed)
    built = build_store(path, args.articles, args.seed, args.rebuild)
    store = SqliteStore(f"sqlite:///{path}")
    try:
        rng = random.Random(args.seed + 1)
        print(f"twincrawl bench query: {args.articles} articles in {path} ({built}), {args.repeat} queries "
              f"per kind, limit {LIMIT}, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        # CPU time beside wall time: on a shared machine the wall clock also counts other processes' turns.
        print(f"{'query':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p95 ms':>10} {'results p50':>12}")
        worst = 0.0
        for kind, make in _KINDS.items():
            times, cpu_times, counts = [], [], []
            for _ in range(args.repeat):
                query = make(rng)
                started, cpu = time.perf_counter(), time.process_time()
                counts.append(sum(1 for _ in store.query(query)))
                times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.process_time() - cpu) * 1000)
            p95 = _percentile(times, 95)
            worst = max(worst, p95)
            print(f"{kind:<10} {_percentile(times, 50):>8.1f} {p95:>8.1f} {max(times):>8.1f} "
                  f"{_percentile(cpu_times, 95):>10.1f} {statistics.median(counts):>12.0f}")  # fmt: skip
        _time_duplicates(store, args.articles, args.repeat, rng)
        print(f"worst p95 of the queries: {worst:.1f} ms (target <= {TARGET_P95_MS:.0f} ms at 100,000 articles)")
    finally:
        store.close()
    return 0


def _time_duplicates(store: SqliteStore, count: int, repeat: int, rng: random.Random) -> None:
    """Time the near-duplicate look-up for ``repeat`` texts, every other one a stored article with one word
    changed (which it must find), the others new; print the row with how many copies were found."""
    index = DuplicateIndex()
    fresh = generate_articles(repeat, seed=rng.randrange(1_000_000) + 1_000_000)
    times, cpu_times, found, copies = [], [], 0, 0
    for number in range(repeat):
        if number % 2:
            article = next(fresh)
        else:
            copies += 1
            stored = store.get(article_id(_url(rng.randrange(count))))
            assert stored is not None, "the bench store lacks one of its generated articles"
            article = _near_copy(stored)
        started, cpu = time.perf_counter(), time.process_time()
        original = index.stored_original(store, article)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
        found += number % 2 == 0 and original is not None
    print(f"{'duplicate':<10} {_percentile(times, 50):>8.1f} {_percentile(times, 95):>8.1f} {max(times):>8.1f} "
          f"{_percentile(cpu_times, 95):>10.1f} {f'{found}/{copies} found':>12}")  # fmt: skip


def _near_copy(article: Article) -> Article:
    """``article`` republished elsewhere with its last word changed: a new id, a near SimHash."""
    text = article.text.rsplit(" ", 1)[0] + " (republished)"
    content, near = fingerprints(article.title, text)
    url = article.url.replace("https://", "https://copy.", 1)
    return attrs.evolve(article, id=article_id(url), url=url, canonical_url=url, text=text, content_hash=content,
                        simhash=near)  # fmt: skip


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


# -- the corpus --------------------------------------------------------------------------------------------
def _city(index: int) -> Place:
    return Place(name=f"City {index}", geonameid=100_000 + index, country=_COUNTRIES[index % len(_COUNTRIES)])


def _popular_city(rng: random.Random) -> int:
    """A city index drawn with a skew: the first is in about a fifth of the articles, most cities in few."""
    return min(int((rng.paretovariate(1.0) - 1) * 10), _CITIES - 1)


def generate_articles(count: int, seed: int) -> Iterator[Article]:
    """``count`` made-up articles; the same seed gives the same articles."""
    rng = random.Random(seed)
    newest = datetime(2024, 12, 31, tzinfo=UTC)
    for number in range(count):
        language = "ru" if rng.random() < 0.6 else "en"
        twinning = rng.random() < 0.2
        sentences = [sentence(language, rng) for _ in range(rng.randint(6, 14))]
        if twinning:
            sentences.insert(rng.randrange(len(sentences)), twinning_sentence(language, rng)[0])
        cities = sorted({_popular_city(rng) for _ in range(rng.randint(1, 4))})
        places = [_city(index) for index in cities]
        pairs = [sorted(pair) for pair in [(places[0].geonameid, places[-1].geonameid)] if twinning and len(places) > 1]
        published = newest - timedelta(minutes=rng.randrange(25 * 365 * 24 * 60))
        title = sentence(language, rng).rstrip(".")
        text = "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
        content, near = fingerprints(title, text)
        url = _url(number)
        yield Article(
            id=article_id(url), url=url, canonical_url=url, source=f"bench-{number % 20}", title=title,
            text=text, language=language, published=published.isoformat() if rng.random() > 0.03 else None,
            fetched_at=newest.isoformat(),
            relevance=Relevance(score=0.9 if twinning else 0.1, is_twinning=twinning),
            places=places, pairs=pairs, content_hash=content, simhash=near,
        )  # fmt: skip


def _url(number: int) -> str:
    return f"https://news{number % 20}.example/{number}"


def build_store(path: Path, count: int, seed: int, rebuild: bool) -> str:
    """Make sure the store at ``path`` holds the generated corpus; says whether it was built or reused."""
    if path.exists() and not rebuild:
        store = SqliteStore(f"sqlite:///{path}")
        try:
            if store.count() == count:
                return "reused"
        finally:
            store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    store = SqliteStore(f"sqlite:///{path}")
    try:
        batch: list[Article] = []
        for article in generate_articles(count, seed):
            batch.append(article)
            if len(batch) >= _BATCH:
                store.upsert(batch)
                batch = []
        store.upsert(batch)
    finally:
        store.close()
    return f"built in {time.perf_counter() - started:.0f} s"


# -- the queries -------------------------------------------------------------------------------------------
def _span(rng: random.Random, days: int) -> tuple[date, date]:
    since = date(2000, 1, 1) + timedelta(days=rng.randrange(25 * 365 - days))
    return since, since + timedelta(days=days)


def _pair(rng: random.Random) -> tuple[int, int]:
    first, second = _popular_city(rng), _popular_city(rng)
    return _city(first).geonameid, _city(second if second != first else first + 1).geonameid


def _combined(rng: random.Random) -> Query:
    since, until = _span(rng, 3 * 365)
    return Query(city=_city(_popular_city(rng)).geonameid, since=since, until=until,
                 language=rng.choice(("ru", "en")), text=rng.choice(_TEXT_WORDS), limit=LIMIT)  # fmt: skip


def _date_range(rng: random.Random) -> Query:
    since, until = _span(rng, 365)
    return Query(since=since, until=until, limit=LIMIT)


_KINDS: dict[str, Callable[[random.Random], Query]] = {
    "city": lambda rng: Query(city=_city(_popular_city(rng)).geonameid, limit=LIMIT),
    "pair": lambda rng: Query(pair=_pair(rng), limit=LIMIT),
    "dates": _date_range,
    "text": lambda rng: Query(text=" ".join(rng.sample(_TEXT_WORDS, rng.randint(1, 2))), limit=LIMIT),
    "combined": _combined,
}
