"""Extractor tier: the real Optika.id article (corpus seed) inside an Optika-style page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from ikpcrawl.extract import extract_article
from ikpcrawl.extract.cleaning import clean_article
from ikpcrawl.items import Article
from ikpcrawl.spiders.optika import OptikaSpider
from tests.conftest import optika_site_module

SEED = "seed/optika-kemendagri-sosialisasi-ikp-2024.txt"
URL = "https://optika.id/kemendagri-sosialisasi-indeks-kerawanan-pemilu-2024"


def seed_page(corpus: Path, **extra: Any) -> tuple[str, list[str]]:
    """An Optika-style page built around the seed text, and the paragraphs it must yield.

    The seed is the article as a naive scraper captured it; its lines are mapped back to the
    page elements they came from (paragraphs, "Baca Juga" links, the ad slot, the editor line).
    """
    lines = [ln.strip() for ln in (corpus / SEED).read_text("utf-8").split("\n") if ln.strip()]
    title, author_line, _role, date_line = lines[:4]
    assert lines[4] == title  # the seed repeats the headline above the body
    blocks: list[tuple[str, str]] = []
    paragraphs: list[str] = []
    for line in lines[5:]:
        if line == "BERITA TERBARU":
            break
        if line.startswith("Baca Juga:"):
            blocks.append(("baca_juga", line.removeprefix("Baca Juga:").strip()))
        elif line == "ADVERTISEMENT":
            blocks.append(("ad", ""))
        elif line == "SCROLL TO RESUME CONTENT":
            continue  # rendered by the ad slot itself
        elif line.startswith("Editor :"):
            blocks.append(("editor", line.removeprefix("Editor :").strip()))
        else:
            blocks.append(("p", line))
            paragraphs.append(line.removeprefix("Optika.id - "))
    page = optika_site_module().render_article(
        {
            "slug": URL.rsplit("/", 1)[1],
            "title": title,
            "authors": [author_line.removeprefix("author ").strip()],
            "date_line": date_line,
            "section": "Politik",
            "blocks": blocks,
            **extra,
        }
    )
    return page, paragraphs


def extract(page: str) -> Article:
    response = HtmlResponse(url=URL, body=page.encode("utf-8"), encoding="utf-8")
    return clean_article(extract_article(response, OptikaSpider.outlet), OptikaSpider.outlet)


@pytest.mark.corpus
def test_seed_article_comes_out_exactly_right(corpus: Path) -> None:
    page, paragraphs = seed_page(corpus)
    article = extract(page)
    assert article.title == "Kemendagri Sosialisasi Indeks Kerawanan Pemilu 2024"
    assert article.authors == ["Uswatun Hasanah"]
    assert article.editor == "Pahlevi"
    assert article.published_at == "2022-12-27T14:08:00+07:00"
    assert article.date_raw == "Selasa, 27 Des 2022 14:08 WIB"
    assert article.dateline == "Optika.id"
    assert article.body.split("\n\n") == paragraphs
    assert len(paragraphs) == 8
    for insert in (
        "Baca Juga",
        "ADVERTISEMENT",
        "SCROLL TO RESUME",
        "Editor",
        "BERITA TERBARU",
        "Optika.id -",
        "Pewarta",
    ):
        assert insert not in article.body
    assert "Selasa (27/12/2022)" in article.body  # legitimate text is kept
    assert article.canonical_url == URL
    assert article.word_count == len(article.body.split())
    # No JSON-LD or article:* tags on this page: meta author, selectors and the byline do.
    assert article.sources == {
        "canonical_url": "page",
        "title": "meta",
        "published_at": "selector",
        "authors": "meta",
        "body": "selector",
        "section": "selector",
        "image_url": "meta",
        "editor": "page",
    }


@pytest.mark.corpus
def test_structured_data_wins_over_selectors(corpus: Path) -> None:
    page, _ = seed_page(corpus, jsonld=True, published_at="2022-12-27T14:08:00+07:00")
    article = extract(page)
    assert article.published_at == "2022-12-27T14:08:00+07:00"
    assert article.sources["published_at"] == "jsonld"
    assert article.sources["authors"] == "jsonld"
    assert article.sources["title"] == "jsonld"


@pytest.mark.corpus
def test_broken_selectors_fall_through_to_generic(corpus: Path) -> None:
    """A redesign that renames every class: the cascade still yields the article."""
    page, paragraphs = seed_page(corpus)
    for old in ("post-content", "post-date", "post-title", "post-author", "author-name"):
        page = page.replace(old, f"x{old}9")
    article = extract(page)
    assert article.title == "Kemendagri Sosialisasi Indeks Kerawanan Pemilu 2024"
    assert article.published_at == "2022-12-27T14:08:00+07:00"
    assert article.sources["body"] in ("page", "generic")
    assert article.sources["published_at"] == "page"
    body = article.body
    assert "Baca Juga" not in body and "ADVERTISEMENT" not in body
    for paragraph in paragraphs:
        assert paragraph in body


@pytest.mark.corpus
def test_cli_extract_prints_the_same_article(corpus: Path, tmp_path: Path) -> None:
    page, paragraphs = seed_page(corpus)
    html = tmp_path / "seed.html"
    html.write_text(page, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ikpcrawl", "extract", str(html), "--url", URL],
        capture_output=True,
        text=True,
        check=True,
    )
    printed = json.loads(proc.stdout)
    assert printed["editor"] == "Pahlevi"
    assert printed["body"].split("\n\n") == paragraphs


@pytest.mark.corpus
def test_cli_batch_keeps_order_and_reports_bad_files(corpus: Path, tmp_path: Path) -> None:
    import gzip

    page, _ = seed_page(corpus)
    plain, packed = tmp_path / "a.html", tmp_path / "b.html.gz"
    plain.write_text(page, encoding="utf-8")
    packed.write_bytes(gzip.compress(page.encode("utf-8")))
    lines = [
        {"file": str(plain), "url": URL},
        {"file": str(tmp_path / "missing.html"), "url": URL},
        {"file": str(packed), "url": URL},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\nnot json\n"
    proc = subprocess.run(
        [sys.executable, "-m", "ikpcrawl", "extract", "--batch"],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 9, proc.stderr  # partial: two inputs could not be extracted
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o.get("file") for o in out[:3]] == [x["file"] for x in lines]
    assert out[0]["editor"] == out[2]["editor"] == "Pahlevi"
    assert "error" in out[1] and "missing.html" in out[1]["file"]
    assert "error" in out[3]


def test_cli_extract_errors_are_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ikpcrawl", "extract", str(tmp_path / "nope"), "--url", URL],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr


@pytest.mark.parametrize("missing", ["--url"])
def test_cli_extract_requires_url(tmp_path: Path, missing: str) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    proc = subprocess.run(
        [sys.executable, "-m", "ikpcrawl", "extract", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and missing in proc.stderr
