"""KPU RI (kpu.go.id) and the regional KPU sites (<kab-x|kota-x>.kpu.go.id): press releases."""

from __future__ import annotations

from ikpcrawl.outlet import Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class KpuSpider(NewsSpider):
    name = "kpu"
    outlet = Outlet(
        name="kpu.go.id",
        domains=("kpu.go.id",),
        sources=(
            # No sitemap or feed: the news listing, paginated ?page=2, ?page=3 ... (rel=next).
            Source.listing("https://www.kpu.go.id/berita", max_pages=5),
            # One regional site as an example (Sulawesi Tengah, WITA); add others the same way.
            Source.listing("https://kota-palu.kpu.go.id/berita", max_pages=5),
        ),
        # /berita/baca/<id>/<slug> on www. and every regional subdomain.
        article_url=r"^https?://([a-z0-9-]+\.)?kpu\.go\.id/berita/baca/\d+/[a-z0-9-]+/?(\?.*)?$",
        selectors=Selectors(
            title=".berita-detail h1.judul-berita",
            # "Jumat, 20 September 2024 | 16:05 WIB" (regional sites: WITA/WIT); often the
            # only date on the page.
            date=".info-berita .tanggal-berita",
            body=".berita-detail .isi-berita",
            listing_links=".list-berita .berita-item h3 a",
        ),
        # Leads: "Jakarta, kpu.go.id – ..."; regional "Palu, kpu.go.id – ...".
        dateline=r"^(?P<dateline>[A-Z][A-Za-z .'-]{1,40},\s*kpu\.go\.id)\s*[-–—]+\s*",
        # Press-office credit code closing the text: "(hupmas kpu Andhi/foto: Dam/ed diR)".
        boilerplate=(r"^\((?:hupmas|humas)\s+kpu\b[^)]*\)$",),
        title_suffixes=(" - Komisi Pemilihan Umum RI", " - KPU Kota Palu"),
    )
