"""How stores keep raw page bodies: Zstandard frames, and zlib streams written by earlier versions still read."""

from __future__ import annotations

import zlib

import zstandard

#: Zstandard level of stored raw pages. On the publishers' pages of the bench sets (165 KB on average) level 3
#: takes 0.43 ms a page for 21% of the size, where zlib, used before, took 1.29 ms at its level 3 for 23%: the
#: crawl compresses every page it fetches in its own process, beside the downloads.
LEVEL = 3
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_compressor = zstandard.ZstdCompressor(level=LEVEL)
_decompressor = zstandard.ZstdDecompressor()


def pack(body: bytes) -> bytes:
    """A raw body, compressed for storage."""
    return _compressor.compress(body)


def unpack(data: bytes) -> bytes:
    """The body :func:`pack` stored (or a zlib stream, as stores kept them before)."""
    if data[:4] == _ZSTD_MAGIC:
        return _decompressor.decompress(data)
    return zlib.decompress(data)
