"""``python -m twincrawl`` is the ``twincrawl`` command."""

import sys

from twincrawl.cli import main

sys.exit(main())
