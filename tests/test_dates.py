"""Publication dates: the page's own date, from the most trustworthy place, never a quoted or sidebar date."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest

from twincrawl.dates import find_modified, find_published

NOW = datetime(2024, 1, 1, tzinfo=UTC)
SIDEBAR = """<aside class="sidebar"><ul>
<li><time datetime="2023-12-30T10:00">30.12.2023 10:00</time>
  <a href="/n/1">Новый каток открылся на площади</a></li>
<li><span>29.12.2023</span> <a href="/n/2">Ёлки установлены во всех районах города к празднику</a></li>
</ul></aside>"""


def body(inner: str, head: str = "", lang: str = "ru") -> str:
    nav = '<nav><a href="/">Главная</a></nav>'
    return f'<html lang="{lang}"><head>{head}</head><body>{nav}{inner}{SIDEBAR}</body></html>'


def test_jsonld_date_published_wins_over_modified_and_visible() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2021-02-10T14:05:00+03:00", "dateModified": "2021-03-01T09:00:00+03:00"}</script>'
    )
    found = find_published(body("<h1>Новость</h1><p>Обновлено 01.03.2021</p>", head), "https://x.ru/a", now=NOW)
    assert found is not None
    assert (found.local_date, found.where, found.has_time) == (date(2021, 2, 10), "jsonld", True)
    assert found.moment == datetime(2021, 2, 10, 11, 5, tzinfo=UTC)
    modified = find_modified(body("<h1>Новость</h1>", head), "https://x.ru/a")
    assert modified is not None and modified.local_date == date(2021, 3, 1)


def test_meta_published_time_is_read() -> None:
    head = '<meta property="article:published_time" content="2020-06-29">'
    found = find_published(body("<h1>Title</h1>", head, "en"), "https://x.org/a", now=NOW)
    assert found is not None
    assert (found.local_date, found.where, found.has_time) == (date(2020, 6, 29), "meta", False)
    assert found.moment == datetime(2020, 6, 29, tzinfo=UTC)


def test_document_number_date_beats_history_in_the_body() -> None:
    inner = (
        "<h1>О присвоении звания</h1><div>от 06.09.2013 № 19-024/125рс</div>"
        "<p>Город был оккупирован 21.07.1941 и освобождён 23.01.1944 войсками фронта; в 1941 и 1944 годах "
        "здесь шли тяжёлые бои, память о которых хранят жители.</p>"
    )
    found = find_published(body(inner), "https://x.ru/doc", now=NOW)
    assert found is not None
    assert found.local_date == date(2013, 9, 6)
    assert found.where == "visible"


def test_visible_russian_date_with_time_is_localized_in_the_site_zone() -> None:
    inner = "<h1>Визит делегации</h1><div class='date'>10 февраля 2021, 14:05</div><p>Текст новости.</p>"
    found = find_published(body(inner), "https://x.ru/a", timezone="Europe/Moscow", now=NOW)
    assert found is not None
    assert found.local_date == date(2021, 2, 10)
    assert found.has_time
    assert found.moment == datetime(2021, 2, 10, 11, 5, tzinfo=UTC)


def test_visible_english_date() -> None:
    inner = "<h1>Twinning anniversary</h1><p class='byline'>By Jane Smith, 29 June 2020</p><p>Text.</p>"
    found = find_published(body(inner, lang="en"), "https://x.org/a", now=NOW)
    assert found is not None and found.local_date == date(2020, 6, 29)


def test_sidebar_of_timestamped_headlines_never_gives_the_date() -> None:
    inner = "<h1>Новость без даты</h1><p>Короткий текст новости без какой-либо даты публикации.</p>"
    assert find_published(body(inner), "https://x.ru/a", now=NOW) is None


def test_date_in_url_is_used_when_the_page_states_none() -> None:
    found = find_published(body("<h1>Title</h1>", lang="en"), "https://x.org/2019/05/17/story", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2019, 5, 17), "url")


def test_listing_date_is_the_last_resort() -> None:
    found = find_published(body("<h1>Заголовок</h1>"), "https://x.ru/a", listing_date="от 06.09.2013", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2013, 9, 6), "listing")


def test_future_and_ancient_dates_are_refused() -> None:
    future = '<meta property="article:published_time" content="2030-01-01T10:00:00Z">'
    assert find_published(body("<h1>T</h1>", future), "https://x.org/a", now=NOW) is None
    old = "<h1>История</h1><div>12.04.1961</div><p>Полёт Гагарина.</p>"
    assert find_published(body(old), "https://x.org/a", now=NOW) is None


def test_utc_stamp_takes_the_local_day_shown_in_the_url() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35Z">'
    found = find_published(body("<h1>T</h1>", head, "en"), "https://x.com/2023/11/08/story/", now=NOW)
    assert found is not None
    assert found.local_date == date(2023, 11, 8)
    assert found.moment == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)


def test_unknown_time_zone_is_reported() -> None:
    with pytest.raises(ValueError, match="IANA"):
        find_published("<h1>T</h1>", "https://x.org/", timezone="Mars/Olympus")


def test_bad_input_gives_none_quickly() -> None:
    junk = os.urandom(100_000).decode("latin-1")
    deep = "<html><body>" + "<div>" * 100_000 + "01.02.2020" + "</div>" * 100_000 + "</body></html>"
    huge = "<html><body>" + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing.</p>\n" * 400_000 + "</body></html>"
    assert find_published("", "https://x.org/") is None
    assert find_modified("", "https://x.org/") is None
    for html in (junk, deep, huge):
        started = time.perf_counter()
        find_published(html, "https://x.org/", now=NOW)
        find_modified(html, "https://x.org/")
        assert time.perf_counter() - started < 10


def test_later_dateline_shown_alone_beats_stale_structured_date() -> None:
    head = '<script type="application/ld+json">{"@type": "Article", "datePublished": "2021-11-29"}</script>'
    inner = "<h1>Neue Studie</h1><div class='meta'>12.01.2022</div><p>Text.</p>"
    found = find_published(body(inner, head, "de"), "https://x.de/a", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2022, 1, 12), "visible")


def test_structured_date_stands_when_the_url_backs_it_or_datelines_disagree() -> None:
    head = '<script type="application/ld+json">{"@type": "Article", "datePublished": "2020-02-02"}</script>'
    dateline = "<h1>Neue Studie</h1><div class='meta'>18.02.2020</div><p>Text.</p>"
    backed = find_published(body(dateline, head, "de"), "https://x.de/2020/02/02/a", now=NOW)
    assert backed is not None and (backed.local_date, backed.where) == (date(2020, 2, 2), "jsonld")
    events = "<h1>Termine</h1><div>21.02.2020</div><div>28.02.2020</div><p>Text.</p>"
    listed = find_published(body(events, head, "de"), "https://x.de/a", now=NOW)
    assert listed is not None and (listed.local_date, listed.where) == (date(2020, 2, 2), "jsonld")


def test_dateline_written_as_a_permalink_is_read() -> None:
    inner = (
        '<h1>Neuigkeiten</h1><p class="newsdatum">[<a href="/2014/07/19/parteitag/">Samstag, 19. Juli 2014</a>]</p>'
        "<h2>Landesparteitag</h2><p>Text.</p>"
    )
    found = find_published(body(inner, lang="de"), "https://x.de/", now=NOW)
    assert found is not None and found.local_date == date(2014, 7, 19)


def test_linked_date_inside_a_sentence_is_not_a_dateline() -> None:
    inner = (
        "<h1>The First Decade</h1><div class='byline'>13 Jul 2019</div>"
        '<p><a href="/first-post/">8 August 2009</a>: the first proper blog post, everything before was just '
        "fooling around. The Federal Constitutional Court had just ruled on the Lisbon Treaty and we wrote.</p>"
    )
    found = find_published(body(inner, lang="en"), "https://x.org/a", now=NOW)
    assert found is not None and found.local_date == date(2019, 7, 13)


def test_article_header_marked_as_a_sidebar_still_gives_its_dateline() -> None:
    inner = (
        "<div id='sidebar'><header><h1>The First Decade</h1><span class='byline'>"
        "<time datetime='2019-07-13T15:52:31+02:00'>Sa 13 Jul 2019</time></span></header></div>"
        "<p>Text of the article.</p>"
    )
    found = find_published(body(inner, lang="en"), "https://x.org/a", now=NOW)
    assert found is not None and found.local_date == date(2019, 7, 13)


def test_written_out_date_in_structured_data_is_read() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "Tue, Sep 15 2020 10:01:41 EDT"}</script>'
    )
    found = find_published(body("<h1>Luxury shop</h1>", head, "en"), "https://x.com/a", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2020, 9, 15), "jsonld")


def test_time_element_showing_another_day_than_its_stamp_gives_the_shown_day() -> None:
    inner = (
        "<h1>Les grenades</h1><div class='time'><time datetime='2019-07-03T10:18:46Z'>Publié le 29 juin 2019"
        "</time></div><p>Texte.</p>"
    )
    found = find_published(body(inner, lang="fr"), "https://x.fr/a", now=NOW)
    assert found is not None and found.local_date == date(2019, 6, 29)


def test_url_day_no_time_zone_could_show_leaves_the_utc_stamp_alone() -> None:
    head = '<meta property="article:published_time" content="2020-07-09T10:04:04Z">'
    found = find_published(body("<h1>T</h1>", head, "en"), "https://x.com/2020/07/08/story/", now=NOW)
    assert found is not None and found.local_date == date(2020, 7, 9)


def test_opinion_header_is_read_but_comments_and_embedded_posts_are_not() -> None:
    inner = (
        "<article><h1>Was sich ändert</h1><div class='PublishDate ArticleHeaderComment_publishDate'>"
        "<span>Dienstag,</span> <span>29. Januar 2019</span></div>"
        f"<p>{'Der Text des Kommentars, lang genug für einen eigenen Absatz. ' * 4}</p>"
        "<blockquote class='instagram-media'><p>Ein Beitrag geteilt am "
        "<time datetime='2018-03-14T10:56:33+00:00'>Mär 14, 2018</time></p></blockquote></article>"
        "<div class='comment-list'><div class='comment-meta'>30. Januar 2019</div></div>"
    )
    found = find_published(body(inner, lang="de"), "https://x.de/a", now=NOW)
    assert found is not None and found.local_date == date(2019, 1, 29)
    header_free = inner.replace("<span>29. Januar 2019</span>", "")
    without_dateline = find_published(body(header_free, lang="de"), "https://x.de/a", now=NOW)
    assert without_dateline is None or without_dateline.local_date != date(2018, 3, 14)


def test_next_day_dateline_beats_a_local_stamp_but_not_a_utc_one_it_can_be() -> None:
    inner = "<h1>Recherche</h1><div class='meta'>07.11.2023, 07:30</div><p>Text.</p>"
    local = (
        '<script type="application/ld+json">{"@type": "Article", "datePublished": "2023-11-06T18:19+01:00"}</script>'
    )
    found = find_published(body(inner, local, "de"), "https://x.de/a", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2023, 11, 7), "visible")
    utc = '<meta property="article:published_time" content="2023-11-06T14:54:56Z">'
    found = find_published(body(inner, utc, "de"), "https://x.de/a", now=NOW)
    assert found is not None and (found.local_date, found.where) == (date(2023, 11, 7), "meta")


def test_dateline_beats_an_unqualified_date_meta_but_not_a_published_time() -> None:
    inner = "<h1>Faire Lieferketten</h1><div class='news-single-timedata'>05.02.2020 - Redaktion</div><p>Text.</p>"
    unqualified = find_published(
        body(inner, '<meta name="date" content="2020-02-12">', "de"), "https://x.de/a", now=NOW
    )
    assert unqualified is not None and (unqualified.local_date, unqualified.where) == (date(2020, 2, 5), "visible")
    published = '<meta property="article:published_time" content="2020-02-12">'
    stated = find_published(body(inner, published, "de"), "https://x.de/a", now=NOW)
    assert stated is not None and (stated.local_date, stated.where) == (date(2020, 2, 12), "meta")


def test_headline_is_the_heading_the_title_repeats_not_a_site_name_h1() -> None:
    head = "<title>Counteroffensive launched, envoy says - News.az</title>"
    inner = (
        "<h1>News.az</h1><div class='ticker'>08 Dec 2020</div><p>" + "Ticker text of other news. " * 8 + "</p>"
        "<h1>Counteroffensive launched, envoy says</h1><div class='meta'>13 Oct 2020 18:29</div><p>Text.</p>"
    )
    found = find_published(body(inner, head, "en"), "https://x.az/news/a", now=NOW)
    assert found is not None and found.local_date == date(2020, 10, 13)


def test_bare_copyright_year_is_not_a_publication_date() -> None:
    inner = "<h1>About our club</h1><p>We meet every week to talk about twin towns.</p><p>Copyright 2019 Club</p>"
    assert find_published(body(inner, lang="en"), "https://x.org/about", now=NOW) is None


def test_end_of_an_availability_period_is_not_a_later_dateline() -> None:
    head = '<meta itemprop="uploadDate" content="2019-10-16T18:15:00Z">'
    inner = "<h1>Partnerstädte im Porträt</h1><p><strong>Video verfügbar bis:</strong><br>14.10.2020 ∙ 14:00 Uhr</p>"
    found = find_published(body(inner, head, "de"), "https://x.de/video/1", now=NOW)
    assert found is not None and found.local_date == date(2019, 10, 16)


def test_date_closing_a_range_is_skipped_for_the_next_one() -> None:
    inner = "<h1>Wochenbericht</h1><p>Gültig bis 20.01.2022, veröffentlicht am 14.01.2022</p><p>Text.</p>"
    found = find_published(body(inner, lang="de"), "https://x.de/bericht", now=NOW)
    assert found is not None and found.local_date == date(2022, 1, 14)


def test_dateline_right_above_the_headline_beats_a_date_further_below() -> None:
    inner = (
        "<div>Par Jeanne Martin | 30 septembre 2018</div><h1>Jumelage : dix ans d'échanges</h1>"
        "<div>Un bilan des échanges.</div><p>Photo : mairie</p><p>Article mis à jour le 7 janvier 2020.</p>"
    )
    found = find_published(body(inner, lang="fr"), "https://x.fr/jumelage", now=NOW)
    assert found is not None and found.local_date == date(2018, 9, 30)


def test_date_marked_element_below_the_headline_beats_the_site_headers_today() -> None:
    filler = "".join(f"<div>Rubrik {number}</div>" for number in range(8))
    paragraphs = "".join(f"<p>Absatz {number} ohne Datum.</p>" for number in range(30))
    inner = (
        f"<div class='datetime'>Mittwoch, 01. November 2023</div>{filler}<h1>Kolumne: Partnerschaften</h1>"
        f"{paragraphs}<p><span class='text_datum'>31. Oktober 2023.</span> Weiter im Text der Kolumne.</p>"
    )
    found = find_published(body(inner, lang="de"), "https://x.de/kolumne", now=NOW)
    assert found is not None and found.local_date == date(2023, 10, 31)


def test_dateline_in_an_indented_byline_with_an_inline_script_is_read() -> None:
    head = '<meta name="pubdate" content="2021-12-14T15:41:07+01:00">'
    script = "<script>$(function() { authorsPlugin.initOpenClick(); });" + " " * 400 + "</script>"
    byline = f"<div class='author'><p><strong>{' ' * 300}04.02.2022 | 15:33 Uhr{' ' * 300}| <a>Jan Jansen</a>{script}"
    inner = f"<h1>Partnerstadt feiert Jubiläum</h1>{byline}</strong></p></div><p>Text.</p>"
    found = find_published(body(inner, head, "de"), "https://x.de/a", now=NOW)
    assert found is not None and found.local_date == date(2022, 2, 4)


def test_byline_sharing_a_header_with_the_headline_is_a_dateline() -> None:
    related = "".join(f"<div>19/02/2020 {minutes} min lues</div>" for minutes in range(3, 6))
    inner = (
        "<header><div>À la une Société</div><h1>Parité hommes-femmes : au-dessous de la moyenne mondiale</h1>"
        "<div>Par Chokri Ben Salah Publié sur 18/02/2020 8 min lues</div></header>"
        f"<p>Le texte de l'article commence ici.</p>{related}"
    )
    found = find_published(body(inner, lang="fr"), "https://x.tn/48915/parite", now=NOW)
    assert found is not None and found.local_date == date(2020, 2, 18)


def test_japanese_and_korean_dates_are_read() -> None:
    inner = "<h1>姉妹都市の交流</h1><div class='entry-info'><span>2020年07月12日</span> | 日記</div><p>本文。</p>"
    found = find_published(body(inner, lang="ja"), "https://x.jp/e/1", now=NOW)
    assert found is not None and found.local_date == date(2020, 7, 12)
    inner = "<h1>자매도시 교류 행사</h1><p class='date'>2021년 3월 5일 14:20</p><p>본문.</p>"
    found = find_published(body(inner, lang="ko"), "https://x.kr/n/1", now=NOW)
    assert found is not None and (found.local_date, found.has_time) == (date(2021, 3, 5), True)


#: The rest of a lead paragraph, long enough for the paragraph not to read as a short block of its own.
REST = ", " + "und so weiter " * 12 + "."


def test_dateline_opening_the_lead_paragraph_is_read() -> None:
    head = '<meta name="date" content="2021-11-13">'
    lead = "Karlsruhe, (12.11.2021). Traditionell gedenken die Gemeinden am Ewigkeitssonntag ihrer Verstorbenen"
    inner = f"<h1>Trauern digital</h1><h2>Gedenken im Netz</h2><div><strong>{lead}, heuer online{REST}</strong></div>"
    found = find_published(body(inner, head, "de"), "https://x.de/n/35204", now=NOW)
    assert found is not None and found.local_date == date(2021, 11, 12)


def test_date_opening_a_sentence_of_the_lead_is_not_a_dateline() -> None:
    head = '<meta name="date" content="2020-09-01">'
    lead = "On June 20, 2020, the twin towns signed a new agreement on school exchanges and on a joint festival"
    inner = f"<h1>Twin towns renew their ties</h1><p>{lead} to be held every summer{REST}</p>"
    found = find_published(body(inner, head, "en"), "https://x.org/n/1", now=NOW)
    assert found is not None and found.local_date == date(2020, 9, 1)


def test_calendar_row_of_years_is_not_a_dateline() -> None:
    head = '<meta name="date" content="2013-04-04">'
    inner = "<div>Oct NOV Dec 10 2012 2013 2014 1 capture</div><h1>Haben sich die Eltern gesorgt?</h1><p>Text.</p>"
    found = find_published(body(inner, head, "de"), "https://x.de/eltern", now=NOW)
    assert found is not None and found.local_date == date(2013, 4, 4)


def test_date_inside_a_short_sentence_is_not_a_dateline() -> None:
    head = '<meta name="date" content="2020-01-29">'
    inner = "<h1>Stammtisch</h1><p>Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr im Cafe statt.</p>"
    found = find_published(body(inner, head, "de"), "https://x.de/wiki/Stammtisch", now=NOW)
    assert found is not None and found.local_date == date(2020, 1, 29)


def test_dateline_inside_a_form_wrapping_the_whole_page_is_read() -> None:
    head = '<meta name="date" content="2016-08-20">'
    inner = (
        "<form id='aspnetForm' method='post'><article><h1>Делегация города-побратима открыла выставку</h1>"
        "<p class='date'>15 августа 2016, 13:43</p><p>Текст новости.</p></article></form>"
    )
    found = find_published(body(inner, head), "https://x.ua/news/2.html", now=NOW)
    assert found is not None and found.local_date == date(2016, 8, 15)


def test_page_without_h1_is_dated_by_its_first_heading() -> None:
    head = '<title>Verband der Gemeinden e.V.</title><meta name="date" content="2021-10-20">'
    inner = "<div><p>2021-10-16 | Botschaft</p><h4>Grußwort zum Fest unserer Partnergemeinden</h4><p>Text.</p></div>"
    found = find_published(body(inner, head, "de"), "https://x.de/detail.php?id=765", now=NOW)
    assert found is not None and found.local_date == date(2021, 10, 16)


def test_dateline_with_a_two_digit_year_is_read_only_when_it_stands_alone() -> None:
    head = '<meta name="date" content="2019-12-20">'
    inner = "<h1>What is on the cards for the new Commission?</h1><span>02.12.19</span><p>Text.</p>"
    found = find_published(body(inner, head, "en"), "https://x.org/debate/1", now=NOW)
    assert found is not None and found.local_date == date(2019, 12, 2)
    inner = "<h1>Release notes of our twinning app</h1><p>Version 2.12.19 fixes the map of partner towns.</p>"
    found = find_published(body(inner, head, "en"), "https://x.org/notes", now=NOW)
    assert found is not None and found.local_date == date(2019, 12, 20)


def test_language_declared_in_meta_tags_reads_written_out_months() -> None:
    page = (
        '<html><head><meta property="og:locale" content="de_DE"><meta name="date" content="2015-06-20"></head>'
        "<body><h1>Partnerstädte feiern im Juni</h1><div class='date-header'>Freitag, 5. Juni 2015</div>"
        "<p>Text.</p></body></html>"
    )
    found = find_published(page, "https://x.de/2015/06/glass.html", now=NOW)
    assert found is not None and found.local_date == date(2015, 6, 5)


def test_capitalised_name_is_not_taken_for_a_period_word() -> None:
    inner = "<h1>Twin towns send aid</h1><p class='byline'>Al Jazeera, 12 March 2020</p><p>Text.</p>"
    found = find_published(body(inner, lang="en"), "https://x.org/aid", now=NOW)
    assert found is not None and found.local_date == date(2020, 3, 12)


def test_written_out_month_is_read_on_a_page_declaring_no_language() -> None:
    page = (
        '<html><head><meta name="date" content="2016-08-20"></head><body><h1>Побратимы открыли выставку</h1>'
        "<p class='date'>15 августа 2016, 13:43</p><p>Текст.</p></body></html>"
    )
    found = find_published(page, "https://x.ua/news/1.html", now=NOW)
    assert found is not None and found.local_date == date(2016, 8, 15)
