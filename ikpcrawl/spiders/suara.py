"""Suara.com: dated URLs (/<kanal>/YYYY/MM/DD/HHMMSS/<slug>), long articles split into pages."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class SuaraSpider(NewsSpider):
    name = "suara"
    outlet = Outlet(
        name="suara.com",
        domains=("suara.com",),
        sources=(
            # robots.txt names the sitemap index, which holds the Google News sitemap.
            Source.robots("https://www.suara.com/robots.txt"),
            Source.feed("https://www.suara.com/rss/news"),
            Source.listing(
                "https://www.suara.com/indeks",
                max_pages=3,
                page_url="https://www.suara.com/indeks?page={page}",
            ),
        ),
        # www. and the regional network (jatim.suara.com, ...): /<kanal>/YYYY/MM/DD/<id>/<slug>
        # ("/read/" on the regional sites); not video or photo pages, tags or the index.
        article_url=(
            r"^https?://([a-z0-9-]+\.)?suara\.com/(?!(video|foto|tag|indeks|search)/)"
            r"[a-z0-9-]+/20\d\d/\d\d/\d\d/\d{4,}/[a-z0-9-]+/?(\?.*)?$"
        ),
        selectors=Selectors(
            title=".info h1",
            date=".date-article span",
            authors=".writer-info .writer a",
            body="article.detail-content",
            section=".breadcrumb a:last-child",
            tags=".tag-detail a",
            drop=(".baca-juga-new", ".ads_suara_inarticle", ".kesimpulan"),
            listing_links=".list-item-y-img-retangle .item .text-list-item-y a",
        ),
        # "Suara.com - " on www., "SuaraJatim.id - " on the regional sites.
        dateline=r"^(?P<dateline>Suara(?:\.com|[A-Z][A-Za-z]+\.id))\s*[-–—]+\s*",
        title_suffixes=(" - Suara.com", " | Suara.com"),
        # Long articles are split into ?page=2, ?page=3 ...; ?page=all serves the whole text.
        all_pages_query="page=all",
    )
