"""The furniture around the generated site's articles: head, mega-menu, widgets, footer, scripts and styles.

Sized after real publishers' pages (the quartiles of 784 bench pages: 466/709/1032 elements, 81/131/205 links,
62/105/194 KB, 7/21/70 K characters of inline script and style): a page's amount of each is drawn from its own
seeded generator. Everything a CMS repeats from page to page (the menu, the footer, the side widgets, the
script and style bundles of :mod:`twincrawl.bench.site.assets`) is a ``Shared`` piece, rendered once and encoded once
per charset, so a page in memory is a tuple of byte chunks of which only the article, its neighbours' teasers and
the head are its own. The chrome holds no prose: the labels of :mod:`twincrawl.bench.site.labels`, headlines and
one-sentence teaser summaries, as on real sites.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Sequence
from html import escape

import attrs

from twincrawl.bench.site.assets import Part, Shared, bundles, encode, fill, icon, sprite
from twincrawl.bench.site.labels import LABELS, SLUGS, Labels

__all__ = ["Part", "Teaser", "encode", "page", "share", "tags"]


@attrs.frozen(kw_only=True)
class Teaser:
    """Another article as the chrome shows it."""

    path: str
    date: str
    title: str
    summary: str


@attrs.frozen(kw_only=True)
class _Chrome:
    """One language's shared pieces, in variants of growing size."""

    labels: Labels
    head: Shared
    header: Shared
    menus: tuple[Shared, ...]
    share: Shared
    widgets: tuple[Shared, ...]
    newsletter: Shared
    footers: tuple[Shared, ...]
    cookie: Shared
    sprites: tuple[Shared, ...]
    forms: tuple[Shared, ...]


def _menu(labels: Labels, links: int, rng: random.Random) -> str:
    sections = labels.menu[: max(6, min(10, links // 11))]
    per_section = max(2, (links - len(sections)) // len(sections))
    html = ['<!-- bitrix:menu "top_multilevel" -->\n<nav class="mega-menu" id="mega-menu" role="navigation">'
            '\n\t<ul class="mega-menu__list">']  # fmt: skip
    for number, (section, items) in enumerate(sections):
        slug = SLUGS[labels.menu.index((section, items))]
        html.append(f'\n\t\t<li class="mega-menu__item mega-menu__item--has-children" data-section="{slug}">'
                    f'<a class="mega-menu__link" href="/{slug}/">{escape(section)}</a>'
                    '\n\t\t\t<div class="mega-menu__dropdown"><div class="mega-menu__inner">'
                    '<ul class="mega-menu__sub">')  # fmt: skip
        count = min(len(items), per_section)
        extra = per_section - count
        for position, item in enumerate(items[:count]):
            href = f"/{slug}/{position + 1:02d}/"
            html.append(f'\n\t\t\t\t\t<li class="mega-menu__sub-item js-menu-item" '
                        f'id="bx_{rng.randrange(10**10)}_'
                        f'{number}{position}" data-entity="menu-item" data-depth="2">'
                        '\n\t\t\t\t\t\t<a class="mega-menu__'
                        f'sub-link js-menu-link" href="{href}" title="{escape(item)}" data-ga-event="menu_click" '
                        f'data-ga-label="{slug}_{position + 1}">{escape(item)}</a>')  # fmt: skip
            if extra > 0 and rng.random() < 0.5:
                deeper = labels.third[: min(extra, rng.randint(2, 5))]
                extra -= len(deeper)
                html.append('<ul class="mega-menu__sub2">' + "".join(
                    f'\n\t\t\t\t\t\t\t<li class="mega-menu__sub2-item" data-depth="3"><a class="mega-menu__sub2-link" '
                    f'href="{href}{k + 1}/" data-ga-event="menu_click">{escape(label)}</a></li>'
                    for k, label in enumerate(deeper)
                ) + "</ul>")  # fmt: skip
            html.append("</li>")
        html.append("\n\t\t\t</ul>")
        if number % 3 == 0:
            html.append(f'<div class="mega-menu__promo" style="background:#f4f6f9;padding:12px">'
                        f'<a href="/{slug}/"><img src="/upload/iblock/{rng.randrange(16**3):03x}/menu-{slug}.jpg" '
                        f'alt="" width="220" height="120" loading="lazy"></a></div>')  # fmt: skip
        html.append("</div></div>\n\t\t</li>")
    html.append("\n\t</ul>\n</nav>\n<!-- /bitrix:menu -->\n")
    return "".join(html)


def _footer(labels: Labels, columns: int, rng: random.Random) -> str:
    html = ['<!-- footer -->\n<footer class="footer" id="footer">\n\t<div class="container"><div class="footer__row">']
    for column in range(columns):
        _, items = labels.menu[(column * 3 + 1) % len(labels.menu)]
        slug = SLUGS[(column * 3 + 1) % len(labels.menu)]
        links = "".join(f'\n\t\t\t\t<li class="footer__item" id="bx_{rng.randrange(10**10)}_{k}">\n\t\t\t\t\t'
                        f'<a class="footer__link link link--light" href="/{slug}/{k + 1:02d}/" data-ga-event="footer_'
                        f'click">{escape(item)}</a>\n\t\t\t\t</li>'
                        for k, item in enumerate(items[: rng.randint(4, 8)]))  # fmt: skip
        html.append(f'\n\t\t<div class="footer__col footer__col--{column + 1}"><div class="footer__title">'
                    f'{escape(labels.footer_titles[column])}</div><ul class="footer__list">{links}</ul>'
                    "</div>")  # fmt: skip
    socials = "".join(f'<a class="social social--{net}" href="https://{net}.example/cityadmin" rel="nofollow" '
                      f'target="_blank" title="{net}">{icon(rng, "icon--" + net)}</a>'
                      for net in ("vk", "ok", "tg", "rutube", "dzen")[: rng.randint(3, 5)])  # fmt: skip
    counters = "".join(f'<a href="https://counter{k}.example/stat?id={rng.randrange(10**6)}" target="_blank">'
                       f'<img src="https://counter{k}.example/hit?t{k}4.6;r;s1920*1080*24;{rng.randrange(10**8)}" '
                       f'alt="" width="88" height="31" style="border:0"></a>'
                       for k in range(rng.randint(1, 3)))  # fmt: skip
    html.append(f"\n\t</div>\n\t<div class=\"footer__bottom\"><div class=\"footer__contacts\">"
                f"<div>{escape(labels.address)}</div><div>{escape(labels.phone_label)}: "
                f'<a href="tel:+70000000000">+7 (000) 000-00-00</a></div><div>E-mail: '
                f'<a href="mailto:info@city.example">info@city.example</a></div></div>'
                f'\n\t\t<div class="footer__social">{socials}</div>'
                f"\n\t\t<!--noindex--><div class=\"footer__counters\">{counters}</div><!--/noindex-->"
                f'\n\t\t<div class="footer__copyright">{escape(labels.copyright)}</div>'
                f'\n\t\t<div class="footer__dev">{escape(labels.developer)}: <a href="https://studio.example/" '
                f'rel="nofollow">Studio</a></div>\n\t</div></div>\n</footer>\n<!-- /footer -->\n')  # fmt: skip
    return "".join(html)


def _widgets(labels: Labels, rng: random.Random) -> tuple[Shared, ...]:
    days = "".join(
        "<tr>" + "".join(
            f'<td><a href="/events/?day={week * 7 + day - 2}">{week * 7 + day - 2}</a></td>'
            if 1 <= week * 7 + day - 2 <= 30 and rng.random() < 0.3 else
            f"<td>{week * 7 + day - 2 if 1 <= week * 7 + day - 2 <= 30 else ''}</td>"
            for day in range(7)
        ) + "</tr>" for week in range(5)
    )  # fmt: skip
    head = "".join(f"<th>{day}</th>" for day in labels.weekdays)
    calendar = (f'<div class="widget widget--calendar"><div class="widget__title">{labels.calendar}</div>'
                f'<table class="calendar"><thead><tr>{head}</tr></thead><tbody>{days}</tbody></table>'
                "</div>\n")  # fmt: skip
    options = "".join(f'<div class="poll__option"><label><input type="radio" name="answer" value="{k}"> '
                      f"{escape(option)}</label></div>" for k, option in enumerate(labels.poll_options))  # fmt: skip
    poll = (f'<div class="widget widget--poll"><div class="widget__title">{escape(labels.poll)}</div>'
            f'<form class="poll" action="/poll/" method="post"><input type="hidden" name="poll_id" value="17">'
            f'{options}<button class="btn" type="submit">{labels.vote}</button></form></div>\n')  # fmt: skip
    services = "".join(f'\n\t\t<a class="service service--{k + 1} js-service" href="/services/{k + 1}/" '
                       f'data-ga-event="service_click" style="--service-color:#{rng.randrange(16**6):06x}">'
                       f'{icon(rng, "service__icon")}\n\t\t\t<span class="service__name">{escape(name)}</span></a>'
                       for k, name in enumerate(labels.service_names))  # fmt: skip
    services = (f'<div class="widget widget--services"><div class="widget__title">{labels.services}</div>'
                f'<div class="services">{services}</div></div>\n')  # fmt: skip
    photos = "".join(f'<a class="gallery__item" href="/press/photo/{k + 1}/" data-fancybox="gallery">'
                     f'<img src="/upload/resize_cache/iblock/{rng.randrange(16**3):03x}/160_120_2/photo{k}.jpg" '
                     f'srcset="/upload/'
                     f'resize_cache/iblock/{rng.randrange(16**3):03x}/320_240_2/photo{k}.jpg 2x, /upload/resize_cache/'
                     f'iblock/{rng.randrange(16**3):03x}/480_360_2/photo{k}.jpg 3x" '
                     f'alt="" width="160" height="120" loading="lazy"></a>' for k in range(9))  # fmt: skip
    gallery = (f'<div class="widget widget--gallery"><div class="widget__title">{labels.gallery}</div>'
               f'<div class="gallery">{photos}</div></div>\n')  # fmt: skip
    banners = "".join(f'<div class="banner" style="margin-bottom:10px;text-align:center"><a href="https://banner{k}'
                      f'.example/?utm_source=city&amp;utm_medium=banner" target="_blank" rel="nofollow">'
                      f'<img src="/upload/rk/{rng.randrange(16**6):06x}/banner-{k}.png" alt="{escape(name)}" '
                      f'width="240" height="90"></a></div>' for k, name in enumerate(labels.banners))  # fmt: skip
    banners = f'<!-- banners --><div class="widget widget--banners">{banners}</div>\n'
    video = ('<div class="widget widget--video"><iframe src="https://video.example/embed/city" width="280" '
             'height="160" allowfullscreen loading="lazy"></iframe></div>\n'
             '<div class="widget widget--social"><div id="vk_groups"></div><script>if(window.VK){VK.Widgets.Group('
             '"vk_groups",{mode:3,width:"auto"},1)}</script></div>\n')  # fmt: skip
    return tuple(Shared(text) for text in (banners, services, calendar, poll, gallery, video))


def _forms(labels: Labels, rng: random.Random) -> tuple[Shared, ...]:
    """Hidden pieces without links: a feedback form in a modal and the accessibility panel."""
    topics = "".join(f'<option value="{k}">{escape(name)}</option>' for k, (name, _) in enumerate(labels.menu))
    districts = "".join(f'<option value="{k}">{escape(item)}</option>' for k, item in
                        enumerate(labels.menu[2][1] + labels.menu[4][1] + labels.menu[5][1]))  # fmt: skip
    fields = "".join(
        f'<div class="form__row"><label class="form__label" for="f-{name}">{escape(label)}</label>'
        f'<input class="form__input" id="f-{name}" type="{kind}" name="{name}" autocomplete="{name}"></div>'
        for name, kind, label in (("name", "text", labels.topbar[2]), ("email", "email", labels.email),
                                  ("phone", "tel", labels.phone_label))
    )  # fmt: skip
    modal = Shared(
        '<!-- feedback --><div class="modal" id="modal-feedback" style="display:none" role="dialog"><div class="modal__'
        f'dialog"><button class="modal__close" type="button" aria-label="x">{icon(rng, "icon--close")}</button>'
        f'<form class="form" action="/reception/" method="post" enctype="multipart/form-data">{fields}'
        f'<div class="form__row"><select name="topic">{topics}</select></div><div class="form__row"><select '
        f'name="district">{districts}</select></div><div class="form__row"><textarea name="text" rows="6">'
        '</textarea></div><div class="form__row"><input type="file" name="file"></div><div class="form__row">'
        f'<img src="/bitrix/tools/captcha.php?captcha_sid={rng.randrange(16**32):032x}" width="180" height="40" '
        f'alt=""><input type="text" name="captcha_word"></div><label><input type="checkbox" name="consent"> '
        f'{labels.consent}</label><button class="btn" type="submit">{labels.subscribe}</button></form></div></div>\n'
    )  # fmt: skip
    buttons = "".join(f'<button class="eye__btn eye__btn--{kind}" type="button" data-value="{kind}"><span>{text}'
                      "</span></button>" for kind, text in (("small", "A"), ("medium", "A+"), ("large", "A++"),
                      ("white", "Ц"), ("black", "Ц"), ("blue", "Ц"), ("images", "Img"), ("spacing", "Aa"),
                      ("reset", "&#8634;")))  # fmt: skip
    panel = Shared(f'<div class="eye-panel" id="eye-panel" style="display:none"><div class="eye-panel__row">{buttons}'
                   "</div></div>\n")  # fmt: skip
    return modal, panel


@functools.cache
def _chrome(language: str) -> _Chrome:
    labels = LABELS[language]
    rng = random.Random(11 if language == "ru" else 12)
    org = json.dumps({"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": labels.site,
                      "url": "/", "logo": "/local/templates/city/images/logo.svg",
                      "address": labels.address, "telephone": "+7 (000) 000-00-00"}, ensure_ascii=False)  # fmt: skip
    stylesheets = "".join(f'<link href="/bitrix/cache/css/s1/city/{name}_{rng.randrange(16**8):08x}.css?'
                          f'{rng.randrange(10**10)}" type="text/css" rel="stylesheet">\n'
                          for name in ("kernel_main", "page", "template", "fonts", "swiper", "fancybox"))  # fmt: skip
    head = Shared(
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        '<link rel="icon" href="/favicon.ico" type="image/x-icon">\n'
        '<link rel="apple-touch-icon" sizes="180x180" href="/local/templates/city/images/apple-touch-icon.png">\n'
        '<link rel="manifest" href="/site.webmanifest">\n'
        '<link rel="preload" href="/local/templates/city/fonts/PTSans-Regular.woff2" as="font" crossorigin>\n'
        f'{stylesheets}<meta property="og:site_name" content="{escape(labels.site)}">\n'
        f'<script type="application/ld+json">{org}</script>\n'
        "<!-- Global site tag --><script async src=\"https://analytics.example/gtag/js?id=G-0000000\"></script>"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        "gtag('js',new Date());gtag('config','G-0000000');</script>\n"
    )  # fmt: skip
    topbar = "".join(f'<li><a href="/{k}/">{escape(item)}</a></li>' for k, item in
                     zip(("special", "sitemap", "reception", "en"), labels.topbar, strict=True))  # fmt: skip
    header = Shared(
        '<!-- header -->\n<header class="header" id="header">\n\t<div class="header__top"><div class="container">'
        f'<ul class="header__links">{topbar}</ul></div></div>\n\t<div class="header__main"><div class="container">'
        f'<a class="logo" href="/"><img src="/local/templates/city/images/logo.svg" alt="{escape(labels.site)}" '
        f'width="64" height="64"><span class="logo__text">{escape(labels.site)}</span></a>'
        '\n\t\t<form class="search" action="/search/" method="get" role="search">'
        f'<input class="search__input" type="text" name="q" placeholder="{labels.search}" autocomplete="off">'
        f'<button class="search__button" type="submit" aria-label="{labels.find}">{icon(rng, "icon--search")}'
        '</button></form>\n\t\t<button class="burger js-burger" type="button" aria-label="menu"><span></span>'
        "<span></span><span></span></button>\n\t</div></div>\n</header>\n<!-- /header -->\n"
    )  # fmt: skip
    nets = "".join(f'<a class="share__link share__link--{net}" href="#" data-service="{net}" rel="nofollow">'
                   f"{icon(rng, 'share__icon')}</a>" for net in ("vk", "ok", "tg", "wa", "x"))  # fmt: skip
    share = Shared(f'<div class="share ya-share2" data-services="vk,ok,tg,wa,x"><span class="share__title">'
                   f"{labels.share}:</span>{nets}<a class=\"share__print\" href=\"#\" onclick=\"window.print();"
                   f'return false;">{labels.print_version}</a></div>')  # fmt: skip
    newsletter = Shared(
        f'<!-- subscribe --><div class="subscribe"><div class="container"><div class="subscribe__title">'
        f'{labels.newsletter}</div><form class="subscribe__form" action="/subscribe/" method="post">'
        f'<input type="hidden" name="sessid" value="{rng.randrange(16**16):016x}"><input class="subscribe__input" '
        f'type="email" name="email" placeholder="{labels.email}" required><label class="subscribe__consent">'
        f'<input type="checkbox" name="consent" required> {labels.consent}</label><button class="btn" '
        f'type="submit">{labels.subscribe}</button></form></div></div>\n'
    )  # fmt: skip
    cookie = Shared('<div class="cookie-notice" id="cookie-notice" style="display:none">'
                    f'<div class="cookie-notice__text">'
                    f"{labels.cookie} <a href=\"/privacy/\">Cookie</a></div><button class=\"btn cookie-notice__btn\" "
                    f'type="button">{labels.agree}</button></div>\n')  # fmt: skip
    return _Chrome(
        labels=labels, head=head, header=header,
        menus=tuple(Shared(_menu(labels, links, rng)) for links in (18, 30, 45, 62, 85, 110, 135)),
        share=share, widgets=_widgets(labels, rng), newsletter=newsletter,
        footers=tuple(Shared(_footer(labels, columns, rng)) for columns in (2, 3, 4, 5, 6)), cookie=cookie,
        sprites=tuple(Shared(sprite(rng, symbols)) for symbols in (4, 15, 30, 50, 75, 105, 140, 190)),
        forms=_forms(labels, rng),
    )  # fmt: skip


def share(language: str) -> Shared:
    """The share widget of the article pages."""
    return _chrome(language).share


def _teasers(labels: Labels, related: Sequence[Teaser], rng: random.Random) -> str:
    items = "".join(
        f'\n<div class="related__item"><a class="related__image" href="{teaser.path}"><img src="/upload/resize_cache/'
        f'iblock/{rng.randrange(16**3):03x}/320_200_2/{rng.randrange(16**10):010x}.jpg" alt="" width="320" '
        f'height="200" loading="lazy"></a><div class="related__date">{teaser.date}</div><a class="related__title" '
        f'href="{teaser.path}">{escape(teaser.title)}</a><div class="related__lead">{escape(teaser.summary)}'
        "</div></div>"
        for teaser in related
    )  # fmt: skip
    return f'<!-- related --><div class="related"><div class="related__heading">{labels.related}</div>{items}</div>\n'


def _most_read(labels: Labels, stories: Sequence[Teaser], rng: random.Random) -> str:
    items = "".join(f'<li class="popular__item"><a href="{teaser.path}">{escape(teaser.title)}</a> '
                    f'<span class="popular__views" title="{labels.views}">{rng.randint(150, 9000)}</span></li>'
                    for teaser in stories)  # fmt: skip
    return (f'<div class="widget widget--popular"><div class="widget__title">{labels.most_read}</div>'
            f'<ol class="popular">{items}</ol></div>\n')  # fmt: skip


def _sidebar(heading: str, others: Sequence[Teaser]) -> str:
    links = "".join(f'<li><span>{other.date}</span> <a href="{other.path}">{escape(other.title)}</a></li>'
                    for other in others)  # fmt: skip
    return f'<aside class="sidebar"><h3>{heading}</h3><ul>{links}</ul></aside>\n'


def tags(language: str, rng: random.Random) -> str:
    """A tag list for an article page."""
    labels = LABELS[language]
    chosen = rng.sample(labels.tags, rng.randint(2, 6))
    links = "".join(f'<a class="tags__item" href="/tags/{labels.tags.index(tag) + 1}/">{escape(tag)}</a>'
                    for tag in chosen)  # fmt: skip
    return f'<div class="tags"><span class="tags__label">{labels.tags_label}</span> {links}</div>'


def page(
    *,
    language: str,
    charset: str,
    title: str,
    head: str,
    crumbs: Sequence[tuple[str, str]],
    main: Sequence[Part],
    sidebar_heading: str,
    sidebar: Sequence[Teaser],
    related: Sequence[Teaser],
    popular: Sequence[Teaser],
    rng: random.Random,
) -> list[Part]:
    """A whole page around ``main``; how much chrome (menu, widgets, footer, scripts) is drawn from ``rng``.

    ``related`` and ``popular`` are candidates: the page shows four to eight and five to ten of them.
    """
    chrome = _chrome(language)
    labels = chrome.labels
    richness = rng.gauss(0.0, 1.0)  # how much of everything this page has, in standard deviations

    def pick(count: int) -> int:
        return min(count - 1, max(0, round((richness + rng.gauss(0.0, 0.3) + 1.3) / 3.2 * (count - 1))))

    scripts, styles = bundles()
    code = min(300_000.0, max(2_500.0, rng.lognormvariate(9.95, 1.5)))
    widgets = rng.sample(chrome.widgets, pick(len(chrome.widgets) + 1))
    forms = [form for form in chrome.forms if rng.random() < 0.5 + 0.25 * richness]
    trail = "".join(f'<li class="breadcrumbs__item" itemprop="itemListElement" itemscope '
                    f'itemtype="https://schema.org/ListItem"><a itemprop="item" href="{href}"><span itemprop="name">'
                    f'{escape(label)}</span></a><meta itemprop="position" content="{k + 1}"></li>'
                    for k, (href, label) in enumerate([("/", labels.home), *crumbs]))  # fmt: skip
    parts: list[Part] = [
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="{charset}">\n<title>{title}</title>\n',
        chrome.head, head, "\n", *fill(rng, code * 0.35, styles),
        f'</head>\n<body class="page page--{language}">\n', chrome.sprites[pick(len(chrome.sprites))],
        '<div class="page-wrapper">\n', chrome.header, chrome.menus[pick(len(chrome.menus))],
        f'<div class="container" style="max-width:1200px;margin:0 auto">\n<ol class="breadcrumbs" itemscope '
        f'itemtype="https://schema.org/BreadcrumbList">{trail}</ol>\n<div class="row">\n<div class="col col--main">\n',
        *main, _teasers(labels, related[: 4 + pick(5)], rng) if related else "",
        '</div>\n<div class="col col--side">\n', _sidebar(sidebar_heading, sidebar),
        _most_read(labels, popular[: 5 + pick(6)], rng) if popular else "",
        *widgets, "</div>\n</div>\n</div>\n", chrome.newsletter, chrome.footers[pick(len(chrome.footers))],
        "</div>\n", *forms, chrome.cookie, *fill(rng, code * 0.65, scripts), "</body>\n</html>\n",
    ]  # fmt: skip
    return parts
