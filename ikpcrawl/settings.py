"""Scrapy settings for ikpcrawl: polite defaults, overridable from the environment.

Every ``IKPCRAWL_*`` variable is listed in ``ikpcrawl.config.ENV_SETTINGS`` and in docs/configuration.md;
the rendering ones (``IKPCRAWL_RENDER``, ``IKPCRAWL_RENDER_RETRY_EMPTY_BODY``,
``IKPCRAWL_CHROMIUM``) are read by ``ikpcrawl.crawl.rendering.settings_from_env``.
"""

from __future__ import annotations

import sys

from ikpcrawl import __version__
from ikpcrawl.config import ConfigError, settings_from_env, unknown_variables
from ikpcrawl.crawl import rendering

BOT_NAME = "ikpcrawl"
SPIDER_MODULES = ["ikpcrawl.spiders"]
NEWSPIDER_MODULE = "ikpcrawl.spiders"
COMMANDS_MODULE = "ikpcrawl.commands"

# Identify ourselves and say where to complain.
CONTACT_URL = "https://github.com/ikpcrawl/ikpcrawl#contact"
USER_AGENT = f"ikpcrawl/{__version__} (+{CONTACT_URL}; election-news research crawler)"

# Politeness: obey robots.txt, few parallel requests per site, adaptive delay.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
# Each delay is 0.5x-1.5x DOWNLOAD_DELAY (a setting of Scrapy itself in recent versions; older
# ones do the same through their default RANDOMIZE_DOWNLOAD_DELAY).
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# News pages answer in seconds; a site that does not within 20 s is in trouble, and the host
# failure budget (ikpcrawl.crawl.hosts) gives up on it after two such failures in a row.
DOWNLOAD_TIMEOUT = 20
IKPCRAWL_HOST_FAILURE_BUDGET = 2
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
COOKIES_ENABLED = False
# Refuse unsafe targets early; honour Retry-After before RetryMiddleware (550) schedules a retry.
DOWNLOADER_MIDDLEWARES = {
    "ikpcrawl.crawl.middlewares.SafeTargetMiddleware": 50,
    # After RobotsTxtMiddleware (100) has fetched robots.txt for the outlet's robots source.
    "ikpcrawl.crawl.hosts.RobotsProbeMiddleware": 110,
    "ikpcrawl.crawl.middlewares.RetryAfterMiddleware": 560,
    # After decompression (590) has run on the response: charset guesses need the real body.
    "ikpcrawl.crawl.middlewares.EncodingFallbackMiddleware": 580,
    # Before RedirectMiddleware (600) follows a 3xx.
    "ikpcrawl.crawl.middlewares.RedirectGuardMiddleware": 610,
    # After RetryMiddleware (550): it sees every attempt's failure and refuses the rest.
    "ikpcrawl.crawl.hosts.HostFailureBudgetMiddleware": 555,
}
# robots.txt is fetched once per host, by Scrapy; its Sitemap: lines reach discovery from there.
ROBOTSTXT_PARSER = "ikpcrawl.crawl.hosts.SitemapRobotParser"
IKPCRAWL_MAX_RETRY_AFTER = 120.0
TELNETCONSOLE_ENABLED = False
REDIRECT_MAX_TIMES = 5
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"

# Every download goes through the mirror-aware handler; it is a pass-through without a mirror.
DOWNLOAD_HANDLERS = {
    "http": "ikpcrawl.crawl.mirror.MirrorDownloadHandler",
    "https": "ikpcrawl.crawl.mirror.MirrorDownloadHandler",
}
IKPCRAWL_MIRROR = ""

# JavaScript rendering (ikpcrawl/crawl/rendering.py): only pages an outlet declares in
# Outlet.javascript, through scrapy-playwright and Debian's Chromium (never `playwright install`).
# The handler above passes meta["playwright"] requests to it; nothing here imports it, so plain
# crawls work without scrapy-playwright or Chromium. IKPCRAWL_RENDER=false turns it off.
IKPCRAWL_RENDER = True
# An article whose plain HTML yields no body is fetched once more, rendered (outlets that
# declare JavaScript with retry_empty_body).
IKPCRAWL_RENDER_RETRY_EMPTY_BODY = True
IKPCRAWL_CHROMIUM = rendering.DEFAULT_CHROMIUM
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = rendering.launch_options(IKPCRAWL_CHROMIUM)
# Economical and polite: few pages at once, no images/fonts/media, bounded navigation.
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # ms
PLAYWRIGHT_ABORT_REQUEST = "ikpcrawl.crawl.rendering.should_abort_request"

ITEM_PIPELINES = {
    "ikpcrawl.pipelines.CleanPipeline": 100,
    "ikpcrawl.pipelines.ElectionPipeline": 150,
    "ikpcrawl.pipelines.EnrichPipeline": 160,
    "ikpcrawl.pipelines.ValidatePipeline": 200,
    "ikpcrawl.pipelines.DateWindowPipeline": 250,
    "ikpcrawl.pipelines.DedupePipeline": 300,
    "ikpcrawl.pipelines.IncrementalPipeline": 320,
    "ikpcrawl.pipelines.NearDuplicatePipeline": 350,
    "ikpcrawl.pipelines.SchemaPipeline": 380,
    # Last: only what is about to be exported is staged in the incremental state.
    "ikpcrawl.pipelines.StagePipeline": 900,
}

# Spidermon runs the health checks at spider close; StatsFile (later) writes their results too.
EXTENSIONS = {
    # Owns the incremental state store (opened first, closed when the engine stops).
    "ikpcrawl.store.extension.IncrementalState": 100,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
    "ikpcrawl.crawl.extensions.StatsFile": 900,
}
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("ikpcrawl.monitors.CrawlHealth",)
# Field coverage is counted by ikpcrawl.pipelines.SchemaPipeline for the fields that matter
# (spidermon's own counter walks every field of every item).
SPIDERMON_ADD_FIELD_COVERAGE = False
# Minimum share of exported articles with each field; below it the coverage check fails.
IKPCRAWL_MONITOR_COVERAGE = {"published_at": 0.8, "authors": 0.3, "body": 1.0}
IKPCRAWL_MONITOR_MIN_VOLUME_RATIO = 0.5
IKPCRAWL_MONITOR_MAX_ERROR_RATE = 0.25
IKPCRAWL_ALERT_WEBHOOK = ""
IKPCRAWL_STATS_FILE = ""
# Incremental state (SQLite) directory; unset = every crawl exports everything it finds.
IKPCRAWL_STATE_DIR = ""
IKPCRAWL_RUN_ID = ""

# JSONL, one file per run, written under a temporary name and renamed when complete.
IKPCRAWL_OUTPUT_DIR = "output"
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORAGES = {
    "": "ikpcrawl.crawl.feeds.AtomicFileFeedStorage",
    "file": "ikpcrawl.crawl.feeds.AtomicFileFeedStorage",
}
FEED_URI_PARAMS = "ikpcrawl.crawl.feeds.uri_params"
# `scrapy crawl` writes here unless -o/-O or FEEDS name another output (ikpcrawl.commands.crawl);
# a crawl that exports nothing leaves no file.
IKPCRAWL_DEFAULT_FEEDS = {
    "%(output_dir)s/%(name)s/%(name)s_%(run_time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "overwrite": True,
        "store_empty": False,
    },
}

LOG_LEVEL = "INFO"
LOG_FORMATTER = "ikpcrawl.crawl.logformatter.QuietLogFormatter"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Distributed crawling (IKPCRAWL_REDIS_URL): see ikpcrawl/crawl/distributed.py.
IKPCRAWL_REDIS_URL = ""
IKPCRAWL_WORKER_IDLE_TIMEOUT = 20.0
IKPCRAWL_GENERATION = ""

for _warning in unknown_variables():
    sys.stderr.write(f"ikpcrawl: warning: {_warning}\n")
try:
    globals().update(settings_from_env())
    globals().update(rendering.settings_from_env())
except ConfigError as error:
    # A bad variable is a user error: one line, no traceback.
    sys.stderr.write(f"ikpcrawl: {error}\n")
    raise SystemExit(2) from None

if IKPCRAWL_REDIS_URL:
    # The frontier and its dupefilter live in Redis (scrapy-redis), kept between runs.
    REDIS_URL = IKPCRAWL_REDIS_URL
    SCHEDULER = "ikpcrawl.crawl.distributed.RedisScheduler"
    SCHEDULER_PERSIST = True
    SCHEDULER_QUEUE_KEY = "ikpcrawl:%(spider)s:requests"
    SCHEDULER_QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
    SCHEDULER_DUPEFILTER_KEY = "ikpcrawl:%(spider)s:dupefilter"
    DUPEFILTER_CLASS = "ikpcrawl.crawl.distributed.GenerationDupeFilter"
    EXTENSIONS = {**EXTENSIONS, "ikpcrawl.crawl.distributed.IdleGuard": 600}
    SPIDER_MIDDLEWARES = {"ikpcrawl.crawl.distributed.RedisLossMiddleware": 1}
