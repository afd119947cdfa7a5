"""A generated Optika-style site of N articles (own text), for distributed and load tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import optika_site_module

WORDS = [
    "pemilu",
    "kampanye",
    "bawaslu",
    "kpu",
    "pemilih",
    "suara",
    "daerah",
    "calon",
    "partai",
    "pengawas",
    "rekapitulasi",
    "logistik",
    "desa",
    "kecamatan",
    "kabupaten",
    "provinsi",
    "saksi",
    "tps",
    "warga",
    "petugas",
    "aturan",
    "laporan",
    "data",
    "relawan",
    "debat",
    "program",
    "anggaran",
    "keamanan",
    "sosialisasi",
    "pendaftaran",
    "verifikasi",
    "hasil",
    "sengketa",
]


def sentence(seed: int, length: int = 18) -> str:
    words = [WORDS[(seed * 7 + i * (seed % 5 + 3)) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + f" nomor {seed}."


def build(root: Path, count: int) -> list[str]:
    """Write the site under ``root/optika.id``; returns the article URLs."""
    render = optika_site_module().render_article
    site = root / "optika.id"
    site.mkdir(parents=True, exist_ok=True)
    urls = []
    for n in range(count):
        slug = f"berita-pemilu-nomor-{n}"
        paragraphs = [("p", "Optika.id - " + sentence(n * 11 + 1))]
        paragraphs += [("p", sentence(n * 11 + k)) for k in range(2, 6)]
        (site / f"{slug}.html").write_text(
            render(
                {
                    "slug": slug,
                    "title": f"Berita Pemilu Nomor {n}",
                    "authors": ["Rina Kurniawati"],
                    "date_line": "Senin, 25 Mar 2024 09:00 WIB",
                    "section": "Politik",
                    "published_at": "2024-03-25T09:00:00+07:00",
                    "meta_published": True,
                    "blocks": [*paragraphs, ("editor", "Pahlevi")],
                }
            ),
            encoding="utf-8",
        )
        urls.append(f"https://optika.id/{slug}")
    chunks = [urls[i : i + 250] for i in range(0, len(urls), 250)]
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for i, chunk in enumerate(chunks, 1):
        index.append(f"<sitemap><loc>https://optika.id/post-sitemap{i}.xml</loc></sitemap>")
        body = "".join(
            f"<url><loc>{u}</loc><lastmod>2024-03-25T09:05:00+07:00</lastmod></url>" for u in chunk
        )
        (site / f"post-sitemap{i}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>',
            encoding="utf-8",
        )
    index.append("</sitemapindex>")
    (site / "sitemap_index.xml").write_text("\n".join(index), encoding="utf-8")
    (site / "robots.txt").write_text(
        "User-agent: *\nAllow: /\nSitemap: https://optika.id/sitemap_index.xml\n", "utf-8"
    )
    return urls
