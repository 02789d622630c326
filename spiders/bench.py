"""Baseline spiders for ``twincrawl bench crawl``: the same discovery as a site's listings, and nothing else.

``bare`` only downloads article pages (the engine's ceiling); ``naive`` calls ``trafilatura.extract`` in its
callback, as a first crawler would, and counts as articles the texts of at least ``TWINCRAWL_MIN_TEXT_CHARS``
(the full pipeline's own bar: a JavaScript notice or a bot wall's message is no article). Run as
``python -m spiders.bench KIND START_URL ARTICLE_RE LISTING_RE SETTINGS_JSON OUT``:
``SETTINGS_JSON`` holds the Scrapy settings of the run; the counts are written to OUT as JSON.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response


class BaselineSpider(scrapy.Spider):
    """Follows listing and article links from one start URL; with ``extract``, extracts every article."""

    name = "bench-baseline"

    def __init__(self, start: str, article: str, listing: str, extract: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.article = re.compile(article)
        self.listing = re.compile(listing)
        self.extract = extract
        self.counts = {"pages": 0, "extracted": 0}

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if self.article.search(url):
                yield scrapy.Request(url, callback=self.parse_article)
            elif self.listing.search(url):
                yield scrapy.Request(url, callback=self.parse)

    def parse_article(self, response: Response) -> None:
        self.counts["pages"] += 1
        if not self.extract:
            return
        text = trafilatura.extract(response.text, url=response.url) or ""
        if len(text) >= self.settings.getint("TWINCRAWL_MIN_TEXT_CHARS", 1):
            self.counts["extracted"] += 1


def main(argv: list[str]) -> int:
    kind, start, article, listing, settings, out = argv
    process = CrawlerProcess({"LOG_LEVEL": "WARNING", **json.loads(settings)})
    crawler = process.create_crawler(BaselineSpider)
    process.crawl(crawler, start=start, article=article, listing=listing, extract=kind == "naive")
    process.start()
    assert isinstance(crawler.spider, BaselineSpider)
    Path(out).write_text(json.dumps(crawler.spider.counts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
