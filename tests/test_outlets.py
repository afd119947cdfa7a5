"""Every outlet spider against its own hand-written fixture site (tests/outlets/<spider>.json).

Three checks per outlet: the extractor on each saved page; the same page with every class
attribute removed (a redesign), where the cascade must still deliver; and an end-to-end
`scrapy crawl <spider>` through the mirror.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from scrapy.http import HtmlResponse

from ikpcrawl.crawl.urls import canonicalize_url
from ikpcrawl.extract import extract_article
from ikpcrawl.extract.cleaning import clean_article
from ikpcrawl.items import Article
from ikpcrawl.ops.devserver import resolve_file
from ikpcrawl.ops.evaluate import token_prf
from ikpcrawl.spiders.registry import spiders
from tests.conftest import REPO, SAMPLE_SITES, Site, run_crawl

SPECS = {
    p.stem: json.loads(p.read_text("utf-8"))
    for p in sorted((REPO / "tests" / "outlets").glob("*.json"))
}
SCHEMA = json.loads((REPO / "ikpcrawl" / "schema" / "article.schema.json").read_text("utf-8"))
GENERIC_INSERTS = ("Baca juga", "BACA JUGA", "ADVERTISEMENT", "SCROLL TO", "Baca Juga")
ARTICLES = [(name, a) for name, spec in SPECS.items() for a in spec["articles"]]


def page_bytes(url: str) -> bytes:
    parts = urlsplit(url)
    found = resolve_file(SAMPLE_SITES, parts.hostname or "", parts.path.lstrip("/"), parts.query)
    assert found, f"no fixture file for {url}"
    return found[0].read_bytes()


def extract(url: str, spider: str, body: bytes | None = None) -> Article:
    outlet = spiders()[spider].outlet
    response = HtmlResponse(url=url, body=body if body is not None else page_bytes(url))
    return clean_article(extract_article(response, outlet), outlet)


def token_f1(got: str, want: str) -> float:
    return token_prf(got, want)[2]


def check(item: dict[str, Any], truth: dict[str, Any], *, whole_body: bool = True) -> None:
    for name in ("title", "published_at", "authors", "editor", "dateline", "section"):
        if name in truth:
            assert item[name] == truth[name], name
    if whole_body or not truth.get("multipage"):
        assert item["body"].split("\n\n") == truth["paragraphs"]
    for text in (*GENERIC_INSERTS, *truth.get("absent", [])):
        assert text not in item["body"], text


def test_every_outlet_has_a_spec() -> None:
    assert len(SPECS) >= 1
    missing = set(spiders()) - set(SPECS) - {"optika"}
    assert not missing, f"outlets without fixtures: {sorted(missing)}"


@pytest.mark.parametrize(("spider", "truth"), ARTICLES, ids=[a["url"] for _, a in ARTICLES])
def test_extractor_on_saved_page(spider: str, truth: dict[str, Any]) -> None:
    article = extract(truth["fetch_url"] if "fetch_url" in truth else truth["url"], spider)
    check(article.to_dict(), truth, whole_body=False)
    assert article.canonical_url == canonicalize_url(truth["url"])


@pytest.mark.parametrize("spider", sorted(SPECS))
def test_cascade_survives_a_redesign(spider: str) -> None:
    """Every class and data-* attribute removed: selectors miss, metadata and the generic
    extractor hold."""
    truth = next(a for a in SPECS[spider]["articles"] if not a.get("multipage"))
    url = truth.get("fetch_url", truth["url"])
    html = re.sub(rb'\s(?:class|data-[\w-]+)="[^"]*"', b"", page_bytes(url))
    article = extract(url, spider, html)
    assert article.title == truth["title"]
    assert article.published_at == truth["published_at"]
    assert article.sources["body"] in ("page", "generic")
    assert token_f1(article.body, "\n\n".join(truth["paragraphs"])) >= 0.9


@pytest.mark.e2e
@pytest.mark.parametrize(
    "spider",
    [
        pytest.param(s, marks=pytest.mark.browser) if spiders()[s].outlet.javascript else s
        for s in sorted(SPECS)
    ],
)
def test_crawl_exports_the_fixture_site(spider: str, sample_site: Site, tmp_path: Path) -> None:
    spec = SPECS[spider]
    if spiders()[spider].outlet.javascript is not None:
        from tests.test_rendering import need_browser

        need_browser()
    proc, items, stats = run_crawl(
        spider,
        sample_site,
        tmp_path,
        "-a",
        "election_only=true",
        *spec.get("crawl", {}).get("args", []),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert stats["finish_reason"] == "finished"
    expected = {
        canonicalize_url(a["url"]): a for a in spec["articles"] if a.get("election_relevant", True)
    }
    got = {i["canonical_url"]: i for i in items}
    assert len(got) == len(items), "an article was exported twice"
    assert set(got) == set(expected)
    for url, item in got.items():
        jsonschema.validate(item, SCHEMA)
        check(item, expected[url])
        assert item["outlet"] == spiders()[spider].outlet.name
        assert item["election"]["relevant"] is True
    for path in spec.get("crawl", {}).get("not_fetched", []):
        assert sample_site.hits(path) == 0, path
    irrelevant = sum(1 for a in spec["articles"] if not a.get("election_relevant", True))
    assert stats.get("ikpcrawl/dropped/not_election", 0) == irrelevant
