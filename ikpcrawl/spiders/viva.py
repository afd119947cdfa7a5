"""VIVA (viva.co.id): /<kanal>/<sub>/<id>-<slug>; long articles split into ?page=N."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class VivaSpider(NewsSpider):
    name = "viva"
    outlet = Outlet(
        name="viva.co.id",
        domains=("viva.co.id",),
        sources=(
            # robots.txt -> /sitemap.xml, an index of Google News sitemaps per channel
            # (/sitemap/news/news-sitemap.xml, /sitemap/news/pilkada.xml, ...).
            Source.robots("https://www.viva.co.id/robots.txt"),
            Source.listing(
                "https://www.viva.co.id/indeks",
                max_pages=3,
                page_url="https://www.viva.co.id/indeks?page={page}",
            ),
        ),
        # /<kanal>/<sub>/<numeric id>-<slug>; before about 2017 <kanal>[.news].viva.co.id/
        # <sub>/read/<id>-<slug>; not channel, tag or index pages.
        article_url=(
            r"^https?://([a-z0-9-]+\.)*viva\.co\.id/(?!(tag|indeks|search|amp|author)/)"
            r"[a-z0-9-]+/(?:[a-z0-9-]+/)?(?:read/)?\d{5,}-[a-z0-9-]+/?(\?.*)?$"
        ),
        selectors=Selectors(
            title="h1.main-content-title",
            # "Senin, 26 Agustus 2024 – 23:21 WIB"
            date=".main-content-date",
            authors=".main-content-author a",
            body=".main-content-detail",
            section=".breadcrumb a.breadcrumb-step:last-child",
            tags=".main-content-tag a",
            drop=(
                ".recommended-article",
                ".widget-other-article",
                ".main-content-paging",
                ".ads-center",
            ),
            listing_links=".article-list-row a",
        ),
        # "Jakarta, VIVA – ", "Medan, VIVA – ", older "VIVA.co.id – " and "VIVA Politik – ".
        dateline=(
            r"^(?P<dateline>(?:[A-Z][\w.'’ ]{1,40},\s*)?VIVA(?:\.co\.id)?(?: [A-Z][a-z]+)?)"
            r"\s*[-–—]+\s*"
        ),
        title_suffixes=(" - VIVA", " | VIVA"),
        # Long articles are split into ?page=2 ...; ?page=all serves the whole text.
        all_pages_query="page=all",
    )
