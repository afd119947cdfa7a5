"""Kompas.com: <kanal>.kompas.com/read/YYYY/MM/DD/<id>/<slug>; long articles are paged (?page=all)."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class KompasSpider(NewsSpider):
    name = "kompas"
    outlet = Outlet(
        name="kompas.com",
        domains=("kompas.com",),
        sources=(
            Source.feed("https://rss.kompas.com/nasional"),
            Source.listing("https://indeks.kompas.com/", max_pages=10),
        ),
        # [www.]kompas.com/<kanal>/read/... or <kanal>.kompas.com/read/... (before about 2017
        # read/xml/... with dotted slugs); not video.kompas.com, search, tags or the index.
        article_url=(
            r"^https?://(?!video\.|search\.|indeks\.)([a-z0-9-]+\.)?kompas\.com/"
            r"(?:[a-z0-9-]+/)?read/(?:xml/)?\d{4}/\d{2}/\d{2}/\d+/[^/?#\s]+/?(\?.*)?$"
        ),
        selectors=Selectors(
            title="h1.read__title",
            date=".read__time",
            authors=".credit-title-name a",
            body=".read__content",
            section=".breadcrumb__item:last-child .breadcrumb__link",
            tags=".tag__article__link",
            drop=("[class*='kompasidRec']", ".ads-on-body"),
            next_page=".paging__link--next::attr(href)",
        ),
        dateline=r"^(?P<dateline>(?:[A-Z][A-Z .'-]{1,40},\s*)?KOMPAS\.com)\s*[-–—]+\s*",
        boilerplate=(
            # "Simak breaking news ... akses berita Kompas.com WhatsApp Channel : https://..."
            r"^simak breaking news dan berita pilihan kami\b.*whatsapp",
        ),
        title_suffixes=(" Halaman all - Kompas.com", " - Kompas.com"),
        # Every page of a long article in one response; harmless on single-page articles.
        all_pages_query="page=all",
    )
