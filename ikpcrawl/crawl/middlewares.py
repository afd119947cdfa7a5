"""Downloader middlewares: never a tool against others, and slower when a site asks.

* :class:`SafeTargetMiddleware` refuses non-http(s) URLs, IP-literal hosts and hostnames that
  resolve to private, loopback, link-local or otherwise non-public addresses (a crawler that
  follows links must not become a way to reach an internal network). In mirror mode every
  request goes to the mirror, so names are not resolved.
* :class:`RetryAfterMiddleware` honours ``Retry-After`` on 429/503 (and backs off without one) by
  raising the site's download-slot delay before the retry is scheduled.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class UnsafeTarget(IgnoreRequest):
    """A request that must not be made; ``reason`` is the stats key suffix."""

    def __init__(self, reason: str, url: str):
        super().__init__(f"{reason}: {url}")
        self.reason = reason


def is_public(address: str) -> bool:
    """Globally routable unicast (not private, loopback, link-local, carrier-grade NAT ...)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_public(str(ip.ipv4_mapped))
    return ip.is_global and not ip.is_multicast


def _is_ip_literal(host: str) -> bool:
    """Also the disguised IPv4 forms a resolver accepts: 2130706433, 0x7f.0.0.1, 127.1."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return True
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    return True


class _Refusing:
    """A middleware that refuses requests with a counted reason (``ikpcrawl/refused/<why>``)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.mirror = bool(crawler.settings.get("IKPCRAWL_MIRROR"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _refuse(self, reason: str, request: Request) -> UnsafeTarget:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"ikpcrawl/refused/{reason}")
        logger.info("Refused %s (%s)", request.url, reason)
        return UnsafeTarget(reason, request.url)


class SafeTargetMiddleware(_Refusing):
    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._verdicts: dict[str, tuple[bool, float]] = {}

    async def process_request(self, request: Request) -> None:
        reason = await target_refusal(request.url, self._verdicts, mirror=bool(self.mirror))
        if reason is not None:
            raise self._refuse(reason, request)


async def target_refusal(
    url: str, verdicts: dict[str, tuple[bool, float]], *, mirror: bool
) -> str | None:
    """Why ``url`` must not be requested (``scheme``, ``no_host``, ``ip_literal``,
    ``private_address``), or None. The same rules hold for every request a rendered page makes
    (ikpcrawl.crawl.rendering.should_abort_request). ``verdicts`` caches DNS answers."""
    parsed = urlsplit(url)
    if parsed.scheme not in ("http", "https"):
        return "scheme"
    host = (parsed.hostname or "").lower()
    if not host:
        return "no_host"
    if _is_ip_literal(host):
        return "ip_literal"
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return "private_address"
    if mirror:
        return None  # only the mirror is ever reached
    if not await _resolves_public(host, verdicts):
        return "private_address"
    return None


async def _resolves_public(host: str, verdicts: dict[str, tuple[bool, float]]) -> bool:
    cached = verdicts.get(host)
    if cached and time.monotonic() - cached[1] < DNS_VERDICT_TTL:
        return cached[0]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return True  # unresolvable: the download fails on its own, with a DNS error
    verdict = all(is_public(str(info[4][0])) for info in infos)
    verdicts[host] = (verdict, time.monotonic())
    return verdict


#: How long a host's "public or not" verdict is trusted.
DNS_VERDICT_TTL = 300.0


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware:
    """Slows a site down when it says it is overloaded (429/503)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.max_delay = settings.getfloat("IKPCRAWL_MAX_RETRY_AFTER", 120.0)
        self.backoff = settings.getfloat("IKPCRAWL_OVERLOAD_BACKOFF", 2.0)
        self.configured_delay = settings.getfloat("DOWNLOAD_DELAY", 0.0)
        self.throttled = settings.getbool("AUTOTHROTTLE_ENABLED")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        engine: Any = self.crawler.engine
        key = request.meta.get("download_slot")
        slot = engine.downloader.slots.get(key) if engine and key is not None else None
        if slot is None:
            return response
        if response.status not in (429, 503):
            if response.status < 400 and slot.delay > self.configured_delay and not self.throttled:
                # The site answers again: halve the raised delay back towards the configured one
                # (AutoThrottle, when on, adjusts the delay itself).
                slot.delay = max(self.configured_delay, slot.delay / 2)
            return response
        header = response.headers.get(b"Retry-After")
        wait = retry_after_seconds(header.decode("latin-1") if header else None)
        if wait is None:
            wait = max(1.0, slot.delay * self.backoff)
        new_delay = min(self.max_delay, max(slot.delay, wait))
        # The slot's jitter may start the next request at delay * (1 - jitter): push the slot's
        # "last request" time forward so that even the shortest jittered delay waits it out.
        from time import monotonic

        shortest = slot.delay * (1 - min(1.0, getattr(slot, "jitter", 0.0) or 0.0))
        slot.lastseen = max(slot.lastseen, monotonic() + min(wait, self.max_delay) - shortest)
        if new_delay > slot.delay:
            logger.info(
                "%s answered %d: waiting %.1fs between requests", key, response.status, new_delay
            )
            slot.delay = new_delay
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("ikpcrawl/politeness/slowed_down")
            self.crawler.stats.max_value("ikpcrawl/politeness/max_delay_s", new_delay)
        return response


class RedirectGuardMiddleware(_Refusing):
    """Sees every 3xx before Scrapy's RedirectMiddleware and refuses, with a counted reason,
    redirects to unsafe or offsite targets and redirect loops (which would otherwise vanish
    without a count, or, for discovery requests with ``dont_filter``, be followed)."""

    def process_response(self, request: Request, response: Response) -> Response:
        raw = response.headers.get(b"Location")
        if response.status not in (301, 302, 303, 307, 308) or not raw:
            return response
        from ikpcrawl.crawl.urls import host_of, safe_urljoin, same_site

        location = raw.decode("latin-1")
        target = safe_urljoin(request.url, location)
        if target is None or not target.startswith(("http://", "https://")):
            raise self._refuse("scheme_redirect", request)
        host = host_of(target)
        if not host or _is_ip_literal(host):
            raise self._refuse("ip_redirect", request)
        spider = self.crawler.spider
        domains = getattr(spider, "allowed_domains", None) or []
        if domains and not same_site(target, domains):
            raise self._refuse("offsite_redirect", request)
        seen = [*request.meta.get("redirect_urls", []), request.url]
        if target in seen:
            raise self._refuse("redirect_loop", request)
        return response


class EncodingFallbackMiddleware:
    """A page that declares no charset anywhere and is not UTF-8 is read as windows-1252.

    Indonesian sites that forget the declaration write windows-1252 or ISO-8859-1 (of which
    windows-1252 is a superset for text); a statistical guess picks other code pages
    (cp1250 turns "naïve" into "naďve").
    """

    _DECLARED = re.compile(rb"<meta[^>]+charset|encoding=", re.IGNORECASE)

    def process_response(self, request: Request, response: Response) -> Response:
        from scrapy.http import TextResponse

        if not isinstance(response, TextResponse) or not response.body:
            return response
        content_type = response.headers.get(b"Content-Type", b"") or b""
        if b"charset" in content_type.lower():
            return response
        body = response.body
        if body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            return response
        if self._DECLARED.search(body[:4096]):
            return response
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return response.replace(encoding="cp1252")
        return response
