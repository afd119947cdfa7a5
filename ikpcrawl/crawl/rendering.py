"""JavaScript rendering: only the pages an outlet declares go through a real browser.

An outlet says which of its pages are built in the browser (:class:`ikpcrawl.outlet.JavaScript`:
listings, articles, what to wait for). The spider marks those requests with :func:`render_meta`
(``meta["playwright"]``, a ``wait_for_selector`` page method, a timeout); every other request --
robots.txt, sitemaps, feeds, plain pages -- stays plain HTTP.

The browser is Debian's Chromium (``apt-get install -y chromium``; ``IKPCRAWL_CHROMIUM`` names
another binary) driven by scrapy-playwright. Nothing is ever downloaded: ``playwright install``
is not needed and must not be run.

How the pieces fit:

- :class:`ikpcrawl.crawl.mirror.MirrorDownloadHandler` is the download handler for http and https. It
  hands requests with ``meta["playwright"]`` to this module's :class:`Renderer` and fetches the
  rest with Scrapy's HTTP/1.1 handler, as before.
- :class:`Renderer` builds scrapy-playwright's handler on the first rendered request (one per
  crawl, shared by the http and https handlers), launches Chromium then, and closes it with the
  crawl. A browser that does not start is one ERROR line naming the fix, and the spider closes
  with ``finish_reason = "browser_unavailable"``.
- In mirror mode (``IKPCRAWL_MIRROR``) the browser still navigates to the real URL, so the page's
  own scripts see their real origin; a Playwright route answers the page and every sub-request
  (scripts, XHR/fetch to the real host) from the mirror, and the response keeps the real URL.
- scrapy-playwright and Playwright are imported here only when a page is rendered (or checked):
  plain crawls, the settings and the test suite work without them and without Chromium.

Stats: ``ikpcrawl/render/pages`` (pages rendered), ``ikpcrawl/render/errors`` (renders that
failed: timeout waiting for the selector, navigation error), ``ikpcrawl/render/unavailable``
(the browser is missing or does not start); the spider adds ``ikpcrawl/render/disabled`` and
``ikpcrawl/render/retried_empty_body``.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import logging
import os
from collections.abc import Mapping
from contextlib import suppress
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from ikpcrawl.config import ConfigError
from ikpcrawl.crawl.middlewares import target_refusal
from ikpcrawl.crawl.urls import from_mirror, to_mirror

if TYPE_CHECKING:
    from playwright.async_api import Page, Route
    from playwright.async_api import Request as BrowserRequest
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

    from ikpcrawl.outlet import JavaScript

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "IKPCRAWL_CHROMIUM"
INSTALL_FIX = "apt-get install -y chromium, or set IKPCRAWL_CHROMIUM"
PACKAGE_FIX = "pip install scrapy-playwright (or reinstall ikpcrawl: pip install -e .)"
# Chromium as root in a container: no sandbox (it refuses to start as root otherwise), no /dev/shm
# (often 64 MiB in Docker), and none of the background traffic a crawler has no use for.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-extensions",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
)
# What a text extractor never needs; aborted before it is requested.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "font", "media"})
STATS_PREFIX = "ikpcrawl/render/"
# The finish reason of a crawl whose outlet needs a browser that is missing or does not start.
BROWSER_UNAVAILABLE = "browser_unavailable"


class BrowserUnavailable(IgnoreRequest):
    """Chromium (or scrapy-playwright) is missing or does not start; the message names the fix."""


# --------------------------------------------------------------------------------- settings
def chromium_path(environ: Mapping[str, str] | None = None) -> str:
    """The Chromium binary: ``IKPCRAWL_CHROMIUM`` or Debian's ``/usr/bin/chromium``."""
    env = os.environ if environ is None else environ
    return env.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM


def launch_options(executable: str) -> dict[str, Any]:
    """``PLAYWRIGHT_LAUNCH_OPTIONS`` for Debian's Chromium (never a downloaded browser)."""
    return {
        "executable_path": executable,
        "headless": True,
        "args": list(CHROMIUM_ARGS),
        "timeout": 30_000,  # ms for the browser to start; a hung start is an error, not a stall
    }


def _env_bool(name: str, raw: str | None, default: bool) -> bool:
    if raw is None or raw.strip() == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Rendering settings from ``IKPCRAWL_RENDER``, ``IKPCRAWL_RENDER_RETRY_EMPTY_BODY`` and
    ``IKPCRAWL_CHROMIUM``; raises :class:`ConfigError` for a bad value."""
    env = os.environ if environ is None else environ
    executable = chromium_path(env)
    return {
        "IKPCRAWL_RENDER": _env_bool("IKPCRAWL_RENDER", env.get("IKPCRAWL_RENDER"), True),
        "IKPCRAWL_RENDER_RETRY_EMPTY_BODY": _env_bool(
            "IKPCRAWL_RENDER_RETRY_EMPTY_BODY", env.get("IKPCRAWL_RENDER_RETRY_EMPTY_BODY"), True
        ),
        "IKPCRAWL_CHROMIUM": executable,
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch_options(executable),
    }


def executable_of(settings: BaseSettings) -> str:
    """The Chromium a crawl with these settings launches."""
    options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    return str(
        options.get("executable_path") or settings.get("IKPCRAWL_CHROMIUM") or DEFAULT_CHROMIUM
    )


_BROWSER_VERDICTS: dict[str, tuple[bool, float]] = {}


async def should_abort_request(request: BrowserRequest) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST``: images, fonts and media are not needed to read the text,
    and every request a rendered page makes obeys the target rules of plain requests (a page's
    script must not reach 169.254.169.254, 127.0.0.1 or a private network)."""
    if request.resource_type in BLOCKED_RESOURCE_TYPES:
        return True
    if request.url.startswith(("data:", "blob:", "about:")):
        return False
    if os.environ.get("IKPCRAWL_MIRROR"):
        return False  # mirror mode: every browser request is answered from the mirror
    reason = await target_refusal(request.url, _BROWSER_VERDICTS, mirror=False)
    if reason is not None:
        logger.info("Rendered page's request refused (%s): %s", reason, request.url)
        return True
    return False


# ------------------------------------------------------------------------------- the check
def missing_packages() -> list[str]:
    return [name for name in ("scrapy_playwright", "playwright") if not _importable(name)]


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def browser_problem(executable: str) -> str | None:
    """Why a crawl could not render, in one line naming the fix; None when it looks fine.

    Cheap (no launch): the packages are importable and the binary exists and is executable.
    Whether it also starts is found out by the first render (and by ``ikpcrawl doctor``).
    """
    missing = missing_packages()
    if missing:
        return f"{missing[0].replace('_', '-')} is not installed: {PACKAGE_FIX}"
    if not os.path.isfile(executable):
        return f"Chromium not found at {executable}: {INSTALL_FIX}"
    if not os.access(executable, os.X_OK):
        return f"Chromium at {executable} is not executable: {INSTALL_FIX}"
    return None


# ---------------------------------------------------------------------------- the requests
def render_meta(javascript: JavaScript) -> dict[str, Any]:
    """Request meta that sends a request through the browser and waits for its content."""
    page_method = importlib.import_module("scrapy_playwright.page").PageMethod
    timeout_ms = javascript.timeout_s * 1000
    methods = []
    if javascript.wait_for:
        # Wait for the content itself, never a fixed sleep. "attached": in the DOM is enough
        # (a text extractor does not care whether CSS shows it).
        methods.append(
            page_method(
                "wait_for_selector", javascript.wait_for, state="attached", timeout=timeout_ms
            )
        )
    return {
        "playwright": True,
        "playwright_page_methods": methods,
        "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded", "timeout": timeout_ms},
    }


# ---------------------------------------------------------------------------- the renderer
_RENDERERS: WeakKeyDictionary[Crawler, Renderer] = WeakKeyDictionary()


def renderer_for(crawler: Crawler) -> Renderer:
    """The crawl's one renderer (the http and https download handlers share it)."""
    renderer = _RENDERERS.get(crawler)
    if renderer is None:
        renderer = _RENDERERS[crawler] = Renderer(crawler)
    return renderer


class Renderer:
    """Renders ``meta["playwright"]`` requests with scrapy-playwright, built on first use."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.mirror: str = (crawler.settings.get("IKPCRAWL_MIRROR") or "").rstrip("/")
        self.executable = executable_of(crawler.settings)
        self.user_agent: str = crawler.settings.get("USER_AGENT") or ""
        self.fetch_timeout_ms = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 30) * 1000
        self._handler: Any = None  # scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler
        self._lock = asyncio.Lock()
        self._unavailable: str | None = None
        self._closed = False

    async def download_request(self, request: Request) -> Response:
        handler = await self._started()
        # Every rendered page shares one context, identified as the crawler (not HeadlessChrome);
        # service workers would answer requests behind the routes' back.
        request.meta.setdefault(
            "playwright_context_kwargs",
            {"user_agent": self.user_agent, "service_workers": "block"},
        )
        if self.mirror:
            # Runs after scrapy-playwright installed its own route, so ours is matched first.
            request.meta["playwright_page_init_callback"] = self._route_to_mirror
        try:
            response: Response = await handler.download_request(request)
        except Exception as error:
            self._inc("errors")
            logger.info(
                "Render failed (%s: %s): %s",
                type(error).__name__,
                first_line(str(error)),
                request.url,
            )
            raise
        self._inc("pages")
        if self.mirror and response.url.startswith(self.mirror + "/"):
            response = response.replace(url=from_mirror(response.url, self.mirror))
        return response

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        handler, self._handler = self._handler, None
        if handler is not None:
            await _close_handler(handler)
        _RENDERERS.pop(self.crawler, None)

    # ------------------------------------------------------------------------- start-up
    async def _started(self) -> Any:
        async with self._lock:
            if self._closed:
                raise IgnoreRequest("the crawl is closing: no more pages are rendered")
            if self._handler is None and self._unavailable is None:
                try:
                    self._handler = await self._launch()
                except Exception as error:  # noqa: BLE001 - whatever the cause: no browser
                    self._give_up(error)
        if self._unavailable is not None:
            raise BrowserUnavailable(self._unavailable)
        return self._handler

    async def _launch(self) -> Any:
        problem = browser_problem(self.executable)
        if problem:
            raise BrowserUnavailable(problem)
        module = importlib.import_module("scrapy_playwright.handler")
        handler = module.ScrapyPlaywrightDownloadHandler.from_crawler(self.crawler)
        # Built after the engine started: start it here, not on engine_started (which has
        # passed, and would otherwise start a second Playwright if it had not).
        for name in ("_maybe_launch_in_thread", "_engine_started"):
            receiver = getattr(handler, name, None)
            if receiver is not None:
                self.crawler.signals.disconnect(receiver, signal=signals.engine_started)
        try:
            await handler._launch()  # the Playwright driver
            # The browser now rather than on the first page, so a broken one fails once, here.
            await handler._maybe_launch_browser()
        except BaseException:
            await _close_handler(handler)
            raise
        logger.info("Chromium started for rendering: %s", self.executable)
        return handler

    def _give_up(self, error: Exception) -> None:
        if isinstance(error, BrowserUnavailable):
            self._unavailable = str(error)
        else:
            self._unavailable = (
                f"Chromium at {self.executable} does not start"
                f" ({type(error).__name__}: {first_line(str(error))}): {INSTALL_FIX};"
                " `ikpcrawl doctor` checks the set-up"
            )
        logger.error(self._unavailable)
        self._inc("unavailable")
        engine = self.crawler.engine
        if engine is not None:
            # Nothing of a JS outlet can be trusted without its browser: stop, and say why.
            task = asyncio.ensure_future(engine.close_spider_async(reason=BROWSER_UNAVAILABLE))
            task.add_done_callback(_log_task_error)

    # --------------------------------------------------------------------------- mirror
    async def _route_to_mirror(self, page: Page, request: Request) -> None:
        await page.route("**", self._from_mirror)

    async def _from_mirror(self, route: Route, browser_request: BrowserRequest) -> None:
        """Answer a browser request (the page or a sub-request) from the mirror."""
        url = browser_request.url
        try:
            if await should_abort_request(browser_request):
                await route.abort()
                self._inc_raw("playwright/request_count/aborted")
                return
            if not url.startswith(("http://", "https://")):
                await route.fallback()
                return
            headers = await browser_request.all_headers()
            if self.user_agent:
                headers["user-agent"] = self.user_agent
            # Redirects are handed to the browser, which asks again for the (real) Location.
            fetched = await route.fetch(
                url=to_mirror(url, self.mirror),
                headers=headers,
                max_redirects=0,
                timeout=self.fetch_timeout_ms,
            )
            answer_headers = dict(fetched.headers)
            location = answer_headers.get("location")
            if location:
                answer_headers["location"] = from_mirror(location, self.mirror)
            await route.fulfill(response=fetched, headers=answer_headers)
        except Exception as error:  # noqa: BLE001 - a route must never raise into Playwright
            # The page may be closed (timeout, shutdown) while a sub-request is in flight.
            logger.debug("Mirror route failed for %s: %s", url, error)
            with suppress(Exception):
                await route.abort("failed")

    # ---------------------------------------------------------------------------- stats
    def _inc(self, key: str) -> None:
        self._inc_raw(STATS_PREFIX + key)

    def _inc_raw(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


async def _close_handler(handler: Any) -> None:
    """Close scrapy-playwright's handler: pages, contexts, Chromium and the Playwright driver."""
    try:
        result = handler.close()
        if inspect.isawaitable(result):
            from scrapy.utils.defer import maybe_deferred_to_future
            from twisted.internet.defer import Deferred

            if isinstance(result, Deferred):
                await maybe_deferred_to_future(result)
            else:
                await result
    except Exception:
        logger.exception("Closing the browser failed")


def _log_task_error(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("Closing the spider failed: %s", task.exception())


def first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else ""
