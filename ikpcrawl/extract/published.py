"""The publication-date cascade, with the checks real pages need.

Order: JSON-LD and meta tags that state a zone; the outlet's date selector; the date line
nearest the headline; other dated markup; zone-less structured stamps; date-only lines; the
generic extractor. Two repairs: a "UTC" stamp that is really local time (its wall clock equals a
visible WIB line on the page) is read as local, and a date line without a time only wins
when nothing with a time exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, tzinfo

from lxml import etree
from parsel import Selector

from ikpcrawl.extract.boilerplate import normalize_space
from ikpcrawl.extract.nodes import css, text_of

_ZONE = re.compile(
    r"(?:Z|[+-]\d{2}:?\d{2}|\b(?:WIB|WITA|WIT|GMT|UTC)\.?)\s*$|[+-]\d{2}:?\d{2}\b", re.IGNORECASE
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DIGITS = re.compile(r"\d")
_DATE_CLASS_CSS = (
    "[class*='date'], [class*='time'], [class*='tanggal'], [class*='publish'], [class*='waktu'],"
    " [class*='tgl'], time"
)
_TEXT_NODES_XPATH = etree.XPath(
    "//body//text()[normalize-space() and not(ancestor::script) and not(ancestor::style)"
    " and not(ancestor::noscript)]"
)
# How far from the headline (in text nodes) the date line may be.
AFTER_HEADLINE, BEFORE_HEADLINE = 40, 15
MAX_ANCHORS = 5
# Visible date lines read to check a structured stamp against.
MAX_VISIBLE = 60

Parse = Callable[[str], datetime | None]


def has_zone(text: str) -> bool:
    return bool(_ZONE.search(text.strip()))


def has_time(text: str) -> bool:
    return bool(_TIME.search(text)) or ("T" in text and bool(re.search(r"T\d{2}", text)))


def _first(candidates: Iterable[str], parse: Parse) -> tuple[datetime, str] | None:
    for raw in candidates:
        parsed = parse(raw)
        if parsed:
            return parsed, raw
    return None


def page_text_nodes(sel: Selector) -> list[str]:
    """The page's visible text nodes, whitespace-normalised (computed once per page)."""
    return [normalize_space(t) for t in _TEXT_NODES_XPATH(sel.root)]


def headline_date_lines(
    sel: Selector, title: str | None, nodes: list[str] | None = None
) -> list[str]:
    """Short texts with digits near the headline, nearest first.

    The headline text can appear several times (a "popular" box, the article itself); each
    occurrence is an anchor and the texts are ranked by their distance to the nearest one,
    a text after the headline before one at the same distance before it.
    """
    nodes = page_text_nodes(sel) if nodes is None else nodes
    anchors: list[int] = []
    if title:
        anchors = [
            i
            for i, text in enumerate(nodes)
            if text == title or (len(text) >= 20 and text in title)
        ][:MAX_ANCHORS]
    if not anchors:
        h1 = normalize_space(" ".join(css(sel.root, "h1 ::text")))
        if h1:
            anchors = [i for i, t in enumerate(nodes) if len(t) >= 10 and t in h1][:MAX_ANCHORS]
    ranked: dict[int, tuple[int, int]] = {}
    for anchor in anchors:
        for distance in range(1, AFTER_HEADLINE + 1):
            for index, side in ((anchor + distance, 0), (anchor - distance, 1)):
                if side and distance > BEFORE_HEADLINE:
                    continue
                if 0 <= index < len(nodes) and index not in anchors:
                    rank = (distance, side)
                    if index not in ranked or rank < ranked[index]:
                        ranked[index] = rank
    out: list[str] = []
    for index in sorted(ranked, key=ranked.__getitem__):
        text = nodes[index]
        if 6 <= len(text) <= 120 and _DIGITS.search(text):
            out.append(text)
            # "Kamis, 05 November 2015" + "11:52" in two elements.
            if index + 1 < len(nodes) and not has_time(text):
                out.append(f"{text} {nodes[index + 1]}"[:160])
    return out


def marked_up_dates(sel: Selector) -> list[str]:
    """Dates in generic markup: <time datetime>, itemprop, date-like classes."""
    root = sel.root
    out = css(root, "time::attr(datetime), [itemprop=datePublished]::attr(content)")
    out += css(root, "[itemprop=datePublished]::attr(datetime)")
    for node in css(root, _DATE_CLASS_CSS)[:15]:
        text = text_of(node)
        if 6 <= len(text) <= 100:
            out.append(text)
    return out


def _local_if_mislabelled(
    value: datetime, raw: str, visible: Callable[[], list[datetime]], tz: tzinfo
) -> datetime:
    """A stamp marked UTC whose wall clock equals a visible local date line is local time."""
    offset = value.utcoffset()
    if offset is None or offset != timedelta(0) or not raw.strip().upper().endswith("Z"):
        return value
    wall = value.replace(tzinfo=None, second=0, microsecond=0)
    for seen in visible():
        if seen.replace(tzinfo=None, second=0, microsecond=0) == wall and seen.utcoffset():
            return value.replace(tzinfo=seen.tzinfo)
    return value


def find_published(
    sel: Selector,
    *,
    jsonld_date: str | None,
    meta_dates: list[str],
    selector_date: str | None,
    title: str | None,
    generic_date: Callable[[], str | None],
    parse: Parse,
    tz: tzinfo,
    nodes: Callable[[], list[str]] | None = None,
) -> tuple[datetime | None, str | None, str | None]:
    """(published, raw text, cascade step); all None when the page states no date.

    The page scans (date lines near the headline, dated markup) run only when a step needs
    them: most pages state a zoned date in JSON-LD or meta tags.
    """
    structured = [(d, "jsonld") for d in ([jsonld_date] if jsonld_date else [])]
    structured += [(d, "meta") for d in meta_dates]
    scans: dict[str, list[str]] = {}

    def near_headline() -> list[str]:
        if "near" not in scans:
            scans["near"] = headline_date_lines(sel, title, nodes() if nodes else None)
        return scans["near"]

    def marked() -> list[str]:
        if "marked" not in scans:
            scans["marked"] = marked_up_dates(sel)
        return scans["marked"]

    def visible() -> list[datetime]:
        with_time = [t for t in near_headline() + marked() if has_time(t)]
        out = []
        for text in with_time[:MAX_VISIBLE]:
            parsed = parse(text)
            if parsed and has_zone(text):
                out.append(parsed)
        return out

    steps: list[tuple[Callable[[], list[str]], str]] = [
        (lambda: [d for d, s in structured if s == "jsonld" and has_zone(d)], "jsonld"),
        (lambda: [d for d, s in structured if s == "meta" and has_zone(d)], "meta"),
        (lambda: [selector_date] if selector_date else [], "selector"),
        (lambda: [t for t in near_headline() if has_time(t)], "page"),
        (lambda: [t for t in marked() if has_time(t)], "page"),
        (lambda: [d for d, s in structured if s == "jsonld" and not has_zone(d)], "jsonld"),
        (lambda: [d for d, s in structured if s == "meta" and not has_zone(d)], "meta"),
        (lambda: [t for t in near_headline() + marked() if not has_time(t)], "page"),
    ]
    for candidates, source in steps:
        found = _first(candidates(), parse)
        if found:
            value, raw = found
            return _local_if_mislabelled(value, raw, visible, tz), raw, source
    raw_generic = generic_date()
    if raw_generic:
        value_generic = parse(raw_generic)
        if value_generic:
            return value_generic, raw_generic, "generic"
    return None, None, None
