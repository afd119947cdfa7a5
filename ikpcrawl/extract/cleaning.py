"""Cleaning of an extracted article: boilerplate out, bylines into fields, derived fields set."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ikpcrawl.extract.boilerplate import clean_paragraphs, normalize_space

if TYPE_CHECKING:
    from ikpcrawl.items import Article
    from ikpcrawl.outlet import Outlet


def content_hash(title: str | None, body: str) -> str:
    """Hash of what a reader sees; changes when the title or the text changes."""
    digest = hashlib.sha256(f"{title or ''}\n{body}".encode()).hexdigest()
    return digest[:32]


def clean_article(article: Article, outlet: Outlet) -> Article:
    """Clean ``article`` in place and return it.

    Drops "Baca Juga", ads, share bars and other inserts; moves "Editor : X" to ``editor`` and
    "Pewarta: X" to ``authors`` (when no better source named the authors); moves the dateline
    ("Optika.id - ", "JAKARTA, KOMPAS.com -") to ``dateline``; sets word_count and content_hash.
    """
    cleaned = clean_paragraphs(
        article.body.split("\n\n") if article.body else [],
        extra_patterns=outlet.boilerplate_res,
        dateline_re=outlet.dateline_re,
    )
    article.body = "\n\n".join(cleaned.paragraphs)
    if cleaned.editor and not article.editor:
        article.editor = cleaned.editor
        article.sources["editor"] = "byline"
    if cleaned.authors and not article.authors:
        article.authors = cleaned.authors
        article.sources["authors"] = "byline"
    if cleaned.dateline and not article.dateline:
        article.dateline = cleaned.dateline
    if article.title:
        article.title = normalize_space(article.title)
    article.authors = [a for a in (normalize_space(x) for x in article.authors) if a]
    article.tags = [t for t in (normalize_space(x) for x in article.tags) if t]
    article.word_count = len(article.body.split())
    article.content_hash = content_hash(article.title, article.body) if article.body else None
    return article
