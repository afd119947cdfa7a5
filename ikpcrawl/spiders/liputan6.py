"""Liputan6.com: ``www.liputan6.com/<kanal>/read/<id>/<slug>`` (KLY network layout).

Discovery is static only: the channel RSS feed (``feed.liputan6.com/rss/news``) and the paginated
index (``/indeks``, ``?page=N``). Tag pages (``/tag/<topic>``) are filled in by JavaScript: the HTML
holds no article links until ``article.articles--iridescent-list--item`` cards are rendered, so they
need a browser (a later issue) and are not a source here. Photo galleries (``/photo/read/...``) are
not articles. An article is one HTML page whose "pages" are ``article-content-body__item-page``
blocks; the last block is often only a video ("Saksikan Video Pilihan Berikut Ini").
"""

from __future__ import annotations

from ikpcrawl.outlet import JavaScript, Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class Liputan6Spider(NewsSpider):
    name = "liputan6"
    outlet = Outlet(
        name="liputan6.com",
        domains=("liputan6.com",),
        sources=(
            Source.feed("https://feed.liputan6.com/rss/news"),
            Source.listing("https://www.liputan6.com/indeks", max_pages=5),
        ),
        # www.liputan6.com/news/read/5508831/slug (legacy: news.liputan6.com/read/2437019/slug);
        # not photo galleries, tags, channels or the index.
        article_url=(
            r"^https?://(?:[a-z0-9-]+\.)?liputan6\.com/(?!photo/|tag/)(?:[a-z0-9-]+/)?"
            r"read/\d+/[a-z0-9-]+/?(?:\?.*)?$"
        ),
        selectors=Selectors(
            title="h1.read-page--header--title",
            date="time.read-page--header--author__datetime",
            authors=".read-page--header--author__name",
            body="div.article-content-body",
            section=".read-page--breadcrumb a:nth-child(2)",
            tags=".tags--snippet__link",
            drop=(
                ".baca-juga-collections",
                ".article-ad",
                ".advertisement-placeholder",
                ".article-content-body__item-media",
            ),
        ),
        dateline=r"^(?P<dateline>Liputan6\.com,\s*[A-Z][\w.' ]{1,40}?)\s*[-–—]+\s*",
        title_suffixes=(
            " - News Liputan6.com",
            " - Bisnis Liputan6.com",
            " - Bola Liputan6.com",
            " - Showbiz Liputan6.com",
            " - Regional Liputan6.com",
            " - Liputan6.com",
        ),
        # Tag pages (/tag/<topic>) build their article cards in the browser: listings are
        # rendered until the cards are there (static listings such as /indeks have them at once).
        javascript=JavaScript(listing=True, wait_for="article.articles--iridescent-list--item"),
    )
