"""The bare reference: Scrapy's own SitemapSpider fetching every article, nothing else.

It yields a two-field item per page, so the crawl costs what Scrapy itself costs on this
machine (download, middlewares, scheduler, feed export): the physical limit ikpcrawl's full
crawl is compared with. Same project settings as the real crawl (robots.txt obeyed, mirror
download handler, pipelines that pass non-Article items through untouched).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class BareSpider(SitemapSpider):
    name = "bench_bare"
    allowed_domains = ["optika.id"]
    sitemap_urls = ["https://optika.id/robots.txt"]

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        yield {"url": response.url, "status": response.status}
