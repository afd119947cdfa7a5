"""JS Demo News (``js.ikpcrawl.test``): a made-up site whose listing and articles are built by
JavaScript after a delay (``samples/sites/js.ikpcrawl.test``). Test-only spiders, loaded with
``-s SPIDER_MODULES=ikpcrawl.spiders,tests.spiders``.
"""

from __future__ import annotations

from dataclasses import replace

from ikpcrawl.outlet import JavaScript, Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider

# One selector for both kinds of page: listing cards, or the article's paragraphs. The content
# arrives after 300 ms; article 105 never does (its API fails): 5 s bound that wait.
RENDER = JavaScript(
    listing=True, article=True, wait_for="#article-list a, div.article-body p", timeout_s=5
)
JSDEMO = Outlet(
    name="js.ikpcrawl.test",
    domains=("js.ikpcrawl.test",),
    # No sitemap or feed: the rendered listing is the only way to the articles.
    sources=(Source.listing("https://js.ikpcrawl.test/indeks", max_pages=3),),
    article_url=r"^https://js\.ikpcrawl\.test/berita/\d+/[a-z0-9-]+$",
    selectors=Selectors(
        title="h1.headline",
        date="time.published",
        authors=".author-name",
        body="div.article-body",
        section=".breadcrumb a.section",
        listing_links="#article-list a",
    ),
    title_suffixes=(" - JS Demo News",),
    javascript=RENDER,
)


class JsDemoSpider(NewsSpider):
    """Listings and articles rendered."""

    name = "jsdemo"
    outlet = JSDEMO


class JsDemoRetrySpider(NewsSpider):
    """Only listings rendered: articles come back without a body and are retried rendered."""

    name = "jsdemo_retry"
    outlet = replace(JSDEMO, javascript=replace(RENDER, article=False))
