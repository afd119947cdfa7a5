"""Structured metadata of a page: JSON-LD (NewsArticle and kin) and meta tags."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "webpage",
    }
)


@dataclass
class JsonLdArticle:
    headline: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    image: str | None = None
    url: str | None = None
    language: str | None = None
    body: str | None = None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document, including inside @graph and lists."""
    if isinstance(node, list):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                yield from _walk(node[key])


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", ())
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower() for v in values}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id")
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            names.extend(str(n).strip() for n in name if str(n).strip())
        elif name and str(name).strip():
            names.append(str(name).strip())
    return names


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    if isinstance(value, list):
        return [str(k).strip() for k in value if str(k).strip()]
    return []


def _loads(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        # Outlets sometimes leave raw newlines/tabs inside JSON strings.
        try:
            return json.loads(raw.replace("\n", " ").replace("\r", " ").replace("\t", " "))
        except ValueError:
            return None


_JSONLD = etree.XPath('//script[@type="application/ld+json"]/text()', smart_strings=False)
_METAS = etree.XPath("//meta")


def jsonld_article(sel: Selector) -> JsonLdArticle | None:
    """The first article-like JSON-LD object on the page (NewsArticle preferred)."""
    candidates: list[dict[str, Any]] = []
    for raw in _JSONLD(sel.root):
        data = _loads(raw.strip())
        if data is None:
            continue
        candidates.extend(o for o in _walk(data) if _types(o) & ARTICLE_TYPES)
    if not candidates:
        return None
    # Prefer a real article type over WebPage, and one that carries a date.
    candidates.sort(key=lambda o: ("webpage" in _types(o), "datePublished" not in o))
    obj = candidates[0]
    image = obj.get("image")
    return JsonLdArticle(
        headline=_text(obj.get("headline") or obj.get("name")),
        date_published=_text(obj.get("datePublished") or obj.get("dateCreated")),
        date_modified=_text(obj.get("dateModified")),
        authors=_names(obj.get("author", [])),
        section=_text(obj.get("articleSection")),
        keywords=_keywords(obj.get("keywords")),
        image=_text(image.get("url") if isinstance(image, dict) else image),
        url=_text(obj.get("url") or obj.get("mainEntityOfPage")),
        language=_text(obj.get("inLanguage")),
        body=_text(obj.get("articleBody")),
    )


class MetaTags:
    """Lookup of ``<meta>`` values by property/name/itemprop (case-insensitive keys)."""

    def __init__(self, sel: Selector):
        self._values: dict[str, list[str]] = {}
        for meta in _METAS(sel.root):
            # lxml's get() by name: parsel's .attrib builds a dict of every attribute and fails
            # on a malformed name (an unrendered "{{ seo_tags }}" template tag in the <meta>).
            key = meta.get("property") or meta.get("name") or meta.get("itemprop")
            content = meta.get("content")
            if key and content and content.strip():
                self._values.setdefault(key.strip().lower(), []).append(content.strip())

    def first(self, *keys: str) -> tuple[str, str] | tuple[None, None]:
        """(value, key) of the first key present."""
        for key in keys:
            values = self._values.get(key.lower())
            if values:
                return values[0], key
        return None, None

    def all(self, *keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            out.extend(self._values.get(key.lower(), []))
        return out


TITLE_KEYS = ("og:title", "twitter:title", "dc.title")
PUBLISHED_KEYS = (
    "article:published_time",
    "datePublished",
    "og:article:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "content_PublishedDate",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)
MODIFIED_KEYS = ("article:modified_time", "dateModified", "og:updated_time", "last-modified")
AUTHOR_KEYS = ("author", "article:author", "content_author", "dc.creator", "parsely-author")
SECTION_KEYS = ("article:section", "content_category", "og:article:section")
TAG_KEYS = ("article:tag", "news_keywords", "keywords", "content_tag")
IMAGE_KEYS = ("og:image", "og:image:url", "twitter:image", "twitter:image:src")
