"""Paragraphs of an article body from the outlet's container element."""

from __future__ import annotations

from typing import Any

from parsel import Selector

from ikpcrawl.boilerplate import normalize_space

# Elements whose text is never article text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "iframe",
        "form",
        "button",
        "svg",
        "figure",
        "figcaption",
        "video",
        "audio",
        "select",
        "input",
        "textarea",
        "nav",
        "aside",
        "footer",
        "header",
        "ins",
        "template",
        "object",
        "embed",
        "canvas",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "blockquote",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "dl",
        "dt",
        "dd",
        "main",
        "center",
        "hr",
    }
)
# Generic inserts skipped whatever the outlet: related-news boxes, share bars, ad slots.
GENERIC_DROP = (
    ".baca-juga, .bacajuga, .related, .related-news, .artikel-terkait, .share, .share-buttons,"
    " .social-share, .ads, .ad, .advertisement, .adsbygoogle, [class*='inject-baca-juga'],"
    " [id*='div-gpt-ad'], .video-embed, .tag, .tags, .box_tag, .caption"
)


class _Collector:
    def __init__(self, skip: set[Any]):
        self.skip = skip
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        for line in text.split("\n"):
            line = normalize_space(line)
            if line:
                self.paragraphs.append(line)

    def walk(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag.lower() in SKIP_TAGS or element in self.skip:
            # Comments and skipped elements contribute only their tail text.
            if element.tail:
                self._buffer.append(element.tail)
            return
        tag = tag.lower()
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        if tag == "br":
            self._buffer.append("\n")
        if element.text:
            self._buffer.append(element.text)
        for child in element:
            self.walk(child)
        if block:
            self.flush()
        if element.tail:
            self._buffer.append(element.tail)


def paragraphs_from(container: Selector, drop: tuple[str, ...] = ()) -> list[str]:
    """Text paragraphs of ``container`` in document order, skipping ``drop`` selectors.

    The tree is not modified: skipped elements are collected first and passed over during the
    walk, so the same parsed page can still go to the generic extractor.
    """
    skip: set[Any] = set()
    for css in (*drop, GENERIC_DROP):
        skip.update(s.root for s in container.css(css))
    collector = _Collector(skip)
    root = container.root
    if root.text:
        collector._buffer.append(root.text)
    for child in root:
        collector.walk(child)
    collector.flush()
    return collector.paragraphs


def select_body(sel: Selector, css: str, drop: tuple[str, ...] = ()) -> list[str]:
    """Paragraphs of every element matching ``css`` (outlets sometimes split the body)."""
    paragraphs: list[str] = []
    for container in sel.css(css):
        paragraphs.extend(paragraphs_from(container, drop))
    return paragraphs
