"""Okezone: ``<kanal>.okezone.com/read/YYYY/MM/DD/<kanal-id>/<id>/<slug>`` (MNC Media).

Discovery: the syndication RSS ``sindikasi.okezone.com/index.php/rss/0/RSS2.0`` (0 = all kanal)
and the news index ``index.okezone.com`` with its "Selanjutnya" pages. Tag pages
(``www.okezone.com/tag/<topic>/<n>``) are static too but are topic searches, not a crawl source.

The date line reads "<Jurnalis> , Jurnalis-Rabu, 14 Februari 2024 |16:20 WIB"; the lead opens with
a bare city dateline ("JAKARTA - "); the body carries "Baca juga:" links, ``inject-*``/banner ad
slots, and closes with "Follow Berita Okezone di Google News", "Follow WhatsApp Channel Okezone
..." and "Telusuri berita news lainnya".
"""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class OkezoneSpider(NewsSpider):
    name = "okezone"
    outlet = Outlet(
        name="okezone.com",
        domains=("okezone.com",),
        sources=(
            Source.feed("https://sindikasi.okezone.com/index.php/rss/0/RSS2.0"),
            Source.listing("https://index.okezone.com/", max_pages=5),
        ),
        article_url=(
            r"^https?://(?:[a-z0-9-]+\.)?okezone\.com/read/\d{4}/\d{2}/\d{2}/\d+/\d+/"
            r"[a-z0-9-]+/?(?:\?.*)?$"
        ),
        selectors=Selectors(
            title=".title-article h1",
            date=".journalist span",
            authors=".journalist a[title]",
            body=".c-detail.read",
            section=".breadcrumb a:last-child",
            tags=".detail-tag a",
            drop=("[class^='inject-']", "[class*='banner']"),
        ),
        # "JAKARTA - ", "JAYAPURA - ": a capitalised city, no outlet name.
        dateline=r"^(?P<dateline>[A-Z][A-Z'.]+(?: [A-Z][A-Z'.]+){0,3})\s+[-–—]\s+",
        boilerplate=(
            r"^follow\b.{0,80}(?:google news|whatsapp channel)",
            r"^telusuri berita .{0,40}lainnya$",
        ),
        title_suffixes=(
            " : Okezone Nasional",
            " : Okezone News",
            " : Okezone Megapolitan",
            " : Okezone",
        ),
    )
