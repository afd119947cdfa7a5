"""Election keywords: whole words, any case, the longest keyword at a place, list spelling."""

from __future__ import annotations

import pytest

from ikpcrawl.enrich.relevance import election_relevance, load_keywords


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Pemilu Serentak digelar tahun depan.", ["pemilu serentak"]),  # longest, not "pemilu"
        ("Dugaan MONEY POLITICS di desa itu.", ["money politics"]),  # not "money politic"
        ("Laporan politik uang masuk ke kpud.", ["politik uang", "KPUD"]),  # list spelling
        ("Pemilunya ditunda; KPUDesa bukan lembaga.", []),  # inside longer words: no match
        ("Harga beras naik lagi.", []),
    ],
)
def test_keywords_match_whole_words_longest_first(text: str, matched: list[str]) -> None:
    result = election_relevance(None, text)
    assert result == {"relevant": bool(matched), "matched": matched}


def test_every_listed_keyword_matches_itself_in_any_case() -> None:
    for keyword in load_keywords():
        for variant in (keyword, keyword.upper(), keyword.lower()):
            found = election_relevance(None, f"Menurut berita ({variant}), hari ini.")["matched"]
            assert [f.lower() for f in found] == [keyword.lower()], variant
