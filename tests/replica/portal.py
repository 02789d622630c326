"""The replica's script-driven site (``/portal``): nothing on it can be read without running its scripts.

- ``/portal/news/``: an empty list filled from a JSON API, two stories at a time, with a "Load more news"
  button that disappears once everything is shown;
- ``/portal/archive/``: the same list, loading its next batch when the reader scrolls to the bottom;
- ``/portal/news/<id>/``: an article drawn by a script from data embedded in the page, with a picture.

Articles linked nowhere in the raw HTML: a crawler that does not render finds none of them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from tests.replica.layouts import document, en_date
from tests.replica.stories import Story

PORTAL_LISTING = "/portal/news/"
PORTAL_ARCHIVE = "/portal/archive/"
PORTAL_API = "/portal/api/news"
#: How many stories one call of the API (one click, one scroll) adds.
BATCH = 2

_NAV = (
    ("Home", "/portal/"), ("News", PORTAL_LISTING), ("Archive", PORTAL_ARCHIVE),
    ("Twin cities", "/portal/twins/"),
)  # fmt: skip


def _page(title: str, main: str) -> str:
    links = "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for label, href in _NAV)
    body = f"""<header class="portal-header">
<a class="logo" href="/portal/">Twin Cities Portal of Volgograd</a><nav><ul>{links}</ul></nav></header>
<main>
{main}
</main>
<footer class="portal-footer"><p>Subscribe to the portal newsletter to hear about exchanges first.</p>
<p>© Committee for International Cooperation of the City of Volgograd</p></footer>"""
    return document(lang="en", title=f"{title} — Twin Cities Portal", body=body)


def _script_data(value: object) -> str:
    """JSON safe to embed in a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def image_path(story: Story) -> str:
    """The article's picture (served by nobody: a browser that renders the page must not even ask for it)."""
    return f"/portal/img/{story.path.strip('/').rsplit('/', 1)[-1]}.jpg"


def article(story: Story) -> str:
    """An article page whose title, date and text are drawn by its script."""
    data = {
        "title": story.title,
        "published": story.published.isoformat(),
        "date": en_date(story.published),
        "image": image_path(story),
        "paragraphs": story.paragraphs,
    }
    main = f"""<div id="app"><noscript>This portal needs JavaScript.</noscript></div>
<script>
const story = {_script_data(data)};
const article = document.createElement("article");
const h1 = document.createElement("h1"); h1.textContent = story.title; article.appendChild(h1);
const time = document.createElement("time"); time.dateTime = story.published; time.textContent = story.date;
article.appendChild(time);
const picture = document.createElement("img"); picture.src = story.image; picture.alt = "";
article.appendChild(picture);
for (const text of story.paragraphs) {{
  const p = document.createElement("p"); p.textContent = text; article.appendChild(p);
}}
document.getElementById("app").appendChild(article);
</script>"""
    return _page(story.title, main)


_LIST_SCRIPT = """<ul id="news" class="news-list"></ul>
<script>
const list = document.getElementById("news");
let page = 0, more = true, loading = false;
async function loadPage() {
  if (loading || !more) return;
  loading = true;
  page += 1;
  const data = await (await fetch("%(api)s?page=" + page)).json();
  for (const item of data.items) {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.setAttribute("href", item.path); link.textContent = item.title;
    const time = document.createElement("time"); time.textContent = item.date;
    entry.append(link, " ", time); list.appendChild(entry);
  }
  more = data.more;
  loading = false;
  %(after)s
}
%(trigger)s
loadPage();
</script>"""


def listing() -> str:
    """The news list with a "Load more news" button."""
    script = _LIST_SCRIPT % {
        "api": PORTAL_API,
        "after": 'document.querySelector(".load-more").hidden = !more;',
        "trigger": 'document.querySelector(".load-more").addEventListener("click", loadPage);',
    }
    button = '<button type="button" class="load-more" hidden>Load more news</button>'
    return _page("News", f"<h1>News</h1>\n{button}\n{script}")


def archive() -> str:
    """The same list with infinite scroll: each batch is tall enough to push the list's end off screen."""
    script = _LIST_SCRIPT % {
        "api": PORTAL_API,
        "after": "",
        "trigger": """window.addEventListener("scroll", () => {
  if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 50) loadPage();
});""",
    }
    style = "<style>.news-list li { min-height: 600px; }</style>"
    return _page("Archive", f"{style}\n<h1>Archive</h1>\n{script}")


def api_pages(stories: Sequence[Story]) -> dict[str, str]:
    """The JSON answers of the list API, keyed by request target (``/portal/api/news?page=N``)."""
    batches = [stories[start : start + BATCH] for start in range(0, len(stories), BATCH)]
    return {
        f"{PORTAL_API}?page={number}": json.dumps(
            {
                "items": [
                    {"path": story.path, "title": story.title, "date": en_date(story.published)} for story in batch
                ],
                "more": number < len(batches),
            },
            ensure_ascii=False,
        )
        for number, batch in enumerate(batches, start=1)
    }
