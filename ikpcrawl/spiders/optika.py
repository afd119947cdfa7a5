"""Optika.id: a WordPress-style site with flat slug URLs (https://optika.id/<slug>)."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class OptikaSpider(NewsSpider):
    name = "optika"
    outlet = Outlet(
        name="optika.id",
        domains=("optika.id",),
        sources=(
            Source.robots("https://optika.id/robots.txt"),
            Source.sitemap("https://optika.id/sitemap_index.xml"),
            Source.feed("https://optika.id/feed/"),
            Source.listing("https://optika.id/category/politik/", max_pages=5),
        ),
        # Flat slugs; not sections, tags, authors, pages or WordPress internals.
        article_url=(
            r"^https?://(www\.)?optika\.id/(?!(category|tag|author|page|feed|search|"
            r"wp-[a-z]+)(/|$))[a-z0-9][a-z0-9-]+/?(\?.*)?$"
        ),
        selectors=Selectors(
            title="h1.post-title",
            date=".post-date",
            authors=".post-author .author-name",
            body=".post-content",
            section=".breadcrumb a:last-child",
            tags=".post-tags a[rel=tag]",
            drop=(".ads-inline",),
            listing_links=".post-list .post-item-title a",
        ),
        dateline=r"^(?P<dateline>Optika\.id)\s*[-–—]\s*",
        title_suffixes=(" - Optika.id", " | Optika.id"),
    )
