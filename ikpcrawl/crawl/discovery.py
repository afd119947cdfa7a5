"""Parsing of discovery documents: robots.txt, sitemaps (incl. Google News), RSS/Atom, listings.

Pure functions over bytes/selectors, so they are tested without a crawl. Scrapy's own Sitemap
helper drops the nested ``news:news`` element; we read ``news:publication_date`` and
``news:title`` because they let a date window skip articles before fetching them.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.etree

from ikpcrawl.crawl.urls import same_site

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from ikpcrawl.outlet import Outlet

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Entry:
    """A link found by discovery, with what the document said about it."""

    url: str
    published: str | None = None  # raw date text (news:publication_date, pubDate, ...)
    modified: str | None = None  # raw lastmod / atom:updated
    title: str | None = None


def robots_sitemaps(text: str) -> list[str]:
    """URLs of the ``Sitemap:`` lines of a robots.txt, in order."""
    out: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            out.append(value.strip())
    return out


def maybe_gunzip(body: bytes, max_size: int) -> bytes | None:
    """The body, decompressed when it is gzip; None when it is larger than ``max_size``."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(max_size + 1)
    except (OSError, EOFError, zlib.error):
        logger.warning("Corrupt gzip document ignored")
        return None
    if len(data) > max_size:
        logger.warning("Decompressed document larger than %d bytes ignored", max_size)
        return None
    return data


def _local(tag: object) -> str:
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1].lower()


def _iter_xml(body: bytes) -> Iterator[lxml.etree._Element]:
    """Top-level children of an XML document, parsed safely (no entities, no network)."""
    parser = lxml.etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.XMLSyntaxError:
        return
    if root is None:
        return
    yield root


def parse_sitemap(body: bytes) -> tuple[str, list[Entry]]:
    """``("sitemapindex"|"urlset"|"invalid", entries)``."""
    for root in _iter_xml(body):
        kind = _local(root.tag)
        if kind not in ("sitemapindex", "urlset"):
            return "invalid", []
        entries: list[Entry] = []
        for node in root:
            if _local(node.tag) not in ("sitemap", "url"):
                continue
            fields: dict[str, str] = {}
            for child in node.iter():
                name = _local(child.tag)
                text = (child.text or "").strip()
                if text and name in ("loc", "lastmod", "publication_date", "title"):
                    fields.setdefault(name, text)
            if fields.get("loc"):
                entries.append(
                    Entry(
                        url=fields["loc"],
                        published=fields.get("publication_date"),
                        modified=fields.get("lastmod"),
                        title=fields.get("title"),
                    )
                )
        return kind, entries
    return "invalid", []


def parse_feed(body: bytes) -> list[Entry]:
    """Entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed; broken entries are skipped."""
    entries: list[Entry] = []
    for root in _iter_xml(body):
        for node in root.iter():
            name = _local(node.tag)
            if name not in ("item", "entry"):
                continue
            link = published = modified = title = None
            for child in node:
                cname = _local(child.tag)
                text = (child.text or "").strip()
                if cname == "link":
                    href = child.get("href")
                    rel = child.get("rel", "alternate")
                    if href and rel == "alternate":
                        link = link or href.strip()
                    elif text:
                        link = link or text
                elif cname == "guid" and text.startswith("http") and not link:
                    link = text
                elif cname in ("pubdate", "published", "date", "issued") and text:
                    published = published or text
                elif cname == "updated" and text:
                    modified = text
                elif cname == "title" and text:
                    title = text
            if link:
                entries.append(
                    Entry(url=link, published=published or modified, modified=modified, title=title)
                )
    return entries


_PAGE_IN_URL = re.compile(r"(?:[?&](?:page|p|hal)=|/page/)(\d+)")


def page_number(url: str) -> int | None:
    """The page number a listing URL names (``?page=3``, ``/page/3/``), if any."""
    match = _PAGE_IN_URL.search(url)
    return int(match.group(1)) if match else None


# Paths that look like an article on Indonesian news sites: /read/, /berita/, a dated path, a
# long numeric id, or a long slug. Used for outlets that do not give their own pattern.
_GENERIC_ARTICLE = re.compile(
    r"/(read|berita|news|artikel|baca)/|/20\d\d/\d\d/\d\d/|[/-]\d{5,}|"
    r"/[a-z0-9]+(?:-[a-z0-9]+){3,}(?:\.html?)?/?$",
    re.IGNORECASE,
)
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|topik|topic|indeks|index|search|cari|author|penulis|kategori|category|"
    r"page|feed|rss|login|register|about|kontak|contact|redaksi|pedoman)(/|$|\?)",
    re.IGNORECASE,
)


def looks_like_article(url: str) -> bool:
    """Heuristic for outlets without an ``article_url`` pattern."""
    path = urlsplit(url).path
    return bool(_GENERIC_ARTICLE.search(path)) and not _NOT_ARTICLE.search(path)


def listing_links(response: TextResponse, outlet: Outlet) -> list[str]:
    """Article links of a listing page or feed, in page order, each once.

    Feeds give their item links as they are (a feed may point through a redirector); HTML
    listings keep the links the outlet's pattern (or the generic heuristic) calls articles.
    """
    body = response.body.lstrip()[:200].lower()
    if body.startswith(b"<?xml") or b"<rss" in body or b"<feed" in body:
        return list(dict.fromkeys(e.url for e in parse_feed(response.body)))
    links = _article_links(response, outlet, outlet.selectors.listing_links or "a")
    if not links and outlet.selectors.listing_links:
        # The outlet's listing selector no longer matches (a redesign): every link, filtered.
        links = _article_links(response, outlet, "a")
    return links


def _article_links(response: TextResponse, outlet: Outlet, css: str) -> list[str]:
    generic = outlet.article_url in ("", ".*")
    links: dict[str, None] = {}
    for href in response.css(css).css("::attr(href)").getall():
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        try:
            url = response.urljoin(href)
        except ValueError:  # "http://[::1/x": one bad link must not cost the page
            continue
        if not url.startswith(("http://", "https://")) or "http:/" in url[8:]:
            continue
        if not same_site(url, outlet.domains):
            continue
        if looks_like_article(url) if generic else outlet.is_article_url(url):
            links.setdefault(url, None)
    return list(links)
