"""Queries on the parsed page that return lxml nodes and strings, not parsel Selectors.

Extraction asks the page 20-30 questions; through parsel every answer is wrapped in a Selector
object (about 12 µs each, 50-60 a page: a fifth of extraction time on the bench site). These
helpers evaluate the same XPath parsel would (its CSS translator, compiled once per query) on
the lxml tree parsel already built.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from parsel.csstranslator import css2xpath

from ikpcrawl.extract.boilerplate import normalize_space


@lru_cache(maxsize=1024)
def _compiled(query: str) -> etree.XPath:
    return etree.XPath(css2xpath(query), smart_strings=False)


def css(node: Any, query: str) -> list[Any]:
    """What ``Selector(root=node).css(query)`` selects: elements, or strings for ``::text`` and
    ``::attr(...)``."""
    result: list[Any] = _compiled(query)(node)
    return result


def first(node: Any, query: str) -> str | None:
    """The first string ``query`` selects (``...::attr(href)``, ``...::text``), or None."""
    found = css(node, query)
    return str(found[0]) if found else None


_TEXTS = etree.XPath("descendant-or-self::text()", smart_strings=False)


def text_of(node: Any) -> str:
    """The element's text nodes joined by spaces, whitespace-normalised (``" ".join(::text)``)."""
    return normalize_space(" ".join(_TEXTS(node)))
