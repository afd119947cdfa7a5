"""Tribunnews: ``www.tribunnews.com/<kanal>/YYYY/MM/DD/<slug>`` (KG Media's Tribun network).

Long articles are split over ``?page=2``, ``?page=3``...; ``?page=all`` serves the whole text, so
every article is requested with it. Discovery: robots.txt names the Google News sitemaps
(``/sitemap-news.xml`` and per-kanal ``/<kanal>/sitemap-news.xml``); then the RSS feed ``/rss``
and the news index ``/index-news/news`` (``?page=N``; with ``?date=YYYY-M-D`` for a past day,
neighbouring days overlap). Search answers 403 to crawlers and is not used.

Bodies open with "Laporan Wartawan Tribunnews.com, <reporter>" and the dateline
"TRIBUNNEWS.COM, <KOTA> -", and close with "(Tribunnews.com/<reporter>)"; "Baca juga" links
sit between paragraphs. Penulis and Editor are named above the body.
"""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class TribunnewsSpider(NewsSpider):
    name = "tribunnews"
    outlet = Outlet(
        name="tribunnews.com",
        domains=("tribunnews.com",),
        sources=(
            Source.robots("https://www.tribunnews.com/robots.txt"),
            Source.sitemap("https://www.tribunnews.com/sitemap-news.xml"),
            Source.feed("https://www.tribunnews.com/rss"),
            Source.listing("https://www.tribunnews.com/index-news/news", max_pages=5),
        ),
        # /<kanal>[/<sub>]/YYYY/MM/DD/<slug>; not tags, topics, the index or search.
        article_url=(
            r"^https?://(?:www\.)?tribunnews\.com/(?!tag/|topic/|index-news|search)"
            r"[a-z0-9-]+(?:/[a-z0-9-]+)?/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?(?:\?.*)?$"
        ),
        selectors=Selectors(
            title="h1#arttitle",
            date="#article time",
            authors="#penulis a",
            body="div.side-article.txt-article",
            section=".breadcrumb a:last-child",
            tags=".tagcloud3 a",
            drop=("p.baca", ".ads-placeholder"),
        ),
        dateline=r"^(?P<dateline>TRIBUNNEWS\.COM,\s*[A-Z][A-Z .'-]{1,30}?)\s*[-–—]+\s*",
        boilerplate=(
            r"^Laporan (?:Wartawan|Reporter) Tribunnews(?:\.com)?,?\s.{2,60}$",
            r"^\(Tribunnews(?:\.com)?(?:/[^)]{2,60})?\)$",
        ),
        title_suffixes=(" - Tribunnews.com",),
        all_pages_query="page=all",
    )
