"""A text-density body finder: the element holding most of the page's running prose.

Readability-style scoring: every paragraph of prose (a <p>, or text between <br>s directly in a
block) gives its parent a point per 100 characters plus one per comma, and its grandparent
half of that; link-heavy elements are discounted. The best-scoring element is then walked with
the same paragraph walker as the outlet selectors.
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from ikpcrawl.extract.body import SKIP_TAGS, paragraphs_from

_MIN_PROSE = 40  # characters for a text to count as prose
_OVERLAY = re.compile(r"cookie|consent|gdpr|newsletter|subscribe|popup|modal", re.IGNORECASE)
SIBLING_SHARE = 0.2
SIBLING_MIN_SCORE = 3.0
_CONTAINER_TAGS = frozenset({"div", "article", "section", "td", "main", "span"})


def _excluded(element: Any) -> bool:
    """Never article text: skipped tags and cookie/consent/newsletter overlays."""
    if not isinstance(element.tag, str):
        return True
    if element.tag in SKIP_TAGS:
        return True
    marker = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(marker.strip()) and _OVERLAY.search(marker) is not None


def _text_length(element: Any) -> int:
    return len("".join(element.itertext()).strip())


def _link_density(element: Any) -> float:
    total = _text_length(element) or 1
    linked = sum(len("".join(a.itertext())) for a in element.iter("a"))
    return linked / total


def _prose_pieces(sel: Selector) -> list[tuple[Any, str]]:
    """(parent element, text) of every prose paragraph of the page."""
    pieces: list[tuple[Any, str]] = []
    root = sel.root
    body = root.find(".//body") if hasattr(root, "find") else None
    if body is None or any(_excluded(a) for a in (body, *body.iterancestors())):
        return pieces
    # Depth-first in document order; an excluded element is passed over with its whole subtree.
    stack = [body]
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag == "p":
            text = "".join(element.itertext()).strip()
            if len(text) >= _MIN_PROSE:
                parent = element.getparent()
                if parent is not None:
                    pieces.append((parent, text))
        elif tag in _CONTAINER_TAGS:
            # Text written straight into a block, between <br>s ("<div>Para 1<br><br>Para 2").
            # One such text makes the block a paragraph (its parent is the container);
            # several make the block itself the container.
            own = [element.text or ""] + [child.tail or "" for child in element]
            prose = [t.strip() for t in own if len(t.strip()) >= _MIN_PROSE]
            holder = element if len(prose) > 1 else element.getparent()
            if holder is not None:
                pieces.extend((holder, text) for text in prose)
        stack.extend(child for child in reversed(element) if not _excluded(child))
    return pieces


def densest_paragraphs(sel: Selector) -> list[str]:
    """Paragraphs of the element with the most prose; empty when the page has none."""
    scores: dict[Any, float] = {}
    for parent, text in _prose_pieces(sel):
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        scores[parent] = scores.get(parent, 0.0) + points
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + points / 2
    if not scores:
        return []

    weights: dict[Any, float] = {}

    def weight(element: Any) -> float:
        # Each element once, and only scored ones: link density walks the whole subtree.
        if element not in weights:
            score = scores.get(element, 0.0)
            weights[element] = score * (1 - _link_density(element)) if score else 0.0
        return weights[element]

    best = max(scores, key=weight)
    # The text is sometimes split by an ad or a photo into sibling blocks: take the siblings
    # that carry a real share of the prose too, in page order.
    parent = best.getparent()
    threshold = max(SIBLING_MIN_SCORE, weight(best) * SIBLING_SHARE)
    blocks = [best]
    if parent is not None:
        blocks = [
            c for c in parent if c is best or (isinstance(c.tag, str) and weight(c) >= threshold)
        ]
    if len(blocks) == 1 and parent is not None:
        blocks = _same_blocks_in_sibling_wrappers(best, parent, weight, threshold)
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(paragraphs_from(block, drop_link_lists=True))
    return paragraphs


def _same_blocks_in_sibling_wrappers(
    best: Any, wrapper: Any, weight: Any, threshold: float
) -> list[Any]:
    """Multi-page layouts wrap each page's text in its own block: take the same kind of block
    (tag and class) from the wrapper's like siblings, in page order."""
    outer = wrapper.getparent()
    if outer is None:
        return [best]
    blocks: list[Any] = []
    for sibling in outer:
        if sibling is wrapper:
            blocks.append(best)
        elif sibling.tag == wrapper.tag and sibling.get("class") == wrapper.get("class"):
            like = [
                e
                for e in sibling.iter(best.tag)
                if e is not sibling and e.get("class") == best.get("class")
            ]
            densest = max(like, key=weight, default=None)
            if densest is not None and weight(densest) >= threshold:
                blocks.append(densest)
    return blocks


def caption_paragraphs(sel: Selector) -> list[str]:
    """Captions of a photo gallery: the only text some photo articles have."""
    out = []
    for node in sel.css("figcaption, [class*='gallery'] [class*='caption']"):
        text = " ".join(" ".join(node.css("::text").getall()).split())
        if text:
            out.append(text)
    return list(dict.fromkeys(out))
