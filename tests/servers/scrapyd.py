"""Scrapyd on a free loopback port, for the distributed workers deployed as README.md says::

    egg = Path(run_twincrawl("egg", "--out", tmp_path / "egg").stdout.strip())  # what `twincrawl egg` builds
    with Scrapyd(tmp_path / "scrapyd") as server:
        server.post("addversion.json", project="twincrawl", version="1", egg=egg)
        job = server.post("schedule.json", project="twincrawl", spider="news-worker", setting=[...])["jobid"]

The server stops with the ``with`` block (or ``stop()``), its folders kept for the test to read.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tests.servers.ferretdb import free_port
from tests.servers.process import ServerProcess


class Scrapyd(ServerProcess):
    """One Scrapyd process with its own configuration, eggs, logs and databases in ``home``."""

    def __init__(self, home: Path, *, port: int | None = None, max_proc: int = 1, start_timeout: float = 30) -> None:
        self.home = home
        self.port = port or free_port()
        self.max_proc = max_proc
        self.start_timeout = start_timeout
        super().__init__(home / "scrapyd.log")
        self.stop_timeout = 15.0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Write the configuration, start Scrapyd in ``home`` and wait until daemonstatus.json answers."""
        if self.running:
            return
        self.home.mkdir(parents=True, exist_ok=True)
        folders = {name: self.home / name for name in ("eggs", "logs", "dbs")}
        for folder in folders.values():
            folder.mkdir(exist_ok=True)
        # Scrapyd reads scrapyd.conf from the working directory (after /etc/scrapyd and ~/.scrapyd.conf).
        (self.home / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"eggs_dir = {folders['eggs']}\n"
            f"logs_dir = {folders['logs']}\n"
            f"dbs_dir = {folders['dbs']}\n"
            "items_dir =\n"
            f"max_proc = {self.max_proc}\n"
            "poll_interval = 0.2\n",
            encoding="utf-8",
        )
        # The crawls inherit the environment: the egg, not the environment, must choose their settings.
        environment = {name: value for name, value in os.environ.items() if not name.startswith("SCRAPY_")}
        self._spawn([sys.executable, "-m", "scrapyd", "--nodaemon", "--pidfile="], cwd=self.home, env=environment)
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                if self.get("daemonstatus.json").get("status") == "ok":
                    return
            except OSError:
                pass
            if not self.running or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Scrapyd did not answer on {self.url}: {self.log_tail()}")
            time.sleep(0.1)

    def get(self, endpoint: str, **query: str) -> dict[str, Any]:
        """GET a JSON endpoint; its answer."""
        url = f"{self.url}/{endpoint}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        with urllib.request.urlopen(url, timeout=10) as answer:
            return dict(json.load(answer))

    def post(self, endpoint: str, **fields: str | Path | list[str]) -> dict[str, Any]:
        """POST a multipart form (a ``Path`` is sent as a file, a list as repeated fields); the JSON answer,
        which must have status ``ok`` (else RuntimeError with Scrapyd's message)."""
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, Path):
                    header = f'Content-Disposition: form-data; name="{name}"; filename="{item.name}"\r\n'
                    data = item.read_bytes()
                else:
                    header = f'Content-Disposition: form-data; name="{name}"\r\n'
                    data = item.encode("utf-8")
                parts.append(f"--{boundary}\r\n{header}\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{self.url}/{endpoint}", data=body, method="POST",
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=120) as answer:
            result = dict(json.load(answer))
        if result.get("status") != "ok":
            raise RuntimeError(f"{endpoint}: {result.get('message', result)}")
        return result
