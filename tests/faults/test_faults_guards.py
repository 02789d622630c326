"""The crawl's guards: no connection to an address the source does not allow, however the address is spelt or
redirected to, and endless calendars and session ids in URLs stay bounded. Cases of the main fault crawl; the
addresses outside loopback are only host names the test resolver maps to them."""

from __future__ import annotations

import pytest

from tests.faults.main_crawl import PATTERN_CAP, MainCrawl
from tests.faults.pages import failures, stored
from tests.fixtures.faults import record

pytestmark = pytest.mark.faults


def test_f10_no_connection_to_addresses_the_source_does_not_allow(main_crawl: MainCrawl) -> None:
    run, store = main_crawl.run, main_crawl.store
    refused = failures(run, "f10").get("address refused", 0)
    touched = {host: canary.connections for host, canary in main_crawl.canaries.items() if host != "127.0.0.5"}
    by_name = main_crawl.server.url("/f10/news/ok") in {
        article.url.replace("replica.faults.test", "127.0.0.1") for article in stored(store).values()
    }
    allowed = main_crawl.canaries["127.0.0.5"].connections
    record(
        "F10",
        "loopback/private/link-local/CGNAT/[::1]/decimal/octal/hex/redirects",
        f"{refused} refused, {sum(touched.values())} canary connections, allowed canary reached={allowed > 0}",
        "ok" if refused == 12 and not any(touched.values()) and allowed and by_name else "FAIL",
    )
    assert touched == dict.fromkeys(touched, 0)
    assert refused == 12  # 10 links and 2 redirects to refused addresses (the file: redirect is never followed)
    assert by_name and allowed > 0


def test_f11_endless_calendars_and_session_ids_stay_bounded(main_crawl: MainCrawl) -> None:
    calendar = main_crawl.server.hits_under("/f11/cal/")
    session_articles = main_crawl.server.targets("/f11s/news/")
    record(
        "F11",
        "endless calendar; session ids in URLs",
        f"{calendar} calendar requests (cap {PATTERN_CAP}/pattern), "
        f"article fetches {sorted(session_articles.values())}",
        "ok" if calendar <= 2 * PATTERN_CAP and set(session_articles.values()) == {1} else "FAIL",
    )
    assert calendar <= 2 * PATTERN_CAP
    assert session_articles == {"/f11s/news/1": 1, "/f11s/news/2": 1, "/f11s/news/3": 1}
