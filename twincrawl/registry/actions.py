"""Declared actions on the listing pages of JS-rendered sources (the registry field ``js_action``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class ClickAction:
    """Click a "load more" button up to ``times`` times, each time waiting for new links."""

    selector: str
    """CSS selector of the button."""
    times: int


@attrs.frozen(kw_only=True)
class ScrollAction:
    """Scroll to the bottom ``times`` times, each time waiting for the page to grow (infinite scroll)."""

    times: int


PageAction = ClickAction | ScrollAction


def parse_action(raw: Mapping[str, Any]) -> PageAction:
    """Read a registry ``js_action``: ``{"click": "CSS", "times": N}`` or ``{"scroll": N}``.

    Raises ValueError saying what is wrong.
    """
    if set(raw) == {"scroll"}:
        return ScrollAction(times=_count(raw["scroll"], "scroll"))
    if set(raw) in ({"click"}, {"click", "times"}):
        selector = raw["click"]
        if not isinstance(selector, str) or not selector.strip():
            raise ValueError(f"'click' must be a CSS selector, got {selector!r}")
        return ClickAction(selector=selector, times=_count(raw.get("times", 1), "times"))
    raise ValueError(f'expected {{click: "CSS selector", times: N}} or {{scroll: N}}, got {dict(raw)!r}')


def _count(value: Any, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise ValueError(f"'{field}' must be a whole number from 1 to 100, got {value!r}")
    return value
