"""twincrawl runs from a zipped package (a Scrapyd egg): its data files are read as package resources."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import twincrawl

PACKAGE = Path(twincrawl.__file__).parent

_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
import twincrawl
from twincrawl.tagging.places import find_places
from twincrawl.registry import load_registry
assert twincrawl.__file__.startswith(sys.argv[1]), twincrawl.__file__
print(len(load_registry()))
print(" ".join(place.name for place in find_places("Делегация Волгограда прибыла в Ковентри.", "ru")))
"""


def test_the_registry_and_the_gazetteer_load_from_a_zipped_package(tmp_path: Path) -> None:
    archive = tmp_path / "twincrawl.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in PACKAGE.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, path.relative_to(PACKAGE.parent))
    env = {**os.environ, "TWINCRAWL_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(archive)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    shipped, places = done.stdout.splitlines()
    assert int(shipped) > 0
    assert places.split() == ["Volgograd", "Coventry"]
