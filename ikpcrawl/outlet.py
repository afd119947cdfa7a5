"""What an outlet is, as data: domains, where to discover articles, and selector overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class SourceKind(str, Enum):
    ROBOTS = "robots"  # robots.txt; its Sitemap: lines are followed
    SITEMAP = "sitemap"  # sitemap index, sitemap or Google News sitemap
    FEED = "feed"  # RSS 2.0 or Atom
    LISTING = "listing"  # HTML section/index page with pagination


@dataclass(frozen=True)
class Source:
    """One discovery entry point. Sources are tried in the order the outlet lists them."""

    kind: SourceKind
    url: str
    # Listings only: how many pages to follow at most, and a page-URL template ("{page}")
    # for sites whose pagination is not a rel=next / "next" link.
    max_pages: int = 5
    page_url: str | None = None
    first_page: int = 2

    @classmethod
    def robots(cls, url: str) -> Source:
        return cls(SourceKind.ROBOTS, url)

    @classmethod
    def sitemap(cls, url: str) -> Source:
        return cls(SourceKind.SITEMAP, url)

    @classmethod
    def feed(cls, url: str) -> Source:
        return cls(SourceKind.FEED, url)

    @classmethod
    def listing(
        cls, url: str, *, max_pages: int = 5, page_url: str | None = None, first_page: int = 2
    ) -> Source:
        return cls(SourceKind.LISTING, url, max_pages, page_url, first_page)


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of an outlet's article page; each is optional (the cascade falls through)."""

    title: str | None = None
    date: str | None = None
    authors: str | None = None
    body: str | None = None
    section: str | None = None
    tags: str | None = None
    # Elements inside the body to skip entirely (ads, related-news boxes, share bars).
    drop: tuple[str, ...] = ()
    # Listing pages: where the article links are, and the "next page" link.
    listing_links: str | None = None
    next_page: str | None = None
    # Multi-page articles: the link to the article's next page ("Halaman 2", "Selanjutnya").
    article_next_page: str | None = None


@dataclass(frozen=True)
class JavaScript:
    """Pages of an outlet that are built in the browser and must be rendered (see rendering.py).

    Only the pages named here go through Chromium; robots.txt, sitemaps and feeds never do.
    """

    listing: bool = False  # listing pages (Source.listing and their next pages)
    article: bool = False  # article pages (and their continuation pages)
    # CSS selector the rendered page must contain before it is read (e.g. the article cards or
    # the body paragraphs; "a, b" waits for either). None: read the page once it has loaded.
    wait_for: str | None = None
    # An article fetched as plain HTML whose body comes out empty is fetched once more rendered.
    retry_empty_body: bool = True
    # Upper bound for navigation and for the wait_for selector, in seconds.
    timeout_s: float = 20


@dataclass(frozen=True)
class Outlet:
    """An outlet, described as data. A spider is a name plus one of these."""

    name: str  # the outlet's own name as exported, e.g. "optika.id"
    domains: tuple[str, ...]
    sources: tuple[Source, ...]
    # Regex an article URL matches (listing/feed links that do not match are not articles).
    article_url: str = r".*"
    selectors: Selectors = field(default_factory=Selectors)
    # Default zone for dates without one (WIB; regional outlets may be WITA or WIT).
    timezone: str = "WIB"
    # Regex of the outlet's dateline at the start of the first paragraph ("Optika.id - ").
    dateline: str | None = None
    # Extra boilerplate paragraphs to drop (regexes, matched against whole paragraphs).
    boilerplate: tuple[str, ...] = ()
    # Suffixes the outlet appends to <title>/og:title (" - Optika.id").
    title_suffixes: tuple[str, ...] = ()
    language: str = "id"
    # Multi-page articles served whole with a query switch ("page=all" on Kompas/Tribunnews).
    all_pages_query: str | None = None
    # Documented restrictions on automated collection, shown in `ikpcrawl outlets` and docs/.
    terms_note: str | None = None
    # Pages that need JavaScript; None = every page is plain HTTP (most outlets).
    javascript: JavaScript | None = None
    # This outlet's own field-coverage minimums, over IKPCRAWL_MONITOR_COVERAGE: an outlet whose
    # pages never state an author says so here (("authors", 0.0),) instead of failing each run.
    coverage: tuple[tuple[str, float], ...] = ()

    @cached_property
    def article_url_re(self) -> re.Pattern[str]:
        return re.compile(self.article_url)

    @cached_property
    def dateline_re(self) -> re.Pattern[str] | None:
        return re.compile(self.dateline) if self.dateline else None

    @cached_property
    def boilerplate_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.boilerplate)

    def is_article_url(self, url: str) -> bool:
        return bool(self.article_url_re.search(url))
