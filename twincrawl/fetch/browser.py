"""Chromium for sources whose pages are drawn by scripts: finding it, launching it, acting on listing pages.

Nothing here knows Scrapy: ``spiders/addons/browser.py`` plugs these pieces into scrapy-playwright.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twincrawl.registry import ClickAction, PageAction

if TYPE_CHECKING:
    from playwright.async_api import Page, Request

#: Where a Chromium executable is looked for when none is configured (absolute paths or names on PATH).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
#: Environment variable naming the executable (the TWINCRAWL_CHROMIUM setting takes precedence).
CHROMIUM_ENV = "TWINCRAWL_CHROMIUM"
#: The system package that provides it (Debian / Ubuntu).
CHROMIUM_PACKAGE = "chromium"
#: Headless crawling needs no GPU, sandbox (containers often forbid it) or background traffic of its own.
LAUNCH_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
)  # fmt: skip
#: Resource types a rendered page never needs for its text: aborted before they are requested.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "font", "media"})
#: How long an action waits for new content after a click or a scroll before it decides there is no more.
ACTION_SETTLE_MS = 5_000


class ChromiumMissing(RuntimeError):
    """No usable Chromium executable; the message says which setting to fix and what to install."""


def find_chromium(
    configured: str | None = None,
    environ: Mapping[str, str] | None = None,
    candidates: Sequence[str] = CHROMIUM_CANDIDATES,
) -> str:
    """The Chromium executable to launch.

    ``configured`` (the TWINCRAWL_CHROMIUM setting), else ``$TWINCRAWL_CHROMIUM``, must name an executable
    when given; otherwise the first of ``candidates`` that exists is used.
    Raises :class:`ChromiumMissing` when there is none.
    """
    environ = os.environ if environ is None else environ
    chosen, where = (configured, "the TWINCRAWL_CHROMIUM setting") if configured else (
        environ.get(CHROMIUM_ENV), f"${CHROMIUM_ENV}"
    )  # fmt: skip
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise ChromiumMissing(
                f"Chromium not found: {where} is {chosen!r}, which is not an executable; set it to the "
                f"browser's path, or unset it and install the browser (apt-get install {CHROMIUM_PACKAGE})"
            )
        return found
    for candidate in candidates:
        found = shutil.which(candidate)
        if found is not None:
            return found
    raise ChromiumMissing(
        f"Chromium not found (looked for {', '.join(candidates)}): install it "
        f"(apt-get install {CHROMIUM_PACKAGE}) or set TWINCRAWL_CHROMIUM to the browser's path"
    )


def launch_options(executable: str | Path) -> dict[str, Any]:
    """Playwright launch options for a headless Chromium at ``executable``."""
    return {"executable_path": str(executable), "args": list(LAUNCH_ARGS), "headless": True}


def is_blocked(request: Request) -> bool:
    """Abort images, fonts and media: the text of a page never depends on them."""
    return request.resource_type in BLOCKED_RESOURCE_TYPES


_LINK_COUNT = "document.querySelectorAll('a[href]').length"
_PAGE_HEIGHT = "document.documentElement.scrollHeight"


async def run_action(page: Page, action: PageAction, settle_ms: int = ACTION_SETTLE_MS) -> int:
    """Perform ``action`` on a loaded page; returns how many clicks or scrolls brought new content."""
    # Imported here: the registry loader uses this module, and most commands never need Playwright.
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    grown = 0
    for _ in range(action.times):
        if isinstance(action, ClickAction):
            watched = _LINK_COUNT
            button = page.locator(action.selector).first
            if not await button.is_visible():
                break  # no (more) button: everything is shown
            before = await page.evaluate(watched)
            await button.click(timeout=settle_ms)
        else:
            watched = _PAGE_HEIGHT
            before = await page.evaluate(watched)
            await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        try:
            await page.wait_for_function(f"before => {watched} > before", arg=before, timeout=settle_ms)
        except PlaywrightTimeout:
            break  # nothing new came: the list is complete
        grown += 1
    return grown
