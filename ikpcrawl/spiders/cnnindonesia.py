"""CNN Indonesia: /<kanal>/<YYYYMMDDHHMMSS>-<kanal id>-<id>/<slug>; RSS per kanal, a paged index."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class CnnIndonesiaSpider(NewsSpider):
    name = "cnnindonesia"
    outlet = Outlet(
        name="cnnindonesia.com",
        domains=("cnnindonesia.com",),
        sources=(
            Source.feed("https://www.cnnindonesia.com/nasional/rss"),
            Source.listing("https://www.cnnindonesia.com/indeks", max_pages=10),
        ),
        # Articles only: not CNN TV videos, tags, the index or the feeds.
        article_url=(
            r"^https?://(www\.)?cnnindonesia\.com/(?!tv/)[a-z-]+/\d{14}-\d+-\d+/[a-z0-9-]+/?(\?.*)?$"
        ),
        selectors=Selectors(
            title="h1",
            body=".detail-text",
            section="a[dtr-evt=breadcrumb]:last-of-type",
            tags="a[dtr-evt=tag]",
            drop=(".lihatjg", ".paradetail"),
            next_page="a[dtr-act=pagination][dtr-ttl=next]::attr(href)",
        ),
        dateline=r"^(?P<dateline>[A-Z][\w.' ]{1,40}?,\s*CNN Indonesia)\s*(?:--|[-–—])\s*",
        title_suffixes=(" | CNN Indonesia",),
    )
    # Operational note: the live site often answers plain HTTP clients with 403 or a Cloudflare
    # challenge; those show up as failed/http_403 in the stats (nothing here works around them).
