"""kumparan: ``kumparan.com/<account>/<slug>-<id>`` (a Next.js app with hashed class names).

Class names are styled-components hashes (``Textweb__StyledText-sc-1ed9ao-0 hcqBzm``) that change
with every build, so nothing here relies on them: metadata comes from JSON-LD (``datePublished``
in UTC, ``...Z``) and meta tags, and the page parts from their stable ``data-qa-id`` attributes
(``story-title``, ``date-time``, ``author-name``, ``story-paragraph``). Between paragraphs stand
"ADVERTISEMENT" labels, and channel labels ("kumparanNEWS") head the story and every card.
The byline is the publishing account ("kumparanNEWS"), i.e. the outlet itself, not a person.

Discovery: robots.txt -> the sitemap index ``/sitemap.xml`` (a Google News sitemap, monthly
story sitemaps, topic pages), and the RSS feed at ``lapi.kumparan.com/v2.0/rss/``.
"""

from __future__ import annotations

from ikpcrawl.outlet import JavaScript, Outlet, Selectors, Source
from ikpcrawl.spiders.base import NewsSpider


class KumparanSpider(NewsSpider):
    name = "kumparan"
    outlet = Outlet(
        name="kumparan.com",
        domains=("kumparan.com",),
        sources=(
            Source.robots("https://kumparan.com/robots.txt"),
            Source.sitemap("https://kumparan.com/sitemap.xml"),
            Source.feed("https://lapi.kumparan.com/v2.0/rss/"),
        ),
        # /<account>/<slug>-<19-digit id> (newer ids are 11 base62 characters); not topics,
        # channels, search or the app's internals.
        article_url=(
            r"^https?://(?:www\.|m\.)?kumparan\.com/(?!topic/|channel/|search|trending/|_next/)"
            r"@?[a-z0-9._-]+/[a-z0-9-]+-(?:\d{19}|(?=[0-9a-zA-Z]*\d)[0-9a-zA-Z]{11})/?(?:\?.*)?$"
        ),
        selectors=Selectors(
            title="h1[data-qa-id=story-title]",
            date="[data-qa-id=date-time]",
            authors="[data-qa-id=author-name]",
            body="span[data-qa-id=story-paragraph]",
        ),
        boilerplate=(
            r"^kumparan(?:NEWS|BISNIS|BOLA|SPORT|TECH|SAINS|OTO|FOOD|TRAVEL|WOMAN|MOM|HITS|PLUS)$",
            r"^waktu baca \d+ menit$",
        ),
        title_suffixes=(" | kumparan.com",),
        # A Next.js app: story paragraphs may only exist once the client has rendered them.
        javascript=JavaScript(article=True, wait_for="[data-qa-id=story-paragraph]"),
        # The byline names the publishing account (the outlet), never a person.
        coverage=(("authors", 0.0),),
    )
