"""The Article item: one news article, as exported to JSONL."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Article:
    """A news article with typed, clean fields.

    Every field is documented in docs/output.md and in ``ikpcrawl/schema/article.schema.json``.
    Dates are ISO 8601 strings with an explicit offset (WIB +07:00, WITA +08:00, WIT +09:00).
    """

    url: str
    outlet: str
    id: str = ""
    canonical_url: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    date_raw: str | None = None
    dateline: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    body: str = ""
    language: str | None = None
    word_count: int = 0
    content_hash: str | None = None
    crawled_at: str = ""
    # Incremental runs: 1 for a new article, +1 each time its text changes; first export time.
    revision: int = 1
    first_seen_at: str | None = None
    # Election relevance: {"relevant": bool, "matched": [keywords]} (see ikpcrawl.enrich.relevance).
    election: dict[str, Any] = field(default_factory=dict)
    # Near duplicates: the earliest article of this one's cluster, and the overlap with it.
    near_duplicate_of: str | None = None
    similarity: float | None = None
    # Which cascade step produced each field: {"title": "jsonld", "body": "selector", ...}.
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # Shallow: the nested values (lists, dicts of plain JSON) are shared, not deep-copied
        # as dataclasses.asdict would (a millisecond per article).
        return {f.name: getattr(self, f.name) for f in fields(self)}
