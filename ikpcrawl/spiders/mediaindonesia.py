"""Media Indonesia (mediaindonesia.com): /<kanal>/<id>/<slug>; 2024-2026 layout (.article body)."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class MediaindonesiaSpider(NewsSpider):
    name = "mediaindonesia"
    outlet = Outlet(
        name="mediaindonesia.com",
        domains=("mediaindonesia.com",),
        sources=(
            # robots.txt names the sitemap index, which holds the Google News sitemap.
            Source.robots("https://mediaindonesia.com/robots.txt"),
            Source.listing("https://mediaindonesia.com/politik-dan-hukum", max_pages=3),
        ),
        # /<kanal>/<numeric id>/<slug>; author pages (/author/<id>/<name>) share the shape.
        article_url=(
            r"^https?://(www\.)?mediaindonesia\.com/(?!(author|tag|search|foto|video)/)"
            r"[a-z0-9-]+/\d{5,}/[a-z0-9-]+/?(\?.*)?$"
        ),
        selectors=Selectors(
            title=".post-header h1",
            date=".post-header .datetime",
            # The byline shows the reporter; JSON-LD "author" names the editor (see the report).
            authors=".post-header .author-2",
            body=".detail .article",
            section=".mi-breadcrumb li:last-child a",
            tags=".related-tags a",
            drop=(
                ".flying-carpet",
                ".main-img",
                "p.related-news",
                ".ext-channel",
                "._ap_apex_ad",
            ),
            listing_links="ul.list-3 .text h3 a",
            next_page=".load-more a[rel=next]::attr(href)",
        ),
        boilerplate=(r"^cek berita dan artikel yg lain di\b",),
        title_suffixes=(" - Media Indonesia", " | Media Indonesia"),
    )
