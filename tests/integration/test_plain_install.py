"""A plain ``pip install twincrawl`` (no extras) in a fresh virtual environment: every command's help runs, the
commands that need the ``redis`` extra say so in one line, and no test-only package is installed."""

from __future__ import annotations

import argparse
import inspect
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.cli import REPO
from twincrawl.cli import build_parser

#: What the package is built from: the project file, the README it names and the packages it ships.
_SOURCES = ("pyproject.toml", "README.md", "twincrawl", "spiders", "pipelines", "settings")
_NEEDS_REDIS = (("worker",), ("seed",), ("report",), ("bench", "distributed"))
_TEST_ONLY = ("pytest", "jsonschema", "duckdb", "pandas", "redis", "scrapy-redis", "scrapyd")


def command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and sub-command the parser offers, as the words that name it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from command_paths(sub, (*prefix, name))


_HELP_SCRIPT = f"""
import argparse, contextlib, io, json
from collections.abc import Iterator
from twincrawl.cli import build_parser, main
{inspect.getsource(command_paths)}
results = []
for path in command_paths(build_parser()):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main([*path, "--help"])
            code = 0
        except SystemExit as exited:
            code = exited.code
    results.append([list(path), code, out.getvalue()])
print(json.dumps(results))
"""


def _run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*map(str, argv)], cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def plain_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (no system site-packages) with the package installed from a copy of the sources, no extras."""
    root = tmp_path_factory.mktemp("plain-install")
    source = root / "source"
    source.mkdir()
    for name in _SOURCES:
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy2
        copy(REPO / name, source / name)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
    python = venv / "bin" / "python"
    # the venv's bundled pip is older and trips over the lxml[html_clean] extra named twice
    for step in (["-U", "pip"], [str(source)]):
        done = _run(python, "-m", "pip", "install", "-q", *step, cwd=root)
        assert done.returncode == 0, done.stderr[-3000:]
    return venv


def test_the_plain_install_holds_no_test_only_package(plain_venv: Path) -> None:
    listed = _run(plain_venv / "bin" / "python", "-m", "pip", "list", "--format", "json", cwd=plain_venv)
    installed = {package["name"].lower() for package in json.loads(listed.stdout)}
    assert "twincrawl" in installed
    assert not installed & set(_TEST_ONLY)


def test_every_command_help_runs_in_the_plain_install(plain_venv: Path) -> None:
    done = _run(plain_venv / "bin" / "python", "-c", _HELP_SCRIPT, cwd=plain_venv)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    assert [tuple(path) for path, _, _ in results] == list(command_paths(build_parser()))
    for path, code, text in results:
        assert code == 0, path
        assert text.startswith(f"usage: twincrawl {' '.join(path)}"), path


def test_the_console_script_and_python_m_run(plain_venv: Path) -> None:
    script = _run(plain_venv / "bin" / "twincrawl", "--help", cwd=plain_venv)
    assert script.returncode == 0 and "COMMAND" in script.stdout
    version = _run(plain_venv / "bin" / "python", "-m", "twincrawl", "--version", cwd=plain_venv)
    assert version.returncode == 0 and version.stdout.startswith("twincrawl ")


@pytest.mark.parametrize("command", _NEEDS_REDIS, ids=" ".join)
def test_a_command_needing_redis_names_the_extra_in_one_line(plain_venv: Path, command: tuple[str, ...]) -> None:
    frontier = ["--frontier", "redis://127.0.0.1:9/0"] if command[0] != "bench" else []
    done = _run(plain_venv / "bin" / "twincrawl", *command, *frontier, cwd=plain_venv)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"twincrawl: error: twincrawl {' '.join(command)} needs the redis extra (redis is not installed): "
        "pip install 'twincrawl[redis]'"
    ]
    assert done.stdout == ""
