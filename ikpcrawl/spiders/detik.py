"""detik.com: detikNews (news.detik.com); "d-<id>" URLs, a Google News sitemap, RSS, a paged index."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class DetikSpider(NewsSpider):
    name = "detik"
    outlet = Outlet(
        name="detik.com",
        domains=("detik.com",),
        sources=(
            Source.robots("https://news.detik.com/robots.txt"),
            # Google News sitemap: only about the last day of articles.
            Source.sitemap("https://news.detik.com/berita/sitemap_news.xml"),
            Source.feed("https://news.detik.com/berita/rss"),
            # About 500 articles a day over up to 50 pages; "Next" is /indeks/<n>.
            Source.listing("https://news.detik.com/indeks", max_pages=50),
        ),
        # <kanal>[/<sub>]/d-<id>/<slug>; not photo galleries (foto-news), 20detik videos,
        # page 2+ of a multi-page article (<slug>/2), tags or the index.
        article_url=(
            r"^https?://(?!20\.)[a-z0-9-]+\.detik\.com/(?!foto-)(?:[a-z0-9-]+/){1,2}"
            r"d-\d{6,}/[a-z0-9-]+/?(\?.*)?$"
        ),
        selectors=Selectors(
            title="h1.detail__title",
            date=".detail__date",
            body=".detail__body-text",
            section=".page__breadcrumb a:last-child",
            tags=".detail__body-tag a",
            drop=(".linksisip", ".parallaxindetail"),
            next_page=".pagination a.pagination__item:last-child::attr(href)",
            article_next_page=".detail__long-nav a.detail__long-nav-btn--next::attr(href)",
        ),
        # "Jakarta - ", "Bekasi - ": the place only, in bold, before the first sentence.
        dateline=r"^(?P<dateline>[A-Z][A-Za-z.']+(?: [A-Z][A-Za-z.']+){0,2})\s+-\s+",
        title_suffixes=(" - detikNews", " | detikNews"),
    )
