"""The source registry: one validated YAML entry per news site (the shipped ``*.yaml`` beside this package)."""

from twincrawl.registry.actions import ClickAction, PageAction, ScrollAction, parse_action
from twincrawl.registry.entries import RegistryError, Source, load_file, load_registry, select, shipped_files

__all__ = [
    "ClickAction", "PageAction", "RegistryError", "ScrollAction", "Source",
    "load_file", "load_registry", "parse_action", "select", "shipped_files",
]  # fmt: skip
