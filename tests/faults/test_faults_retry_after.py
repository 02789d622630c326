"""``Retry-After`` on a 429 or a 503 is obeyed before the retry, up to ``TWINCRAWL_RETRY_AFTER_MAX`` seconds."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from spiders.downloadermiddlewares.retry_after import retry_after_seconds
from tests.faults.pages import article, listing, stored
from tests.faults.server import FaultServer, page, sequence
from tests.fixtures.faults import crawl, record, source, write_registry

pytestmark = pytest.mark.faults

ASKED = 4
CAP = 6


@pytest.fixture(scope="module")
def gaps(fault_server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """Seconds between the first answer and the retry, per target."""
    folder = tmp_path_factory.mktemp("retry_after")
    u = fault_server.url
    busy = {
        "/ra/news/429": (429, str(ASKED)),
        "/ra/news/503": (503, str(ASKED)),
        "/ra/news/date": (503, formatdate(timeval=None, usegmt=True)),  # now: no wait asked
        "/ra/news/long": (429, "3600"),
    }
    for path, (code, value) in busy.items():
        busy_page = page(b"busy", code=code, headers={"Retry-After": value})
        fault_server.route(path, sequence(busy_page, page(article(f"RA {path}", f"RA-{code}"))))
    fault_server.route("/robots.txt", page(b"User-agent: *\nAllow: /\n", "text/plain"))
    fault_server.route("/ra/", page(listing(*(u(path) for path in busy))))
    registry = write_registry(
        folder / "sources.yaml", [source("ra", start_urls=[u("/ra/")], article_urls=["/ra/news/"])]
    )
    store = folder / "corpus.db"
    run = crawl(
        registry,
        store,
        folder / "report.json",
        {"TWINCRAWL_RETRY_AFTER_MAX": str(CAP), "RETRY_TIMES": "2", "TWINCRAWL_INCREMENTAL": "False"},
    )
    assert run.report, run.log[-3000:]
    assert {url.rsplit("/", 1)[1] for url in stored(store)} == {"429", "503", "date", "long"}
    found = {}
    for path in busy:
        first, retry = fault_server.arrivals[path][:2]
        found[path] = retry - first
    return found


@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_seconds_are_waited_before_the_retry(gaps: dict[str, float], code: int) -> None:
    gap = gaps[f"/ra/news/{code}"]
    record(
        f"RA {code}", f"Retry-After: {ASKED} on a {code}", f"retry after {gap:.1f} s", "ok" if gap >= ASKED else "FAIL"
    )
    assert ASKED <= gap < ASKED + 5  # the upper bound leaves room for a loaded machine


def test_a_retry_after_longer_than_the_cap_waits_the_cap(gaps: dict[str, float]) -> None:
    gap = gaps["/ra/news/long"]
    record(
        "RA cap",
        f"Retry-After: 3600, cap {CAP} s",
        f"retry after {gap:.1f} s",
        "ok" if CAP <= gap < CAP + 5 else "FAIL",
    )
    assert CAP <= gap < CAP + 5


def test_a_retry_after_date_in_the_past_or_now_does_not_wait(gaps: dict[str, float]) -> None:
    assert gaps["/ra/news/date"] < ASKED


def test_retry_after_values_are_read_as_seconds_or_an_http_date() -> None:
    assert retry_after_seconds("120", 0.0) == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10.0
    assert retry_after_seconds("soon", 0.0) is None
    assert retry_after_seconds("-5", 0.0) is None
