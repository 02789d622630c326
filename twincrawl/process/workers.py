"""Page processing that never raises, and its worker-process side: each worker loads the registry once.

The crawl hands pages to a pool of worker processes so that extraction uses every core while the reactor keeps
downloading; the pool's initializer is :func:`init_worker`, its task :func:`process_in_worker`.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Sequence
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


#: How often a worker checks that the crawl that started it is still there.
_PARENT_CHECK_SECONDS = 1.0
_registry: dict[str, Source] = {}
_options = [ProcessingOptions()]  # set by init_worker


def init_worker(registry_files: Sequence[str], options: ProcessingOptions) -> None:
    """Tie the worker's life to the crawl's, then load the registry (the shipped one when no files are given)
    and the options, once per worker."""
    parent = multiprocessing.parent_process()
    parent_pid = parent.pid if parent is not None and parent.pid is not None else os.getppid()
    _die_with_parent()
    if os.getppid() != parent_pid:  # the crawl died before the kernel was told to watch it
        os._exit(1)
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), name="parent-watch", daemon=True).start()
    _registry.update(load_registry([Path(file) for file in registry_files] if registry_files else None))
    _options[0] = options


#: prctl(2) option: the signal the kernel sends this process when its parent dies.
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker the moment the crawl dies: unlike the watching thread, this
    works while the worker is deep in C code that holds the GIL (lxml on a huge page). The pool spawns its
    workers from the crawl's main thread, whose end is the crawl's end, so the signal never comes early."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # no prctl (another C library): the watching thread still ends the worker


def _exit_with_parent(parent: int) -> None:
    """End this worker once the crawl that started it is gone (killed, crashed): it would idle on forever."""
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(1)


def process_in_worker(page: FetchedPage) -> Outcome:
    """Process one page in a worker set up by :func:`init_worker`."""
    return process_outcome(page, _registry[page.source], _options[0])
