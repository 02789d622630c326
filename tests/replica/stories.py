"""The articles of the replica: the seed articles plus the ones written for it (``stories.yaml``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import yaml

from tests.replica.seeds import Seeds

STORIES_FILE = Path(__file__).with_name("stories.yaml")

MOSCOW = timezone(timedelta(hours=3))
VOLGOGRAD_2013 = timezone(timedelta(hours=4))


@attrs.define(kw_only=True)
class Story:
    """One article page of a replica site."""

    site: str
    """Which replica site serves it: mosds, volgadmin-ru, volgadmin-en, rs-en, vestnik or portal."""
    path: str
    """URL path on the replica server."""
    title: str
    published: datetime
    """Publication time, tz-aware, in the site's local time."""
    twinning: bool
    language: str
    paragraphs: list[str]
    lead: str = ""
    """A standfirst shown above the text (or the teaser text on listing pages)."""
    rubric: str = ""
    author: str = ""
    listing_page: int = 1
    """The page of the site's listing that links to it."""
    mislabeled_utf8: bool = False
    """Served in cp1251 with a Content-Type header that claims utf-8."""
    robots_disallowed: bool = False
    """Lives under a path that robots.txt disallows."""
    render: str = "html"
    """``js`` when the article only exists after the page's script has run in a browser."""


#: Paths of the seed articles (mirroring the real sites' URL shapes under a per-site prefix).
MOSDS_SEED_PATH = "/mosds/presscenter/news/detail/9066085.html"
LETTER_SEED_PATH = "/volgadmin/d/list/news/admvlg/3998"
RS_SEED_PATH = "/rs/en/news/russian-and-foreign-cities-preserve-a-common-memory-of-the-victory/"
VESTNIK_SEED_PATH = "/vestnik/society/vladlen-kolesnikov-predstavil-opyt-mezhdunarodnoj-41192.html"


def load_stories(seeds: Seeds) -> list[Story]:
    """Every article of the replica, seed-based first."""
    raw = yaml.safe_load(STORIES_FILE.read_text(encoding="utf-8"))
    return [
        *_seed_stories(seeds),
        *_listing_stories(seeds, raw["seed_listing_articles"]),
        *(_story(entry) for entry in raw["stories"]),
    ]


def _story(entry: dict[str, Any]) -> Story:
    return Story(**{**entry, "published": _when(entry["published"])})


def _when(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _seed_stories(seeds: Seeds) -> list[Story]:
    day, month, year = (int(part) for part in seeds.mosds.date.split("."))
    return [
        Story(
            site="mosds",
            path=MOSDS_SEED_PATH,
            title=seeds.mosds.title,
            published=datetime(year, month, day, 15, 30, tzinfo=MOSCOW),
            twinning=True,
            language="ru",
            paragraphs=seeds.mosds.paragraphs,
        ),
        Story(
            site="volgadmin-ru",
            path=LETTER_SEED_PATH,
            title="Обращение главы Волгограда к мэрам городов-побратимов",
            published=datetime(2013, 9, 6, 17, 0, tzinfo=VOLGOGRAD_2013),
            twinning=True,
            language="ru",
            paragraphs=seeds.letter.paragraphs,
        ),
        Story(
            site="rs-en",
            path=RS_SEED_PATH,
            title=seeds.rs.title,
            published=datetime.strptime(seeds.rs.date, "%d %B %Y").replace(hour=10, minute=12, tzinfo=MOSCOW),
            twinning=True,
            language="en",
            paragraphs=seeds.rs.paragraphs,
        ),
        Story(
            site="vestnik",
            path=VESTNIK_SEED_PATH,
            title=seeds.vestnik.title,
            published=datetime(2021, 2, 10, 14, 5, tzinfo=MOSCOW),
            twinning=True,
            language="ru",
            paragraphs=seeds.vestnik.paragraphs,
            lead=seeds.vestnik.lead,
            rubric=seeds.vestnik.rubric,
            author=seeds.vestnik.author.removeprefix("Автор:").strip(),
        ),
    ]


def _listing_stories(seeds: Seeds, entries: list[dict[str, Any]]) -> list[Story]:
    teasers = seeds.listing.teasers
    if len(teasers) != len(entries):
        raise ValueError(
            f"{STORIES_FILE}: seed_listing_articles has {len(entries)} entries for {len(teasers)} teasers "
            "of seed 003; give every teaser exactly one entry, in listing order"
        )
    return [
        Story(
            site="volgadmin-en",
            path=entry["path"],
            title=teaser.title,
            published=_when(entry["published"]),
            twinning=entry["twinning"],
            language="en",
            lead=teaser.text,
            paragraphs=entry["paragraphs"],
        )
        for teaser, entry in zip(teasers, entries, strict=True)
    ]
