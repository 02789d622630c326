"""The one-way flow of the code is enforced: ``lint-imports`` keeps the contracts, and breaks them when a core
module imports Scrapy or a stage imports one above it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("twincrawl", "spiders", "pipelines", "settings")


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The project's packages and its pyproject.toml, copied so that one module can be made to misbehave."""
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_checkout_keeps_every_import_contract() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "import_chain"),
    [
        pytest.param("twincrawl/extract/decode.py", "import scrapy", "never imports Scrapy, Twisted",
                     "twincrawl.extract.decode -> scrapy", id="a-core-module-imports-scrapy"),
        pytest.param("twincrawl/extract/decode.py", "import twincrawl.tagging.relevance", "Data walks one way",
                     "twincrawl.extract.decode -> twincrawl.tagging.relevance", id="a-stage-imports-a-later-stage"),
        pytest.param("twincrawl/store/base.py", "import twincrawl.cli.common", "Data walks one way",
                     "twincrawl.store.base -> twincrawl.cli.common", id="the-store-imports-the-command-line"),
    ],
)  # fmt: skip
def test_an_import_against_the_flow_breaks_a_contract(
    project_copy: Path, module: str, line: str, contract: str, import_chain: str
) -> None:
    target = project_copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    done = _lint_imports(project_copy)
    assert done.returncode == 1
    assert contract in done.stdout
    assert "BROKEN" in done.stdout
    assert import_chain in done.stdout
