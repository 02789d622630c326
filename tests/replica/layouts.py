"""HTML of the replica sites: the page furniture each real site wraps around its articles.

Every template returns a complete HTML document as ``str``; the text it inserts is escaped here, and the
seed's markdown-style links (``[text](#)``) become anchors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from tests.replica.seeds import Seeds
from tests.replica.stories import LETTER_SEED_PATH, VESTNIK_SEED_PATH, Story

_MD_LINK = re.compile(r"\[([^\]]+)\]\(#\)")
_RU_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def inline(text: str) -> str:
    """Escape ``text`` for HTML, turning ``[text](#)`` into a link."""
    return _MD_LINK.sub(r'<a href="#">\1</a>', escape(text, quote=False))


def paragraphs(texts: Iterable[str]) -> str:
    return "\n".join(f"<p>{inline(text)}</p>" for text in texts)


def ru_date(when: datetime) -> str:
    """``10 февраля 2021``."""
    return f"{when.day} {_RU_MONTHS[when.month - 1]} {when.year}"


def en_date(when: datetime) -> str:
    """``17 December 2020``."""
    return f"{when.day} {when:%B %Y}"


def document(*, lang: str, title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="{charset}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _nav(items: Sequence[tuple[str, str]], css: str = "main-menu") -> str:
    links = "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for label, href in items)
    return f'<nav class="{css}"><ul>{links}</ul></nav>'


# --- mosds.mos.ru ----------------------------------------------------------------------------------------

_MOSDS_NAV = (
    ("О Доме", "/mosds/about/"), ("Пресс-центр", "/mosds/presscenter/news/"), ("Проекты", "/mosds/projects/"),
    ("Соотечественникам", "/mosds/compatriots/"), ("Контакты", "/mosds/contacts/"),
)  # fmt: skip


def mosds_article(story: Story, seeds: Seeds) -> str:
    """A Moscow House of Compatriots news page; the date is only in the visible text next to the title."""
    address = "http://mosds.mos.ru" + story.path.removeprefix("/mosds")
    body = f"""<header class="header"><a class="logo" href="/mosds/">Московский дом соотечественника</a>
{_nav(_MOSDS_NAV)}</header>
<div class="breadcrumbs"><a href="/mosds/">Главная</a> / <a href="/mosds/presscenter/">Пресс-центр</a> /
<a href="/mosds/presscenter/news/">Новости</a></div>
<main class="content">
<div class="news-detail">
<h1>{escape(story.title)}</h1>
<div class="news-date-time">{story.published:%d.%m.%Y}</div>
<div class="news-detail-text">
{paragraphs(story.paragraphs)}
</div>
<div class="page-address">Адрес страницы: <a href="{address}">{address}</a></div>
</div>
</main>
<footer class="footer"><a href="/mosds/">{escape(seeds.mosds.organisation)}</a>
<p>115184, Москва, ул. Большая Татарская, д. 49</p></footer>"""
    return document(lang="ru", title=f"{story.title} | Московский дом соотечественника", body=body)


# --- volgadmin.ru, Russian (cp1251) ------------------------------------------------------------------------

_VOLGADMIN_RU_NAV = (
    ("Главная", "/volgadmin/d/"), ("Новости", "/volgadmin/d/list/news/admvlg"),
    ("Документы", "/volgadmin/d/docs/"),
    ("Международные связи", "/volgadmin/d/branches/international/en/news"),
)  # fmt: skip


def _volgadmin_ru_page(title: str, main: str, *, declare_charset: bool) -> str:
    body = f"""<div id="top"><div class="gerb">Администрация Волгограда</div>
<div class="search"><form action="/volgadmin/d/search"><input name="q"></form></div></div>
{_nav(_VOLGADMIN_RU_NAV, "topmenu")}
<div id="content">
{main}
</div>
<div id="bottom">© Администрация Волгограда, 2003–2013.
При использовании материалов ссылка на сайт обязательна.<br>400131, г. Волгоград, ул. Володарского, 5</div>"""
    html = document(lang="ru", title=f"{title} — Администрация Волгограда", body=body, charset="windows-1251")
    if not declare_charset:
        return html.replace('<meta charset="windows-1251">\n', "")
    return html


def volgadmin_ru_article(story: Story, seeds: Seeds) -> str:
    """A Volgograd administration news page. The letter carries its date only inside the letter text."""
    if story.path == LETTER_SEED_PATH:
        letter = seeds.letter
        letterhead = "<br>".join(escape(line) for line in letter.letterhead)
        text = f"""<div class="letterhead"><b>{letterhead}</b></div>
<p class="reg">{escape(letter.reference)}</p>
<p class="addressee">{escape(letter.addressee)}</p>
{paragraphs(story.paragraphs)}
<p class="signature">{"<br>".join(escape(line) for line in letter.signature)}</p>"""
    else:
        text = f'<div class="date">{story.published:%d.%m.%Y}</div>\n{paragraphs(story.paragraphs)}'
    main = f'<h1>{escape(story.title)}</h1>\n<div class="news-text">\n{text}\n</div>'
    return _volgadmin_ru_page(story.title, main, declare_charset=not story.mislabeled_utf8)


def volgadmin_ru_listing(stories: Sequence[Story]) -> str:
    items = "\n".join(
        f'<li><span class="date">{story.published:%d.%m.%Y}</span> '
        f'<a href="{story.path}">{escape(story.title)}</a></li>'
        for story in stories
    )
    main = f'<h1>Новости</h1>\n<ul class="news-list">\n{items}\n</ul>'
    return _volgadmin_ru_page("Новости", main, declare_charset=True)


# --- volgadmin.ru, English international relations ----------------------------------------------------------

_VOLGADMIN_EN_NAV = (
    ("About Volgograd", "/volgadmin/d/branches/international/en/about"),
    ("News", "/volgadmin/d/branches/international/en/news"),
    ("Twin cities", "/volgadmin/d/branches/international/en/twins"),
    ("Contacts", "/volgadmin/d/branches/international/en/contacts"),
)


def _volgadmin_en_page(title: str, main: str) -> str:
    body = f"""<header><div class="site-name">Volgograd City Administration — International Relations</div>
{_nav(_VOLGADMIN_EN_NAV)}</header>
<div class="container">
{main}
</div>
<footer>Department of International Relations, 5 Volodarskogo St., Volgograd, 400131, Russia.
Tel. +7 (8442) 30-74-85</footer>"""
    return document(lang="en", title=f"{title} | Volgograd", body=body)


def volgadmin_en_article(story: Story) -> str:
    main = f"""<article class="news-item">
<h1>{escape(story.title)}</h1>
<div class="news-date">{en_date(story.published)}</div>
<p class="lead"><b>{inline(story.lead)}</b></p>
{paragraphs(story.paragraphs)}
</article>
<div class="back"><a href="/volgadmin/d/branches/international/en/news">‹‹ Back to the news</a></div>"""
    return _volgadmin_en_page(story.title, main)


def volgadmin_en_listing(stories: Sequence[Story], *, page: int, pages: int, base: str) -> str:
    """One listing page with teasers and the ``‹‹ Back 1 2 3 ... Next ››`` pagination."""
    teasers = "\n".join(
        f'<div class="teaser"><h3><a href="{story.path}">{escape(story.title)}</a></h3>\n'
        f"<p>{inline(story.lead)}</p></div>"
        for story in stories
    )

    def link(number: int, label: str) -> str:
        href = base if number == 1 else f"{base}?page={number}"
        return f'<a href="{href}">{label}</a>'

    numbers = " ".join(str(n) if n == page else link(n, str(n)) for n in range(1, pages + 1))
    back = link(page - 1, "‹‹ Back") if page > 1 else "‹‹ Back"
    forward = link(page + 1, "Next ››") if page < pages else "Next ››"
    main = f'<h1>News</h1>\n{teasers}\n<div class="pager">{back} {numbers}  ... {forward}</div>'
    return _volgadmin_en_page("News", main)


# --- rs.gov.ru (Rossotrudnichestvo), English -------------------------------------------------------------

_RS_NAV = (("About", "/rs/en/about/"), ("News", "/rs/en/news/"), ("Activities", "/rs/en/activities/"))


def _rs_page(title: str, main: str, head: str = "") -> str:
    body = f"""<header class="rs-header"><a href="/rs/en/">Rossotrudnichestvo</a>{_nav(_RS_NAV)}</header>
<main>
{main}
</main>
<footer class="rs-footer">© Federal Agency for the Commonwealth of Independent States Affairs,
Compatriots Living Abroad and International Humanitarian Cooperation.
<a href="/rs/en/contacts/">Contacts</a></footer>"""
    return document(lang="en", title=f"{title} — Rossotrudnichestvo", body=body, head=head)


def _share_widget(seeds: Seeds) -> str:
    buttons = "".join(
        f'<a class="share-{name.lower()}" href="#">{name}</a>' for name in ("VK", "Telegram", "OK", "Twitter")
    )
    return f'<div class="share"><span>{escape(seeds.rs.share_line)}</span> {buttons}</div>'


def rs_article(story: Story, seeds: Seeds, base_url: str) -> str:
    """A Rossotrudnichestvo news page: share widget, date by the title, JSON-LD NewsArticle."""
    jsonld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published.isoformat(),
        "mainEntityOfPage": base_url + story.path,
        "publisher": {"@type": "Organization", "name": "Rossotrudnichestvo"},
    }
    head = f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>\n'
    main = f"""{_share_widget(seeds)}
<article class="news-detail">
<h1>{escape(story.title)}</h1>
<div class="date">{en_date(story.published)}</div>
{paragraphs(story.paragraphs)}
</article>"""
    return _rs_page(story.title, main, head)


def rs_listing(stories: Sequence[Story]) -> str:
    items = "\n".join(
        f'<div class="news-card"><span class="date">{en_date(story.published)}</span>\n'
        f'<a href="{story.path}">{escape(story.title)}</a></div>'
        for story in stories
    )
    return _rs_page("News", f"<h1>News</h1>\n{items}")


def rs_script_article(story: Story, seeds: Seeds) -> str:
    """A page whose article exists only after its script runs (for the browser-rendering tests)."""
    data = json.dumps(
        {"title": story.title, "date": en_date(story.published), "paragraphs": story.paragraphs},
        ensure_ascii=False,
    ).replace("</", "<\\/")
    main = f"""{_share_widget(seeds)}
<div id="app"><noscript>Please enable JavaScript to read this page.</noscript></div>
<script>
const story = {data};
const app = document.getElementById("app");
const article = document.createElement("article");
const h1 = document.createElement("h1"); h1.textContent = story.title; article.appendChild(h1);
const date = document.createElement("div"); date.className = "date"; date.textContent = story.date;
article.appendChild(date);
for (const text of story.paragraphs) {{
  const p = document.createElement("p"); p.textContent = text; article.appendChild(p);
}}
app.appendChild(article);
</script>"""
    return _rs_page("Special project", main)


# --- «Городские вести» -------------------------------------------------------------------------------------

_VESTNIK_NAV = (
    ("Общество", "/vestnik/society/"), ("Образование", "/vestnik/education/"), ("Спорт", "/vestnik/sport/"),
    ("Происшествия", "/vestnik/incidents/"), ("Все новости", "/vestnik/news/"),
)  # fmt: skip


def _vestnik_page(title: str, main: str, seeds: Seeds, head: str = "") -> str:
    vestnik = seeds.vestnik
    sidebar = "\n".join(
        f'<li><span class="time">{item.time}, {escape(item.rubric)}</span>\n'
        f'<a href="/vestnik/news/">{escape(item.title)}</a></li>'
        for item in vestnik.sidebar
    )
    body = f"""<header><span class="age">{escape(vestnik.age_mark)}</span>
<a class="logo" href="/vestnik/">Городские вести</a>{_nav(_VESTNIK_NAV)}</header>
<div class="layout">
<main>
{main}
</main>
<aside class="sidebar"><h4>Лента новостей</h4><ul class="feed">
{sidebar}
</ul>
<div class="calendar"><h4>{escape(vestnik.calendar)}</h4>
<table><tr><td>1</td><td>2</td><td>3</td></tr></table></div>
</aside>
</div>
<footer>© «Городские вести», Волгоград. Сетевое издание. 16+</footer>"""
    return document(lang="ru", title=f"{title} — Городские вести", body=body, head=head)


def vestnik_article(story: Story, seeds: Seeds) -> str:
    """A newspaper article page: rubric, date and time, photo, text, author, contacts, headline sidebar."""
    vestnik = seeds.vestnik
    head = f'<meta property="article:published_time" content="{story.published.isoformat()}">\n'
    photo = ""
    if story.path == VESTNIK_SEED_PATH:
        photo = (
            f'<figure><img src="/vestnik/media/41192.jpg" alt="{escape(story.title)}">\n'
            f"<figcaption>{escape(story.title)}<br>{escape(vestnik.photo_credit)}</figcaption></figure>"
        )
    contacts = paragraphs(vestnik.contacts)
    main = f"""<div class="rubric">{escape(story.rubric)}</div>
<h1>{escape(story.title)}</h1>
<div class="published">{ru_date(story.published)}, {story.published:%H:%M}</div>
{photo}
<p class="lead"><strong>{escape(story.lead)}</strong></p>
<div class="article-text">
{paragraphs(story.paragraphs)}
</div>
<p class="subscribe">{escape(vestnik.subscribe)}</p>
<p class="author">Автор: {escape(story.author)}</p>
<div class="contacts">
{contacts}
</div>"""
    return _vestnik_page(story.title, main, seeds, head)


def vestnik_listing(stories: Sequence[Story], seeds: Seeds) -> str:
    items = "\n".join(
        f'<div class="item"><span class="time">{ru_date(story.published)}, {story.published:%H:%M}</span>\n'
        f'<a href="{story.path}">{escape(story.title)}</a></div>'
        for story in stories
    )
    return _vestnik_page("Все новости", f"<h1>Все новости</h1>\n{items}", seeds)
