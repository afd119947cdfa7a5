"""The generic extractor (trafilatura): the last step of every field's cascade."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass
class GenericResult:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    image: str | None = None
    language: str | None = None


def generic_extract(html: str, url: str) -> GenericResult:
    """Run trafilatura over the page. Failures give an empty result, never an exception."""
    import trafilatura  # imported lazily: it is the slowest import and only a fallback

    try:
        doc: Any = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            # htmldate's "extensive" search can guess from the URL or the page's copyright
            # year; we only want a date the page states.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura raises a variety of parser errors on hostile HTML
        logger.debug("trafilatura failed on %s", url, exc_info=True)
        return GenericResult()
    if doc is None:
        return GenericResult()
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    author = data.get("author") or ""
    return GenericResult(
        title=data.get("title") or None,
        authors=[a.strip() for a in author.split(";") if a.strip()],
        date=data.get("date") or None,
        paragraphs=[line.strip() for line in text.split("\n") if line.strip()],
        tags=[t.lstrip("#").strip() for t in data.get("tags") or [] if t.strip()],
        categories=[c.strip() for c in data.get("categories") or [] if c.strip()],
        image=data.get("image") or None,
        language=data.get("language") or None,
    )
