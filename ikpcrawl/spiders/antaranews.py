"""ANTARA (antaranews.com): the national news agency; numeric-ID URLs, RSS per section."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class AntaranewsSpider(NewsSpider):
    name = "antaranews"
    outlet = Outlet(
        name="antaranews.com",
        domains=("antaranews.com",),
        sources=(
            Source.feed("https://www.antaranews.com/rss/politik.xml"),
            Source.listing("https://www.antaranews.com/terkini", max_pages=5),
        ),
        # /berita/<id>/<slug> on www. and the regional subdomains; not /foto, /video, /tag.
        article_url=r"^https?://([a-z0-9-]+\.)?antaranews\.com/berita/\d+/[a-z0-9-]+/?(\?.*)?$",
        selectors=Selectors(
            title=".wrap__article-detail-title h1, h1.wrap__article-detail-title",
            date=".wrap__article-detail-info .list-inline-item.mr-2",
            body=".wrap__article-detail-content.post-content",
            section=".breadcrumbs .breadcrumbs__item:last-child",
            tags=".blog-tags a",
            # Not .text-muted: it holds the "Pewarta: / Editor:" footer, read as the byline.
            drop=(".baca-juga", ".adsbygoogle-wrap"),
            next_page=".pagination a[rel=next]::attr(href)",
        ),
        # "Jakarta (ANTARA) - ", older "Mataram, NTB (ANTARA News) - ".
        dateline=(
            r"^(?P<dateline>[A-Z][\w.' ]{1,40}?(?:,\s*[A-Z][\w ]{1,30})?\s*\(ANTARA(?: News)?\))"
            r"\s*[-–—]+\s*"
        ),
        title_suffixes=(" - ANTARA News",),
        terms_note=(
            "ANTARA's article pages forbid crawling and automated indexing for AI without written "
            "permission from Kantor Berita ANTARA; get that permission (legal review) before "
            "crawling it in production."
        ),
    )
