"""twincrawl.fetch.guard: which addresses a crawl may connect to, and how URL traps are recognized."""

from __future__ import annotations

import ipaddress

import pytest

from twincrawl.fetch.guard import (
    Refused,
    address_kind,
    host_address,
    is_allowed,
    refusal,
    strip_session_ids,
    url_host,
    url_pattern,
)

LOOPBACK_ONLY = (ipaddress.ip_network("127.0.0.1/32"),)


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),  # decimal
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("0x7f.0.0.1", "127.0.0.1"),  # hex
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),  # short forms the C library fills in
        ("10.1", "10.0.0.1"),
        ("169.254.169.254", "169.254.169.254"),
        ("[::1]", "::1"),
        ("::ffff:10.0.0.1", "::ffff:a00:1"),
    ],
)
def test_ip_literals_are_read_as_the_c_library_reads_them(host: str, address: str) -> None:
    assert host_address(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.5", "256.0.0.1", "4294967296", "08.0.0.1", "news.2024"])
def test_host_names_and_invalid_numbers_are_not_addresses(host: str) -> None:
    assert host_address(host) is None


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", "public"), ("2a00:1450:4001::200e", "public"), ("127.0.0.2", "loopback"),
        ("::1", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"), ("100.64.0.1", "reserved"), ("::ffff:192.168.0.1", "private"),
    ],
)  # fmt: skip
def test_addresses_are_classified(address: str, kind: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_only_public_addresses_are_allowed_by_default() -> None:
    assert is_allowed(ipaddress.ip_address("93.184.216.34"))
    refused = ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1", "100.64.0.1", "0.0.0.0"]
    assert [address for address in refused if is_allowed(ipaddress.ip_address(address))] == []


def test_allow_addresses_opens_exactly_the_listed_networks() -> None:
    assert is_allowed(ipaddress.ip_address("127.0.0.1"), LOOPBACK_ONLY)
    assert is_allowed(ipaddress.ip_address("::ffff:127.0.0.1"), LOOPBACK_ONLY)
    assert not is_allowed(ipaddress.ip_address("127.0.0.2"), LOOPBACK_ONLY)
    assert not is_allowed(ipaddress.ip_address("::1"), LOOPBACK_ONLY)
    assert refusal(ipaddress.ip_address("127.0.0.2"), LOOPBACK_ONLY) == (
        "127.0.0.2 is a loopback address, not in the source's allow_addresses"
    )


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/x", "data:text/html,hi", "s3://b/k", "http:///x"]
)
def test_only_http_urls_with_a_host_may_be_fetched(url: str) -> None:
    with pytest.raises(Refused):
        url_host(url)
    assert url_host("https://Example.COM:8080/news") == "example.com"


def test_session_ids_are_stripped_from_queries_and_paths() -> None:
    assert (
        strip_session_ids("http://a.ru/news/1;jsessionid=AB12?page=2&PHPSESSID=f00&SID=9")
        == "http://a.ru/news/1?page=2"
    )
    assert strip_session_ids("http://a.ru/news/?page=2&side=left") == "http://a.ru/news/?page=2&side=left"


def test_urls_of_one_shape_share_a_pattern_and_others_do_not() -> None:
    calendar = {url_pattern(f"http://a.ru/events/{year}/{month:02d}/?day={day}") for year, month, day in
                [(2024, 5, 17), (1999, 12, 3), (2031, 1, 1)]}  # fmt: skip
    assert calendar == {"a.ru/events/0/0/?day=0"}
    assert url_pattern("http://a.ru/s/3f2a9b8c7d6e5f4a3b2c1d0e/") == "a.ru/s/x/"
    assert url_pattern("http://a.ru/news/12") != url_pattern("http://a.ru/events/12")
    assert url_pattern("http://a.ru/news/1?PHPSESSID=abc") == url_pattern("http://a.ru/news/2")
