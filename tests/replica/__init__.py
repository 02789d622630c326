"""A replica of the seed news sites, served on 127.0.0.1 for the tests and the offline demo."""

from tests.replica.server import ReplicaServer

__all__ = ["ReplicaServer"]
