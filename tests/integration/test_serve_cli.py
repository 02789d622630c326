"""``twincrawl serve`` as a user starts it: the address it prints answers, and a store it cannot read is refused
with what to do."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.fixtures.cli import REPO, run_twincrawl
from twincrawl.store import open_store


def test_serve_refuses_a_store_that_does_not_exist(tmp_path: Path) -> None:
    done = run_twincrawl("serve", "--store", f"sqlite:///{tmp_path / 'missing.db'}", "--port", "0", timeout=60)
    assert done.returncode == 2
    assert "no SQLite store at" in done.stderr
    assert "(store set by --store)" in done.stderr
    assert not (tmp_path / "missing.db").exists()


def test_serve_prints_a_loopback_address_that_answers_and_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    open_store(f"sqlite:///{path}").close()
    before = path.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "twincrawl", "serve", "--store", f"sqlite:///{path}", "--port", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        found = re.search(r"at (http://127\.0\.0\.1:\d+)/ ", process.stdout.readline())
        assert found
        with urllib.request.urlopen(found.group(1) + "/api/stats") as response:
            assert json.loads(response.read())["articles"] == 0
    finally:
        process.terminate()
        assert process.wait(10) is not None
    assert path.read_bytes() == before
