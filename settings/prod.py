"""Production profile: the base settings, overridden by environment variables.

- ``TWINCRAWL_STORE``: the store URI;
- ``TWINCRAWL_CONTACT``: a URL or e-mail address for site operators, put in the User-Agent.
"""

from __future__ import annotations

import os

from settings.base import *  # noqa: F403
from settings.base import TWINCRAWL_STORE_URI, user_agent

TWINCRAWL_STORE_URI = os.environ.get("TWINCRAWL_STORE", TWINCRAWL_STORE_URI)
if os.environ.get("TWINCRAWL_CONTACT"):
    TWINCRAWL_CONTACT = os.environ["TWINCRAWL_CONTACT"]
    USER_AGENT = user_agent(TWINCRAWL_CONTACT)
