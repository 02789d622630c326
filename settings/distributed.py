"""Distributed profile: production settings with the scheduler and the dupefilter on a shared Redis frontier.

``twincrawl worker --frontier redis://host:port/db`` uses it; the command sets ``TWINCRAWL_FRONTIER_URI``
(also given to scrapy-redis as ``REDIS_URL``) and ``TWINCRAWL_FRONTIER_RUN``.
"""

from __future__ import annotations

from settings import prod
from settings.prod import *  # noqa: F403

SCHEDULER = "scrapy_redis.scheduler.Scheduler"
SCHEDULER_QUEUE_CLASS = "spiders.scheduler.queue.ReliableQueue"
DUPEFILTER_CLASS = "spiders.scheduler.dupefilter.ExpiringDupeFilter"
#: The queue and the fingerprints belong to the run, not to one worker.
SCHEDULER_PERSIST = True
#: The queue is polled; a blocking pop would stall the worker's downloads.
SCHEDULER_IDLE_BEFORE_CLOSE = 0
#: A worker with nothing to do (empty queue, no other worker busy) closes after this many seconds.
MAX_IDLE_TIME_BEFORE_CLOSE = 60
EXTENSIONS = {**prod.EXTENSIONS, "spiders.extensions.frontier_worker.FrontierWorker": 600}
#: Workers share one run (several may run on one machine): even under ``scrapy crawl`` no run lock is taken and no
#: run report written (``twincrawl report`` adds the workers' figures up).
TWINCRAWL_LOCK_AND_REPORT = False
SPIDER_MIDDLEWARES = {"spiders.spidermiddlewares.finished_requests.FinishedRequests": 1000}
#: After RobotsTxtMiddleware (100): disallowed requests never take a domain's turn.
DOWNLOADER_MIDDLEWARES = {
    **prod.DOWNLOADER_MIDDLEWARES,
    "spiders.downloadermiddlewares.shared_delay.SharedDomainDelay": 600,
}

#: The Redis URI of the frontier (set by the command).
TWINCRAWL_FRONTIER_URI = ""
#: The run whose keys the workers share (``twincrawl:<run>:*``).
TWINCRAWL_FRONTIER_RUN = "default"
#: Name of this worker (default: host-pid).
TWINCRAWL_FRONTIER_WORKER = ""
#: Seed the frontier if this worker finds it empty (for setups without a separate ``twincrawl seed``).
TWINCRAWL_FRONTIER_SEED = False
#: Seconds between heartbeats; a worker silent for three is dead and its in-flight requests are queued again.
TWINCRAWL_FRONTIER_HEARTBEAT = 5.0
#: Seconds before an article page may be fetched again by a later run (0: never). A week: news pages change
#: in their first days (corrections, added photos), rarely after.
TWINCRAWL_FINGERPRINT_TTL = 7 * 24 * 3600
#: Seconds between two requests to one host, counted over all workers (replaces the per-process delay).
TWINCRAWL_DOMAIN_DELAY = prod.DOWNLOAD_DELAY
DOWNLOAD_DELAY = 0
#: A page counts as done only once stored; one article per write, so a killed worker loses no batch.
TWINCRAWL_STORE_BATCH_SIZE = 1
#: The frontier's expiring fingerprints decide what is fetched again, not the store's known URLs.
TWINCRAWL_INCREMENTAL = False
