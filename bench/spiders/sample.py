"""A fixed sample of optika article pages, fetched plain or rendered in Chromium.

``scrapy crawl optika_sample -a urls_file=PATH`` fetches the article URLs listed in PATH (one per
line) with the optika spider's extraction, no discovery; ``optika_rendered`` does the same with
the outlet declaring its articles as built by JavaScript, so every page goes through
``ikpcrawl.crawl.rendering`` (scrapy-playwright and Chromium). The two give ``rendered_vs_plain``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy.exceptions import CloseSpider

from ikpcrawl.outlet import Outlet
from ikpcrawl.spiders.optika import OptikaSpider

logger = logging.getLogger(__name__)


class OptikaSampleSpider(OptikaSpider):
    name = "optika_sample"
    urls_file: str = ""

    async def start(self) -> AsyncIterator[Any]:
        if getattr(self, "javascript", None) is not None:
            from ikpcrawl.crawl.rendering import BROWSER_UNAVAILABLE, browser_problem, executable_of

            problem = browser_problem(executable_of(self.settings))
            if problem:
                logger.error(problem)
                raise CloseSpider(BROWSER_UNAVAILABLE)
        render_meta = getattr(self, "_render_meta", None)
        meta = render_meta("article") if render_meta else {}
        for url in Path(self.urls_file).read_text("utf-8").split():
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                meta={"ikp_via": "bench", **meta},
            )


try:
    from ikpcrawl.outlet import JavaScript
except ImportError:  # a checkout without rendering: only the plain sample exists
    pass
else:

    class OptikaRenderedSpider(OptikaSampleSpider):
        name = "optika_rendered"
        outlet: ClassVar[Outlet] = dataclasses.replace(
            OptikaSpider.outlet,
            javascript=JavaScript(article=True, wait_for=".post-content", retry_empty_body=False),
        )
