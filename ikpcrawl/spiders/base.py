"""The one base spider: discovery through robots.txt, sitemaps, feeds and listings.

An outlet spider is a ``name`` and an :class:`~ikpcrawl.outlet.Outlet`; everything else is here.
Callbacks only navigate: extraction lives in :mod:`ikpcrawl.extract`, cleaning in the pipelines.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure
from w3lib.url import add_or_replace_parameters, url_query_cleaner

from ikpcrawl.crawl.discovery import (
    Entry,
    listing_links,
    maybe_gunzip,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
)
from ikpcrawl.crawl.failures import failed_url, failure_reason
from ikpcrawl.crawl.hosts import RobotsProbed, sitemaps_of
from ikpcrawl.crawl.urls import TRACKING_PARAMS, canonicalize_url, safe_urljoin, same_site
from ikpcrawl.extract import TIMEZONES, dates, extract_article, extract_continuation
from ikpcrawl.items import Article
from ikpcrawl.outlet import JavaScript, Outlet, Source, SourceKind
from ikpcrawl.spiders.arguments import DateWindow, parse_bool_arg
from ikpcrawl.store.extension import IncrementalState, incremental_state

if TYPE_CHECKING:
    from ikpcrawl.store.base import ArticleState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


# A multi-page article longer than this is cut (and still exported).
MAX_ARTICLE_PAGES = 20
#: Below articles (0): the next child sitemap waits until the queue holds no article.
CHILD_SITEMAP_PRIORITY = -100
NEXT_PAGE_CSS = "a[rel=next]::attr(href), link[rel=next]::attr(href), a.next::attr(href)"


class NewsSpider(scrapy.Spider):
    """Base spider for news outlets. Subclasses set ``name`` and ``outlet``."""

    outlet: ClassVar[Outlet]
    #: The ``-a`` arguments this spider takes (others are warned about, with the nearest name).
    ARGUMENTS: ClassVar[tuple[str, ...]] = ("since", "until", "election_only")

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        election_only: str | bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if not getattr(self, "outlet", None):
            raise NotConfigured(f"spider {self.name!r} has no outlet")
        self.tz: tzinfo = TIMEZONES.get(self.outlet.timezone.upper(), dates.WIB)
        self.date_window = DateWindow.parse(since, until, self.tz)
        self.election_only = parse_bool_arg("election_only", election_only)
        self.allowed_domains = list(self.outlet.domains)
        # hash() of the canonical URL of every article requested in this run: a set of ints is
        # half the memory of the URLs (a collision in 50 000 keys: about 1 in 10^10 runs).
        self._article_keys: set[int] = set()
        # Discovery documents requested in this run (robots.txt may name a sitemap again).
        self._discovery_urls: set[str] = set()
        self.distributed = False
        # Hosts whose robots.txt is one of the outlet's sources (its Sitemap: lines are read).
        self._robots_hosts: set[str] = set()
        # What this crawl renders (the outlet's declaration, unless IKPCRAWL_RENDER=false).
        self.javascript: JavaScript | None = None
        self.retry_empty_body = False
        self.render_disabled = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.distributed = bool(crawler.settings.get("IKPCRAWL_REDIS_URL"))
        crawler.signals.connect(spider._robots_parsed, signal=signals.robots_parsed)
        spider._setup_rendering(crawler)
        return spider

    def _state(self) -> IncrementalState:
        """The crawl's incremental state (its ``store`` is None without a state directory)."""
        found = incremental_state(self.crawler)
        if found is None:  # the extension is off: every article is new
            found = IncrementalState(self.crawler, None, "")
        return found

    @classmethod
    def check_arguments(cls, args: dict[str, str]) -> None:
        """Raise UsageError for a bad ``-a`` argument before any crawling starts."""
        tz = TIMEZONES.get(cls.outlet.timezone.upper(), dates.WIB)
        DateWindow.parse(args.get("since"), args.get("until"), tz)
        parse_bool_arg("election_only", args.get("election_only", False))

    def _setup_rendering(self, crawler: Crawler) -> None:
        declared = self.outlet.javascript
        if declared is None:
            return  # a plain outlet: no browser, no check
        if not crawler.settings.getbool("IKPCRAWL_RENDER", True):
            self.render_disabled = True  # said (log and stats) when the crawl starts
            return
        self.javascript = declared
        self.retry_empty_body = declared.retry_empty_body and crawler.settings.getbool(
            "IKPCRAWL_RENDER_RETRY_EMPTY_BODY", True
        )

    def _render_meta(self, page: str) -> dict[str, Any]:
        """Request meta for a ``"listing"`` or ``"article"`` page: rendered if declared so."""
        js = self.javascript
        if js is None or not getattr(js, page):
            return {}
        from ikpcrawl.crawl.rendering import render_meta

        return render_meta(js)

    # ----------------------------------------------------------------------------- start
    async def start(self) -> AsyncIterator[Any]:
        if self._state().locked:
            return  # another crawl of this outlet runs on the same state (said by the state)
        if self.render_disabled:
            self._count_set("render/disabled", 1)
            logger.warning(
                "Rendering is off (IKPCRAWL_RENDER=false): %s pages built by JavaScript are"
                " fetched as plain HTML and may yield no links and no body",
                self.outlet.name,
            )
        if self.javascript is not None:
            # Checked before the first request: a JS outlet without its browser would crawl
            # half its pages and export nothing from the rest. One line naming the fix.
            from ikpcrawl.crawl.rendering import BROWSER_UNAVAILABLE, browser_problem, executable_of

            problem = browser_problem(executable_of(self.settings))
            if problem:
                logger.error(problem)
                self._count_set("render/unavailable", 1)
                raise CloseSpider(BROWSER_UNAVAILABLE)
        if self.distributed:
            from ikpcrawl.crawl.distributed import claim_generation_seeding

            generation, claimed = claim_generation_seeding(self.crawler.settings, self.name)
            if not claimed:
                logger.info(
                    "Generation %s of %s is already seeded: working its queue",
                    generation,
                    self.name,
                )
                return
        for request in self.seed_requests():
            yield request

    def seed_requests(self) -> list[scrapy.Request]:
        """The outlet's entry points; earlier sources first (the outlet's order of preference)."""
        count = len(self.outlet.sources)
        return [
            self._source_request(source, priority=(count - index) * 10)
            for index, source in enumerate(self.outlet.sources)
        ]

    def _source_request(self, source: Source, priority: int) -> scrapy.Request:
        self._discovery_urls.add(source.url)
        if source.kind is SourceKind.ROBOTS and self.settings.getbool("ROBOTSTXT_OBEY"):
            # Scrapy fetches robots.txt once per host, before the first request to it: this
            # request only sets that fetch off (RobotsProbeMiddleware drops it), and the file's
            # Sitemap: lines arrive through the robots_parsed signal (_robots_parsed).
            self._robots_hosts.add(urlsplit(source.url).netloc)
            return scrapy.Request(
                source.url,
                callback=self.parse_robots,
                errback=self._robots_probe_done,
                priority=priority,
                dont_filter=not self.distributed,
                meta={"ikp_robots_probe": True},
            )
        callbacks = {
            SourceKind.ROBOTS: self.parse_robots,
            SourceKind.SITEMAP: self.parse_sitemap,
            SourceKind.FEED: self.parse_feed,
            SourceKind.LISTING: self.parse_listing,
        }
        render = self._render_meta("listing") if source.kind is SourceKind.LISTING else {}
        return scrapy.Request(
            source.url,
            callback=callbacks[source.kind],
            errback=self.discovery_failed,
            priority=priority,
            # Discovery documents change between runs: a persistent dupefilter must not skip
            # them. On Redis the dupefilter is per generation, so it dedupes across workers.
            dont_filter=not self.distributed,
            meta={"ikp_source": source, "ikp_page": 1, **render},
        )

    # ------------------------------------------------------------------------- discovery
    def _robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        if urlsplit(request.url).netloc not in self._robots_hosts or self.crawler.engine is None:
            return
        self._count("discovery/robots")
        for url in sitemaps_of(robotparser):
            sitemap = self._discovery_request(url, self.parse_sitemap)
            if sitemap is not None:
                self.crawler.engine.crawl(sitemap)

    def _robots_probe_done(self, failure: Failure) -> Iterator[scrapy.Request]:
        if not failure.check(RobotsProbed):  # type: ignore[no-untyped-call]
            yield from self.discovery_failed(failure)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """robots.txt fetched by discovery itself (only with ``ROBOTSTXT_OBEY`` off)."""
        self._count("discovery/robots")
        text = (
            response.text
            if isinstance(response, TextResponse)
            else response.body.decode("utf-8", "replace")
        )
        for url in robots_sitemaps(text):
            request = self._discovery_request(url, self.parse_sitemap)
            if request is not None:
                yield request

    def _discovery_request(
        self, url: str, callback: Any, meta: dict[str, Any] | None = None, priority: int = 0
    ) -> scrapy.Request | None:
        """A sitemap or feed named by another discovery document, once per run (else None)."""
        if url in self._discovery_urls or not same_site(url, self.outlet.domains):
            return None
        self._discovery_urls.add(url)
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            dont_filter=not self.distributed,
            meta=meta or {},
            priority=priority,
        )

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self._sitemap_entries(response)
        yield from self._next_child_sitemap(response.meta.get("ikp_later_sitemaps", ()))

    def _sitemap_entries(self, response: Response) -> Iterator[scrapy.Request]:
        maxsize = self.settings.getint("DOWNLOAD_MAXSIZE")
        body = maybe_gunzip(response.body, maxsize)
        kind, entries = parse_sitemap(body) if body else ("invalid", [])
        if kind == "invalid":
            self._count("discovery/invalid_sitemap")
            logger.warning("Invalid sitemap ignored: %s", response.url)
            return
        self._count(f"discovery/{kind}")
        if kind == "sitemapindex":
            children = []
            for entry in entries:
                # A child sitemap last modified before the window holds nothing inside it.
                if self.date_window.starts_after(entry.modified, self.tz):
                    self._count("discovery/skipped_sitemap_by_date")
                    continue
                children.append(entry.url)
            yield from self._next_child_sitemap(children)
            return
        yield from self._article_requests(entries, "sitemap")

    def _next_child_sitemap(self, children: Iterable[str]) -> Iterator[scrapy.Request]:
        """The first child sitemap not yet requested, carrying the rest.

        Children are fetched one after another, each once the articles of the one before are
        all handed to the downloader (a lower priority than articles): the queue then holds one
        sitemap's links, not the whole site's (50 000 queued requests are ~35 MB).
        """
        pending = list(children)
        if self.distributed:  # all at once: Redis holds the queue, and a killed worker
            for url in pending:  # would otherwise take the rest of the chain with it
                request = self._discovery_request(url, self.parse_sitemap)
                if request is not None:
                    yield request
            return
        while pending:
            url = pending.pop(0)
            request = self._discovery_request(
                url,
                self.parse_sitemap,
                meta={"ikp_later_sitemaps": pending},
                priority=CHILD_SITEMAP_PRIORITY,
            )
            if request is not None:
                yield request
                return

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        body = maybe_gunzip(response.body, self.settings.getint("DOWNLOAD_MAXSIZE"))
        entries = parse_feed(body) if body else []
        self._count("discovery/feed")
        if not entries:
            logger.warning("Feed without entries: %s", response.url)
        yield from self._article_requests(entries, "feed")

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        source: Source = response.meta["ikp_source"]
        page: int = response.meta.get("ikp_page", 1)
        self._count("discovery/listing_page")
        entries = [Entry(url=link) for link in listing_links(response, self.outlet)]
        if not entries:
            # Say so: a listing built by JavaScript and fetched plain looks exactly like this.
            self._count("discovery/empty_listing")
            logger.warning("Listing page without article links: %s", response.url)
        yield from self._article_requests(entries, "listing")
        if page >= source.max_pages:
            return
        keys = {canonicalize_url(e.url) for e in entries}
        state = self._state()
        if keys and state.may_stop_listings() and len(state.known(list(keys))) == len(keys):
            # Every article on this page was exported before: older pages hold nothing new.
            self._count("incremental/listing_stopped")
            return
        next_url = None
        if source.page_url:
            next_url = source.page_url.format(page=page + source.first_page - 1)
        else:
            css_next = self.outlet.selectors.next_page or NEXT_PAGE_CSS
            href = response.css(css_next).get()
            next_url = safe_urljoin(response, href)
        if next_url and same_site(next_url, self.outlet.domains):
            yield scrapy.Request(
                next_url,
                callback=self.parse_listing,
                errback=self.discovery_failed,
                dont_filter=not self.distributed,
                meta={"ikp_source": source, "ikp_page": page + 1, **self._render_meta("listing")},
            )

    # -------------------------------------------------------------------------- articles
    def _article_requests(self, entries: Iterable[Entry], via: str) -> Iterator[scrapy.Request]:
        # Filter locally first, then ask the state about all survivors at once: a page of 150
        # links costs one state query, not 150 (one round trip on Redis).
        candidates: list[tuple[str, str, Entry]] = []
        for entry in entries:
            try:
                url = url_query_cleaner(entry.url.strip(), TRACKING_PARAMS, remove=True)
            except ValueError:  # "http://[::1/x": skip this link, keep the rest of the page
                self._count("discovery/invalid_link")
                continue
            if not url.startswith(("http://", "https://")):
                continue
            if not same_site(url, self.outlet.domains) or not self.outlet.is_article_url(url):
                continue
            key = canonicalize_url(url)
            if hash(key) in self._article_keys:
                self._count("discovery/duplicate_link")
                continue
            if self.date_window.excludes(entry.modified, entry.published, self.tz):
                self._count("discovery/skipped_by_date")
                continue
            candidates.append((url, key, entry))
        state = self._state()
        known = state.known([k for _, k, _ in candidates])
        for url, key, entry in candidates:
            if hash(key) in self._article_keys:
                continue  # twice on this page
            if self._known_and_unchanged(known.get(key), entry):
                self._count("incremental/skipped_known")
                continue
            self._article_keys.add(hash(key))
            if entry.modified:
                state.note_lastmod(key, entry.modified)
            self._count(f"discovery/article_links/{via}")
            if self.outlet.all_pages_query:
                url = add_or_replace_parameters(url, dict(parse_qsl(self.outlet.all_pages_query)))
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                meta={"ikp_via": via, **self._render_meta("article")},
                # Deduplicated above by canonical URL: Scrapy's dupefilter would only keep a
                # second set of fingerprints (~6 MB per 50 000 articles). On Redis it is the
                # shared dupefilter that keeps two workers from fetching one article.
                dont_filter=not self.distributed,
            )

    def _known_and_unchanged(self, known: ArticleState | None, entry: Entry) -> bool:
        """An article exported before that discovery gives no reason to refetch.

        A sitemap ``lastmod`` (or feed ``updated``) newer than what we stored means it changed;
        without such a date (listings, plain feeds) a known article is not fetched again.
        """
        if known is None:
            return False
        if not entry.modified:
            return True
        seen = known.lastmod or known.exported_at
        modified = dates.parse_date(entry.modified, default_tz=self.tz)
        stored = dates.parse_date(seen, default_tz=self.tz)
        return not (modified and stored and modified > stored)

    def parse_article(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self._count("failed/not_html")
            return
        try:
            article = extract_article(response, self.outlet, now=datetime.now(timezone.utc))
        except RecursionError:  # markup nested thousands deep: no article can be read from it
            self._count("dropped/too_deep")
            self._count("dropped")
            logger.info("Article dropped (too_deep): HTML nested too deep: %s", response.url)
            return
        if not article.body.strip() and self._should_render_again(response):
            # The static HTML had no text: its body is built by JavaScript. Once, rendered.
            self._count("render/retried_empty_body")
            logger.info("Empty body in plain HTML, retrying rendered: %s", response.url)
            assert response.request is not None  # checked by _should_render_again
            yield response.request.replace(
                meta={
                    **response.meta,
                    **self._render_meta_always(),
                    "ikp_render_retry": True,
                    # A cached copy would be the plain page again.
                    "dont_cache": True,
                },
                dont_filter=True,
            )
            return
        self._count("articles/extracted")
        for field_name, step in article.sources.items():
            self._count(f"source/{field_name}/{step}")
        yield from self._next_article_page(response, article, [response.url])

    def _should_render_again(self, response: Response) -> bool:
        return (
            self.retry_empty_body
            and self.javascript is not None
            and response.request is not None
            and not response.meta.get("playwright")
            and not response.meta.get("ikp_render_retry")
        )

    def _render_meta_always(self) -> dict[str, Any]:
        from ikpcrawl.crawl.rendering import render_meta

        assert self.javascript is not None
        return render_meta(self.javascript)

    def parse_article_page(self, response: Response) -> Iterator[Any]:
        """Page 2, 3, ... of a multi-page article: append its paragraphs, then go on."""
        article: Article = response.meta["ikp_article"]
        seen: list[str] = response.meta["ikp_pages"]
        if isinstance(response, TextResponse):
            more = extract_continuation(response, self.outlet)
            if more:
                article.body = "\n\n".join(filter(None, [article.body, *more]))
            self._count("articles/continuation_pages")
        yield from self._next_article_page(response, article, [*seen, response.url])

    def _next_article_page(
        self, response: Response, article: Article, seen: list[str]
    ) -> Iterator[Any]:
        css = self.outlet.selectors.article_next_page
        href = response.css(css).get() if css and isinstance(response, TextResponse) else None
        next_url = safe_urljoin(response, href)
        if (
            next_url
            and next_url not in seen
            and len(seen) < MAX_ARTICLE_PAGES
            and same_site(next_url, self.outlet.domains)
        ):
            yield scrapy.Request(
                next_url,
                callback=self.parse_article_page,
                errback=self.continuation_failed,
                meta={"ikp_article": article, "ikp_pages": seen, **self._render_meta("article")},
                dont_filter=True,
            )
            return
        yield article

    def continuation_failed(self, failure: Failure) -> Iterator[Any]:
        """A later page failed: export what the earlier pages gave, and count it."""
        self._count(f"failed/continuation_{failure_reason(failure)}")
        request = getattr(failure, "request", None)
        if request is not None and "ikp_article" in request.meta:
            yield request.meta["ikp_article"]

    # ---------------------------------------------------------------------------- errors
    def article_failed(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        self._count(f"failed/{reason}")
        self._count("failed")
        logger.info("Article not fetched (%s): %s", reason, failed_url(failure))

    def discovery_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        reason = failure_reason(failure)
        self._count(f"discovery/failed/{reason}")
        logger.warning("Discovery page not fetched (%s): %s", reason, failed_url(failure))
        request = getattr(failure, "request", None)
        if request is not None:  # a failed child sitemap: the next one still comes
            yield from self._next_child_sitemap(request.meta.get("ikp_later_sitemaps", ()))

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"ikpcrawl/{key}")

    def _count_set(self, key: str, value: int) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(f"ikpcrawl/{key}", value)
