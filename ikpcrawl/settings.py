"""Scrapy settings for ikpcrawl: polite defaults, overridable from the environment.

Every ``IKPCRAWL_*`` variable is listed in ``ikpcrawl.config.ENV_SETTINGS`` and in the README.
"""

from __future__ import annotations

import sys

from ikpcrawl import __version__
from ikpcrawl.config import ConfigError, settings_from_env

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
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REDIRECT_MAX_TIMES = 5
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"

# Every download goes through the mirror-aware handler; it is a pass-through without a mirror.
DOWNLOAD_HANDLERS = {
    "http": "ikpcrawl.mirror.MirrorDownloadHandler",
    "https": "ikpcrawl.mirror.MirrorDownloadHandler",
}
IKPCRAWL_MIRROR = ""

ITEM_PIPELINES = {
    "ikpcrawl.pipelines.CleanPipeline": 100,
    "ikpcrawl.pipelines.ElectionPipeline": 150,
    "ikpcrawl.pipelines.ValidatePipeline": 200,
    "ikpcrawl.pipelines.DateWindowPipeline": 250,
    "ikpcrawl.pipelines.DedupePipeline": 300,
    "ikpcrawl.pipelines.IncrementalPipeline": 400,
}

EXTENSIONS = {"ikpcrawl.extensions.StatsFile": 500}
IKPCRAWL_STATS_FILE = ""
# Incremental state (SQLite) directory; unset = every crawl exports everything it finds.
IKPCRAWL_STATE_DIR = ""
IKPCRAWL_RUN_ID = ""

# JSONL, one file per run, written under a temporary name and renamed when complete.
IKPCRAWL_OUTPUT_DIR = "output"
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORAGES = {
    "": "ikpcrawl.feeds.AtomicFileFeedStorage",
    "file": "ikpcrawl.feeds.AtomicFileFeedStorage",
}
FEED_URI_PARAMS = "ikpcrawl.feeds.uri_params"
FEEDS = {
    "%(output_dir)s/%(name)s/%(name)s_%(run_time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "overwrite": True,
        "store_empty": True,
    },
}

LOG_LEVEL = "INFO"
LOG_FORMATTER = "ikpcrawl.logformatter.QuietLogFormatter"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

try:
    globals().update(settings_from_env())
except ConfigError as error:
    # A bad variable is a user error: one line, no traceback.
    sys.stderr.write(f"ikpcrawl: {error}\n")
    raise SystemExit(2) from None
