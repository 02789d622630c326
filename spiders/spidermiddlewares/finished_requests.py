"""Marks a frontier request finished once everything its response gave has been handled."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from spiders.extensions.frontier_worker import FrontierSeat, frontier_seat
from spiders.scheduler.queue import IN_FLIGHT


class FinishedRequests:
    """Spider middleware: a request leaves the worker's in-flight hash when its callback's output is done and
    every item it gave has left the item pipelines (stored, dropped with a reason, or failed).

    Until then a killed worker's request is put back in the queue and fetched again, so a page is never lost
    between the download and the store. (Errbacks mark their request finished in the spider.)
    """

    def __init__(self, crawler: Crawler, seat: FrontierSeat) -> None:
        self.seat = seat
        #: in-flight field -> [items not yet through the pipelines, callback output finished]
        self.pending: dict[str, list[Any]] = {}
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_done, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FinishedRequests:
        if not crawler.settings.get("TWINCRAWL_FRONTIER_URI"):
            raise NotConfigured("no frontier")
        return cls(crawler, frontier_seat(crawler))

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        field = response.meta.get(IN_FLIGHT)
        for output in result:
            self._count(field, output)
            yield output
        self._output_done(field)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        field = response.meta.get(IN_FLIGHT)
        async for output in result:
            self._count(field, output)
            yield output
        self._output_done(field)

    def _count(self, field: str | None, output: Any) -> None:
        if field is not None and not isinstance(output, Request):
            self.pending.setdefault(field, [0, False])[0] += 1

    def _output_done(self, field: str | None) -> None:
        if field is not None:
            self.pending.setdefault(field, [0, False])[1] = True
            self._maybe_finish(field)

    def item_done(self, item: Any, response: Response | None = None, **kwargs: Any) -> None:
        field = response.meta.get(IN_FLIGHT) if isinstance(response, Response) else None
        if field is not None and field in self.pending:
            self.pending[field][0] -= 1
            self._maybe_finish(field)

    def _maybe_finish(self, field: str) -> None:
        items, output_done = self.pending[field]
        if output_done and items <= 0:
            del self.pending[field]
            self.seat.frontier.done(self.seat.worker, field)
