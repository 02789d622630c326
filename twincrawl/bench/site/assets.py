"""Inline scripts, styles and icons of the generated pages, shaped like a CMS's, and the shared pieces of markup
that keep many pages' repeated bytes in memory once."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable


class Shared:
    """Markup that many pages carry: rendered once, encoded once per charset, the same bytes in every page."""

    __slots__ = ("_encoded", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._encoded: dict[str, bytes] = {}

    def encoded(self, charset: str) -> bytes:
        data = self._encoded.get(charset)
        if data is None:
            data = self._encoded[charset] = self.text.encode(charset)
        return data


Part = str | Shared


def encode(parts: Iterable[Part], charset: str) -> tuple[bytes, ...]:
    """The page's byte chunks: runs of its own markup encoded together, shared pieces as they are."""
    chunks: list[bytes] = []
    pending: list[str] = []
    for part in parts:
        if isinstance(part, Shared):
            if pending:
                chunks.append("".join(pending).encode(charset))
                pending.clear()
            chunks.append(part.encoded(charset))
        else:
            pending.append(part)
    if pending:
        chunks.append("".join(pending).encode(charset))
    return tuple(chunks)


_COMPONENTS = ["menu", "slider", "gallery", "tabs", "accordion", "modal", "search", "poll", "calendar", "banner",
               "share", "subscribe", "cookie", "weather", "map", "feedback", "upload", "datepicker", "lightbox",
               "pager", "sticky", "scrollup", "eye", "dropdown", "tooltip", "news", "footer", "header"]  # fmt: skip
_ELEMENTS = ["item", "link", "title", "icon", "list", "inner", "body", "wrap", "image", "text", "date", "button"]
_PROPERTIES = ["margin", "padding", "color", "background", "border", "font-size", "line-height", "width",
               "max-width", "display", "position", "top", "left", "z-index", "opacity", "transition"]  # fmt: skip


def icon(rng: random.Random, cls: str) -> str:
    """An inline SVG icon of made-up points."""
    points = " ".join(f"{rng.uniform(0, 24):.2f} {rng.uniform(0, 24):.2f}" for _ in range(rng.randint(8, 24)))
    return (f'<svg class="icon {cls}" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
            f'<path fill="currentColor" d="M{points}Z"/></svg>')  # fmt: skip


def sprite(rng: random.Random, symbols: int) -> str:
    """A hidden sprite of ``symbols`` SVG icons, as pages put at the top of their body."""
    out = ['<!-- icons -->\n<svg xmlns="http://www.w3.org/2000/svg" style="position:absolute;width:0;height:0;'
           'overflow:hidden" aria-hidden="true">']  # fmt: skip
    for number in range(symbols):
        paths = "".join(
            '<path d="M'
            + " ".join(f"{rng.uniform(0, 24):.3f},{rng.uniform(0, 24):.3f}"
                       for _ in range(rng.randint(6, 12 + symbols // 6)))
            + 'Z"/>'
            for _ in range(rng.randint(1, 3))
        )  # fmt: skip
        out.append(f'\n\t<symbol id="icon-{_COMPONENTS[number % len(_COMPONENTS)]}-{number}" viewBox="0 0 24 24">'
                   f"{paths}</symbol>")  # fmt: skip
    out.append("\n</svg>\n")
    return "".join(out)


def _css(rng: random.Random, size: int) -> str:
    rules: list[str] = []
    length = 0
    while length < size:
        block = rng.choice(_COMPONENTS)
        selector = f".{block}__{rng.choice(_ELEMENTS)}"
        if rng.random() < 0.3:
            selector += f"--{rng.choice(['active', 'open', 'hidden', 'small', 'large', 'dark'])}"
        if rng.random() < 0.2:
            selector += f":{rng.choice(['hover', 'focus', 'first-child', 'last-child', 'before', 'after'])}"
        props = ";".join(f"{rng.choice(_PROPERTIES)}:{_value(rng)}" for _ in range(rng.randint(1, 6)))
        rule = f"{selector}{{{props}}}"
        if rng.random() < 0.1:
            rule = f"@media (max-width:{rng.choice([480, 768, 992, 1200])}px){{{rule}}}"
        rules.append(rule)
        length += len(rule) + 1
    return "\n".join(rules)


def _value(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return f"{rng.randint(0, 40)}px {rng.randint(0, 40)}px"
    if kind < 0.7:
        return f"#{rng.randrange(16**6):06x}"
    return rng.choice(["none", "block", "inline-block", "flex", "relative", "absolute", "1.4", "100%", "auto"])


def _js(rng: random.Random, size: int) -> str:
    out = ["(function(window,document){'use strict';"]
    length = len(out[0])
    while length < size:
        name = rng.choice(_COMPONENTS)
        cap = name.capitalize() + str(rng.randint(1, 99))
        element = rng.choice(_ELEMENTS)
        number = rng.randint(100, 9999)
        piece = rng.choice([
            f"var {name}{cap}Config={{selector:'.{name}',speed:{number},autoplay:{rng.choice(['true', 'false'])},"
            f"breakpoints:{{768:{{slides:{rng.randint(1, 3)}}},1024:{{slides:{rng.randint(2, 6)}}}}}}};",
            f"function init{cap}(root){{var items=root.querySelectorAll('.{name}__{element}');"
            f"for(var i=0;i<items.length;i++){{items[i].addEventListener('click',function(e){{e.preventDefault();"
            f"this.classList.toggle('{name}__{element}--open');}});}}}}",
            f"document.addEventListener('DOMContentLoaded',function(){{var el=document.querySelector('.{name}');"
            f"if(el&&window.init{cap}){{window.init{cap}(el);}}}});",
            f"function load{cap}(id){{return fetch('/local/ajax/{name}.php?id='+id+"
            f"'&sessid={rng.randrange(16**12):012x}',"
            f"{{credentials:'same-origin'}}).then(function(r){{return r.json();}}).then(function(d){{"
            f"if(d&&d.status==='ok'){{document.getElementById('{name}-{number}').innerHTML=d.html;}}}});}}",
            f"window.BX_MESSAGES=window.BX_MESSAGES||{{}};window.BX_MESSAGES['{name.upper()}_{number}']="
            f"'{rng.choice(_COMPONENTS)}-{rng.choice(_ELEMENTS)}';",
        ])  # fmt: skip
        out.append(piece)
        length += len(piece)
    out.append("})(window,document);")
    return "\n".join(out)


#: Sizes of the inline script and style bundles (characters); a page carries a few of them.
_SCRIPT_SIZES = (1_000, 2_500, 5_000, 10_000, 20_000, 40_000, 80_000)
_STYLE_SIZES = (800, 2_000, 4_000, 8_000, 16_000, 32_000)


@functools.cache
def bundles() -> tuple[list[tuple[int, Shared]], list[tuple[int, Shared]]]:
    """The inline script and style bundles by size, the same for every page."""
    rng = random.Random(7)
    scripts = [(size, Shared(f"<script>{_js(rng, size)}</script>\n")) for size in _SCRIPT_SIZES]
    styles = [(size, Shared(f"<style>{_css(rng, size)}</style>\n")) for size in _STYLE_SIZES]
    return scripts, styles


def fill(rng: random.Random, budget: float, bundles: list[tuple[int, Shared]]) -> list[Shared]:
    """Bundles adding up to about ``budget`` characters, largest first, each at most once."""
    chosen: list[Shared] = []
    for size, bundle in reversed(bundles):
        if size <= budget * rng.uniform(0.8, 1.2):
            chosen.append(bundle)
            budget -= size
    return chosen or [bundles[0][1]]
