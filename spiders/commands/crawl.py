"""``scrapy crawl`` as Scrapy has it, with the run lock and the run report of ``twincrawl crawl``.

The command turns ``TWINCRAWL_LOCK_AND_REPORT`` on (``spiders.extensions.run_report``): other commands building a
crawler (``scrapy shell``, ``scrapy parse``) and ``twincrawl crawl``, which takes the lock and writes the report
itself, leave it off. A crawl refused because another holds the lock is logged in one line by the extension; it
then exits with the code ``twincrawl crawl`` gives it (3), not Scrapy's 1 with a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import crawl
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from twincrawl.runs import LOCK_HELD_EXIT_CODE, LockHeld

if TYPE_CHECKING:
    import argparse

logger = logging.getLogger(__name__)


class Command(crawl.Command):
    default_settings: ClassVar[dict[str, Any]] = {**crawl.Command.default_settings, "TWINCRAWL_LOCK_AND_REPORT": True}

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:  # Scrapy's own usage errors
            super().run(args, opts)
            return
        assert self.crawler_process is not None
        crawling = self.crawler_process.crawl(self._create_crawler(args[0]), **opts.spargs)
        refused: list[LockHeld] = []
        if isinstance(crawling, Deferred):
            crawling.addErrback(_trap_refusal, refused)
        elif isinstance(crawling, asyncio.Future):
            crawling.add_done_callback(lambda task: _retrieve_refusal(task, refused))
        self.crawler_process.start()
        if refused:
            self.exitcode = LOCK_HELD_EXIT_CODE
        elif self.crawler_process.bootstrap_failed:
            self.exitcode = 1


def _trap_refusal(failure: Failure, refused: list[LockHeld]) -> Failure | None:
    """A refusal ends the crawl's Deferred quietly (it was logged); any other failure goes on."""
    if not isinstance(failure.value, LockHeld):
        return failure
    refused.append(failure.value)
    return None


def _retrieve_refusal(task: asyncio.Future[None], refused: list[LockHeld]) -> None:
    """Keeps a refusal (logged already); any other exception is logged with its traceback, as asyncio would."""
    if task.cancelled():
        return
    error = task.exception()
    if isinstance(error, LockHeld):
        refused.append(error)
    elif error is not None:
        logger.error("the crawl failed to start", exc_info=error)
