"""The shared crawl frontier in Redis: queue, in-flight requests, workers, politeness and run stats.

Several ``twincrawl crawl --frontier`` workers (on one machine or many) share one frontier. A run's keys all
start with ``twincrawl:<run>:``:

- ``queue``: the requests to fetch (a sorted set scored by negated priority, as scrapy-redis keeps it);
- ``inflight:<worker>``: the requests a worker took and has not finished; a worker whose ``alive:<worker>``
  heartbeat expired is dead, and anyone may move its in-flight requests back into the queue;
- ``run-seen``, ``seen:<fingerprint>``: fingerprints of this run, and of articles across runs (expiring);
- ``polite:<domain>``: held for the per-domain delay by the worker that may fetch from that domain next;
- ``stats:<worker>``: each worker's crawl counters, summed into the run's report.

This module only speaks Redis (redis-py); the Scrapy side lives in ``spiders/scheduler/`` and
``spiders/extensions/frontier_worker.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import redis

#: Pops the best request and records it as in flight for the worker, in one step, so that a worker killed
#: right after the pop still leaves the request findable. The in-flight field is "<score>:<sha1 of data>".
_POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return nil end
redis.call('ZREM', KEYS[1], item[1])
redis.call('SADD', KEYS[3], ARGV[1])
local field = item[2] .. ':' .. redis.sha1hex(item[1])
redis.call('HSET', KEYS[2], field, item[1])
return {item[1], field}
"""

#: Moves a dead worker's in-flight requests back to the queue; does nothing if its heartbeat is back.
_REQUEUE = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local score = string.match(entries[i], '^([^:]+):')
  redis.call('ZADD', KEYS[1], tonumber(score) or 0, entries[i + 1])
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[4], ARGV[1])
return #entries / 2
"""

_TIME_STATS = ("start_time", "finish_time")


class FrontierError(Exception):
    """The frontier's Redis cannot be reached or its URI is wrong."""


def connect(uri: str) -> redis.Redis:
    """A client for ``redis://host:port/db``; raises FrontierError (saying what to check) if unreachable."""
    if not uri.startswith(("redis://", "rediss://", "unix://")):
        raise FrontierError(f"{uri!r} is not a Redis URI: use redis://host:port/db (e.g. redis://127.0.0.1:6379/0)")
    client = redis.Redis.from_url(uri, socket_connect_timeout=10, socket_timeout=30)
    try:
        client.ping()
    except redis.RedisError as error:
        raise FrontierError(f"cannot reach the frontier at {uri}: {error} (is redis-server running there?)") from error
    return client


@attrs.frozen(kw_only=True)
class FrontierKeys:
    """The Redis key names of one run."""

    run: str

    @property
    def prefix(self) -> str:
        return f"twincrawl:{self.run}"

    @property
    def queue(self) -> str:
        return f"{self.prefix}:queue"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    @property
    def run_seen(self) -> str:
        return f"{self.prefix}:run-seen"

    @property
    def seeding(self) -> str:
        return f"{self.prefix}:seeding"

    def inflight(self, worker: str) -> str:
        return f"{self.prefix}:inflight:{worker}"

    def alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    def seen(self, fingerprint: str) -> str:
        return f"{self.prefix}:seen:{fingerprint}"

    def polite(self, domain: str) -> str:
        return f"{self.prefix}:polite:{domain}"

    def stats(self, worker: str) -> str:
        return f"{self.prefix}:stats:{worker}"


@attrs.frozen(kw_only=True)
class FrontierStatus:
    """What the frontier holds right now."""

    queued: int
    in_flight: dict[str, int]
    """Requests taken and not finished, by worker."""
    alive: list[str]
    """Workers whose heartbeat is current."""


class Frontier:
    """One run's frontier in one Redis database."""

    def __init__(self, client: redis.Redis, run: str) -> None:
        self.client = client
        self.keys = FrontierKeys(run=run)
        self._pop = client.register_script(_POP)
        self._requeue = client.register_script(_REQUEUE)

    # -- the queue -------------------------------------------------------------------------------------------
    def push(self, data: bytes, score: float, *, worker: str | None = None, done: str | None = None) -> None:
        """Queue an encoded request; ``done`` (an in-flight field of ``worker``) is done in the same step."""
        pipe = self.client.pipeline()
        pipe.zadd(self.keys.queue, {data: score})
        if worker is not None and done is not None:
            pipe.hdel(self.keys.inflight(worker), done)
        pipe.execute()

    def pop(self, worker: str) -> tuple[bytes, str] | None:
        """Take the best queued request for ``worker``: its data and in-flight field (for :meth:`done`)."""
        result = self._pop(keys=[self.keys.queue, self.keys.inflight(worker), self.keys.workers], args=[worker])
        return (result[0], result[1].decode()) if result else None

    def done(self, worker: str, field: str) -> None:
        """The request is finished: its page is stored, or it failed for good, or it was queued again."""
        self.client.hdel(self.keys.inflight(worker), field)

    def queued(self) -> int:
        return int(self.client.zcard(self.keys.queue))

    # -- workers ---------------------------------------------------------------------------------------------
    def heartbeat(self, worker: str, lifetime: float) -> None:
        """Mark ``worker`` alive for ``lifetime`` seconds."""
        pipe = self.client.pipeline()
        pipe.sadd(self.keys.workers, worker)
        pipe.set(self.keys.alive(worker), str(time.time()), px=max(1, int(lifetime * 1000)))
        pipe.execute()

    def leave(self, worker: str, *, requeue: bool) -> int:
        """``worker`` stops: its unfinished requests go back to the queue (``requeue``) or are forgotten."""
        self.client.delete(self.keys.alive(worker))
        if requeue:
            return int(self._requeue(keys=self._requeue_keys(worker), args=[worker]))
        pipe = self.client.pipeline()
        pipe.delete(self.keys.inflight(worker))
        pipe.srem(self.keys.workers, worker)
        pipe.execute()
        return 0

    def requeue_dead(self) -> int:
        """Put the in-flight requests of every worker whose heartbeat expired back into the queue."""
        moved = 0
        for member in self.client.smembers(self.keys.workers):
            worker = _text(member)
            moved += int(self._requeue(keys=self._requeue_keys(worker), args=[worker]))
        return moved

    def _requeue_keys(self, worker: str) -> list[str]:
        return [self.keys.queue, self.keys.inflight(worker), self.keys.alive(worker), self.keys.workers]

    def status(self) -> FrontierStatus:
        workers = sorted(_text(member) for member in self.client.smembers(self.keys.workers))
        pipe = self.client.pipeline()
        for worker in workers:
            pipe.hlen(self.keys.inflight(worker))
            pipe.exists(self.keys.alive(worker))
        answers = pipe.execute()
        in_flight = {worker: int(answers[2 * i]) for i, worker in enumerate(workers)}
        alive = [worker for i, worker in enumerate(workers) if answers[2 * i + 1]]
        return FrontierStatus(queued=self.queued(), in_flight=in_flight, alive=alive)

    def busy_elsewhere(self, worker: str) -> bool:
        """Another live worker holds requests in flight (and may still discover new ones)."""
        status = self.status()
        return any(status.in_flight.get(other) for other in status.alive if other != worker)

    # -- fingerprints ----------------------------------------------------------------------------------------
    def first_in_run(self, fingerprint: str) -> bool:
        """Record a request's fingerprint for this run; False if it was recorded already."""
        return bool(self.client.sadd(self.keys.run_seen, fingerprint))

    def first_since(self, fingerprint: str, ttl: int) -> bool:
        """Record an article request's fingerprint across runs; False if it was recorded within the last
        ``ttl`` seconds (``ttl`` 0: ever)."""
        return bool(self.client.set(self.keys.seen(fingerprint), b"1", nx=True, ex=ttl or None))

    def forget_fingerprints(self) -> None:
        keys = list(self.client.scan_iter(match=self.keys.seen("*"), count=1000))
        for start in range(0, len(keys), 1000):
            self.client.delete(*keys[start : start + 1000])
        self.client.delete(self.keys.run_seen)

    # -- runs ------------------------------------------------------------------------------------------------
    def start_run(self) -> None:
        """A new run begins: pages may be fetched again (articles once their fingerprints expire), and the
        previous run's stats are dropped."""
        stale = list(self.client.scan_iter(match=self.keys.stats("*"), count=1000))
        self.client.delete(self.keys.run_seen, *stale)

    def claim_seeding(self, hold: float = 60.0) -> bool:
        """True for the one worker (of several starting at once) that should seed an empty frontier."""
        return bool(self.client.set(self.keys.seeding, b"1", nx=True, px=int(hold * 1000)))

    # -- politeness ------------------------------------------------------------------------------------------
    def reserve_domain(self, domain: str, delay: float, worker: str) -> float:
        """Take the next fetch slot of ``domain``: 0 if taken, else the seconds to wait before a retry."""
        key = self.keys.polite(domain)
        if self.client.set(key, worker, nx=True, px=max(1, int(delay * 1000))):
            return 0.0
        remaining = int(self.client.pttl(key))
        return max(remaining, 1) / 1000

    # -- stats -----------------------------------------------------------------------------------------------
    def save_stats(self, worker: str, stats: Mapping[str, Any]) -> None:
        """Store a worker's counters (and its start and finish times) under its name, replacing older ones."""
        values: dict[Any, int | str] = {
            name: value for name, value in stats.items() if isinstance(value, int) and not isinstance(value, bool)
        }
        for name in (*_TIME_STATS, "finish_reason"):
            value = stats.get(name)
            if isinstance(value, datetime):
                values[name] = value.isoformat()
            elif isinstance(value, str):
                values[name] = value
        key = self.keys.stats(worker)
        pipe = self.client.pipeline()
        pipe.delete(key)
        if values:
            pipe.hset(key, mapping=values)
        pipe.execute()

    def run_stats(self) -> dict[str, Any]:
        """Every worker's counters summed; the earliest start, the latest finish, the finish reasons."""
        total: dict[str, Any] = {}
        reasons: set[str] = set()
        starts: list[datetime] = []
        finishes: list[datetime] = []
        for key in self.client.scan_iter(match=self.keys.stats("*"), count=1000):
            for raw_name, raw_value in self.client.hgetall(key).items():
                name, value = _text(raw_name), _text(raw_value)
                if name in _TIME_STATS:
                    (starts if name == "start_time" else finishes).append(datetime.fromisoformat(value))
                elif name == "finish_reason":
                    reasons.add(value)
                else:
                    total[name] = total.get(name, 0) + int(value)
        if starts:
            total["start_time"] = min(starts)
        if finishes:
            total["finish_time"] = max(finishes)
        total["finish_reason"] = ",".join(sorted(reasons))
        total["workers"] = len(starts)
        return total


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def run_name(sources_files: Iterable[str]) -> str:
    """The default run name: the registry files' names (``replica-sources``), else ``default``."""
    stems = [Path(path).stem for path in sources_files]
    return "+".join(stems) if stems else "default"
