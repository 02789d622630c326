"""``twincrawl egg`` builds the settings egg Scrapyd takes, and scrapy.cfg names the Scrapyd to deploy it to
(tests/integration/test_scrapyd.py runs workers from that egg in a real Scrapyd)."""

from __future__ import annotations

import configparser
import zipfile
from pathlib import Path

from tests.fixtures.cli import REPO, run_twincrawl
from twincrawl.version import __version__


def test_egg_holds_the_worker_settings_under_the_scrapy_entry_point(tmp_path: Path) -> None:
    done = run_twincrawl("egg", "--out", tmp_path / "dist")
    assert done.returncode == 0, done.stderr[-3000:]
    egg = Path(done.stdout.strip())
    assert egg.parent == (tmp_path / "dist").resolve()
    assert egg.name.startswith(f"twincrawl_scrapyd-{__version__}-py3.")
    with zipfile.ZipFile(egg) as archive:
        settings = archive.read("scrapyd_settings.py").decode()
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert "from settings.distributed import *" in settings
    assert 'SPIDER_MODULES = ["spiders.distributed"]' in settings
    assert "[scrapy]" in entry_points and "settings = scrapyd_settings" in entry_points


def test_scrapy_cfg_deploys_the_twincrawl_project_to_a_local_scrapyd() -> None:
    config = configparser.ConfigParser()
    config.read(REPO / "scrapy.cfg", encoding="utf-8")
    assert config["settings"]["default"] == "settings"
    assert dict(config["deploy"]) == {"url": "http://127.0.0.1:6800/", "project": "twincrawl"}
