from __future__ import annotations

import gzip

from ikpcrawl.crawl.discovery import (
    maybe_gunzip,
    page_number,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
)

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://optika.id/a</loc><lastmod>2024-02-14T10:00:00+07:00</lastmod>
    <news:news><news:publication><news:name>Optika</news:name></news:publication>
      <news:publication_date>2024-02-14T09:00:00+07:00</news:publication_date>
      <news:title>Hari Pemungutan Suara</news:title></news:news></url>
  <url><loc>https://optika.id/b</loc></url>
</urlset>"""


def test_news_sitemap_keeps_publication_date_and_title() -> None:
    kind, entries = parse_sitemap(NEWS_SITEMAP)
    assert kind == "urlset"
    assert entries[0].url == "https://optika.id/a"
    assert entries[0].published == "2024-02-14T09:00:00+07:00"
    assert entries[0].modified == "2024-02-14T10:00:00+07:00"
    assert entries[0].title == "Hari Pemungutan Suara"
    assert entries[1].published is None


def test_sitemap_index_and_invalid_xml() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://optika.id/s1.xml</loc><lastmod>2023-01-01</lastmod></sitemap>
    </sitemapindex>"""
    assert parse_sitemap(index) == ("sitemapindex", parse_sitemap(index)[1])
    assert parse_sitemap(index)[1][0].modified == "2023-01-01"
    assert parse_sitemap(b"<html><body>not a sitemap</body></html>")[0] == "invalid"
    assert parse_sitemap(b"\x00\x01garbage")[0] == "invalid"


def test_entities_are_not_expanded() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>https://optika.id/&x;</loc></url></urlset>"""
    _, entries = parse_sitemap(evil)
    assert all("root:" not in e.url for e in entries)


def test_rss_and_atom_feeds() -> None:
    rss = b"""<rss version="2.0"><channel>
      <item><title>A</title><link>https://optika.id/a</link>
        <pubDate>Tue, 27 Dec 2022 14:08:00 +0700</pubDate></item>
      <item><title>no link</title></item>
      <item><guid>https://optika.id/b</guid></item>
    </channel></rss>"""
    entries = parse_feed(rss)
    assert [e.url for e in entries] == ["https://optika.id/a", "https://optika.id/b"]
    assert entries[0].published == "Tue, 27 Dec 2022 14:08:00 +0700"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
      <link rel="alternate" href="https://optika.id/a"/><updated>2024-01-01T00:00:00Z</updated>
    </entry></feed>"""
    assert parse_feed(atom)[0].url == "https://optika.id/a"
    assert parse_feed(atom)[0].published == "2024-01-01T00:00:00Z"


def test_robots_sitemaps_and_gzip() -> None:
    robots = "User-agent: *\nDisallow: /wp-admin/\nSitemap: https://optika.id/s.xml\n"
    assert robots_sitemaps(robots) == ["https://optika.id/s.xml"]
    assert maybe_gunzip(gzip.compress(b"x" * 100), 1000) == b"x" * 100
    assert maybe_gunzip(gzip.compress(b"x" * 5000), 1000) is None  # bomb guard
    assert maybe_gunzip(b"\x1f\x8bnot gzip", 1000) is None
    assert maybe_gunzip(b"plain", 10) == b"plain"


def test_page_number() -> None:
    assert page_number("https://optika.id/category/politik/page/3/") == 3
    assert page_number("https://news.detik.com/indeks?page=12&date=x") == 12
    assert page_number("https://optika.id/a") is None
