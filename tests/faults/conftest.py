"""The fault suite's shared crawl: the main crawl, run once for the tests of every theme that read it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.faults.main_crawl import CANARY_ADDRESSES, MainCrawl, run_main_crawl
from tests.faults.server import FaultServer, canaries


@pytest.fixture(scope="session")
def main_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainCrawl]:
    """The main crawl on fault servers and canary listeners of its own, up until the session ends."""
    with FaultServer() as server, FaultServer() as robots_down, ExitStack() as listening:
        hosts = {listener.host: listening.enter_context(listener) for listener in canaries(CANARY_ADDRESSES)}
        yield run_main_crawl(tmp_path_factory.mktemp("faults"), server, robots_down, hosts)
