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


def _append(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_checkout_keeps_every_import_contract() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_a_core_module_importing_scrapy_breaks_the_contract(project_copy: Path) -> None:
    _append(project_copy / "twincrawl" / "extract" / "decode.py", "import scrapy  # noqa")
    done = _lint_imports(project_copy)
    assert done.returncode == 1
    assert "never imports Scrapy, Twisted or the Scrapy adapters BROKEN" in done.stdout
    assert "twincrawl.extract.decode -> scrapy" in done.stdout


def test_a_stage_importing_a_later_stage_breaks_the_layers(project_copy: Path) -> None:
    _append(project_copy / "twincrawl" / "extract" / "decode.py", "import twincrawl.tagging.relevance  # noqa")
    done = _lint_imports(project_copy)
    assert done.returncode == 1
    assert "Data walks one way" in done.stdout
    assert "twincrawl.extract.decode -> twincrawl.tagging.relevance" in done.stdout


def test_the_store_importing_the_command_line_breaks_the_layers(project_copy: Path) -> None:
    _append(project_copy / "twincrawl" / "store" / "base.py", "import twincrawl.cli.common  # noqa")
    done = _lint_imports(project_copy)
    assert done.returncode == 1
    assert "twincrawl.store.base -> twincrawl.cli.common" in done.stdout
