"""``twincrawl egg``: build the egg that Scrapyd takes to run the distributed workers (the ``news-worker`` spider).

The egg holds only the settings: one module that is the distributed profile listing the worker spider, named by
the egg's ``scrapy`` ``settings`` entry point. The code and its compiled dependencies (lxml, the morphology
dictionaries), which an egg cannot carry, run from the environment Scrapyd runs in, where twincrawl is installed
(``pip install 'twincrawl[redis]' scrapyd``). Deploy it with ``scrapyd-deploy --egg FILE`` (the ``[deploy]``
target of scrapy.cfg) or Scrapyd's ``addversion.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

from twincrawl.cli.common import OK, UsageError
from twincrawl.version import __version__

#: The egg's one module. ``settings.distributed`` itself lists only the ``news`` spider (``SPIDER_MODULES`` of the
#: base profile), and Scrapyd schedules only spiders that ``scrapy list`` shows under the egg's settings.
EGG_SETTINGS_MODULE = "scrapyd_settings"
EGG_SETTINGS = '''"""twincrawl under Scrapyd: the distributed profile, listing its worker spider ``news-worker``."""

from settings.distributed import *  # noqa: F403

SPIDER_MODULES = ["spiders.distributed"]
'''

SETUP_PY = """from setuptools import setup

setup(
    name="twincrawl-scrapyd",
    version={version!r},
    py_modules=[{module!r}],
    entry_points={{"scrapy": ["settings = {module}"]}},
)
"""

#: How long setuptools may take to write the egg.
BUILD_TIMEOUT = 120


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("egg", help="build the settings egg Scrapyd takes (for the distributed workers)",
                                 description=__doc__)  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("dist"), metavar="DIR",
                        help="folder to write the egg into (default: dist); its path is printed")  # fmt: skip
    parser.set_defaults(run=run)


def build_egg(out_dir: Path) -> Path:
    """Build the egg with setuptools' ``bdist_egg`` into ``out_dir``; returns its path."""
    if importlib.util.find_spec("setuptools") is None:
        raise UsageError("twincrawl egg needs setuptools: pip install setuptools")
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="twincrawl-egg-") as build:
        root = Path(build)
        (root / f"{EGG_SETTINGS_MODULE}.py").write_text(EGG_SETTINGS, encoding="utf-8")
        setup = SETUP_PY.format(version=__version__, module=EGG_SETTINGS_MODULE)
        (root / "setup.py").write_text(setup, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "setup.py", "-q", "bdist_egg", "--dist-dir", str(out_dir)],
            cwd=root, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise UsageError(f"setuptools could not build the egg: {done.stderr.strip()[-2000:]}")
    egg = out_dir / f"twincrawl_scrapyd-{__version__}-py{sys.version_info.major}.{sys.version_info.minor}.egg"
    if not egg.is_file():
        raise UsageError(f"setuptools wrote no egg at {egg}")
    return egg


def run(args: argparse.Namespace) -> int:
    print(build_egg(args.out))
    return OK
