from __future__ import annotations

import re

import pytest

from ikpcrawl.extract.boilerplate import clean_paragraphs, parse_byline


@pytest.mark.parametrize(
    "insert",
    [
        "Baca Juga: Gagal Maju Pilgub Jadi Hal Untung bagi Anies, Kok Bisa?",
        "BACA JUGA: KPU Tetapkan DPT",
        "ADVERTISEMENT",
        "SCROLL TO RESUME CONTENT",
        "SCROLL TO CONTINUE WITH CONTENT",
        "BERITA TERBARU",
        "Simak Video: Debat Capres",
        "Saksikan Live DetikSore",
        "Baca berita dengan sedikit iklan, klik di sini",
        'Artikel ini telah tayang di Kompas.com dengan judul "X"',
        "Pilihan Editor: Bawaslu Temukan Politik Uang",
        "Silakan baca konten menarik lainnya dari JPNN.com di Google News",
    ],
)
def test_inserts_are_dropped(insert: str) -> None:
    kept = clean_paragraphs(["Paragraf pertama yang sah.", insert, "Paragraf kedua."])
    assert kept.paragraphs == ["Paragraf pertama yang sah.", "Paragraf kedua."]
    assert kept.dropped == 1


def test_legitimate_parentheses_are_kept() -> None:
    text = "Bawaslu merilis IKP di Jakarta, Selasa (27/12/2022), termasuk data pemilih (DPT)."
    assert clean_paragraphs([text]).paragraphs == [text]


def test_editor_and_pewarta_move_to_fields() -> None:
    result = clean_paragraphs(["Isi berita.", "Pewarta: Uswatun Hasanah", "Editor : Pahlevi"])
    assert result.paragraphs == ["Isi berita."]
    assert result.authors == ["Uswatun Hasanah"]
    assert result.editor == "Pahlevi"


def test_antara_run_together_footer() -> None:
    roles = parse_byline("Pewarta: Fulan SavitriEditor: Budi Santoso COPYRIGHT © ANTARA 2024")
    # "SavitriEditor" is split at the role word even without a space.
    assert roles == {"pewarta": ["Fulan Savitri"], "editor": ["Budi Santoso"]}


def test_byline_shapes_are_only_trusted_at_the_tail() -> None:
    early = "Editor: kata yang muncul di awal bukan byline"
    body = [early] + [f"Paragraf {i}." for i in range(6)]
    assert clean_paragraphs(body).paragraphs[0] == early


@pytest.mark.parametrize(
    ("first", "dateline", "rest"),
    [
        (
            "JAKARTA, KOMPAS.com - Komisi Pemilihan Umum",
            "JAKARTA, KOMPAS.com",
            "Komisi Pemilihan Umum",
        ),
        ("Jakarta (ANTARA) - Bawaslu RI", "Jakarta (ANTARA)", "Bawaslu RI"),
        ("Liputan6.com, Jakarta - KPU", "Liputan6.com, Jakarta", "KPU"),
        ("REPUBLIKA.CO.ID, JAKARTA -- Partai", "REPUBLIKA.CO.ID, JAKARTA", "Partai"),
        ("Optika.id - Dirjen Politik", "Optika.id", "Dirjen Politik"),
    ],
)
def test_datelines_are_lifted(first: str, dateline: str, rest: str) -> None:
    result = clean_paragraphs([first, "Kedua."])
    assert result.dateline == dateline
    assert result.paragraphs[0] == rest


def test_trailing_initials_are_removed_from_the_last_paragraph_only() -> None:
    result = clean_paragraphs(["Awal (mbr/mbr) tetap.", "Akhir berita. (mbr/mbr)"])
    assert result.paragraphs == ["Awal (mbr/mbr) tetap.", "Akhir berita."]


def test_outlet_patterns_and_gambas() -> None:
    extra = (re.compile(r"^kumparanNEWS$", re.IGNORECASE),)
    result = clean_paragraphs(
        ["Isi [Gambas:Video CNN] berita.", "kumparanNEWS"], extra_patterns=extra
    )
    assert result.paragraphs == ["Isi berita."]
