"""Page processing that never raises, and its worker-process side: each worker loads the registry once.

The crawl hands pages to a pool of worker processes so that extraction uses every core while the reactor keeps
downloading; the pool's initializer is :func:`init_worker`, its task :func:`process_in_worker`.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from pathlib import Path

import attrs

from twincrawl.items import Article, FetchedPage
from twincrawl.process.page import ProcessingOptions, Skipped, process_page
from twincrawl.registry import Source, load_registry


@attrs.frozen(kw_only=True)
class Outcome:
    """What processing one page gave: an article, or the reason there is none."""

    article: Article | None = None
    skip_reason: str | None = None
    """A short stable label (see :class:`twincrawl.process.page.Skipped`); ``processing error`` on a crash."""
    error: str | None = None
    """The traceback when processing raised."""
    cpu_seconds: float = 0.0
    """The CPU time processing took (of the thread that ran it)."""


def process_outcome(page: FetchedPage, source: Source, options: ProcessingOptions) -> Outcome:
    """:func:`twincrawl.process.page.process_page`, with a skip or a crash turned into an :class:`Outcome`."""
    started = time.thread_time()
    try:
        outcome = Outcome(article=process_page(page, source, options))
    except Skipped as skipped:
        outcome = Outcome(skip_reason=skipped.reason)
    except Exception:
        outcome = Outcome(skip_reason="processing error", error=traceback.format_exc())
    return attrs.evolve(outcome, cpu_seconds=time.thread_time() - started)


_registry: dict[str, Source] = {}
_options = [ProcessingOptions()]  # set by init_worker

#: Names the registry files (joined by ``os.pathsep``; empty: the shipped registry) the fork server warms up for.
WARM_REGISTRY_VARIABLE = "TWINCRAWL_WARM_REGISTRY"
_WARM_MODULE = "twincrawl.process.warm"


def worker_context(registry_files: Sequence[str]) -> BaseContext:
    """The context to start processing workers with: forked from a fork server that imported the processing
    modules and warmed up for ``registry_files`` once (:mod:`twincrawl.process.warm`), so that a worker starts
    warm in milliseconds. Never forked from the crawl itself: forking a process that runs a reactor and threads
    can copy a held lock; the server is a fresh single-threaded interpreter, which imports from this process's
    ``sys.path``. The first call of a process starts the server; later pools of the same process reuse it."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([_WARM_MODULE])
    server_environment = {
        WARM_REGISTRY_VARIABLE: os.pathsep.join(registry_files),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    previous = {name: os.environ.get(name) for name in server_environment}
    os.environ.update(server_environment)
    try:
        forkserver.ensure_running()
    finally:
        for name, value in previous.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    return context


def stop_worker_server() -> None:
    """End the fork server once the pools it served are shut down, and wait for it: the server and the workers
    it reaped then count in this process's children's CPU time (``getrusage``), as spawned workers did. The
    standard library keeps this step private (its tests use it); the server would otherwise outlive the crawl
    briefly, as an orphan nobody waits for."""
    forkserver._forkserver._stop()  # type: ignore[attr-defined]


def init_worker(crawl: int, registry_files: Sequence[str], options: ProcessingOptions) -> None:
    """Tie the worker's life to the crawl's (process id ``crawl``: the worker's parent is the fork server),
    then load the registry (the shipped one when no files are given) and the options, once per worker. The
    fork server warmed up with the collector off (:mod:`twincrawl.process.warm`): it is turned back on here."""
    gc.enable()
    die_with_parent()
    try:
        crawl_handle = os.pidfd_open(crawl)
    except ProcessLookupError:  # the crawl died before the worker could watch it
        os._exit(1)
    threading.Thread(target=_exit_with_crawl, args=(crawl_handle,), name="crawl-watch", daemon=True).start()
    _registry.update(load_registry([Path(file) for file in registry_files] if registry_files else None))
    _options[0] = options


#: prctl(2) option: the signal the kernel sends this process when its parent dies.
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """On Linux, have the kernel kill this process the moment its parent dies: unlike a watching thread, this
    works while the process is deep in C code that holds the GIL (lxml on a huge page). A worker's parent is
    the fork server, whose parent is the crawl, so a crawl killed takes the server and then its workers with it.
    The crawl starts the server from its main thread, whose end is the crawl's end, so the signal never comes
    early."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # no prctl (another C library): the watching thread still ends the worker


def _exit_with_crawl(crawl_handle: int) -> None:
    """End this worker once the crawl is gone (killed, crashed): it would idle on forever. ``crawl_handle``,
    a pidfd, becomes readable when the crawl ends."""
    select.select([crawl_handle], [], [])
    os._exit(1)


def process_in_worker(page: FetchedPage) -> Outcome:
    """Process one page in a worker set up by :func:`init_worker`."""
    return process_outcome(page, _registry[page.source], _options[0])
