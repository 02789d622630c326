"""twincrawl: a crawler and corpus of city-twinning news. ``twincrawl.open_corpus(uri)`` opens a corpus in Python."""

from __future__ import annotations

import importlib

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # `twincrawl.open_corpus` is looked up when first used: every `import twincrawl.<stage>` runs this file, and no
    # stage below the corpus may depend on it.
    if name == "open_corpus":
        return importlib.import_module("twincrawl.corpus").open_corpus
    raise AttributeError(f"module 'twincrawl' has no attribute {name!r}")
