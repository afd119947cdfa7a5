"""Tempo.co: tempo.co/<kanal>/<slug>-<id> since the 2024 redesign (legacy <kanal>.tempo.co/read/)."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class TempoSpider(NewsSpider):
    name = "tempo"
    outlet = Outlet(
        name="tempo.co",
        domains=("tempo.co",),
        sources=(
            Source.feed("https://rss.tempo.co/nasional"),
            Source.listing("https://www.tempo.co/indeks", max_pages=10),
        ),
        # New shape /<kanal>/<slug>-<id>; legacy <kanal>.tempo.co/read/<id>/<slug> and, before
        # about 2017, read/news/YYYY/MM/DD/<id>/<slug> (en.tempo.co: <id>,uk.html/<Slug>); not
        # topic, author, search or index pages.
        article_url=(
            r"^https?://(?:(?:www\.)?tempo\.co/(?!(?:indeks|topik|tag|penulis|search|arsip|"
            r"langganan)(?:/|$))[a-z-]+/[a-z0-9-]+-\d{5,}"
            r"|[a-z]+\.tempo\.co/read/(?:news/\d{4}/\d{2}/\d{2}/)?\d+(?:,uk\.html)?/[^/?#\s]+)"
            r"/?(\?.*)?$"
        ),
        selectors=Selectors(
            title="main h1",
            body=".detail-content",
            authors="a[href^='/penulis/'] span",
            drop=(".ads-custom",),
            next_page="a[rel=next]::attr(href)",
        ),
        dateline=r"^(?P<dateline>TEMPO\.CO,\s*[A-Z][\w. ]{1,30}?)\s*[-–—]+\s*",
        title_suffixes=(" | tempo.co", " | Tempo.co"),
    )
