"""Preloaded by the processing workers' fork server: importing it, in that server, loads what every worker
needs (the processing modules, the crawl's registry) and warms the vocabularies, the gazetteer and the date
parser's languages of every source once, so that each worker forked from the server starts warm and shares
those pages with the others copy-on-write."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from twincrawl.process.page import warm_up
from twincrawl.process.workers import WARM_REGISTRY_VARIABLE, die_with_parent
from twincrawl.registry import load_registry


def _warm_fork_server(registry_files: str) -> None:
    """Tie the server's life to the crawl's (the kernel ends it, and so its workers, when the crawl dies),
    then warm up once per language set of the registry (the shipped one when no files are given).

    The collector stays off until the warm-up is done and its objects frozen (:func:`gc.freeze`): a worker's
    collections then never write to them, so the pages holding them stay shared instead of being copied into
    every worker; the workers turn the collector back on (:func:`twincrawl.process.workers.init_worker`)."""
    gc.disable()
    crawl = os.getppid()
    die_with_parent()
    if os.getppid() != crawl:  # the crawl died before the kernel was told to watch it
        os._exit(1)
    files = [Path(file) for file in registry_files.split(os.pathsep) if file]
    for source in load_registry(files or None).values():
        warm_up(source)
    gc.freeze()


if (files := os.environ.get(WARM_REGISTRY_VARIABLE)) is not None:  # set for the fork server only
    _warm_fork_server(files)
