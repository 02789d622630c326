"""twincrawl: a crawler and corpus of city-twinning news."""

__version__ = "0.1.0"
