"""Scrapy settings shared by every run. Custom settings carry the TWINCRAWL_ prefix.

No value here comes from the environment: ``settings.prod`` maps it (``twincrawl.config.ENVIRONMENT``).
"""

from __future__ import annotations

from twincrawl.config import (
    DEFAULT_CONTACT,
    DEFAULT_STORE_URI,
    default_process_workers,
    user_agent,
)

BOT_NAME = "twincrawl"
SPIDER_MODULES = ["spiders.news"]
NEWSPIDER_MODULE = "spiders"

# -- who we are and how politely we crawl ------------------------------------------------------------------
#: Where site operators can reach whoever runs the crawl (TWINCRAWL_CONTACT in the environment); put in USER_AGENT.
TWINCRAWL_CONTACT = DEFAULT_CONTACT
USER_AGENT = user_agent(TWINCRAWL_CONTACT)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
#: Municipal article pages are far below this; anything bigger is aborted while downloading.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
#: Most seconds a 429 or 503 response's Retry-After is obeyed before the retry (0 = not obeyed): a server asking
#: for an hour must not hold the crawl for an hour.
TWINCRAWL_RETRY_AFTER_MAX = 60.0
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
#: Items processed at once per response. Scrapy's 100 keeps a task per item alive until the slowest one (a page
#: waiting for a processing worker) is done: with hundreds of responses in flight, garbage collection of those
#: tasks cost ~2.6 ms per page. 16 is plenty for one article per page.
CONCURRENT_ITEMS = 16
TELNETCONSOLE_ENABLED = False
#: Scrapy's RemoteControl runs Python sent to it over HTTP: never on unless a deployment configures it.
REMOTE_CONTROL_ENABLED = False
#: Feeds (`scrapy crawl news -O out.jsonl`) keep Cyrillic as it is, not as \u escapes.
FEED_EXPORT_ENCODING = "utf-8"
#: ... and `-o out.csv` writes the flat columns of `twincrawl export --format csv`.
FEED_EXPORTERS = {"csv": "spiders.exporters.ArticleCsvExporter"}
LOG_LEVEL = "INFO"
#: A dropped page is logged by its URL and reason, without the page's body.
LOG_FORMATTER = "spiders.logformatters.dropped.ReasonOnlyLogFormatter"
TWINCRAWL_LOG_FORMAT = "text"  # or "json": one JSON object a line

# -- what may be fetched -----------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "spiders.downloadermiddlewares.address_guard.AddressGuardMiddleware": 30,
    "spiders.downloadermiddlewares.traps.TrapGuardMiddleware": 40,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.downloadermiddlewares.robots.StrictRobotsTxtMiddleware": 100,
    "spiders.downloadermiddlewares.retry_after.RetryAfterMiddleware": 560,
    "spiders.downloadermiddlewares.redirect_loops.RedirectLoopMiddleware": 610,
}
#: robots.txt bodies above this size are read up to it (RFC 9309 2.5 asks for at least 500 KiB), not cancelled.
TWINCRAWL_ROBOTS_MAX_BYTES = 500 * 1024
#: Connect only to public addresses and to the networks a source lists in ``allow_addresses``.
TWINCRAWL_ADDRESS_GUARD_ENABLED = True
#: Distinct URLs of one shape (numbers and ids normalized) fetched per source and run (0 = no cap): bounds
#: endless calendars and faceted listings. A first crawl of a large archive may need more.
TWINCRAWL_MAX_PAGES_PER_PATTERN = 2000
#: CPU seconds one page may take to process (extract, dates, relevance) before it is skipped (0 = no limit): CPU,
#: not wall time, so that a machine busy with other work skips no page for waiting its turn at a core.
TWINCRAWL_PROCESS_TIMEOUT = 20

#: ``scrapy crawl`` takes the run lock and writes the run report as ``twincrawl crawl`` does (which does both itself),
#: and exits with code 3 when another crawl holds the lock: the command turns TWINCRAWL_LOCK_AND_REPORT on.
COMMANDS_MODULE = "spiders.commands"

EXTENSIONS = {
    "spiders.extensions.progress.Progress": 500,
    "spiders.extensions.memory.TreeMemory": 510,
    "spiders.extensions.run_report.RunLockAndReport": 900,  # after TreeMemory: the report has the memory peaks
}
#: The run lock of ``scrapy crawl`` (default: crawl.lock in the state directory).
TWINCRAWL_LOCK_FILE = ""
#: Track the memory of the crawler, its processing workers and Chromium together (peaks in the run report).
TWINCRAWL_MEMORY_ENABLED = True
TWINCRAWL_MEMORY_CHECK_INTERVAL = 5.0
#: Stop the crawl (keeping what it collected) when that memory passes this many MB (0 = no limit).
TWINCRAWL_MEMORY_LIMIT_MB = 0
#: Show a progress line on stderr (the command sets it when stderr is a terminal).
TWINCRAWL_PROGRESS = False

# -- processing and storage --------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "pipelines.process.ProcessPipeline": 100,
    "pipelines.dedup.DedupPipeline": 200,
    "pipelines.store.StorePipeline": 300,
}
#: Store URI: sqlite:///path/corpus.db (embedded) or mongodb://host:port/database.
TWINCRAWL_STORE_URI = DEFAULT_STORE_URI
#: Articles written per store batch.
TWINCRAWL_STORE_BATCH_SIZE = 50
#: Registry files to load instead of the shipped ones (list of paths).
TWINCRAWL_SOURCES_FILES: list[str] = []
#: Source keys to crawl (default: every enabled source).
TWINCRAWL_SOURCES: list[str] = []
#: Stop scheduling article pages after this many per run (0 = no limit).
TWINCRAWL_MAX_PAGES = 0
#: Relevance score from which an article is labelled as twinning news.
TWINCRAWL_RELEVANCE_THRESHOLD = 0.5
#: Drop articles labelled as not twinning (counted with a reason) instead of storing them with the label.
TWINCRAWL_DROP_IRRELEVANT = False
#: Texts shorter than this are not articles (index pages, teasers, soft 404s).
TWINCRAWL_MIN_TEXT_CHARS = 200
#: Bodies bigger than this are not parsed.
TWINCRAWL_MAX_PAGE_BYTES = 5 * 1024 * 1024
#: ``accurate`` checks trafilatura's text against a second opinion (F1 0.988 on the extraction bench set; about a
#: fifth more processing per page); ``fast`` is trafilatura alone with line cleanup (F1 0.968, against 0.949 for
#: plain trafilatura). README.md, "Measured figures", has both modes' crawl figures.
TWINCRAWL_EXTRACTION_MODE = "accurate"
#: Worker processes that turn pages into articles while the crawl downloads (0 = in the crawl's own thread).
#: One per CPU ($TWINCRAWL_PROCESS_WORKERS in the environment).
TWINCRAWL_PROCESS_WORKERS = default_process_workers()
#: Skip article pages already stored, fetch feeds and listings conditionally (ETag / Last-Modified).
TWINCRAWL_INCREMENTAL = True
#: Where the run state (validators, marks, run reports) is kept between runs (default, as for ``twincrawl crawl``:
#: beside a SQLite store, corpus.db -> corpus.state/, else data/state).
TWINCRAWL_STATE_DIR = ""
#: Skip feed and sitemap entries dated before this day (YYYY-MM-DD).
TWINCRAWL_SINCE = ""
#: Known articles fetched more than this many days ago are fetched again (0 = never).
TWINCRAWL_RECHECK_DAYS = 0
#: Fetch every known article a feed, sitemap or listing still links, whenever it was fetched (feeds and listings
#: fetched in full, not conditionally): a changed text gets a version, a page answering 404 or 410 marks its article
#: withdrawn.
TWINCRAWL_RECHECK_KNOWN = False
#: Near-duplicate threshold: SimHash values at most this many bits apart are the same story.
TWINCRAWL_NEAR_DUPLICATE_BITS = 3

# -- browser: pages drawn by scripts (sources with render: js, URLs matching js_urls) ----------------------
#: Chromium executable (default: $TWINCRAWL_CHROMIUM, else /usr/bin/chromium, chromium-browser or google-chrome).
TWINCRAWL_CHROMIUM = ""
#: Handlers that send requests marked ``playwright`` to Chromium and all others to plain HTTP. The add-on installs
#: them only when a selected source needs a browser and Chromium is there: HTML-only crawls never start one.
TWINCRAWL_BROWSER_DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
ADDONS = {"spiders.addons.browser.BrowserAddon": 0}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
#: Images, fonts and media are aborted: the text never depends on them.
PLAYWRIGHT_ABORT_REQUEST = "twincrawl.fetch.browser.is_blocked"
#: Milliseconds a page may take to load before the request fails (and is retried).
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
#: One context with a few pages: enough for the per-domain concurrency, bounded in memory on a small machine.
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
