"""Election relevance: which maintained keywords an article matches.

The keyword list is data (``ikpcrawl/enrich/data/election_keywords.txt``), not code; the team edits it
without touching Python.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from ikpcrawl.enrich.matching import trie_pattern

KEYWORDS_FILE = "election_keywords.txt"


def load_keywords(text: str | None = None) -> list[str]:
    """Keywords from the maintained list (or from ``text``), in file order, without duplicates."""
    raw = (
        text
        if text is not None
        else (files("ikpcrawl.enrich") / "data" / KEYWORDS_FILE).read_text("utf-8")
    )
    seen: dict[str, None] = {}
    for line in raw.splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            seen.setdefault(term, None)
    return list(seen)


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    keywords = load_keywords()
    canonical = {k.lower(): k for k in keywords}
    # A trie of the keywords (one pass per position, not one per keyword); the longest
    # keyword at a position wins, so "politik uang" beats a shorter overlapping term.
    alternatives = trie_pattern(canonical, atom=re.escape)
    pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
    return pattern, canonical


def election_relevance(title: str | None, body: str | None) -> dict[str, Any]:
    """``{"relevant": bool, "matched": [keywords in list spelling, first-seen order]}``."""
    pattern, canonical = _matcher()
    matched: dict[str, None] = {}
    for text in (title or "", body or ""):
        for hit in pattern.finditer(text):
            matched.setdefault(canonical.get(hit.group(0).lower(), hit.group(0)), None)
    return {"relevant": bool(matched), "matched": list(matched)}
