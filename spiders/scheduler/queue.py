"""A scrapy-redis queue whose popped requests stay recorded as in flight until they are finished."""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import Base

from spiders.extensions.frontier_worker import FrontierSeat, frontier_seat

#: Request meta key holding the request's in-flight field (see :class:`twincrawl.runs.frontier.Frontier`).
IN_FLIGHT = "twincrawl_in_flight"


class ReliableQueue(Base):
    """The frontier's shared priority queue (``SCHEDULER_QUEUE_CLASS``).

    ``pop`` moves a request into the worker's in-flight hash in one Redis step; the request leaves it when
    its page is stored or its failure recorded (:mod:`spiders.spidermiddlewares.finished_requests`), or when it is
    queued again (a retry or a redirect). Whatever a killed worker held is put back by the survivors
    (:mod:`spiders.extensions.frontier_worker`).
    The frontier and the worker's name are the crawl's :class:`FrontierSeat` (``seat`` when given: seeding
    pushes requests without running a crawl).
    """

    def __init__(
        self, server: Any, spider: Spider, key: str, serializer: Any = None, seat: FrontierSeat | None = None
    ) -> None:
        super().__init__(server, spider, key, serializer)
        seat = seat or frontier_seat(spider.crawler)
        self.frontier = seat.frontier
        self.worker = seat.worker

    def __len__(self) -> int:
        return self.frontier.queued()

    def push(self, request: Request) -> None:
        finished = request.meta.pop(IN_FLIGHT, None)
        self.frontier.push(self._encode_request(request), -request.priority, worker=self.worker, done=finished)

    def pop(self, timeout: int = 0) -> Request | None:
        taken = self.frontier.pop(self.worker)
        if taken is None:
            return None
        data, field = taken
        request: Request = self._decode_request(data)
        request.meta[IN_FLIGHT] = field
        return request

    def clear(self) -> None:
        self.frontier.client.delete(self.frontier.keys.queue)
