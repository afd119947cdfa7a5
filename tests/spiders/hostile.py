"""Hostile News (``hostile.ikpcrawl.test``): the made-up site of tests/faultserver.py, where
articles time out, reset, stall, truncate, change encodings, redirect in loops and link
anywhere. Test-only spiders, loaded with ``-s SPIDER_MODULES=ikpcrawl.spiders,tests.spiders``.

``hostile_direct`` crawls a site at any base URL *without* a mirror (``-a base=http://name:port``):
used to check that a hostname resolving to a private address is refused.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider

SITE = "https://hostile.ikpcrawl.test"

HOSTILE = Outlet(
    name="hostile.ikpcrawl.test",
    domains=("hostile.ikpcrawl.test",),
    sources=(
        Source.robots(f"{SITE}/robots.txt"),
        Source.sitemap(f"{SITE}/sitemap_index.xml"),
        Source.feed(f"{SITE}/feed.xml"),
        Source.listing(f"{SITE}/indeks/", max_pages=3),
    ),
    # Flat slugs (and the disallowed /private/ section): not listings, feeds or sitemaps.
    article_url=r"^https://hostile\.ikpcrawl\.test/(?:private/)?[a-z0-9][a-z0-9-]*$",
    selectors=Selectors(
        title="h1.headline",
        date="time.published",
        body="div.article-body",
        listing_links=".article-list a",
    ),
    title_suffixes=(" - Hostile News",),
)


class HostileSpider(NewsSpider):
    name = "hostile"
    outlet = HOSTILE


class HostileDirectSpider(NewsSpider):
    """The same outlet at ``-a base=http://host:port`` (no mirror: names are resolved)."""

    name = "hostile_direct"
    outlet = HOSTILE

    def __init__(self, *args: Any, base: str | None = None, **kwargs: Any):
        if base:
            base = base.rstrip("/")
            host = base.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
            self.outlet = replace(  # type: ignore[misc]
                HOSTILE,
                domains=(host,),
                sources=(
                    Source.robots(f"{base}/robots.txt"),
                    Source.listing(f"{base}/indeks/", max_pages=1),
                ),
                article_url=r"^https?://[^/]+/[a-z0-9][a-z0-9-]*$",
            )
        super().__init__(*args, **kwargs)


class HostilePoliteSpider(NewsSpider):
    """Only robots.txt and the listing: the politeness test's site has nothing else."""

    name = "hostile_polite"
    outlet = replace(HOSTILE, sources=(HOSTILE.sources[0], HOSTILE.sources[3]))
