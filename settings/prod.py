"""Production profile: the base settings, then the environment variables of ``twincrawl.config.ENVIRONMENT``.

- ``TWINCRAWL_STORE``: the store URI;
- ``TWINCRAWL_CONTACT``: a URL or e-mail address for site operators, put in the User-Agent;
- ``TWINCRAWL_PROCESS_WORKERS``: how many processes turn pages into articles.
"""

from __future__ import annotations

import os

from settings.base import *  # noqa: F403
from twincrawl.config import from_environment

# A settings module is a namespace of upper-case names: the environment's values replace the base ones.
globals().update(from_environment(os.environ))
