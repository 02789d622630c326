"""A dropped page is logged by its URL and reason alone, not with the item that carries the page."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class ReasonOnlyLogFormatter(LogFormatter):
    """Scrapy's formatter, but a dropped item's line is ``Dropped: URL: reason`` (what the pipelines raise).

    Scrapy's own line adds the item's repr: for a page skipped as no article or as not twinning, that is the whole
    downloaded body, some 100 KB of escaped bytes formatted in the crawl's thread and written to the log per page.
    """

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        logged = super().dropped(item, exception, response, spider)
        return {**logged, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
