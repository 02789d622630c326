"""A stand-in for the crawl's side of the processing pool: ``python -m tests.unit.process.pool_crawl REGISTRY``
starts workers as the crawl's pipeline does, has them process one page of source ``s``, prints what came out
(``title`` or ``skipped``, then ``warm`` with the languages the worker started warm for) and waits to be killed."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from tests.faults.pages import article
from twincrawl.items import FetchedPage
from twincrawl.process import ProcessingOptions, init_worker, process_in_worker, worker_context
from twincrawl.process.page import warmed_languages


def warm_languages() -> list[str]:
    """The languages this worker had warmed up for before it processed anything."""
    return sorted(warmed_languages())


def main(registry: str) -> None:
    options = ProcessingOptions(timeout=30)
    pool = ProcessPoolExecutor(
        2, mp_context=worker_context([registry]), initializer=init_worker, initargs=(os.getpid(), [registry], options)
    )
    warm = pool.submit(warm_languages).result()
    page = FetchedPage(url="http://127.0.0.1/s/news/1", source="s", body=article("Побратимы встретились в Волгограде"))
    outcome = pool.submit(process_in_worker, page).result()
    print("title" if outcome.article else "skipped", outcome.article.title if outcome.article else outcome.skip_reason)
    print("warm", ",".join(warm), flush=True)
    time.sleep(60)


if __name__ == "__main__":
    main(sys.argv[1])
