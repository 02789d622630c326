"""A DNS resolver for test crawls that answers some names from a fixed table (like a hosts file).

``TWISTED_DNS_RESOLVER = "tests.faults.resolver.HostsResolver"`` with ``FAULTS_HOSTS = {"name": "address"}``:
names in the table resolve to their address without any query; others resolve as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.defer import Deferred


class HostsResolver(CachingThreadedResolver):
    def __init__(self, reactor: Any, cache_size: int, timeout: float, hosts: dict[str, str] | None = None) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.hosts = hosts or {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> HostsResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.hosts = crawler.settings.getdict("FAULTS_HOSTS")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        if name in self.hosts:
            return defer.succeed(self.hosts[name])
        return super().getHostByName(name, timeout)
