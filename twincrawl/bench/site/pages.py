"""A generated municipal news site for the crawl benchmark, served from memory on 127.0.0.1.

Articles are built from word lists and sentence templates in Russian and English, in three page layouts (a
Bitrix-like ``div`` page with a visible date, an HTML5 ``<article>`` with ``<time>`` and JSON-LD, an old table
layout in windows-1251). Around them, pages carry what real municipal and news sites do, in amounts calibrated
to real publishers' pages (:mod:`twincrawl.bench.site.chrome`: a header, a mega-menu, breadcrumbs, a share widget and
tags, related news, a sidebar of unrelated headlines, side widgets, a footer, inline scripts and styles; about
460/670/1000 elements and 65/105/180 KB by quartile). About one story in six is about city twinning; one in
fifty is republished under a second URL. Listing pages carry 50 teasers with pagination; ``/rss.xml`` lists the
newest 50; ``/robots.txt`` disallows ``/admin/``. Everything is rendered up front, so the server only copies
bytes; a page is kept as byte chunks, the chrome's chunks shared by every page that carries them.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape, unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

import attrs

from twincrawl.bench.site import chrome
from twincrawl.extract import decode_html

#: Teasers per listing page.
LISTING_SIZE = 50
#: Registry key of the generated site.
SOURCE_KEY = "bench-site"


@attrs.frozen(kw_only=True)
class _Vocabulary:
    """The words and templates pages of one language are made of."""

    subjects: list[str]
    verbs: list[str]
    objects: list[str]
    tails: list[str]
    openers: list[str]
    twin_cities: list[tuple[str, str]]
    twin_sentences: list[str]
    news: str
    sidebar: str
    months: list[str]


_RU = _Vocabulary(
    subjects=["глава города", "администрация района", "городская дума", "комитет по культуре", "делегация",
              "департамент образования", "мэрия", "депутаты", "жители микрорайона", "управление ЖКХ",
              "молодёжный совет", "руководство области", "спортивная школа", "городской музей"],
    verbs=["обсудили", "представили", "утвердили", "открыли", "провели", "поддержали", "рассмотрели",
           "подготовили", "завершили", "наметили", "организовали", "отметили"],
    objects=["план благоустройства", "программу развития", "новый сквер", "ремонт дорог", "фестиваль",
             "проект школы", "конкурс молодых художников", "отчёт о работе", "бюджет на следующий год",
             "выставку архивных фотографий", "турнир по мини-футболу", "график вывоза мусора"],
    tails=["на заседании в среду", "в рамках городской программы", "вместе с общественниками",
           "по итогам первого квартала", "в присутствии журналистов", "после обращений горожан",
           "на площадке центральной библиотеки", "в режиме видеосвязи", "уже в этом году"],
    openers=["Как сообщили в пресс-службе,", "По словам организаторов,", "Напомним, что", "Отметим, что",
             "Кроме того,", "В ближайшее время", "Как пояснили специалисты,"],
    twin_cities=[("Волгоград", "Ковентри"), ("Волгоград", "Острава"), ("Пермь", "Оксфорд"),
                 ("Волгоград", "Хемниц"), ("Санкт-Петербург", "Гамбург"), ("Казань", "Брно")],
    twin_sentences=[
     "Делегация города-побратима {b} прибыла в {a} по приглашению мэрии.",
     "{a} и {b} являются городами-побратимами уже более полувека.",
     "Соглашение о побратимстве между {a} и {b} было подписано много лет назад.",
     "Представители {b} и {a} обсудили культурный обмен между городами-побратимами.",
    ],
    news="Новости",
    sidebar="Другие новости", months=["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                                          "августа", "сентября", "октября", "ноября", "декабря"],
)  # fmt: skip
_EN = _Vocabulary(
    subjects=["The mayor", "The city council", "The culture committee", "A delegation", "Local residents",
              "The education department", "The regional governor", "Volunteers", "The youth council",
              "The city museum", "The transport office", "Community leaders"],
    verbs=["discussed", "presented", "approved", "opened", "held", "supported", "reviewed", "prepared",
           "completed", "announced", "organised", "celebrated"],
    objects=["a new park", "the development programme", "road repairs", "a music festival",
             "plans for a school", "an art contest", "the annual report", "next year's budget",
             "an exhibition of archive photographs", "a football tournament", "the recycling schedule"],
    tails=["on Wednesday", "as part of the city programme", "together with local groups",
           "after the first quarter", "in front of the press", "following residents' requests",
           "at the central library", "by video link", "later this year"],
    openers=["According to the press office,", "The organisers said that", "It is worth noting that",
             "In addition,", "Officials explained that", "As reported earlier,"],
    twin_cities=[("Volgograd", "Coventry"), ("Volgograd", "Ostrava"), ("Perm", "Oxford"),
                 ("Volgograd", "Chemnitz"), ("Saint Petersburg", "Hamburg"), ("Kazan", "Brno")],
    twin_sentences=[
     "A delegation from the twin city of {b} arrived in {a} at the invitation of the mayor.",
     "{a} and {b} have been sister cities for more than fifty years.",
     "The twinning agreement between {a} and {b} was signed decades ago.",
     "Officials from {a} and its twin town {b} discussed new cultural exchanges.",
    ],
    news="News",
    sidebar="Other news", months=["January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December"],
)  # fmt: skip
_WORDS = {"ru": _RU, "en": _EN}


@attrs.frozen(kw_only=True)
class Resource:
    """One response: its body as byte chunks (pieces shared by many pages are the same objects) and Content-Type."""

    chunks: tuple[bytes, ...]
    content_type: str

    @property
    def body(self) -> bytes:
        """The whole body (a new bytes object: pages are kept in chunks)."""
        return b"".join(self.chunks)


@attrs.frozen(kw_only=True)
class Story:
    """One article of the generated site."""

    number: int
    path: str
    language: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    is_twinning: bool
    layout: int


@attrs.define(kw_only=True)
class BenchSite:
    """The rendered site: every response by path, and the article paths."""

    resources: dict[str, Resource]
    stories: list[Story]

    @property
    def article_paths(self) -> list[str]:
        return [story.path for story in self.stories]


def _sentence(words: _Vocabulary, rng: random.Random) -> str:
    pick = rng.choice
    start = f"{pick(words.openers)} " if rng.random() < 0.3 else ""
    subject = pick(words.subjects)
    if start:
        subject = subject[0].lower() + subject[1:]
    text = f"{start}{subject} {pick(words.verbs)} {pick(words.objects)} {pick(words.tails)}."
    return text[0].upper() + text[1:]


def sentence(language: str, rng: random.Random) -> str:
    """One made-up news sentence in ``ru`` or ``en``."""
    return _sentence(_WORDS[language], rng)


def twinning_sentence(language: str, rng: random.Random) -> tuple[str, tuple[str, str]]:
    """A sentence stating two cities as twins, and the two cities."""
    words = _WORDS[language]
    a, b = rng.choice(words.twin_cities)
    return rng.choice(words.twin_sentences).format(a=a, b=b), (a, b)


def _story(number: int, rng: random.Random, published: datetime, copy_of: Story | None) -> Story:
    path = f"/news/{number}.html"
    if copy_of is not None:
        return attrs.evolve(copy_of, number=number, path=path, published=published, layout=number % 3)
    language = "ru" if rng.random() < 0.6 else "en"
    words = _WORDS[language]
    twinning = rng.random() < 1 / 6
    paragraphs = [" ".join(_sentence(words, rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(4, 8))]
    title = _sentence(words, rng).rstrip(".")
    if twinning:
        a, b = rng.choice(words.twin_cities)
        for slot in rng.sample(range(len(paragraphs)), 2):
            paragraphs[slot] += " " + rng.choice(words.twin_sentences).format(a=a, b=b)
        title = f"{a} — {b}: {title}"
    return Story(number=number, path=path, language=language, title=title, paragraphs=tuple(paragraphs),
                 published=published, is_twinning=twinning, layout=number % 3)  # fmt: skip


def _shown_date(story: Story) -> str:
    if story.language == "ru":
        return f"{story.published:%d.%m.%Y %H:%M}"
    months = _EN.months
    return f"{story.published.day} {months[story.published.month - 1]} {story.published.year}"


def _teaser(story: Story) -> chrome.Teaser:
    first = story.paragraphs[0]
    cut = first.find(". ")
    return chrome.Teaser(path=story.path, date=_shown_date(story), title=story.title,
                         summary=first if cut < 0 else first[: cut + 1])  # fmt: skip


def _article_parts(
    story: Story, others: list[Story], related: list[Story], popular: list[Story], seed: int
) -> tuple[list[chrome.Part], str]:
    """(parts, charset) of an article page in its layout."""
    words = _WORDS[story.language]
    rng = random.Random(seed * 1_000_003 + story.number)
    title = escape(story.title)
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in story.paragraphs)
    share = chrome.share(story.language)
    tags = chrome.tags(story.language, rng)
    main: list[chrome.Part]
    if story.layout == 0:
        main = [f'<!-- news.detail --><div class="news-detail"><h1>{title}</h1><div class="news-date">'
                f"{_shown_date(story)}</div>", share, f'<div class="news-text">{body}</div>{tags}</div>\n']  # fmt: skip
        head, charset = "", "utf-8"
    elif story.layout == 1:
        iso = story.published.isoformat()
        ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
                         "datePublished": iso, "inLanguage": story.language}, ensure_ascii=False)  # fmt: skip
        head = f'<script type="application/ld+json">{ld}</script><meta property="og:title" content="{title}">'
        main = [f'<main><article><h1 class="entry-title">{title}</h1><time datetime="{iso}">{_shown_date(story)}'
                "</time>", share, f'<div class="entry-content">{body}</div>{tags}</article></main>\n']  # fmt: skip
        charset = "utf-8"
    else:
        main = [f'<table class="layout"><tr><td class="content"><h2>{title}</h2><p class="date">'
                f"{_shown_date(story)}</p>{body}</td></tr></table>\n"]  # fmt: skip
        head, charset = "", "windows-1251" if story.language == "ru" else "utf-8"
    parts = chrome.page(
        language=story.language, charset=charset, title=f"{title} | Город", head=head,
        crumbs=[("/news/", words.news)], main=main, sidebar_heading=words.sidebar,
        sidebar=[_teaser(other) for other in others], related=[_teaser(other) for other in related],
        popular=[_teaser(other) for other in popular], rng=rng,
    )  # fmt: skip
    return parts, charset


def _listing_parts(page: int, pages: int, stories: list[Story], others: list[Story], seed: int) -> list[chrome.Part]:
    teasers = "".join(
        f'<div class="item"><span class="date">{_shown_date(story)}</span><a href="{story.path}">'
        f"{escape(story.title)}</a><p>{escape(story.paragraphs[0][:160])}…</p></div>"
        for story in stories
    )
    numbers = sorted({1, page - 1, page + 1, pages} - {0, pages + 1, page})
    pager = "".join(f'<a href="{_listing_path(number)}">{number}</a> ' for number in numbers)
    main = f'<div class="news-list">{teasers}</div><div class="pager">{pager}</div>\n'
    return chrome.page(
        language="ru", charset="utf-8", title=f"Новости — {page}", head="", crumbs=[("/news/", _RU.news)],
        main=[main], sidebar_heading=_RU.sidebar, sidebar=[_teaser(other) for other in others[:8]], related=[],
        popular=[_teaser(other) for other in others[8:]], rng=random.Random(seed * 1_000_003 + 900_000_000 + page),
    )  # fmt: skip


def _listing_path(page: int) -> str:
    return "/news/" if page == 1 else f"/news/?page={page}"


def _rss(base_url: str, stories: list[Story]) -> str:
    items = "".join(
        f"<item><title>{escape(story.title)}</title><link>{base_url}{story.path}</link>"
        f"<pubDate>{format_datetime(story.published)}</pubDate></item>"
        for story in stories
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Новости</title>'
            f"<link>{base_url}/news/</link>{items}</channel></rss>")  # fmt: skip


def build_site(base_url: str, pages: int, seed: int = 1) -> BenchSite:
    """Render a site of ``pages`` articles (newest first in the listings) for a server at ``base_url``."""
    rng = random.Random(seed)
    newest = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
    stories: list[Story] = []
    for number in range(1, pages + 1):
        published = newest - timedelta(hours=6 * number + rng.randint(0, 5))
        copy_of = stories[rng.randrange(len(stories))] if stories and rng.random() < 0.02 else None
        stories.append(_story(number, rng, published, copy_of))
    resources: dict[str, Resource] = {}
    count = len(stories)
    for index, story in enumerate(stories):
        others = [stories[(index + step * 37) % count] for step in range(1, 9)]
        related = [stories[(index + step * 53 + 11) % count] for step in range(8)]
        popular = [stories[(index // 20 * 20 + step * 101 + 3) % count] for step in range(10)]
        others, related, popular = (
            [other for other in near if other is not story] for near in (others, related, popular)
        )
        parts, charset = _article_parts(story, others, related, popular, seed)
        resources[story.path] = Resource(
            chunks=chrome.encode(parts, charset), content_type=f"text/html; charset={charset}"
        )
    return _with_listings(base_url, stories, resources, seed)


def _with_listings(base_url: str, stories: list[Story], resources: dict[str, Resource], seed: int) -> BenchSite:
    """The site of these stories, whose article pages are in ``resources``: listings, feed and robots.txt added."""
    count = len(stories)
    listing_pages = listing_count(count)
    for page in range(1, listing_pages + 1):
        chunk = stories[(page - 1) * LISTING_SIZE : page * LISTING_SIZE]
        others = [stories[(page * 97 + step * 41) % count] for step in range(18)]
        parts = _listing_parts(page, listing_pages, chunk, others, seed)
        resources[_listing_path(page)] = Resource(chunks=chrome.encode(parts, "utf-8"),
                                                  content_type="text/html; charset=utf-8")  # fmt: skip
    resources["/rss.xml"] = Resource(chunks=(_rss(base_url, stories[:LISTING_SIZE]).encode(),),
                                     content_type="application/rss+xml; charset=utf-8")  # fmt: skip
    resources["/robots.txt"] = Resource(chunks=(b"User-agent: *\nDisallow: /admin/\n",), content_type="text/plain")
    return BenchSite(resources=resources, stories=stories)


def read_real_pages(folder: Path) -> list[bytes]:
    """The pages of a bench set (``FOLDER/pages/<id>.html.gz``), or of every set in a folder of sets, each page
    once (a page in two sets is read from the first), in the order of their ids."""
    files = {path.name: path for path in sorted(folder.glob("*/pages/*.html.gz"), reverse=True)}
    files.update({path.name: path for path in folder.glob("pages/*.html.gz")})
    if not files:
        raise ValueError(f"no pages/<id>.html.gz in {folder} nor in its subfolders")
    return [gzip.decompress(files[name].read_bytes()) for name in sorted(files)]


#: What makes two copies of one real page two articles: the copy's own link, not the publisher's.
_PAGE_IDENTITY = re.compile(
    r"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+(?:property|name)=[\"']?og:url[^>]*>", re.IGNORECASE
)
_PARAGRAPH = re.compile(r"<p[\s>].*?</p>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def build_real_site(base_url: str, pages: int, real_pages: list[bytes], seed: int = 1) -> BenchSite:
    """A site of ``pages`` articles made of real pages, listed as :func:`build_site` lists its own.

    Each page is served as UTF-8 without its canonical link (the article is the page at its bench URL). With more
    articles than real pages, the pages are used again, each later copy with a paragraph of its own after the
    page's longest one, so that every copy is an article of its own text (not a duplicate of the first).
    """
    rng = random.Random(seed)
    newest = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
    stories: list[Story] = []
    resources: dict[str, Resource] = {}
    for number in range(1, pages + 1):
        html = _PAGE_IDENTITY.sub("", decode_html(real_pages[(number - 1) % len(real_pages)]))
        language = "ru" if len(_CYRILLIC.findall(html[:20000])) > 200 else "en"
        own: tuple[str, ...] = ()
        if number > len(real_pages):
            own = (f"{number}: " + " ".join(sentence(language, rng) for _ in range(3)),)
            longest = max(_PARAGRAPH.finditer(html), key=lambda found: found.end() - found.start(), default=None)
            cut = longest.end() if longest is not None else len(html)
            html = f"{html[:cut]}<p>{escape(own[0])}</p>{html[cut:]}"
        title = _TITLE.search(html)
        path = f"/news/{number}.html"
        stories.append(Story(
            number=number, path=path, language=language, paragraphs=own or ("",), is_twinning=False, layout=-1,
            title=" ".join(unescape(title.group(1)).split()) if title else path,
            published=newest - timedelta(hours=6 * number + rng.randint(0, 5)),
        ))  # fmt: skip
        resources[path] = Resource(chunks=(html.encode("utf-8"),), content_type="text/html; charset=utf-8")
    return _with_listings(base_url, stories, resources, seed)


def listing_count(articles: int) -> int:
    """How many listing pages the generated site has for this many articles."""
    return max(1, -(-articles // LISTING_SIZE))


def registry_yaml(base_url: str, pages: int) -> str:
    """A registry file with the one source that crawls the generated site."""
    listing_pages = -(-pages // LISTING_SIZE) + 1
    return (
        "sources:\n"
        f"  - key: {SOURCE_KEY}\n"
        "    name: Generated municipal news site (benchmark)\n"
        "    country: RU\n    city: Volgograd\n    languages: [ru, en]\n    timezone: Europe/Volgograd\n"
        f"    start_urls: ['{base_url}/news/']\n"
        f"    feeds: ['{base_url}/rss.xml']\n"
        "    article_urls: ['/news/\\d+\\.html$']\n"
        "    listing_urls: ['/news/\\?page=\\d+$']\n"
        f"    max_listing_pages: {listing_pages * 4}\n"
        '    allow_addresses: ["127.0.0.1"]\n'
        "    verified: true\n"
    )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real sites and Scrapy's connection pool use

    def do_GET(self) -> None:
        resources: dict[str, Resource] = self.server.resources  # type: ignore[attr-defined]
        resource = resources.get(self.path)
        status = 200 if resource is not None else 404
        chunks = resource.chunks if resource is not None else (b"not found",)
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type if resource is not None else "text/plain")
        self.send_header("Content-Length", str(sum(len(chunk) for chunk in chunks)))
        self.end_headers()
        # One write: the pieces joined for this response only (small writes in a row would meet Nagle's delay).
        self.wfile.write(b"".join(chunks))

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer:
    """The generated site on 127.0.0.1 (a free port), served by threads from memory. A context manager."""

    def __init__(self, pages: int, seed: int = 1, real_pages: list[bytes] | None = None) -> None:
        """Serve a generated site, or with ``real_pages`` one made of them (:func:`build_real_site`)."""
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self.site = (
            build_real_site(self.base_url, pages, real_pages, seed)
            if real_pages
            else build_site(self.base_url, pages, seed)
        )
        self._httpd.resources = self.site.resources  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="bench-site", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
