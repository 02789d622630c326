"""Raw bodies are kept as Zstandard frames; zlib streams of earlier versions stay readable."""

from __future__ import annotations

import zlib

from twincrawl.store.compression import pack, unpack

BODY = "<html><body><p>Делегация города-побратима прибыла в Волгоград.</p></body></html>".encode() * 200


def test_a_packed_body_unpacks_to_the_same_bytes_and_is_much_smaller() -> None:
    packed = pack(BODY)
    assert unpack(packed) == BODY
    assert len(packed) < len(BODY) // 20


def test_a_zlib_stream_from_an_earlier_version_unpacks() -> None:
    assert unpack(zlib.compress(BODY, 6)) == BODY


def test_an_empty_body_round_trips() -> None:
    assert unpack(pack(b"")) == b""
