"""The layout's promises: the generic package names are this project's, and the core never imports Scrapy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pipelines
import settings
import spiders
from tests.paths import REPO


def test_generic_package_names_resolve_to_this_project() -> None:
    for package in (settings, spiders, pipelines):
        assert Path(package.__file__).resolve().parent.parent == REPO, package.__file__  # type: ignore[arg-type]
    assert settings.BOT_NAME == "twincrawl"


def test_core_modules_never_import_scrapy() -> None:
    core = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in (REPO / "twincrawl").rglob("*.py")
        if "cli" not in path.parts and path.name != "__main__.py" and "bench" not in path.parts
    )
    script = "import importlib, sys\n" + "".join(f"importlib.import_module({name!r})\n" for name in core)
    script += "print(sorted(m for m in sys.modules if m == 'scrapy' or m.startswith('scrapy.')))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "[]"


def test_scrapy_cfg_points_at_the_settings_package() -> None:
    assert "default = settings" in (REPO / "scrapy.cfg").read_text(encoding="utf-8")
