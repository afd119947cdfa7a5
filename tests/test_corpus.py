"""Real pages of Indonesian outlets (../shared/corpus): the generic cascade must get them right.

These are older layouts (2015-2017) and Media Indonesia's 2025-2026 one; no outlet selectors are
tuned to them, so they measure metadata + generic extraction. Skipped where the corpus is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, XmlResponse

from ikpcrawl.crawl.discovery import listing_links
from ikpcrawl.extract import extract_article
from ikpcrawl.extract.cleaning import clean_article
from ikpcrawl.ops.evaluate import token_prf
from ikpcrawl.spiders.registry import outlet_for_url
from tests.conftest import corpus_dir

pytestmark = pytest.mark.corpus


def rows(name: str) -> list[dict[str, Any]]:
    path = corpus_dir() / name
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


ARTICLES = rows("articles.jsonl")
LISTINGS = rows("listings.jsonl")


# Three ground-truth values contradict the page they describe. For each, the test checks what
# the page itself states, and that the deviation is exactly the defect named here.
TRUTH_DEFECTS = {
    # Title: "In Picture: " comes only from the e-mail share link's body; the headline, og:title
    # and <title> all say "KPK Periksa Pejabat Mahkamah Agung yang Tertangkap OTT".
    "articles/republika/republika-singlepage2.html": "title",
    # Time: article:published_time states 13:01:52+07:00; the truth keeps the visible minute
    # but drops the seconds (it keeps metadata seconds for every other page that has them).
    "articles/viva/viva-singlepage.html": "published_at",
    # Body: a photo gallery with five different captions; the truth repeats the first caption
    # five times.
    "articles/liputan6/liputan6-singlepage3.html": "body",
}


def extract_row(row: dict[str, Any], corpus: Path) -> Any:
    outlet = outlet_for_url(row["url"])
    response = HtmlResponse(url=row["url"], body=(corpus / row["file"]).read_bytes())
    return clean_article(extract_article(response, outlet), outlet), response


@pytest.mark.parametrize("row", ARTICLES, ids=[r["file"] for r in ARTICLES])
def test_article(row: dict[str, Any], corpus: Path) -> None:
    article, response = extract_row(row, corpus)
    defect = TRUTH_DEFECTS.get(row["file"])
    if defect == "title":
        assert article.title == response.css("h2::text, title::text").re_first(r"^[^|]+").strip()
        assert row["title"] == f"In Picture: {article.title}"
    else:
        assert article.title == row["title"]
    if defect == "published_at":
        stated = response.css("meta[property='article:published_time']::attr(content)").get()
        assert article.published_at == "2016-02-16T13:01:52+07:00"
        assert stated == "2016-02-16T13:01:52+0700"
        assert row["published_at"] == article.published_at[:17] + "00+07:00"
    else:
        assert article.published_at == row["published_at"]
    if defect == "body":
        captions = [" ".join(c.split()) for c in response.css("figcaption ::text").getall()]
        assert article.body.split("\n\n") == captions
        assert len(set(captions)) == 5
        assert row["body"].count(captions[0]) == 5
        return
    # The legacy ground truth keeps the dateline in the body; compare with ours put back.
    body = article.body
    if article.dateline and row.get("body_style", "").startswith("legacy"):
        body = f"{article.dateline} - {body}"
    _, _, f1 = token_prf(body, row["body"])
    assert f1 >= 0.90, f"body token F1 {f1:.2f}"


@pytest.mark.parametrize("row", LISTINGS, ids=[r["file"] for r in LISTINGS])
def test_listing_links_in_page_order(row: dict[str, Any], corpus: Path) -> None:
    """The listing's first article links are all found, in the order the page gives them."""
    body = (corpus / row["file"]).read_bytes()
    first = row["first_urls"] or []
    page_url = first[0] if first else "https://news.detik.com/indeks"
    cls = XmlResponse if row["kind"] == "rss" else HtmlResponse
    scheme, _, host = page_url.split("/")[:3]
    response = cls(url=f"{scheme}//{host}/", body=body)
    links = listing_links(response, outlet_for_url(page_url))
    if not first:
        # No ground truth for this page: it must still yield article links only.
        assert len(links) >= 10
        assert all(re.search(r"/d-\d{6,}/", link) for link in links), links
        return
    positions = [links.index(url) if url in links else -1 for url in first]
    assert -1 not in positions, [u for u, p in zip(first, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
