from __future__ import annotations

import pytest

from ikpcrawl.crawl.urls import article_id, canonicalize_url, same_site


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("https://optika.id/pemilu-2024", "https://optika.id/pemilu-2024"),
        ("http://optika.id/pemilu-2024/", "https://optika.id/pemilu-2024"),
        (
            "https://www.optika.id/pemilu-2024?utm_source=feed&utm_medium=rss",
            "https://optika.id/pemilu-2024",
        ),
        ("https://m.optika.id/pemilu-2024#komentar", "https://optika.id/pemilu-2024"),
        ("https://optika.id/pemilu-2024/amp", "https://optika.id/pemilu-2024"),
        (
            "https://nasional.kompas.com/read/2024/02/14/1/x?page=all",
            "https://nasional.kompas.com/read/2024/02/14/1/x",
        ),
        ("https://OPTIKA.ID/pemilu-2024?fbclid=abc", "https://optika.id/pemilu-2024"),
    ],
)
def test_url_variants_share_one_canonical_form(variant: str, canonical: str) -> None:
    assert canonicalize_url(variant) == canonical


def test_meaningful_query_is_kept_and_sorted() -> None:
    assert canonicalize_url("https://kpu.go.id/berita?id=5&cat=2") == (
        "https://kpu.go.id/berita?cat=2&id=5"
    )


def test_article_id_is_stable_and_distinct() -> None:
    a = article_id(canonicalize_url("https://optika.id/a?utm_source=x"))
    assert a == article_id("https://optika.id/a")
    assert a != article_id("https://optika.id/b")
    assert len(a) == 16


def test_same_site_accepts_subdomains_only() -> None:
    assert same_site("https://news.detik.com/x", ("detik.com",))
    assert not same_site("https://notdetik.com/x", ("detik.com",))
    assert not same_site("https://detik.com.evil.example/x", ("detik.com",))
