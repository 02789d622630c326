"""FerretDB (a MongoDB-wire server, SQLite backend) on a free loopback port, for tests.

    with FerretDB(find_ferretdb(), tmp_path) as server:
        client = pymongo.MongoClient(server.uri("corpus"))
        server.stop()   # the server goes away mid-test ...
        server.start()  # ... and comes back on the same port with the same data

Also a command for trying things by hand: ``python -m tests.servers.ferretdb [data-dir]``.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

import pymongo
from pymongo.errors import PyMongoError

from tests.servers.process import ServerProcess

REPO = Path(__file__).resolve().parents[2]
PROVISION_HINT = (
    "run scripts/provision.sh (builds FerretDB into .cache/bin), set TWINCRAWL_FERRETDB=/path/to/ferretdb, "
    "or set TWINCRAWL_TEST_MONGO_URI=mongodb://host:port to use a running server"
)


def find_ferretdb() -> Path | None:
    """The FerretDB binary: $TWINCRAWL_FERRETDB, <repo>/.cache/bin, $GOPATH/bin (default ~/go/bin), PATH."""
    gopath = os.environ.get("GOPATH") or str(Path.home() / "go")
    candidates = [
        os.environ.get("TWINCRAWL_FERRETDB"),
        str(REPO / ".cache" / "bin" / "ferretdb"),
        *(str(Path(entry) / "bin" / "ferretdb") for entry in gopath.split(os.pathsep) if entry),
        shutil.which("ferretdb"),
    ]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK) and Path(candidate).is_file():
            return Path(candidate)
    return None


def free_port() -> int:
    """A TCP port nothing listens on at the moment, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class FerretDB(ServerProcess):
    """One FerretDB process with its data in ``data_dir``; restartable on the same port with the same data.

    With ``username`` and ``password`` the server requires authentication (SCRAM) and has that one user,
    whose credentials are valid for every database (authSource ``admin``).
    """

    def __init__(
        self,
        binary: Path,
        data_dir: Path,
        *,
        port: int | None = None,
        username: str | None = None,
        password: str | None = None,
        start_timeout: float = 20.0,
    ) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.port = port or free_port()
        self.username = username
        self.password = password
        self.start_timeout = start_timeout
        super().__init__(data_dir / "ferretdb.log")

    @property
    def address(self) -> str:
        """``127.0.0.1:<port>``."""
        return f"127.0.0.1:{self.port}"

    def uri(self, database: str = "", *, username: str | None = None, password: str | None = None) -> str:
        """A URI for ``database`` on this server, with the server's credentials unless others are given."""
        username = username if username is not None else self.username
        password = password if password is not None else self.password
        credentials = f"{username}:{password}@" if username else ""
        options = "?authSource=admin" if username else ""
        return f"mongodb://{credentials}{self.address}/{database}{options}"

    def start(self) -> None:
        """Start the server and wait until it answers a ping (else RuntimeError with its log)."""
        if self.running:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            str(self.binary),
            "--handler=sqlite",
            f"--sqlite-url=file:{self.data_dir}/",
            f"--listen-addr={self.address}",
            f"--state-dir={self.data_dir}",
            "--debug-addr=-",
            "--telemetry=disable",
            "--log-level=WARN",
        ]
        if self.username:
            command += [
                "--test-enable-new-auth",
                "--setup-database=admin",
                f"--setup-username={self.username}",
                f"--setup-password={self.password}",
            ]
        self._spawn(command)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(
            self.uri(), serverSelectionTimeoutMS=250, connectTimeoutMS=250
        )
        try:
            while time.monotonic() < deadline:
                if not self.running:
                    raise RuntimeError(f"FerretDB exited at start: {self.log_tail()}")
                try:
                    client.admin.command("ping")
                    return
                except PyMongoError:
                    time.sleep(0.05)
        finally:
            client.close()
        self.stop()
        raise RuntimeError(
            f"FerretDB did not answer on {self.address} within {self.start_timeout} s: {self.log_tail()}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run FerretDB in the foreground until interrupted; prints its URI."""
    args = sys.argv[1:] if argv is None else argv
    binary = find_ferretdb()
    if binary is None:
        print(f"FerretDB not found: {PROVISION_HINT}", file=sys.stderr)
        return 1
    data_dir = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="ferretdb-"))
    with FerretDB(binary, data_dir) as server:
        print(f"FerretDB {binary} serving {server.uri()} (data in {data_dir}); Ctrl-C stops it", flush=True)
        try:
            while server.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
