"""Bylines in generic page markup: author elements and "Editor : X" labels."""

from __future__ import annotations

import re

from parsel import Selector

from ikpcrawl.boilerplate import normalize_space, split_names

# "Editor : X", "Penyunting: X", Republika's "Red: X" (the colon is required after "Red").
_EDITOR_LABEL = re.compile(
    r"^(?:(?:editor|penyunting|redaktur)\s*:?|red\s*:)\s*(?P<name>.*)$", re.IGNORECASE
)
_AUTHOR_CSS = "[class*='author'], [rel='author'], [itemprop='author'], [class*='penulis']"
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,4}$")
_TEXT_NODES = "//body//text()[normalize-space() and not(ancestor::script) and not(ancestor::style)]"


def page_editor(sel: Selector) -> str | None:
    """The name after an "Editor :" label outside scripts ("Editor : <a>Heryadi</a>")."""
    nodes = [normalize_space(t) for t in sel.xpath(_TEXT_NODES).getall()]
    for index, text in enumerate(nodes):
        if len(text) > 60:
            continue
        match = _EDITOR_LABEL.match(text)
        if not match:
            continue
        name = match.group("name").strip(" :")
        if not name and index + 1 < len(nodes):
            name = nodes[index + 1]
        if name and _NAME.match(name):
            return name
    return None


def page_authors(sel: Selector) -> list[str]:
    """Names in author-marked elements: short, capitalised, no labels or digits."""
    names: list[str] = []
    for node in sel.css(_AUTHOR_CSS)[:10]:
        text = normalize_space(" ".join(node.css("::text").getall()))
        if not text or ":" in text or any(c.isdigit() for c in text) or len(text) > 60:
            continue
        for name in split_names(text):
            if _NAME.match(name) and name not in names:
                names.append(name)
    return names
