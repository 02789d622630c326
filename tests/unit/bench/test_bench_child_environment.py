"""The runs of ``twincrawl bench crawl`` start in their work folder and still run the bench's own code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import spiders.bench
import twincrawl
from twincrawl.bench.crawl import child_environment

SHOW = "import spiders.bench, twincrawl; print(twincrawl.__file__); print(spiders.bench.__file__)"


def test_a_run_started_in_another_folder_imports_the_code_of_the_bench(tmp_path: Path) -> None:
    shown = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=tmp_path, env=child_environment(), capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert [Path(path).resolve() for path in shown] == [
        Path(twincrawl.__file__).resolve(),
        Path(spiders.bench.__file__).resolve(),
    ]
