"""The settings that matter outside a crawl too: their defaults and the environment variables that set them.

``settings/base.py`` takes its defaults from here and reads no environment; ``settings/prod.py`` applies
:func:`from_environment`, and so do the commands that run no crawl (``query``, ``export``, ``sources check``), so
one variable means one thing wherever it is read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from twincrawl.version import __version__

#: The embedded store, relative to the directory the command runs in.
DEFAULT_STORE_URI = "sqlite:///data/corpus.db"
#: Where run state is kept when the store is not a SQLite file (a SQLite store keeps it beside its file).
DEFAULT_STATE_DIR = "data/state"
#: Where site operators can reach whoever runs the crawl, until TWINCRAWL_CONTACT says otherwise.
DEFAULT_CONTACT = "https://github.com/twincrawl/twincrawl"

#: Environment variable -> the setting it sets in a production run.
ENVIRONMENT: dict[str, str] = {
    "TWINCRAWL_STORE": "TWINCRAWL_STORE_URI",
    "TWINCRAWL_CONTACT": "TWINCRAWL_CONTACT",
    "TWINCRAWL_PROCESS_WORKERS": "TWINCRAWL_PROCESS_WORKERS",
}


class ConfigError(ValueError):
    """An environment variable holds a value its setting cannot take."""


def user_agent(contact: str) -> str:
    """The User-Agent header: the project, its version and how to reach the operator."""
    return f"twincrawl/{__version__} (+{contact})"


def default_process_workers() -> int:
    """One processing worker per CPU."""
    return os.cpu_count() or 1


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings the environment sets (empty variables are unset), with the User-Agent that follows the contact."""
    values: dict[str, Any] = {setting: environ[name] for name, setting in ENVIRONMENT.items() if environ.get(name)}
    if "TWINCRAWL_PROCESS_WORKERS" in values:
        raw = values["TWINCRAWL_PROCESS_WORKERS"]
        try:
            values["TWINCRAWL_PROCESS_WORKERS"] = int(raw)
        except ValueError:
            raise ConfigError(f"$TWINCRAWL_PROCESS_WORKERS must be a whole number, got {raw!r}") from None
    if "TWINCRAWL_CONTACT" in values:
        values["USER_AGENT"] = user_agent(values["TWINCRAWL_CONTACT"])
    return values


def environment_name(setting: str) -> str:
    """The environment variable that sets ``setting`` (for messages saying where a value came from)."""
    return next(name for name, target in ENVIRONMENT.items() if target == setting)
