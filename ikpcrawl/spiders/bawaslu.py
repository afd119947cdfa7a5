"""Bawaslu RI (bawaslu.go.id): Drupal; news at /id/berita/<slug>, listing pages ?page=N (0-based)."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class BawasluSpider(NewsSpider):
    name = "bawaslu"
    outlet = Outlet(
        name="bawaslu.go.id",
        domains=("bawaslu.go.id",),
        sources=(
            # No sitemap in robots.txt and no news feed: the Drupal view of /id/berita, whose
            # pager links (rel=next) go ?page=1, ?page=2 ... (0-based: ?page=1 is the 2nd page).
            Source.listing("https://www.bawaslu.go.id/id/berita", max_pages=5),
        ),
        # /id/berita/<slug> (also /en/...); not the listing itself, tags or search.
        article_url=r"^https?://(www\.)?bawaslu\.go\.id/(id|en)/berita/[a-z0-9-]+/?(\?.*)?$",
        selectors=Selectors(
            title="h1.page-title",
            # Berita nodes: <time datetime="...Z">Senin, 26 Agustus 2024 - 21:21</time>;
            # migrated items: the same line as plain text ("... - 15:30 WIB"), nothing else.
            date=".node__meta .date-display",
            body=".node--view-mode-full .field--name-body",
            section=".breadcrumb li:last-child a",
            tags=".field--name-field-tags .field__item a",
            drop=(".field--name-field-keterangan-gambar",),
            listing_links=".view-berita .views-field-title a",
        ),
        # Press-release lead: "Jakarta, Badan Pengawas Pemilihan Umum – Bawaslu ...".
        dateline=(
            r"^(?P<dateline>[A-Z][A-Za-z .'-]{1,40},\s*"
            r"(?:Badan Pengawas Pemilihan Umum|Bawaslu(?: [A-Z][\w.-]*){0,3}))\s*[-–—]+\s*"
        ),
        # Photo credit under the text ("Foto: Humas Bawaslu RI").
        boilerplate=(r"^foto\s*:",),
        title_suffixes=(" | Badan Pengawas Pemilihan Umum Republik Indonesia",),
    )
