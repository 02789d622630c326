"""Screenshots of each page of ``twincrawl serve`` for the README: crawls the replica into a temporary store,
serves it, and saves docs/screenshots/*.png (``.venv/bin/python -m scripts.web_screenshots``)."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.replica.server import ReplicaServer
from twincrawl.fetch.browser import find_chromium, launch_options

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
PAGES = {
    "search": "/?words=побратим",
    "article": None,  # the first result of the search
    "city": "/city/2652221",
    "pair": "/pair/472757/2652221",
    "graph": "/graph",
    "timeline": "/timeline",
    "health": "/health",
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = f"sqlite:///{Path(folder) / 'corpus.db'}"
        with ReplicaServer() as replica:
            registry = replica.write_registry(Path(folder) / "sources.yaml")
            subprocess.run([sys.executable, "-m", "twincrawl", "crawl", "--sources-file", str(registry), "--store",
                            store, "--quiet", "--set", "DOWNLOAD_DELAY=0"], cwd=REPO, check=True)  # fmt: skip
        serve = subprocess.Popen([sys.executable, "-m", "twincrawl", "serve", "--store", store, "--port", "0"],
                                 cwd=REPO, stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            assert serve.stdout is not None
            found = re.search(r"at (http://127\.0\.0\.1:\d+)/", serve.stdout.readline())
            assert found, "twincrawl serve did not print its address"
            _shoot(found.group(1))
        finally:
            serve.terminate()
            serve.wait(10)
    return 0


def _shoot(site: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(find_chromium()))
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in PAGES.items():
            if path is None:
                page.goto(site + PAGES["search"])
                page.locator(".hit a.title").first.click()
            else:
                page.goto(site + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / f"{name}.png")
            print(f"{OUT / name}.png")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
