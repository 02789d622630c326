"""A worker's life on the frontier: heartbeat, recovery of dead workers' requests, idle close, stats."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

import attrs
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings
from twisted.internet.task import LoopingCall

from twincrawl.items import utc_now
from twincrawl.runs.frontier import Frontier, connect

logger = logging.getLogger(__name__)


@attrs.frozen
class FrontierSeat:
    """This worker's place on the frontier: the run's shared frontier and the worker's own name."""

    frontier: Frontier
    worker: str

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> FrontierSeat:
        """``TWINCRAWL_FRONTIER_URI`` and ``_RUN``; the name is ``TWINCRAWL_FRONTIER_WORKER``, else ``<host>-<pid>``
        (unique among the workers of a run)."""
        frontier = Frontier(connect(settings["TWINCRAWL_FRONTIER_URI"]), settings["TWINCRAWL_FRONTIER_RUN"])
        return cls(frontier, settings.get("TWINCRAWL_FRONTIER_WORKER") or f"{socket.gethostname()}-{os.getpid()}")


def frontier_seat(crawler: Crawler) -> FrontierSeat:
    """The seat of the crawl's :class:`FrontierWorker`: every component of a distributed crawl shares it."""
    worker = crawler.get_extension(FrontierWorker)
    if worker is None:
        raise NotConfigured("no frontier: the FrontierWorker extension of settings.distributed is not enabled")
    return worker.seat


class FrontierWorker:
    """Extension of the distributed crawl (``EXTENSIONS``).

    - Every ``TWINCRAWL_FRONTIER_HEARTBEAT`` seconds: renews the worker's heartbeat (it lives three beats) and
      puts the in-flight requests of workers whose heartbeat expired back into the queue. A thread does it, so
      that a worker busy with a slow page is not taken for dead. The worker's stats are saved as often.
    - When the worker runs dry it stays up while the queue holds requests or another live worker has requests
      in flight (they may discover more), and closes after ``MAX_IDLE_TIME_BEFORE_CLOSE`` seconds of nothing.
    - On close: a finished worker forgets its in-flight hash (all of it is done); a worker stopped for another
      reason (a signal, an error) puts what it still held back into the queue.
    """

    def __init__(self, crawler: Crawler, seat: FrontierSeat, heartbeat: float, idle_timeout: float) -> None:
        self.crawler = crawler
        self.seat = seat
        self.frontier = seat.frontier
        self.worker = seat.worker
        self.heartbeat = heartbeat
        self.idle_timeout = idle_timeout
        self.idle_since: float | None = None
        self.stats_saver = LoopingCall(self._save_stats)
        self.stopped = threading.Event()
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)
        crawler.signals.connect(self.active, signal=signals.request_left_downloader)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierWorker:
        settings = crawler.settings
        if not settings.get("TWINCRAWL_FRONTIER_URI"):
            raise NotConfigured("no frontier")
        heartbeat = settings.getfloat("TWINCRAWL_FRONTIER_HEARTBEAT")
        if heartbeat <= 0:
            raise ValueError(f"TWINCRAWL_FRONTIER_HEARTBEAT is {heartbeat}: give a positive number of seconds")
        idle_timeout = settings.getfloat("MAX_IDLE_TIME_BEFORE_CLOSE")
        return cls(crawler, FrontierSeat.from_settings(settings), heartbeat, idle_timeout)

    def opened(self, spider: Spider) -> None:
        self.frontier.heartbeat(self.worker, 3 * self.heartbeat)
        self.beater = threading.Thread(target=self._beat, name="frontier-heartbeat", daemon=True)
        self.beater.start()
        self.stats_saver.start(self.heartbeat, now=True)
        logger.info("worker %s joined frontier %s", self.worker, self.frontier.keys.prefix)

    def _beat(self) -> None:
        while not self.stopped.wait(self.heartbeat):
            try:
                self.frontier.heartbeat(self.worker, 3 * self.heartbeat)
                moved = self.frontier.requeue_dead()
            except Exception:  # Redis briefly away: the next beat tries again
                logger.exception("frontier heartbeat failed")
                continue
            if moved:
                logger.warning("put %d requests of dead workers back into the queue", moved)

    def active(self, **kwargs: Any) -> None:
        self.idle_since = None

    def idle(self, spider: Spider) -> None:
        if self.frontier.requeue_dead() or self.frontier.queued() or self.frontier.busy_elsewhere(self.worker):
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider

    def closed(self, spider: Spider, reason: str) -> None:
        self.stopped.set()
        self.beater.join(timeout=30)
        if self.stats_saver.running:
            self.stats_saver.stop()
        self._save_stats(finish_reason=reason)
        requeued = self.frontier.leave(self.worker, requeue=reason != "finished")
        if requeued:
            logger.warning("stopped (%s): put %d unfinished requests back into the queue", reason, requeued)

    def _save_stats(self, **extra: Any) -> None:
        assert self.crawler.stats is not None
        stats = dict(self.crawler.stats.get_stats())
        if "finish_reason" in extra:
            stats.setdefault("finish_time", utc_now())
        self.frontier.save_stats(self.worker, {**stats, **extra})
