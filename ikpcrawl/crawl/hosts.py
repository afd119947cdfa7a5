"""Give up on a host fast, and read robots.txt once.

* :class:`HostFailureBudgetMiddleware`: after ``IKPCRAWL_HOST_FAILURE_BUDGET`` consecutive
  timeouts, refusals or DNS failures on a host (no response in between, on more than one page or
  on its robots.txt), every further request
  to it is refused at once (``host_gave_up``) instead of waiting out timeouts and retries: a site
  that accepts connections and never answers costs two timeouts, not minutes per queued request.
* :class:`SitemapRobotParser`: Scrapy's robots.txt parser (Protego) that also keeps the file's
  ``Sitemap:`` lines, so discovery reads them from the one robots.txt fetch Scrapy makes per host
  (signal ``robots_parsed``) instead of fetching the file a second time.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.httpobj import urlparse_cached

from ikpcrawl.crawl.discovery import robots_sitemaps
from ikpcrawl.crawl.failures import exception_reason

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class HostGaveUp(IgnoreRequest):
    """A request not made because its host failed too often in a row."""


def _failure_kind(exception: BaseException) -> str | None:
    """``timeout``, ``refused`` or ``dns`` for the failures that say a host is unreachable."""
    reason = exception_reason(exception)
    return reason if reason in ("timeout", "refused", "dns") else None


class HostFailureBudgetMiddleware:
    """Downloader middleware (after RetryMiddleware, so it sees each attempt's failure)."""

    def __init__(self, crawler: Crawler, budget: int):
        self.crawler = crawler
        self.budget = budget
        self._failures: dict[str, int] = {}
        self._failed_urls: dict[str, set[str]] = {}  # the pages those failures were of
        self._given_up: dict[str, str] = {}  # host -> the failure that made us give up

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.getint("IKPCRAWL_HOST_FAILURE_BUDGET", 2))

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if host in self._given_up:
            raise HostGaveUp(f"host_gave_up ({self._given_up[host]}): {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        host = urlparse_cached(request).hostname or ""
        self._failures.pop(host, None)
        self._failed_urls.pop(host, None)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        kind = _failure_kind(exception)
        host = urlparse_cached(request).hostname or ""
        if kind is None or host in self._given_up:
            return
        self._failures[host] = self._failures.get(host, 0) + 1
        urls = self._failed_urls.setdefault(host, set())
        urls.add(request.url)
        # A host is down when its failures span several pages, or its robots.txt (the first
        # thing fetched from it) fails again and again; one stalling page is only that page.
        host_wide = len(urls) > 1 or request.url.endswith("/robots.txt")
        if self.budget and self._failures[host] >= self.budget and host_wide:
            self._given_up[host] = kind
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(f"ikpcrawl/hosts_given_up/{kind}")
            logger.error(
                "%s: %d %s failures in a row; giving up on this host for this crawl",
                host,
                self._failures[host],
                kind,
            )


class RobotsProbed(IgnoreRequest):
    """The probe that set off Scrapy's robots.txt fetch has done its work."""


class RobotsProbeMiddleware:
    """Drops the requests marked ``ikp_robots_probe`` once RobotsTxtMiddleware (100) has fetched
    the host's robots.txt for them: the file is read once, by Scrapy, never a second time."""

    def process_request(self, request: Request) -> None:
        if request.meta.get("ikp_robots_probe"):
            raise RobotsProbed("robots.txt read by RobotsTxtMiddleware")


class SitemapRobotParser(ProtegoRobotParser):
    """``ROBOTSTXT_PARSER``: Protego, plus the ``Sitemap:`` URLs of the file."""

    def __init__(self, robotstxt_body: bytes, spider: Spider | None):
        super().__init__(robotstxt_body, spider)
        self.sitemaps = robots_sitemaps(robotstxt_body.decode("utf-8", "replace"))


def sitemaps_of(robotparser: Any) -> list[str]:
    """The Sitemap: URLs a parsed robots.txt named (none for another parser class)."""
    return list(getattr(robotparser, "sitemaps", []) or [])
