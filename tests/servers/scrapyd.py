"""Scrapyd on a free loopback port, and the egg that lets it run the distributed workers (see README.md).

    egg = build_egg(tmp_path / "egg")
    with Scrapyd(tmp_path / "scrapyd") as server:
        server.post("addversion.json", project="twincrawl", version="1", egg=egg)
        job = server.post("schedule.json", project="twincrawl", spider="news-worker", setting=[...])["jobid"]

Also a command for building the egg by hand: ``python -m tests.servers.scrapyd [OUT_DIR]`` (default: dist).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tests.servers.ferretdb import REPO, free_port
from tests.servers.process import ServerProcess

#: The egg's one module, which its ``scrapy`` entry point names as the settings: the distributed profile, listing the
#: worker spider. ``settings.distributed`` itself lists only the ``news`` spider (``SPIDER_MODULES`` of the base
#: profile), and Scrapyd schedules only spiders that ``scrapy list`` shows under the egg's settings.
EGG_SETTINGS_MODULE = "scrapyd_settings"
EGG_SETTINGS = '''"""twincrawl under Scrapyd: the distributed profile, listing its worker spider ``news-worker``."""

from settings.distributed import *  # noqa: F403

SPIDER_MODULES = ["spiders.distributed"]
'''

_SETUP_PY = """from setuptools import setup

setup(
    name="twincrawl-scrapyd",
    version={version!r},
    py_modules=[{module!r}],
    entry_points={{"scrapy": ["settings = {module}"]}},
)
"""


def build_egg(out_dir: Path) -> Path:
    """Build the egg to deploy to Scrapyd (setuptools' ``bdist_egg``) into ``out_dir``; returns its path.

    It holds only :data:`EGG_SETTINGS_MODULE`: the project's code and its compiled dependencies (lxml, the
    morphology dictionaries), which an egg cannot carry, come from the environment Scrapyd runs in, where
    twincrawl is installed (``pip install '.[redis]'``).
    """
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="twincrawl-egg-") as build:
        root = Path(build)
        (root / f"{EGG_SETTINGS_MODULE}.py").write_text(EGG_SETTINGS, encoding="utf-8")
        (root / "setup.py").write_text(_SETUP_PY.format(version=version, module=EGG_SETTINGS_MODULE), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "setup.py", "-q", "bdist_egg", "--dist-dir", str(out_dir)],
            cwd=root, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"bdist_egg failed: {done.stderr[-3000:]}")
    eggs = sorted(out_dir.glob("twincrawl_scrapyd-*.egg"), key=lambda egg: egg.stat().st_mtime)
    if not eggs:
        raise RuntimeError(f"bdist_egg wrote no egg into {out_dir}")
    return eggs[-1]


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


def main(argv: list[str] | None = None) -> int:
    """Build the egg into OUT_DIR (default: dist) and print its path."""
    args = sys.argv[1:] if argv is None else argv
    print(build_egg(Path(args[0]) if args else Path("dist")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
