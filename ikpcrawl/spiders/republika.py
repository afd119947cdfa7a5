"""Republika: ``<kanal>.republika.co.id/berita/<id>/<slug>`` (2023+ layout; id like ``s8p2qk318``).

Discovery is static only: the RSS feed ``/rss/nasional/`` and the paginated index ``/indeks``
(``?page=N``). Tag pages (``/tag/<topic>``) are rendered by JavaScript and hold no links in the
served HTML; they need a browser (a later issue) and are not a source here.

The page's ``<h1>`` is the logo (its text is empty): the headline is ``.max-card__title``, and
og:title/JSON-LD carry it too. The byline reads "Rep: <reporter>/ Red: <editor>" under the date.
Legacy 2015-2017 URLs (``/berita/<kanal>/<sub>/YY/MM/DD/<id>-<slug>``) are accepted as articles.
"""

from __future__ import annotations

from ikpcrawl.outlet import JavaScript, Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class RepublikaSpider(NewsSpider):
    name = "republika"
    outlet = Outlet(
        name="republika.co.id",
        domains=("republika.co.id",),
        sources=(
            Source.feed("https://www.republika.co.id/rss/nasional/"),
            Source.listing("https://www.republika.co.id/indeks", max_pages=5),
        ),
        article_url=(
            r"^https?://(?:[a-z0-9-]+\.)?republika\.co\.id/berita/"
            r"(?:[a-z0-9]{6,12}/[a-z0-9-]+|(?:[a-z0-9-]+/)+\d{2}/\d{2}/\d{2}/[a-z0-9]+-[a-z0-9-]+)"
            r"/?(?:\?.*)?$"
        ),
        selectors=Selectors(
            title=".max-card__title",
            date=".date-detail__time",
            authors=".author-detail__rep",
            body="div.article-content",
            section=".breadcome li:last-child a",
            tags=".tag-list a",
            drop=(".baca-juga", ".ads-on-body"),
        ),
        dateline=r"^(?P<dateline>REPUBLIKA\.CO\.ID,\s*[A-Z][A-Z .'-]{1,30}?)\s*(?:--|[-–—])\s*",
        # Agency material closes with "sumber : Antara".
        boilerplate=(r"^sumber\s*:\s*[\w .,/&-]{2,40}$",),
        title_suffixes=(" | Republika Online", " - Republika Online"),
        # Tag pages (/tag/<topic>) are rendered by JavaScript: listings wait for the headline
        # links of the article cards (the static /indeks has them at once).
        javascript=JavaScript(listing=True, wait_for=".max-card__title a"),
    )
