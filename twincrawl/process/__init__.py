"""Processing: one fetched page through every stage into an Article, in the crawl's thread or in worker processes."""

from twincrawl.process.page import ProcessingOptions, Skipped, extractor_version, process_page
from twincrawl.process.workers import (
    Outcome,
    init_worker,
    process_in_worker,
    process_outcome,
    stop_worker_server,
    worker_context,
)

__all__ = [
    "Outcome", "ProcessingOptions", "Skipped", "extractor_version", "init_worker", "process_in_worker",
    "process_outcome", "process_page", "stop_worker_server", "worker_context",
]  # fmt: skip
