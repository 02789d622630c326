"""Decoding response bodies: Cyrillic pages come out right whatever the header claims."""

from __future__ import annotations

from twincrawl.extract.decode import decode_html, detect_encoding, looks_binary

RUSSIAN = "Общество городов-побратимов Волгограда и Ковентри пригласило представителей городов России"


def test_cp1251_body_with_a_utf8_header_is_read_as_cp1251() -> None:
    body = f"<html><body><p>{RUSSIAN}</p></body></html>".encode("cp1251")
    assert decode_html(body, "text/html; charset=utf-8") == body.decode("cp1251")


def test_undeclared_koi8r_body_is_told_apart_from_cp1251() -> None:
    body = f"<p>{RUSSIAN}</p>".encode("koi8_r")
    assert detect_encoding(body, "text/html") == "koi8_r"
    assert "\ufffd" not in decode_html(body, "text/html")


def test_meta_charset_is_used_when_the_body_is_not_utf8() -> None:
    body = f'<meta charset="windows-1251"><p>{RUSSIAN}</p>'.encode("cp1251")
    assert detect_encoding(body, None) == "cp1251"


def test_valid_utf8_wins_over_a_wrong_cp1251_declaration() -> None:
    body = f'<meta charset="windows-1251"><p>{RUSSIAN}</p>'.encode()
    assert decode_html(body, "text/html; charset=windows-1251").endswith(f"{RUSSIAN}</p>")


def test_binary_bodies_are_recognised() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert not looks_binary(RUSSIAN.encode())
