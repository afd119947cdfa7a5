"""Article extraction: a cascade per field, most reliable source first.

For each field the steps are tried in order and the first that yields a value wins; the step's
name is recorded in ``Article.sources``:

* ``jsonld``   - JSON-LD NewsArticle (or Article, ReportageNewsArticle, ...)
* ``meta``     - OpenGraph / article:* / Dublin Core meta tags
* ``selector`` - the outlet's own CSS selectors
* ``page``     - generic page markup (<time datetime>, date-like elements, <title>, <html lang>)
* ``generic``  - trafilatura, over the whole page
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING

from parsel import Selector

from ikpcrawl.crawl.urls import article_id, canonicalize_url, safe_urljoin, same_site
from ikpcrawl.extract import dates, nodes
from ikpcrawl.extract import metadata as md
from ikpcrawl.extract.body import select_body
from ikpcrawl.extract.boilerplate import normalize_space, split_names
from ikpcrawl.extract.density import caption_paragraphs, densest_paragraphs
from ikpcrawl.extract.generic import GenericResult, generic_extract
from ikpcrawl.extract.people import page_authors, page_editor
from ikpcrawl.extract.published import find_published, page_text_nodes
from ikpcrawl.extract.titles import brand_names, clean_title, is_brand
from ikpcrawl.items import Article

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from ikpcrawl.outlet import Outlet

logger = logging.getLogger(__name__)

TIMEZONES: dict[str, tzinfo] = {"WIB": dates.WIB, "WITA": dates.WITA, "WIT": dates.WIT}
_NOT_IN_URL = re.compile(r"[\s<>\"'`{}|\\^]")
# A selector body shorter than this is treated as a miss (layout changed, paywall, teaser).
MIN_BODY_CHARS = 100
# A paragraph of at most this many words, all repeated in a longer one, is an echo.
ECHO_MAX_WORDS = 20
# Generic steps drop lines this short that do not end a sentence (labels, buttons).
SHORT_LABEL_WORDS = 5
# "- Selasa, 23/02/2016 16:10 WIB": a date line from a related-news list.
_DATE_ONLY = re.compile(r"^[-–•\s]*(?:\w+,?\s+)?\d{1,2}[/ .-](?:\d{1,2}|\w+)[/ .-]\d{2,4}\b.*$")


class _Generic:
    """trafilatura, run at most once per page and only when a field needs it."""

    def __init__(self, html: str, url: str):
        self._html = html
        self._url = url
        self._result: GenericResult | None = None

    @property
    def result(self) -> GenericResult:
        if self._result is None:
            self._result = generic_extract(self._html, self._url)
        return self._result


def _headline_texts(sel: Selector) -> list[str]:
    """Visible headline candidates: h1s, then h2s (older layouts used h2 for the headline)."""
    out = []
    for node in nodes.css(sel.root, "h1, h2")[:12]:
        text = nodes.text_of(node)
        if len(text) >= 15:
            out.append(text)
    return out


def _first_text(sel: Selector, css: str | None) -> str | None:
    if not css:
        return None
    for node in nodes.css(sel.root, css):
        text = nodes.text_of(node)
        if text:
            return text
    return None


def _parse(text: str | None, now: datetime, tz: tzinfo) -> datetime | None:
    return dates.parse_date(text, now=now, default_tz=tz) if text else None


def _localize(value: datetime, tz: tzinfo) -> datetime:
    """UTC stamps (…Z) are shown in the outlet's zone; stated offsets are kept."""
    offset = value.utcoffset()
    if offset is not None and offset.total_seconds() == 0:
        return value.astimezone(tz)
    return value


def extract_article(
    response: TextResponse, outlet: Outlet, *, now: datetime | None = None
) -> Article:
    """Extract an :class:`Article` from a downloaded page (not yet cleaned)."""
    now = now or datetime.now(timezone.utc)
    tz = TIMEZONES.get(outlet.timezone.upper(), dates.WIB)
    sel: Selector = response.selector
    meta = md.MetaTags(sel)
    ld = md.jsonld_article(sel)
    generic = _Generic(response.text, response.url)
    sources: dict[str, str] = {}
    site_name, _ = meta.first("og:site_name")

    # --- canonical URL: <link rel=canonical>, og:url, the URL fetched (same site only).
    canonical = response.url
    for candidate, source in (
        (nodes.first(sel.root, "link[rel=canonical]::attr(href)"), "page"),
        (meta.first("og:url")[0], "meta"),
    ):
        if candidate:
            absolute = safe_urljoin(response, candidate)
            # A broken template can put markup into the canonical link: not a URL.
            if (
                absolute
                and not _NOT_IN_URL.search(absolute)
                and same_site(absolute, outlet.domains)
            ):
                canonical, sources["canonical_url"] = absolute, source
                break
    canonical = canonicalize_url(canonical)

    # --- title
    brands = brand_names(site_name, outlet.name, *outlet.domains)
    headlines = [t for t in (_first_text(sel, outlet.selectors.title), *_headline_texts(sel)) if t]
    title = None
    for value, source in (
        (ld.headline if ld else None, "jsonld"),
        (meta.first(*md.TITLE_KEYS)[0], "meta"),
        (headlines[0] if headlines else None, "selector" if outlet.selectors.title else "page"),
    ):
        title = clean_title(value, brands, headlines, outlet.title_suffixes)
        if title:
            sources["title"] = source
            break
    if not title:
        title = clean_title(
            generic.result.title or sel.css("title::text").get(),
            brands,
            headlines,
            outlet.title_suffixes,
        )
        if title:
            sources["title"] = "generic"

    # --- published_at (+ the raw text it came from). Never the current time.
    text_nodes: list[str] = []

    def page_text() -> list[str]:
        if not text_nodes:
            text_nodes.extend(page_text_nodes(sel))
        return text_nodes

    published, date_raw, date_source = find_published(
        sel,
        jsonld_date=ld.date_published if ld else None,
        meta_dates=meta.all(*md.PUBLISHED_KEYS),
        selector_date=_first_text(sel, outlet.selectors.date),
        title=title,
        generic_date=lambda: generic.result.date,
        parse=lambda text: _parse(text, now, tz),
        tz=tz,
        nodes=page_text,
    )
    if date_source:
        sources["published_at"] = date_source

    modified = None
    for raw in ([ld.date_modified] if ld and ld.date_modified else []) + meta.all(
        *md.MODIFIED_KEYS
    ):
        modified = _parse(raw, now, tz)
        if modified:
            break

    # --- authors
    authors: list[str] = []
    meta_authors = [
        a for a in meta.all(*md.AUTHOR_KEYS) if not a.startswith(("http://", "https://"))
    ]
    selector_authors = (
        [nodes.text_of(n) for n in nodes.css(sel.root, outlet.selectors.authors)]
        if outlet.selectors.authors
        else []
    )
    # A page may label someone "Editor : X"; some CMSs put that editor in JSON-LD "author".
    editor = page_editor(sel)
    author_steps: tuple[tuple[Callable[[], list[str]], str], ...] = (
        (lambda: ld.authors if ld else [], "jsonld"),
        (lambda: [n for a in meta_authors for n in split_names(a)], "meta"),
        (lambda: [n for a in selector_authors for n in split_names(a)], "selector"),
        (lambda: [n for n in page_authors(sel) if n != editor], "page"),
    )
    # The first step that names someone other than the labelled editor; else the first that
    # names anyone. Later steps (the page scan is the costly one) run only when needed.
    chosen: tuple[list[str], str] | None = None
    for produce, source in author_steps:
        names = _real_authors(produce(), brands)
        if not names:
            continue
        if names != [editor]:
            chosen = (names, source)
            break
        chosen = chosen or (names, source)
    if chosen:
        authors, sources["authors"] = chosen
    if editor:
        sources["editor"] = "page"

    # --- body paragraphs: the outlet's selector, then the generic extractor.
    paragraphs, body_source = _body(sel, outlet, generic, noise={title, date_raw, *authors})
    if body_source:
        sources["body"] = body_source

    # --- section, tags, image, language
    section = None
    for value, source in (
        (ld.section if ld else None, "jsonld"),
        (meta.first(*md.SECTION_KEYS)[0], "meta"),
        (_first_text(sel, outlet.selectors.section), "selector"),
    ):
        if value:
            section, sources["section"] = normalize_space(value), source
            break

    tags: list[str] = []
    for values, source in (
        (ld.keywords if ld else [], "jsonld"),
        ([t.strip() for v in meta.all(*md.TAG_KEYS) for t in v.split(",")], "meta"),
        (
            [normalize_space(t) for t in nodes.css(sel.root, f"{outlet.selectors.tags}::text")]
            if outlet.selectors.tags
            else [],
            "selector",
        ),
    ):
        values = _unique(v for v in values if v)
        if values:
            tags, sources["tags"] = values, source
            break

    image = meta.first(*md.IMAGE_KEYS)[0]
    if image:
        sources["image_url"] = "meta"
    elif ld and ld.image:
        image, sources["image_url"] = ld.image, "jsonld"
    image = safe_urljoin(response, image)

    language: str | None = (
        sel.xpath("/html/@lang").get()
        or meta.first("og:locale", "language")[0]
        or (ld.language if ld else None)
        or outlet.language
    )
    language = re.split(r"[-_]", str(language).strip().lower())[0] if language else None

    return Article(
        url=response.url,
        outlet=outlet.name,
        id=article_id(canonical),
        canonical_url=canonical,
        title=title,
        authors=authors,
        editor=editor,
        published_at=dates.to_iso(_localize(published, tz)) if published else None,
        modified_at=dates.to_iso(_localize(modified, tz)) if modified else None,
        date_raw=normalize_space(date_raw) if date_raw else None,
        section=section,
        tags=tags,
        image_url=image,
        body="\n\n".join(paragraphs),
        language=language,
        crawled_at=dates.to_iso(now.astimezone(timezone.utc)),
        sources=sources,
    )


def _body(
    sel: Selector, outlet: Outlet, generic: _Generic, noise: set[str | None]
) -> tuple[list[str], str | None]:
    """Body paragraphs and the step that gave them.

    The outlet's selector; then the densest prose block of the page; then trafilatura; then,
    for photo galleries without prose, the captions. The headline, date line and bylines that
    generic steps pick up are not body, and neither is a handful of words.
    """
    if outlet.selectors.body:
        paragraphs = select_body(sel, outlet.selectors.body, outlet.selectors.drop)
        if sum(len(p) for p in paragraphs) >= MIN_BODY_CHARS:
            return paragraphs, "selector"
    steps: list[tuple[Callable[[], list[str]], str]] = [
        (lambda: densest_paragraphs(sel), "page"),
        (lambda: generic.result.paragraphs, "generic"),
        (lambda: caption_paragraphs(sel), "page"),
    ]
    for produce, source in steps:
        candidates = _without_echoes([p for p in produce() if p not in noise and not _is_debris(p)])
        if sum(len(p) for p in candidates) >= MIN_BODY_CHARS:
            return candidates, source
    return [], None


def _without_echoes(paragraphs: list[str]) -> list[str]:
    """Drop short paragraphs whose words all appear in a longer one (a caption or teaser
    restating the lead, picked up with the text)."""
    word_sets = [set(re.findall(r"\w+", p.lower())) for p in paragraphs]
    kept = []
    for index, (paragraph, words) in enumerate(zip(paragraphs, word_sets, strict=True)):
        echo = len(words) <= ECHO_MAX_WORDS and any(
            other is not words and len(other) > len(words) and words <= other
            for other in word_sets[:index] + word_sets[index + 1 :]
        )
        if not echo:
            kept.append(paragraph)
    return kept


def _is_debris(paragraph: str) -> bool:
    """Lines generic extraction drags in: bare dates, numbering, one-word labels."""
    words = paragraph.split()
    if len(words) <= SHORT_LABEL_WORDS and not paragraph.endswith((".", "?", '"', "”")):
        return True  # "Rating ( voters)", "JANGAN LEWATKAN!!!", "Simak Lifestyle Populer"
    return len(words) <= 8 and _DATE_ONLY.match(paragraph) is not None


def extract_continuation(response: TextResponse, outlet: Outlet) -> list[str]:
    """Body paragraphs of page 2, 3, ... of a multi-page article ("Halaman 2")."""
    generic = _Generic(response.text, response.url)
    paragraphs, _ = _body(response.selector, outlet, generic, noise=set())
    return paragraphs


def _unique(values: object) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:  # type: ignore[attr-defined]
        seen.setdefault(str(value), None)
    return list(seen)


def _real_authors(names: list[str], brands: set[str]) -> list[str]:
    """Drop names that are the outlet itself ("Optika.id", "mediaindonesia.com developer")."""
    out = [normalize_space(n) for n in names if n]
    return _unique(n for n in out if n and not is_brand(n, brands))
