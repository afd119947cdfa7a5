"""Paragraphs of an article body from the outlet's container element."""

from __future__ import annotations

from typing import Any

from parsel import Selector

from ikpcrawl.extract import nodes
from ikpcrawl.extract.boilerplate import normalize_space

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
# A paragraph with at least this share of its characters in links is a link list.
LINK_LIST_SHARE = 0.8
# Generic inserts skipped whatever the outlet: related-news boxes, share bars, ad slots.
GENERIC_DROP = (
    ".baca-juga, .bacajuga, .related, .related-news, .artikel-terkait, .share, .share-buttons,"
    " .social-share, .ads, .ad, .advertisement, .adsbygoogle, [class*='inject-baca-juga'],"
    " [id*='div-gpt-ad'], .video-embed, .tag, .tags, .box_tag, .caption"
)


class _Collector:
    """Walks a container, cutting paragraphs at block boundaries and <br>s.

    Each buffered piece remembers whether it sat inside a link, so that paragraphs made only of
    links (related-news lists) can be left out where the container was guessed.
    """

    def __init__(self, skip: set[Any], drop_link_lists: bool):
        self.skip = skip
        self.drop_link_lists = drop_link_lists
        self.paragraphs: list[str] = []
        self._buffer: list[tuple[str, bool]] = []

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self._buffer.append((text, in_link))

    def flush(self) -> None:
        pieces, self._buffer = self._buffer, []
        line_text: list[str] = []
        linked = 0
        for text, in_link in [*pieces, ("\n", False)]:
            parts = text.split("\n")
            for index, part in enumerate(parts):
                if index:  # a line break ends the paragraph so far
                    self._emit("".join(line_text), linked)
                    line_text, linked = [], 0
                line_text.append(part)
                if in_link:
                    linked += len(part.strip())

    def _emit(self, raw: str, linked: int) -> None:
        line = normalize_space(raw)
        if not line:
            return
        if self.drop_link_lists and linked >= LINK_LIST_SHARE * len(line):
            return
        self.paragraphs.append(line)

    def walk(self, element: Any, in_link: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag.lower() in SKIP_TAGS or element in self.skip:
            # Comments and skipped elements contribute only their tail text.
            self.add(element.tail, in_link)
            return
        tag = tag.lower()
        block = tag in BLOCK_TAGS
        inside_link = in_link or tag == "a"
        if block:
            self.flush()
        if tag == "br":
            self.add("\n", in_link)
        self.add(element.text, inside_link)
        for child in element:
            self.walk(child, inside_link)
        if block:
            self.flush()
        self.add(element.tail, in_link)


def paragraphs_from(
    container: Any, drop: tuple[str, ...] = (), *, drop_link_lists: bool = False
) -> list[str]:
    """Text paragraphs of ``container`` (an lxml element) in document order, skipping ``drop``
    selectors.

    The tree is not modified: skipped elements are collected first and passed over during the
    walk, so the same parsed page can still go to the generic extractor. ``drop_link_lists``
    leaves out paragraphs that are (almost) all link text.
    """
    skip: set[Any] = set()
    for css in (*drop, GENERIC_DROP):
        skip.update(nodes.css(container, css))
    collector = _Collector(skip, drop_link_lists)
    root = container
    collector.add(root.text, False)
    for child in root:
        collector.walk(child)
    collector.flush()
    return collector.paragraphs


def select_body(sel: Selector, css: str, drop: tuple[str, ...] = ()) -> list[str]:
    """Paragraphs of every element matching ``css`` (outlets sometimes split the body)."""
    paragraphs: list[str] = []
    for container in nodes.css(sel.root, css):
        paragraphs.extend(paragraphs_from(container, drop))
    return paragraphs
