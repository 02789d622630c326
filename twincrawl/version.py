"""The version of twincrawl: in the User-Agent, the extractor version of every record and the caches' keys."""

__version__ = "0.1.2"
