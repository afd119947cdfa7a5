"""End to end: `scrapy crawl optika` in a subprocess against the sample site, via the mirror."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ikpcrawl.crawl.urls import canonicalize_url
from tests.conftest import REPO, SAMPLE_SITES, Site, run_crawl

pytestmark = pytest.mark.e2e

MANIFEST = json.loads((SAMPLE_SITES / "optika.id" / "MANIFEST.json").read_text("utf-8"))
SCHEMA = json.loads((REPO / "ikpcrawl" / "schema" / "article.schema.json").read_text("utf-8"))
INSERTS = (
    "Baca Juga",
    "ADVERTISEMENT",
    "SCROLL TO RESUME CONTENT",
    "Editor :",
    "BERITA TERBARU",
    "Optika.id -",
    "Bagikan",
)


def expected(predicate: Any = None) -> dict[str, dict[str, Any]]:
    return {
        canonicalize_url(a["url"]): a
        for a in MANIFEST["articles"]
        if a["expected"] == "exported" and (predicate is None or predicate(a))
    }


def check_article(item: dict[str, Any], truth: dict[str, Any]) -> None:
    jsonschema.validate(item, SCHEMA)
    assert item["title"] == truth["title"]
    assert item["authors"] == truth["authors"]
    assert item["editor"] == truth["editor"]
    assert item["published_at"] == truth["published_at"]
    assert item["section"] == truth["section"]
    assert item["body"] == "\n\n".join(truth["paragraphs"])
    assert item["outlet"] == "optika.id"
    assert item["dateline"] == "Optika.id"
    for insert in INSERTS:
        assert insert not in item["body"], insert


def test_full_crawl_exports_every_article_once(sample_site: Site, tmp_path: Path) -> None:
    proc, items, stats = run_crawl("optika", sample_site, tmp_path)
    # The site has one article that answers 500: everything else is written, and the exit code
    # and the last line say the crawl was partial and why.
    assert proc.returncode == 9, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("scrapy crawl optika: partial: 20 article(s) written"), last
    assert "http_5xx 1" in last and last.endswith("(exit code 9)"), last
    # robots.txt is read once (Scrapy's fetch; discovery takes its Sitemap: lines from there).
    assert sample_site.hits("/optika.id/robots.txt") == 1
    files = list((tmp_path / "optika").glob("*.jsonl"))
    assert len(files) == 1, files
    assert not list(tmp_path.rglob("*.part")), "a temporary feed file was left behind"

    truth = expected()
    by_url = {item["canonical_url"]: item for item in items}
    assert len(by_url) == len(items), "an article was exported twice"
    assert set(by_url) == set(truth)
    for url, item in by_url.items():
        check_article(item, truth[url])

    dropped_no_body = sum(1 for a in MANIFEST["articles"] if a["expected"] == "dropped:no_body")
    failed_500 = sum(1 for a in MANIFEST["articles"] if a["expected"] == "error:500")
    assert stats.get("ikpcrawl/dropped/missing_body", 0) == dropped_no_body
    assert stats.get("ikpcrawl/failed/http_500", 0) == failed_500
    assert stats["finish_reason"] == "finished"
    # robots.txt disallows /search/: the listing links there, and it is never fetched.
    assert sample_site.hits("/optika.id/search/?q=pemilu") == 0
    assert not any(k.startswith("/optika.id/search") for k in sample_site.server.hits.snapshot())
    # Every discovery path was used.
    for via in ("sitemap", "feed", "listing"):
        assert stats.get(f"ikpcrawl/discovery/article_links/{via}", 0) > 0, via
    # Offsite links (facebook, twitter) never reached the mirror.
    assert all(k.startswith("/optika.id/") for k in sample_site.server.hits.snapshot())


def test_date_window_limits_fetching_and_export(sample_site: Site, tmp_path: Path) -> None:
    since, until = "2023-06-01", "2023-12-31"
    proc, items, stats = run_crawl(
        "optika", sample_site, tmp_path, "-a", f"since={since}", "-a", f"until={until}"
    )
    # 9 when the article that answers 500 is among those fetched (listings state no dates).
    assert proc.returncode == (9 if stats.get("ikpcrawl/failed/http_500") else 0), proc.stderr

    def inside(a: dict[str, Any]) -> bool:
        day = datetime.fromisoformat(a["published_at"]).date().isoformat()
        return since <= day <= until

    truth = expected(inside)
    assert truth, "the sample site must have articles inside the window"
    assert {i["canonical_url"] for i in items} == set(truth)
    for item in items:
        check_article(item, truth[item["canonical_url"]])
    # Articles that the sitemap or feed dates outside the window are never fetched (listing
    # pages state no dates, so what a listing links to is fetched and dropped afterwards).
    assert stats.get("ikpcrawl/discovery/skipped_by_date", 0) > 0
    assert stats.get("ikpcrawl/dropped/outside_date_window", 0) > 0
    for article in MANIFEST["articles"]:
        on_listing = any(v.startswith("listing") for v in article["discovered_via"])
        if article["expected"] == "exported" and not inside(article) and not on_listing:
            assert sample_site.hits(f"/optika.id/{article['slug']}") == 0, article["slug"]


def test_bad_arguments_give_one_line_and_exit_2(sample_site: Site, tmp_path: Path) -> None:
    proc, items, _ = run_crawl("optika", sample_site, tmp_path, "-a", "since=27/12/2022")
    assert proc.returncode == 2
    assert "since" in proc.stderr and "YYYY-MM-DD" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert items == []


def test_child_sitemaps_are_fetched_one_after_another(tmp_path: Path) -> None:
    """The queue holds one child sitemap's links at a time (memory stays flat on big sites),
    and a child that fails does not stop the ones after it."""
    from ikpcrawl.ops.devserver import serve
    from tests.bigsite import build

    urls = build(tmp_path / "site", 600)  # children of 250, 250 and 100 links
    (tmp_path / "site" / "optika.id" / "post-sitemap2.xml").unlink()  # a 404
    server, base_url = serve(tmp_path / "site")
    try:
        proc, items, _ = run_crawl(
            "optika",
            Site(base_url, server),
            tmp_path / "out",
            env={"IKPCRAWL_LOG_LEVEL": "DEBUG", "IKPCRAWL_CONCURRENCY_PER_DOMAIN": "8"},
        )
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 0, proc.stderr[-2000:]
    expected = set(urls[:250] + urls[500:])
    assert {item["url"] for item in items} == expected
    assert len(items) == len(expected)
    crawled = re.findall(r"Crawled \((\d+)\) <GET https://optika\.id/([^>\s]+)>", proc.stderr)
    order = [path for _, path in crawled]
    first_child, third_child = order.index("post-sitemap1.xml"), order.index("post-sitemap3.xml")
    of_first = {u.rsplit("/", 1)[1] for u in urls[:250]}
    # When the next child sitemap arrives, the first child's articles have all been handed to
    # the downloader: at most its concurrency (8) of them are still in flight.
    done_before = sum(1 for path in order[first_child:third_child] if path in of_first)
    assert done_before >= 250 - 8
    assert "Discovery page not fetched (http_404): https://optika.id/post-sitemap2.xml" in (
        proc.stderr
    )
