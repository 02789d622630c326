"""Generated news sites in the URL shapes of common CMSs, for ``sources discover``: each site has a home page with
a menu, a news section with pagination (or only a feed, or only a sitemap), articles with a date, and pages
that are not articles (about, contact, tags) that a crawl must not store.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from html import escape

import attrs

ARTICLES_PER_SITE = 23
PER_PAGE = 10

#: Words and sentence frames the article texts are drawn from: varied enough that no two generated articles are
#: near duplicates of each other (their SimHash values differ in 12 bits or more).
_WORDS = (
    "council", "delegation", "partner", "twinning", "festival", "school", "exchange", "orchestra", "museum",
    "harbour", "bridge", "library", "market", "choir", "students", "mayor", "anniversary", "river", "park",
    "theatre", "football", "archive", "cathedral", "railway", "garden", "volunteers", "hospital", "bakery", "tram",
    "chess", "poets", "painters", "dancers", "engineers", "nurses", "farmers", "cyclists", "sailors", "teachers",
    "pupils", "veterans", "scouts", "fountain", "tower", "square", "castle", "stadium", "airport", "factory",
    "vineyard", "forest", "lake", "island", "valley", "mountain", "meadow", "beach",
)  # fmt: skip
_FRAMES = (
    "In {site} the {0} met the {1} and spoke about the {2} near the {3}.",
    "Guests from the {0} brought {1} and {2} to the {3} of {site}.",
    "The {0} of {site} will open a {1} with the {2} next {3}.",
    "Local {0} and visiting {1} planted a {2} beside the old {3}.",
    "A {0} of {1} travelled by {2} to see the {3}.",
    "Everyone praised the {0}, the {1}, the {2} and even the {3}.",
    "After the {0} the {1} of {site} thanked the {2} for the {3}.",
    "Plans for a joint {0} between the {1} and the {2} were signed at the {3}.",
)
_TITLE_WORDS = ("spring", "summer", "meeting", "visit", "concert", "forum", "week", "award", "opening", "contest")


@attrs.frozen(kw_only=True)
class Shape:
    """How one CMS names its pages."""

    name: str
    news_word: str
    """The menu label of the news section."""
    news_path: str
    article: Callable[[int, date, str], str]
    """The path of article ``n`` published on a day, with its slug."""
    page: Callable[[int], str]
    """The path of listing page ``n`` (n >= 2)."""
    lang: str = "en"
    charset: str = "utf-8"
    feed: bool = False
    """The home page links an RSS feed."""


_JOOMLA = "/index.php?option=com_content&"
SHAPES = {
    "bitrix": Shape(name="bitrix", news_word="Новости", news_path="/press-center/news/", lang="ru",
                    article=lambda n, day, slug: f"/press-center/news/detail.php?ID={1000 + n}",
                    page=lambda n: f"/press-center/news/?PAGEN_1={n}"),
    "wordpress": Shape(name="wordpress", news_word="News", news_path="/category/news/", feed=True,
                       article=lambda n, day, slug: f"/{day:%Y/%m/%d}/{slug}/",
                       page=lambda n: f"/category/news/page/{n}/"),
    "drupal": Shape(name="drupal", news_word="Aktuelles", news_path="/aktuelles", lang="de",
                    article=lambda n, day, slug: f"/node/{200 + n}",
                    page=lambda n: f"/aktuelles?page={n - 1}"),
    "joomla": Shape(name="joomla", news_word="Notizie", lang="it", news_path=_JOOMLA + "view=category&id=8&Itemid=101",
                    article=lambda n, day, slug: f"{_JOOMLA}view=article&id={n}:{slug}&catid=8&Itemid=101",
                    page=lambda n: f"{_JOOMLA}view=category&id=8&Itemid=101&limitstart={PER_PAGE * (n - 1)}"),
    "static": Shape(name="static", news_word="Actualités", news_path="/actualites/", lang="fr",
                    article=lambda n, day, slug: f"/actualites/{day:%Y-%m-%d}-{slug}.html",
                    page=lambda n: f"/actualites/page/{n}/"),
    "dated": Shape(name="dated", news_word="Aktuality", news_path="/aktuality/", lang="cs",
                   article=lambda n, day, slug: f"/aktuality/{day:%Y/%m/%d}/{5000 + n}.html",
                   page=lambda n: f"/aktuality/?strana={n}"),
    "cp1251": Shape(name="cp1251", news_word="Новости", news_path="/novosti", lang="ru", charset="windows-1251",
                    article=lambda n, day, slug: f"/novosti/{70000 + n}",
                    page=lambda n: f"/novosti?page={n}"),
}  # fmt: skip


@attrs.frozen(kw_only=True)
class Site:
    """The pages of one generated site by request target, and which of them are articles."""

    pages: dict[str, tuple[bytes, str]]
    """Target (path and query) -> (body, Content-Type)."""
    articles: tuple[str, ...]


def _text(site: str, n: int) -> tuple[str, list[str]]:
    """The title and paragraphs of article ``n`` of a site (the same every time)."""
    rng = random.Random(f"{site}:{n}")
    sentences = [rng.choice(_FRAMES).format(*rng.sample(_WORDS, 4), site=site) for _ in range(14)]
    title = f"{_TITLE_WORDS[n % len(_TITLE_WORDS)].capitalize()} {n}: the {_WORDS[n % len(_WORDS)]} ({site})"
    return title, [" ".join(sentences[start : start + 4]) for start in range(0, len(sentences), 4)]


def _page(shape: Shape, title: str, main: str, head: str = "") -> bytes:
    menu = (f'<nav><a href="/">Home</a> <a href="{escape(shape.news_path)}">{shape.news_word}</a> '
            '<a href="/about-us">About</a> <a href="/contact">Contact</a></nav>')  # fmt: skip
    html = (
        f'<!DOCTYPE html><html lang="{shape.lang}"><head><meta charset="{shape.charset}"><title>{escape(title)}'
        f"</title>{head}</head><body><header>{menu}</header><main>{main}</main>"
        "<footer><p>City hall, 1 Main Square. All rights reserved.</p></footer></body></html>"
    )
    return html.encode(shape.charset)


def _article(shape: Shape, site: str, n: int, day: date) -> bytes:
    title, paragraphs = _text(site, n)
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    head = f'<meta property="article:published_time" content="{day.isoformat()}T10:00:00+00:00">'
    main = (f'<article><h1>{escape(title)}</h1><time datetime="{day.isoformat()}">{day:%d.%m.%Y}</time>{body}'
            '<p class="tags"><a href="/tag/culture">culture</a></p></article>')  # fmt: skip
    return _page(shape, title, main, head)


def _listing(shape: Shape, entries: list[tuple[str, str, date]], number: int, pages: int) -> bytes:
    items = "".join(
        f'<li><a href="{escape(path)}">{escape(title)}</a> {day:%d.%m.%Y}</li>' for path, title, day in entries
    )
    targets = {n: shape.news_path if n == 1 else shape.page(n) for n in range(1, pages + 1) if n != number}
    links = " ".join(f'<a href="{escape(target)}">{n}</a>' for n, target in targets.items())
    return _page(shape, f"{shape.news_word} {number}", f"<h1>{shape.news_word}</h1><ul>{items}</ul><p>{links}</p>")


def _rss(entries: list[tuple[str, str, date]], base_url: str) -> bytes:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(base_url + path)}</link>"
        f"<pubDate>{day:%a, %d %b %Y} 10:00:00 +0000</pubDate></item>"
        for path, title, day in entries
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'.encode()


def _entries(shape: Shape, site: str) -> list[tuple[str, str, date]]:
    entries = []
    for n in range(1, ARTICLES_PER_SITE + 1):
        day = date(2024, 5, 28) - timedelta(days=n)
        title, _ = _text(site, n)
        slug = f"{_TITLE_WORDS[n % len(_TITLE_WORDS)]}-{n}-of-the-city"
        entries.append((shape.article(n, day, slug), title, day))
    return entries


def _common(
    shape: Shape, site: str, entries: list[tuple[str, str, date]], home_main: str, head: str = ""
) -> dict[str, tuple[bytes, str]]:
    html = f"text/html; charset={shape.charset}"
    pages = {
        "/": (_page(shape, f"City of {site.capitalize()}", home_main, head), html),
        "/about-us": (_page(shape, "About", "<h1>About us</h1><p>The city hall.</p>"), html),
        "/contact": (_page(shape, "Contact", "<h1>Contact</h1><p>Write to us.</p>"), html),
        "/tag/culture": (_page(shape, "Culture", "<h1>Culture</h1><p>Tagged pages.</p>"), html),
        "/robots.txt": (b"User-agent: *\nDisallow: /private/\n", "text/plain"),
    }
    for n, (path, _, day) in enumerate(entries, start=1):
        pages[path] = (_article(shape, site, n, day), html)
    return pages


def cms_site(name: str, base_url: str) -> Site:
    """A site with a news section, its pagination and (WordPress) a linked feed."""
    shape = SHAPES[name]
    entries = _entries(shape, name)
    head = '<link rel="alternate" type="application/rss+xml" href="/feed/">' if shape.feed else ""
    latest = "".join(f'<a href="{escape(path)}">{escape(title)}</a>' for path, title, _ in entries[:2])
    pages = _common(shape, name, entries, f"<h1>Welcome</h1><p>{latest}</p>", head)
    count = -(-len(entries) // PER_PAGE)
    html = f"text/html; charset={shape.charset}"
    for number in range(1, count + 1):
        target = shape.news_path if number == 1 else shape.page(number)
        chunk = entries[(number - 1) * PER_PAGE : number * PER_PAGE]
        pages[target] = (_listing(shape, chunk, number, count), html)
    if shape.feed:
        pages["/feed/"] = (_rss(entries[:PER_PAGE], base_url), "application/rss+xml")
    return Site(pages=pages, articles=tuple(path for path, _, _ in entries))


def feed_only_site(base_url: str) -> Site:
    """Articles reachable only through the RSS feed the home page links."""
    shape = Shape(name="feed", news_word="Start", news_path="/", article=lambda n, day, slug: f"/stories/{n}-{slug}",
                  page=lambda n: "/")  # fmt: skip
    entries = _entries(shape, "feedtown")
    head = '<link rel="alternate" type="application/rss+xml" title="News" href="/rss.xml">'
    pages = _common(shape, "feedtown", entries, "<h1>Welcome</h1><p>Our town.</p>", head)
    pages["/rss.xml"] = (_rss(entries, base_url), "application/rss+xml")
    return Site(pages=pages, articles=tuple(path for path, _, _ in entries))


def sitemap_only_site(base_url: str) -> Site:
    """Articles reachable only through the news sitemap that robots.txt names (by way of a sitemap index)."""
    shape = Shape(name="sitemap", news_word="Accueil", news_path="/", lang="fr", page=lambda n: "/",
                  article=lambda n, day, slug: f"/communiques/{slug}.html")  # fmt: skip
    entries = _entries(shape, "sitemapville")
    pages = _common(shape, "sitemapville", entries, "<h1>Bienvenue</h1><p>La ville.</p>")
    pages["/robots.txt"] = (f"User-agent: *\nDisallow:\nSitemap: {base_url}/sitemap_index.xml\n".encode(), "text/plain")
    index = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{base_url}/sitemap-news.xml</loc></sitemap>"
             f"<sitemap><loc>{base_url}/sitemap-pages.xml</loc></sitemap></sitemapindex>")  # fmt: skip
    urls = "".join(
        f"<url><loc>{base_url}{path}</loc><lastmod>{day.isoformat()}</lastmod></url>" for path, _, day in entries
    )
    other = "".join(f"<url><loc>{base_url}{path}</loc></url>" for path in ("/", "/about-us", "/contact"))
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    pages["/sitemap_index.xml"] = (index.encode(), "application/xml")
    pages["/sitemap-news.xml"] = (
        f'<?xml version="1.0"?><urlset {namespace}>{urls}</urlset>'.encode(),
        "application/xml",
    )
    pages["/sitemap-pages.xml"] = (
        f'<?xml version="1.0"?><urlset {namespace}>{other}</urlset>'.encode(),
        "application/xml",
    )
    return Site(pages=pages, articles=tuple(path for path, _, _ in entries))


def build(kind: str, base_url: str) -> Site:
    """The site of one kind: a CMS shape of :data:`SHAPES`, ``feed-only`` or ``sitemap-only``."""
    if kind == "feed-only":
        return feed_only_site(base_url)
    if kind == "sitemap-only":
        return sitemap_only_site(base_url)
    return cms_site(kind, base_url)


KINDS = (*SHAPES, "feed-only", "sitemap-only")
