"""Bylines in generic page markup: author elements and "Editor : X" labels."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from parsel import Selector

from ikpcrawl.extract import nodes
from ikpcrawl.extract.boilerplate import normalize_space, split_names

# "Editor : X", "Penyunting: X", Republika's "Red: X" (the colon is required after "Red").
_EDITOR_LABEL = re.compile(
    r"^(?:(?:editor|penyunting|redaktur)\s*:?|red\s*:)\s*(?P<name>.*)$", re.IGNORECASE
)
_AUTHOR_CSS = "[class*='author'], [rel='author'], [itemprop='author'], [class*='penulis']"
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,4}$")


# Text nodes that may be an editor label, and the text node after each (the name in a link).
_EDITOR_NODES = etree.XPath(
    "//body//text()[(contains(., 'ditor') or contains(., 'DITOR') or contains(., 'Red')"
    " or contains(., 'enyunting') or contains(., 'edaktur')) and not(ancestor::script)"
    " and not(ancestor::style)]"
)
# From the element holding a text node: its own texts and the next ones, in document order.
_AROUND = etree.XPath(
    "(descendant::text() | following::text())[normalize-space()][position() <= 12]"
)


def _text_after(node: Any) -> str:
    """The first non-blank text after the text node ``node`` ("Editor : " -> "Heryadi")."""
    parent = node.getparent()
    if parent is None:
        return ""
    # A tail text follows its element's own texts; either way our text is in the list.
    texts = [str(t) for t in _AROUND(parent)]
    mine = str(node)
    for index, text in enumerate(texts):
        if text == mine:
            return normalize_space(texts[index + 1]) if index + 1 < len(texts) else ""
    return ""


def page_editor(sel: Selector) -> str | None:
    """The name after an "Editor :" label outside scripts ("Editor : <a>Heryadi</a>")."""
    for node in _EDITOR_NODES(sel.root):
        text = normalize_space(str(node))
        if len(text) > 60:
            continue
        match = _EDITOR_LABEL.match(text)
        if not match:
            continue
        name = match.group("name").strip(" :")
        if not name:
            name = _text_after(node)
        if name and _NAME.match(name):
            return name
    return None


def page_authors(sel: Selector) -> list[str]:
    """Names in author-marked elements: short, capitalised, no labels or digits."""
    names: list[str] = []
    for node in nodes.css(sel.root, _AUTHOR_CSS)[:10]:
        text = nodes.text_of(node)
        if not text or ":" in text or any(c.isdigit() for c in text) or len(text) > 60:
            continue
        for name in split_names(text):
            if _NAME.match(name) and name not in names:
                names.append(name)
    return names
