"""twincrawl: a crawler and corpus of city-twinning news. ``twincrawl.open_corpus(uri)`` opens a corpus in Python."""

from __future__ import annotations

from typing import Any

from twincrawl.version import __version__

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    # Imported when first asked for: importing any stage runs this file, and the stages do not need the corpus
    # package (nor its pandas and pyarrow).
    if name == "open_corpus":
        from twincrawl.corpus import open_corpus

        return open_corpus
    raise AttributeError(f"module 'twincrawl' has no attribute {name!r}")
