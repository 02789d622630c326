"""Extraction: bytes to text (decode), the parsed page (``html``), boilerplate pruning and the checked body."""

from twincrawl.extract.decode import decode_html, looks_binary
from twincrawl.extract.extractor import (
    DEFAULT_EXTRACTION_MODE,
    EXTRACTION_MODES,
    Extracted,
    ExtractionMode,
    extract,
    extraction_mode,
)

__all__ = [
    "DEFAULT_EXTRACTION_MODE",
    "EXTRACTION_MODES",
    "Extracted",
    "ExtractionMode",
    "decode_html",
    "extract",
    "extraction_mode",
    "looks_binary",
]
