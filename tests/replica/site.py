"""Builds the replica of the seed sites in memory: every page, feed, sitemap and robots.txt as bytes.

All sites share one server, each under its own path prefix (``/mosds``, ``/volgadmin``, ``/rs``,
``/vestnik``, ``/portal``); ``/robots.txt`` holds the rules of all of them. Absolute URLs (feeds, sitemaps,
JSON-LD) need the server's ``base_url``, so the site is built once the server knows its port.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

import attrs

from tests.replica import layouts, portal
from tests.replica.seeds import SEEDS_DIR, Seeds, load_seeds
from tests.replica.stories import Story, load_stories

HTML_UTF8 = "text/html; charset=utf-8"

#: robots.txt disallows this prefix; the vestnik listing links to a page under it.
DISALLOWED_PREFIX = "/vestnik/partners/"

VOLGADMIN_EN_LISTING = "/volgadmin/d/branches/international/en/news"
VOLGADMIN_RU_LISTING = "/volgadmin/d/list/news/admvlg"
RS_LISTING = "/rs/en/news/"
VESTNIK_LISTING = "/vestnik/news/"
VESTNIK_FEED = "/vestnik/rss/"
MOSDS_SITEMAP_INDEX = "/mosds/sitemap.xml"
MOSDS_SITEMAP = "/mosds/sitemap_iblock_news.xml"

_SITE_BUILT_AT = datetime(2021, 2, 10, 12, 0, tzinfo=UTC)


@attrs.define(kw_only=True)
class Resource:
    """One response the replica serves."""

    body: bytes
    content_type: str
    last_modified: datetime
    """Sent as Last-Modified; tz-aware, whole seconds."""
    status: int = 200

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


@attrs.define(kw_only=True)
class Site:
    """The replica: what each path serves, and the articles it was built from."""

    resources: dict[str, Resource]
    """Keyed by request target: the path plus ``?query`` where there is one."""
    stories: list[Story]


def build_site(base_url: str, seeds_dir: Path = SEEDS_DIR) -> Site:
    """Build every page of the replica for a server reachable at ``base_url`` (no trailing slash)."""
    seeds = load_seeds(seeds_dir)
    stories = load_stories(seeds)
    resources: dict[str, Resource] = {}
    for story in stories:
        resources[story.path] = _article(story, seeds, base_url)

    def stories_of(site: str) -> list[Story]:
        listed = [s for s in stories if s.site == site and s.render == "html"]
        return sorted(listed, key=lambda s: s.published, reverse=True)

    volgadmin_ru = stories_of("volgadmin-ru")
    resources[VOLGADMIN_RU_LISTING] = _cp1251(layouts.volgadmin_ru_listing(volgadmin_ru), "text/html", volgadmin_ru)
    resources.update(_volgadmin_en_listings(stories_of("volgadmin-en")))
    resources[RS_LISTING] = _utf8(layouts.rs_listing(stories_of("rs-en")), HTML_UTF8, stories_of("rs-en"))
    vestnik = stories_of("vestnik")
    resources[VESTNIK_LISTING] = _utf8(layouts.vestnik_listing(vestnik, seeds), HTML_UTF8, vestnik)
    feed_items = [s for s in vestnik if not s.robots_disallowed]
    resources[VESTNIK_FEED] = _utf8(_rss(feed_items, base_url), "application/rss+xml; charset=utf-8", feed_items)
    mosds = stories_of("mosds")
    resources[MOSDS_SITEMAP] = _utf8(_sitemap(mosds, base_url), "application/xml", mosds)
    resources[MOSDS_SITEMAP_INDEX] = _utf8(_sitemap_index(base_url), "application/xml", mosds)
    on_portal = sorted((s for s in stories if s.site == "portal"), key=lambda s: s.published, reverse=True)
    resources[portal.PORTAL_LISTING] = _utf8(portal.listing(), HTML_UTF8, on_portal)
    resources[portal.PORTAL_ARCHIVE] = _utf8(portal.archive(), HTML_UTF8, on_portal)
    for target, answer in portal.api_pages(on_portal).items():
        resources[target] = _utf8(answer, "application/json; charset=utf-8", on_portal)
    resources["/robots.txt"] = _utf8(_robots(base_url), "text/plain; charset=utf-8", [])
    resources["/"] = _utf8(_home(), HTML_UTF8, [])
    return Site(resources=resources, stories=stories)


def _article(story: Story, seeds: Seeds, base_url: str) -> Resource:
    renderers: dict[str, Callable[[], str]] = {
        "mosds": lambda: layouts.mosds_article(story, seeds),
        "volgadmin-ru": lambda: layouts.volgadmin_ru_article(story, seeds),
        "volgadmin-en": lambda: layouts.volgadmin_en_article(story),
        "rs-en": lambda: (
            layouts.rs_script_article(story, seeds)
            if story.render == "js"
            else layouts.rs_article(story, seeds, base_url)
        ),
        "vestnik": lambda: layouts.vestnik_article(story, seeds),
        "portal": lambda: portal.article(story),
    }
    html = renderers[story.site]()
    if story.site == "volgadmin-ru":
        # The real site declares windows-1251 in a meta tag only; one page's header wrongly says utf-8.
        return _cp1251(html, HTML_UTF8 if story.mislabeled_utf8 else "text/html", [story])
    return _utf8(html, HTML_UTF8, [story])


def _last_modified(stories: Sequence[Story]) -> datetime:
    if not stories:
        return _SITE_BUILT_AT
    return max(story.published for story in stories).astimezone(UTC)


def _utf8(text: str, content_type: str, stories: Sequence[Story]) -> Resource:
    return Resource(body=text.encode("utf-8"), content_type=content_type, last_modified=_last_modified(stories))


def _cp1251(text: str, content_type: str, stories: Sequence[Story]) -> Resource:
    return Resource(body=text.encode("cp1251"), content_type=content_type, last_modified=_last_modified(stories))


def _volgadmin_en_listings(stories: list[Story]) -> dict[str, Resource]:
    pages = max(story.listing_page for story in stories)
    listings = {}
    for page in range(1, pages + 1):
        on_page = [story for story in stories if story.listing_page == page]
        html = layouts.volgadmin_en_listing(on_page, page=page, pages=pages, base=VOLGADMIN_EN_LISTING)
        target = VOLGADMIN_EN_LISTING if page == 1 else f"{VOLGADMIN_EN_LISTING}?page={page}"
        listings[target] = _utf8(html, HTML_UTF8, on_page)
    return listings


def _rss(stories: Sequence[Story], base_url: str) -> str:
    items = "\n".join(
        f"""<item>
<title>{escape(story.title)}</title>
<link>{base_url}{story.path}</link>
<guid isPermaLink="true">{base_url}{story.path}</guid>
<pubDate>{format_datetime(story.published)}</pubDate>
<category>{escape(story.rubric)}</category>
<description>{escape(story.lead)}</description>
</item>"""
        for story in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Городские вести</title>
<link>{base_url}{VESTNIK_LISTING}</link>
<description>Новости Волгограда</description>
<language>ru</language>
{items}
</channel>
</rss>
"""


def _sitemap(stories: Sequence[Story], base_url: str) -> str:
    urls = "\n".join(
        f"<url><loc>{base_url}{story.path}</loc><lastmod>{story.published.date().isoformat()}</lastmod></url>"
        for story in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
    )


def _sitemap_index(base_url: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<sitemap><loc>{base_url}{MOSDS_SITEMAP}</loc></sitemap>\n</sitemapindex>\n"
    )


def _robots(base_url: str) -> str:
    return (
        "User-agent: *\n"
        f"Disallow: {DISALLOWED_PREFIX}\n"
        "Disallow: /mosds/search/\n"
        "Allow: /\n\n"
        f"Sitemap: {base_url}{MOSDS_SITEMAP_INDEX}\n"
    )


def _home() -> str:
    links = (
        ("Московский дом соотечественника (sitemap)", MOSDS_SITEMAP_INDEX),
        ("Администрация Волгограда — новости", VOLGADMIN_RU_LISTING),
        ("Volgograd — international relations", VOLGADMIN_EN_LISTING),
        ("Rossotrudnichestvo — news", RS_LISTING),
        ("Городские вести — все новости", VESTNIK_LISTING),
        ("Городские вести — RSS", VESTNIK_FEED),
        ("Twin Cities Portal of Volgograd — news (script-rendered)", portal.PORTAL_LISTING),
    )
    items = "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for label, href in links)
    return layouts.document(lang="en", title="twincrawl replica", body=f"<h1>Replica sites</h1><ul>{items}</ul>")
