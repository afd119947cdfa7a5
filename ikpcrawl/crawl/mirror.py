"""Fetch every request from a local or saved copy of the web (``IKPCRAWL_MIRROR``).

With ``IKPCRAWL_MIRROR=http://127.0.0.1:8000`` a request for ``https://host/path?q`` is downloaded
from ``http://127.0.0.1:8000/host/path?q``, and the response keeps the original URL. It is done in
the download handler, the lowest layer, so robots.txt, the offsite filter, the dupefilter, redirects
and per-domain throttling all see the real site.

The same handler routes rendering: a request with ``meta["playwright"]`` (an outlet page declared
as JavaScript, see :mod:`ikpcrawl.crawl.rendering`) is rendered by Chromium, which in mirror mode loads
the page and its sub-requests from the mirror too. Every other request stays plain HTTP/1.1.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.utils.misc import build_from_crawler, load_object

from ikpcrawl.crawl.urls import from_mirror, to_mirror

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

DEFAULT_INNER_HANDLER = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"


class MirrorDownloadHandler(BaseDownloadHandler):
    """Wraps the real HTTP handler; rewrites URLs to the mirror when one is configured.

    Requests marked ``meta["playwright"]`` go to the crawl's renderer instead (when rendering
    is on, ``IKPCRAWL_RENDER``); it is built on first use, so plain crawls never import
    scrapy-playwright.
    """

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.mirror: str = (crawler.settings.get("IKPCRAWL_MIRROR") or "").rstrip("/")
        inner_path = (
            crawler.settings.get("IKPCRAWL_INNER_DOWNLOAD_HANDLER") or DEFAULT_INNER_HANDLER
        )
        self._inner: BaseDownloadHandler = build_from_crawler(load_object(inner_path), crawler)
        self.render: bool = crawler.settings.getbool("IKPCRAWL_RENDER", True)
        self._renderer: Any = None  # ikpcrawl.crawl.rendering.Renderer, shared by http and https
        if self.mirror:
            logger.info("Mirror mode: every request is fetched from %s", self.mirror)

    async def download_request(self, request: Request) -> Response:
        if self.render and request.meta.get("playwright"):
            if self._renderer is None:
                from ikpcrawl.crawl.rendering import renderer_for

                self._renderer = renderer_for(self.crawler)
            response: Response = await self._renderer.download_request(request)
            return response
        if not self.mirror:
            return await self._inner.download_request(request)
        mirrored = request.replace(url=to_mirror(request.url, self.mirror))
        response = await self._inner.download_request(mirrored)
        location = response.headers.get(b"Location")
        if location:
            real = from_mirror(location.decode("latin-1"), self.mirror)
            response.headers[b"Location"] = real.encode("latin-1")
        return response.replace(url=request.url, request=request)

    async def close(self) -> None:
        if self._renderer is not None:
            # Closes Chromium with the crawl; the other scheme's handler finds it closed.
            await self._renderer.close()
        await self._inner.close()
