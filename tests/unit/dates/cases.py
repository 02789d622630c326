"""The pages of the publication-date tests: each case a page, its URL and what its date is (or that it has none)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

NOW = datetime(2024, 1, 1, tzinfo=UTC)
SIDEBAR = """<aside class="sidebar"><ul>
<li><time datetime="2023-12-30T10:00">30.12.2023 10:00</time>
  <a href="/n/1">Новый каток открылся на площади</a></li>
<li><span>29.12.2023</span> <a href="/n/2">Ёлки установлены во всех районах города к празднику</a></li>
</ul></aside>"""


def body(inner: str, head: str = "", lang: str = "ru") -> str:
    nav = '<nav><a href="/">Главная</a></nav>'
    return f'<html lang="{lang}"><head>{head}</head><body>{nav}{inner}{SIDEBAR}</body></html>'


#: The rest of a lead paragraph, long enough for the paragraph not to read as a short block of its own.
REST = ", " + "und so weiter " * 12 + "."

#: An opinion piece whose header dateline is followed by an embedded post and a comment, each with a date of its own.
OPINION = (
    "<article><h1>Was sich ändert</h1><div class='PublishDate ArticleHeaderComment_publishDate'>"
    "<span>Dienstag,</span> <span>29. Januar 2019</span></div>"
    f"<p>{'Der Text des Kommentars, lang genug für einen eigenen Absatz. ' * 4}</p>"
    "<blockquote class='instagram-media'><p>Ein Beitrag geteilt am "
    "<time datetime='2018-03-14T10:56:33+00:00'>Mär 14, 2018</time></p></blockquote></article>"
    "<div class='comment-list'><div class='comment-meta'>30. Januar 2019</div></div>"
)

#: Two datelines on a German page that also carries a structured date: one alone, one among event dates.
DATELINE_18_02 = "<h1>Neue Studie</h1><div class='meta'>18.02.2020</div><p>Text.</p>"
EVENT_DATES = "<h1>Termine</h1><div>21.02.2020</div><div>28.02.2020</div><p>Text.</p>"
JSONLD_2020_02_02 = '<script type="application/ld+json">{"@type": "Article", "datePublished": "2020-02-02"}</script>'

#: A dateline in the morning after a structured stamp from the evening before.
NEXT_MORNING = "<h1>Recherche</h1><div class='meta'>07.11.2023, 07:30</div><p>Text.</p>"

#: A dateline a week before the page's date meta.
TIMEDATA = "<h1>Faire Lieferketten</h1><div class='news-single-timedata'>05.02.2020 - Redaktion</div><p>Text.</p>"


#: Pages whose publication day is known: (html, url, day).
PUBLICATION_DAYS = [
    pytest.param(
        body("<h1>Twinning anniversary</h1><p class='byline'>By Jane Smith, 29 June 2020</p><p>Text.</p>", lang="en"),
        "https://x.org/a",
        date(2020, 6, 29),
        id="visible-english-date-in-a-byline",
    ),
    pytest.param(
        body(
            '<h1>Neuigkeiten</h1><p class="newsdatum">[<a href="/2014/07/19/parteitag/">Samstag, 19. Juli 2014</a>]'
            "</p><h2>Landesparteitag</h2><p>Text.</p>",
            lang="de",
        ),
        "https://x.de/",
        date(2014, 7, 19),
        id="dateline-written-as-a-permalink-is-read",
    ),
    pytest.param(
        body(
            "<h1>The First Decade</h1><div class='byline'>13 Jul 2019</div>"
            '<p><a href="/first-post/">8 August 2009</a>: the first proper blog post, everything before was just '
            "fooling around. The Federal Constitutional Court had just ruled on the Lisbon Treaty "
            "and we wrote.</p>",
            lang="en",
        ),
        "https://x.org/a",
        date(2019, 7, 13),
        id="linked-date-inside-a-sentence-is-not-a-dateline",
    ),
    pytest.param(
        body(
            "<div id='sidebar'><header><h1>The First Decade</h1><span class='byline'>"
            "<time datetime='2019-07-13T15:52:31+02:00'>Sa 13 Jul 2019</time></span></header></div>"
            "<p>Text of the article.</p>",
            lang="en",
        ),
        "https://x.org/a",
        date(2019, 7, 13),
        id="article-header-marked-as-a-sidebar-still-gives-its-dateline",
    ),
    pytest.param(
        body(
            "<h1>Les grenades</h1><div class='time'><time datetime='2019-07-03T10:18:46Z'>Publié le 29 juin 2019"
            "</time></div><p>Texte.</p>",
            lang="fr",
        ),
        "https://x.fr/a",
        date(2019, 6, 29),
        id="time-element-showing-another-day-than-its-stamp-gives-the-shown-day",
    ),
    pytest.param(
        body("<h1>T</h1>", '<meta property="article:published_time" content="2020-07-09T10:04:04Z">', "en"),
        "https://x.com/2020/07/08/story/",
        date(2020, 7, 9),
        id="url-day-no-time-zone-could-show-leaves-the-utc-stamp-alone",
    ),
    pytest.param(
        body(OPINION, lang="de"),
        "https://x.de/a",
        date(2019, 1, 29),
        id="opinion-header-dateline-beats-embedded-post-and-comment-dates",
    ),
    pytest.param(
        body(
            "<h1>News.az</h1><div class='ticker'>08 Dec 2020</div><p>" + "Ticker text of other news. " * 8 + "</p>"
            "<h1>Counteroffensive launched, envoy says</h1><div class='meta'>13 Oct 2020 18:29</div><p>Text.</p>",
            "<title>Counteroffensive launched, envoy says - News.az</title>",
            "en",
        ),
        "https://x.az/news/a",
        date(2020, 10, 13),
        id="headline-is-the-heading-the-title-repeats-not-a-site-name-h1",
    ),
    pytest.param(
        body(
            "<h1>Partnerstädte im Porträt</h1><p><strong>Video verfügbar bis:</strong><br>14.10.2020 ∙ 14:00 Uhr</p>",
            '<meta itemprop="uploadDate" content="2019-10-16T18:15:00Z">',
            "de",
        ),
        "https://x.de/video/1",
        date(2019, 10, 16),
        id="end-of-an-availability-period-is-not-a-later-dateline",
    ),
    pytest.param(
        body(
            "<h1>Wochenbericht</h1><p>Gültig bis 20.01.2022, veröffentlicht am 14.01.2022</p><p>Text.</p>",
            lang="de",
        ),
        "https://x.de/bericht",
        date(2022, 1, 14),
        id="date-closing-a-range-is-skipped-for-the-next-one",
    ),
    pytest.param(
        body(
            "<div>Par Jeanne Martin | 30 septembre 2018</div><h1>Jumelage : dix ans d'échanges</h1>"
            "<div>Un bilan des échanges.</div><p>Photo : mairie</p><p>Article mis à jour le 7 janvier 2020.</p>",
            lang="fr",
        ),
        "https://x.fr/jumelage",
        date(2018, 9, 30),
        id="dateline-right-above-the-headline-beats-a-date-further-below",
    ),
    pytest.param(
        body(
            "<div class='datetime'>Mittwoch, 01. November 2023</div>"
            + "".join(f"<div>Rubrik {number}</div>" for number in range(8))
            + "<h1>Kolumne: Partnerschaften</h1>"
            + "".join(f"<p>Absatz {number} ohne Datum.</p>" for number in range(30))
            + "<p><span class='text_datum'>31. Oktober 2023.</span> Weiter im Text der Kolumne.</p>",
            lang="de",
        ),
        "https://x.de/kolumne",
        date(2023, 10, 31),
        id="date-marked-element-below-the-headline-beats-the-site-headers-today",
    ),
    pytest.param(
        body(
            "<h1>Partnerstadt feiert Jubiläum</h1>"
            f"<div class='author'><p><strong>{' ' * 300}04.02.2022 | 15:33 Uhr{' ' * 300}| <a>Jan Jansen</a>"
            "<script>$(function() { authorsPlugin.initOpenClick(); });" + " " * 400 + "</script>"
            "</strong></p></div><p>Text.</p>",
            '<meta name="pubdate" content="2021-12-14T15:41:07+01:00">',
            "de",
        ),
        "https://x.de/a",
        date(2022, 2, 4),
        id="dateline-in-an-indented-byline-with-an-inline-script-is-read",
    ),
    pytest.param(
        body(
            "<header><div>À la une Société</div><h1>Parité hommes-femmes : au-dessous de la moyenne mondiale</h1>"
            "<div>Par Chokri Ben Salah Publié sur 18/02/2020 8 min lues</div></header>"
            "<p>Le texte de l'article commence ici.</p>"
            + "".join(f"<div>19/02/2020 {minutes} min lues</div>" for minutes in range(3, 6)),
            lang="fr",
        ),
        "https://x.tn/48915/parite",
        date(2020, 2, 18),
        id="byline-sharing-a-header-with-the-headline-is-a-dateline",
    ),
    pytest.param(
        body(
            "<h1>姉妹都市の交流</h1><div class='entry-info'><span>2020年07月12日</span> | 日記</div><p>本文。</p>",
            lang="ja",
        ),
        "https://x.jp/e/1",
        date(2020, 7, 12),
        id="japanese-date-is-read",
    ),
    pytest.param(
        body(
            "<h1>Trauern digital</h1><h2>Gedenken im Netz</h2><div><strong>Karlsruhe, (12.11.2021). Traditionell "
            f"gedenken die Gemeinden am Ewigkeitssonntag ihrer Verstorbenen, heuer online{REST}</strong></div>",
            '<meta name="date" content="2021-11-13">',
            "de",
        ),
        "https://x.de/n/35204",
        date(2021, 11, 12),
        id="dateline-opening-the-lead-paragraph-is-read",
    ),
    pytest.param(
        body(
            "<h1>Twin towns renew their ties</h1><p>On June 20, 2020, the twin towns signed a new agreement on "
            f"school exchanges and on a joint festival to be held every summer{REST}</p>",
            '<meta name="date" content="2020-09-01">',
            "en",
        ),
        "https://x.org/n/1",
        date(2020, 9, 1),
        id="date-opening-a-sentence-of-the-lead-is-not-a-dateline",
    ),
    pytest.param(
        body(
            "<div>Oct NOV Dec 10 2012 2013 2014 1 capture</div><h1>Haben sich die Eltern gesorgt?</h1><p>Text.</p>",
            '<meta name="date" content="2013-04-04">',
            "de",
        ),
        "https://x.de/eltern",
        date(2013, 4, 4),
        id="calendar-row-of-years-is-not-a-dateline",
    ),
    pytest.param(
        body(
            "<h1>Stammtisch</h1><p>Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr im Cafe statt.</p>",
            '<meta name="date" content="2020-01-29">',
            "de",
        ),
        "https://x.de/wiki/Stammtisch",
        date(2020, 1, 29),
        id="date-inside-a-short-sentence-is-not-a-dateline",
    ),
    pytest.param(
        body(
            "<form id='aspnetForm' method='post'><article><h1>Делегация города-побратима открыла выставку</h1>"
            "<p class='date'>15 августа 2016, 13:43</p><p>Текст новости.</p></article></form>",
            '<meta name="date" content="2016-08-20">',
        ),
        "https://x.ua/news/2.html",
        date(2016, 8, 15),
        id="dateline-inside-a-form-wrapping-the-whole-page-is-read",
    ),
    pytest.param(
        body(
            "<div><p>2021-10-16 | Botschaft</p><h4>Grußwort zum Fest unserer Partnergemeinden</h4><p>Text.</p></div>",
            '<title>Verband der Gemeinden e.V.</title><meta name="date" content="2021-10-20">',
            "de",
        ),
        "https://x.de/detail.php?id=765",
        date(2021, 10, 16),
        id="page-without-h1-is-dated-by-its-first-heading",
    ),
    pytest.param(
        body(
            "<h1>What is on the cards for the new Commission?</h1><span>02.12.19</span><p>Text.</p>",
            '<meta name="date" content="2019-12-20">',
            "en",
        ),
        "https://x.org/debate/1",
        date(2019, 12, 2),
        id="dateline-with-a-two-digit-year-standing-alone-is-read",
    ),
    pytest.param(
        body(
            "<h1>Release notes of our twinning app</h1><p>Version 2.12.19 fixes the map of partner towns.</p>",
            '<meta name="date" content="2019-12-20">',
            "en",
        ),
        "https://x.org/notes",
        date(2019, 12, 20),
        id="two-digit-year-date-inside-a-version-number-is-not-read",
    ),
    pytest.param(
        '<html><head><meta property="og:locale" content="de_DE"><meta name="date" content="2015-06-20"></head>'
        "<body><h1>Partnerstädte feiern im Juni</h1><div class='date-header'>Freitag, 5. Juni 2015</div>"
        "<p>Text.</p></body></html>",
        "https://x.de/2015/06/glass.html",
        date(2015, 6, 5),
        id="language-declared-in-meta-tags-reads-written-out-months",
    ),
    pytest.param(
        body("<h1>Twin towns send aid</h1><p class='byline'>Al Jazeera, 12 March 2020</p><p>Text.</p>", lang="en"),
        "https://x.org/aid",
        date(2020, 3, 12),
        id="capitalised-name-is-not-taken-for-a-period-word",
    ),
    pytest.param(
        '<html><head><meta name="date" content="2016-08-20"></head><body><h1>Побратимы открыли выставку</h1>'
        "<p class='date'>15 августа 2016, 13:43</p><p>Текст.</p></body></html>",
        "https://x.ua/news/1.html",
        date(2016, 8, 15),
        id="written-out-month-is-read-on-a-page-declaring-no-language",
    ),
]

#: Pages whose publication day and where it was found are known: (html, url, day, where).
PUBLICATION_DAYS_FOUND_WHERE = [
    pytest.param(
        body(
            "<h1>О присвоении звания</h1><div>от 06.09.2013 № 19-024/125рс</div>"
            "<p>Город был оккупирован 21.07.1941 и освобождён 23.01.1944 войсками фронта; в 1941 и 1944 годах "
            "здесь шли тяжёлые бои, память о которых хранят жители.</p>"
        ),
        "https://x.ru/doc",
        date(2013, 9, 6),
        "visible",
        id="document-number-date-beats-history-in-the-body",
    ),
    pytest.param(
        body("<h1>Title</h1>", lang="en"),
        "https://x.org/2019/05/17/story",
        date(2019, 5, 17),
        "url",
        id="date-in-url-is-used-when-the-page-states-none",
    ),
    pytest.param(
        body(
            "<h1>Neue Studie</h1><div class='meta'>12.01.2022</div><p>Text.</p>",
            '<script type="application/ld+json">{"@type": "Article", "datePublished": "2021-11-29"}</script>',
            "de",
        ),
        "https://x.de/a",
        date(2022, 1, 12),
        "visible",
        id="later-dateline-shown-alone-beats-stale-structured-date",
    ),
    pytest.param(
        body(DATELINE_18_02, JSONLD_2020_02_02, "de"),
        "https://x.de/2020/02/02/a",
        date(2020, 2, 2),
        "jsonld",
        id="structured-date-backed-by-the-url-beats-a-later-dateline",
    ),
    pytest.param(
        body(EVENT_DATES, JSONLD_2020_02_02, "de"),
        "https://x.de/a",
        date(2020, 2, 2),
        "jsonld",
        id="structured-date-stands-when-datelines-disagree",
    ),
    pytest.param(
        body(
            "<h1>Luxury shop</h1>",
            '<script type="application/ld+json">{"@type": "NewsArticle",'
            ' "datePublished": "Tue, Sep 15 2020 10:01:41 EDT"}</script>',
            "en",
        ),
        "https://x.com/a",
        date(2020, 9, 15),
        "jsonld",
        id="written-out-date-in-structured-data-is-read",
    ),
    pytest.param(
        body(
            NEXT_MORNING,
            '<script type="application/ld+json">{"@type": "Article", "datePublished": "2023-11-06T18:19+01:00"}'
            "</script>",
            "de",
        ),
        "https://x.de/a",
        date(2023, 11, 7),
        "visible",
        id="next-day-dateline-beats-a-local-stamp",
    ),
    pytest.param(
        body(NEXT_MORNING, '<meta property="article:published_time" content="2023-11-06T14:54:56Z">', "de"),
        "https://x.de/a",
        date(2023, 11, 7),
        "meta",
        id="next-day-dateline-does-not-beat-a-utc-stamp-it-can-be",
    ),
    pytest.param(
        body(TIMEDATA, '<meta name="date" content="2020-02-12">', "de"),
        "https://x.de/a",
        date(2020, 2, 5),
        "visible",
        id="dateline-beats-an-unqualified-date-meta",
    ),
    pytest.param(
        body(TIMEDATA, '<meta property="article:published_time" content="2020-02-12">', "de"),
        "https://x.de/a",
        date(2020, 2, 12),
        "meta",
        id="published-time-meta-beats-a-dateline",
    ),
]

#: Pages that give no publication date: (html, url).
UNDATED_PAGES = [
    pytest.param(
        body("<h1>Новость без даты</h1><p>Короткий текст новости без какой-либо даты публикации.</p>"),
        "https://x.ru/a",
        id="sidebar-of-timestamped-headlines-never-gives-the-date",
    ),
    pytest.param(
        body("<h1>T</h1>", '<meta property="article:published_time" content="2030-01-01T10:00:00Z">'),
        "https://x.org/a",
        id="future-date-is-refused",
    ),
    pytest.param(
        body("<h1>История</h1><div>12.04.1961</div><p>Полёт Гагарина.</p>"),
        "https://x.org/a",
        id="ancient-date-is-refused",
    ),
    pytest.param(
        body(
            "<h1>About our club</h1><p>We meet every week to talk about twin towns.</p><p>Copyright 2019 Club</p>",
            lang="en",
        ),
        "https://x.org/about",
        id="bare-copyright-year-is-not-a-publication-date",
    ),
]
