"""twincrawl's Scrapy settings (``scrapy.cfg`` points here): the base profile.

``settings.prod`` adds values from the environment; the ``twincrawl`` command uses it.
"""

from settings.base import *  # noqa: F403
