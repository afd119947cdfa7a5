"""Election enrichment (ikpcrawl.enrich.labels): data files, matching rules, real corpus text.

The table sentences are written for these tests; the corpus tests read ../shared/corpus at test
time (skipped, with the reason, where it is absent).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ikpcrawl.enrich.labels import (
    enrich,
    load_contests,
    load_ikp_dimensions,
    load_issues,
    load_regions,
    validate_data,
)
from ikpcrawl.schema import load_schema, validator

SEED = "seed/optika-kemendagri-sosialisasi-ikp-2024.txt"


def subdims(result: dict[str, Any]) -> dict[str, list[str]]:
    return {d["sub_dimension"]: d["matched"] for d in result["ikp_dimensions"]}


def issues(result: dict[str, Any]) -> dict[str, list[str]]:
    return {d["issue"]: d["matched"] for d in result["issues"]}


def contests(result: dict[str, Any]) -> dict[str, list[str]]:
    return {d["contest"]: d["matched"] for d in result["contest"]}


def regions(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in result["regions"]}


# ------------------------------------------------------------------------------------------
# Data files
# ------------------------------------------------------------------------------------------


def test_data_files_validate() -> None:
    assert validate_data() == []


def test_all_38_provinces_with_unique_kemendagri_codes() -> None:
    provinces = load_regions()["provinces"]
    codes = [p["code"] for p in provinces]
    assert len(codes) == len(set(codes)) == 38
    by_code = {p["code"]: p["name"] for p in provinces}
    assert by_code["11"] == "Aceh"
    assert by_code["31"] == "DKI Jakarta"
    assert by_code["32"] == "Jawa Barat"
    # Kemendagri (not BPS) codes of the six Papua provinces
    assert {c: by_code[c] for c in ("91", "92", "93", "94", "95", "96")} == {
        "91": "Papua",
        "92": "Papua Barat",
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }


def test_514_kabupaten_kota() -> None:
    kabkota = load_regions()["kabupaten_kota"]
    assert len(kabkota) == len({k["code"] for k in kabkota}) == 514
    per_province: dict[str, int] = {}
    for k in kabkota:
        per_province[k["province_code"]] = per_province.get(k["province_code"], 0) + 1
    assert per_province["32"] == 27  # Jawa Barat: 18 kabupaten, 9 kota
    assert per_province["35"] == 38  # Jawa Timur
    assert per_province["91"] == 9  # Papua after the 2022 split
    assert (per_province["93"], per_province["94"], per_province["95"], per_province["96"]) == (
        4,
        8,
        8,
        6,
    )
    names = {k["code"]: k["name"] for k in kabkota}
    assert names["3273"] == "Kota Bandung"
    assert names["3204"] == "Kabupaten Bandung"
    assert names["9407"] == "Kabupaten Intan Jaya"
    assert names["9501"] == "Kabupaten Jayawijaya"


def test_ikp_2024_structure() -> None:
    structure = {
        d["dimension"]: [s["sub_dimension"] for s in d["sub_dimensions"]]
        for d in load_ikp_dimensions()["dimensions"]
    }
    assert structure == {
        "Konteks Sosial dan Politik": [
            "Keamanan",
            "Otoritas Penyelenggara Pemilu",
            "Otoritas Penyelenggara Negara",
        ],
        "Penyelenggaraan Pemilu": [
            "Hak Memilih",
            "Pelaksanaan Kampanye",
            "Pelaksanaan Pemungutan Suara",
            "Ajudikasi dan Keberatan Pemilu",
            "Pengawasan Pemilu",
        ],
        "Kontestasi": ["Hak Dipilih", "Kampanye Calon"],
        "Partisipasi": ["Partisipasi Pemilih", "Partisipasi Kelompok Masyarakat"],
    }


def test_issue_and_contest_labels() -> None:
    assert [i["issue"] for i in load_issues()["issues"]] == [
        "politik uang",
        "netralitas ASN/TNI/Polri",
        "SARA/politik identitas",
        "hoaks/disinformasi",
        "kekerasan/intimidasi",
        "DPT/data pemilih",
        "logistik",
        "pemungutan dan penghitungan suara",
        "kampanye",
        "sengketa dan penegakan hukum",
        "partisipasi/golput",
        "bencana/geografis",
    ]
    parents = {c["contest"]: c["parent"] for c in load_contests()["contests"]}
    assert {"pilpres", "pileg", "pilkada", "pilkades", "PSU"} <= set(parents)
    assert parents["pilgub"] == parents["pilbup"] == parents["pilwalkot"] == "pilkada"
    assert parents["pileg DPR"] == parents["pileg DPD"] == parents["pileg DPRD"] == "pileg"


def test_validate_data_reports_problems() -> None:
    reg = copy.deepcopy(load_regions())
    reg["provinces"].append(dict(reg["provinces"][0]))  # duplicate code 11 (and its terms)
    reg["kabupaten_kota"][0]["province_code"] = "10"  # no such province
    reg["kabupaten_kota"][1]["terms"] = []
    reg["kabupaten_kota"][2]["code"] = reg["kabupaten_kota"][3]["code"]
    reg["ambiguous"][0]["default"] = "9999"
    iss = copy.deepcopy(load_issues())
    iss["issues"][0]["terms"] = []
    con = copy.deepcopy(load_contests())
    con["contests"][-1]["parent"] = "pemilihan antariksa"
    problems = validate_data(issues=iss, contests=con, regions=reg)
    assert all("\n" not in problem for problem in problems)  # one line each
    text = "\n".join(problems)
    expected = [
        "regions.json at provinces[38].code: duplicate province code 11",
        "regions.json at kabupaten_kota[0].province_code (code '1101'): unknown province '10'",
        "regions.json at kabupaten_kota[1].terms (code '1102'): must contain at least 1",
        "regions.json at kabupaten_kota[3].code: duplicate kab/kota code 1104",
        "regions.json at ambiguous[0].default (term 'Solok'): default '9999' is not a candidate",
        "election_issues.json at issues[0].terms (issue 'politik uang'): must contain at least 1",
        "election_contests.json at contests[11].parent (contest 'PSU'): unknown parent "
        "'pemilihan antariksa'",
    ]
    assert [line for line in expected if line not in text] == []


SCHEMAS = {
    "ikp_dimensions": load_ikp_dimensions,
    "election_issues": load_issues,
    "election_contests": load_contests,
    "regions": load_regions,
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_data_file_satisfies_its_schema(name: str) -> None:
    # the validator the exported articles use
    assert [e.message for e in validator(load_schema(name)).iter_errors(SCHEMAS[name]())] == []


DELETE = object()  # a key removed rather than set


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        # structure: the schema
        (("provinces", 3, "code"), DELETE, "regions.json at provinces[3]: must contain ['code'"),
        (
            ("provinces", 0, "terms", 1),
            12,
            "regions.json at provinces[0].terms[1] (code '11'): must be string (got 12)",
        ),
        (("provinces", 0, "code"), "1", "regions.json at provinces[0].code: must match pattern"),
        (
            ("kabupaten_kota", 0, "terms", 0),
            " Aceh Selatan",
            "regions.json at kabupaten_kota[0].terms[0] (code '1101'): must match pattern",
        ),
        (
            ("kabupaten_kota", 0, "type"),
            "kota",  # 1101 is a kabupaten code (01-69); a kota ends in 71-99
            "regions.json at kabupaten_kota[0].code: must match pattern",
        ),
        (
            ("kabupaten_kota", 0, "kind"),
            "kabupaten",  # a key the file does not know
            "regions.json at kabupaten_kota[0] (code '1101'): must not contain {'kind'}",
        ),
        (
            ("ambiguous", 0, "candidates"),
            ["1372"],
            "regions.json at ambiguous[0].candidates (term 'Solok'): must contain at least 2",
        ),
        (("kabupaten_kota",), [], "regions.json at kabupaten_kota: must contain at least 1"),
        # across records: Python
        (
            ("kabupaten_kota", 0, "terms", 5),
            "Aceh",
            "regions.json at kabupaten_kota[0].terms[5] (code '1101'): "
            "term 'Aceh' names both province 11 and kab/kota 1101",
        ),
        (
            ("provinces", 0, "terms", 2),
            "aceh",
            "regions.json at provinces[0].terms[2] (code '11'): term 'aceh' repeats 'Aceh'",
        ),
        (
            ("ambiguous", 0, "candidates"),
            ["1372", "3273"],
            "regions.json at ambiguous[0].candidates (term 'Solok'): "
            "candidates must share one province",
        ),
        (
            ("ambiguous", 0, "candidates"),
            ["1372", "1399"],
            "regions.json at ambiguous[0].candidates (term 'Solok'): no kab/kota has code '1399'",
        ),
    ],
)
def test_broken_regions_rejected_with_path(
    path: tuple[str | int, ...], value: Any, expected: str
) -> None:
    regions = copy.deepcopy(load_regions())
    *parents, last = path
    node: Any = regions
    for part in parents:
        node = node[part]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value
    problems = validate_data(regions=regions)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_broken_label_files_rejected_with_path() -> None:
    dims = copy.deepcopy(load_ikp_dimensions())
    dims["dimensions"][1]["sub_dimensions"][0]["sub_dimension"] = "Keamanan"
    assert validate_data(dimensions=dims) == [
        "ikp_dimensions.json at dimensions[1].sub_dimensions[0].sub_dimension: "
        "duplicate sub-dimension Keamanan (also at dimensions[0].sub_dimensions[0].sub_dimension)"
    ]
    dims["dimensions"][0]["sub_dimensions"] = []
    assert validate_data(dimensions=dims)[0] == (
        "ikp_dimensions.json at dimensions[0].sub_dimensions "
        "(dimension 'Konteks Sosial dan Politik'): must contain at least 1 items"
    )
    iss = copy.deepcopy(load_issues())
    iss["issues"][0]["context_terms"].append(["amplop"])
    assert validate_data(issues=iss)[0].startswith(
        "election_issues.json at issues[0].context_terms[5] (issue 'politik uang'): must be string"
    )
    con = copy.deepcopy(load_contests())
    con["contests"][1]["parent"] = "pilpres"
    con["ignore"].append("uu  pemilu")
    assert validate_data(contests=con) == [
        "election_contests.json at contests[1].parent (contest 'pilpres'): "
        "parent 'pilpres' is the contest itself",
        "election_contests.json at ignore[13]: term 'uu  pemilu' repeats 'UU Pemilu'",
    ]


def test_validate_data_survives_any_shape() -> None:
    problems = validate_data(
        dimensions={"dimensions": "none"},
        issues={"issues": [None, {"issue": 3}]},
        contests={},
        regions={"provinces": [{"code": 11}], "kabupaten_kota": {"1101": {}}, "ambiguous": [7]},
    )
    assert [p.split(":")[0] for p in problems] == [
        "ikp_dimensions.json at dimensions",
        "election_issues.json at issues[0]",
        "election_contests.json",
        "regions.json at provinces[0]",
    ]


# ------------------------------------------------------------------------------------------
# Table tests on short sentences
# ------------------------------------------------------------------------------------------

DIMENSION_CASES = [
    (
        "Bawaslu temukan serangan fajar jelang pencoblosan",
        {
            "Pengawasan Pemilu": ["Bawaslu"],
            "Kampanye Calon": ["serangan fajar"],
            "Pelaksanaan Pemungutan Suara": ["pencoblosan"],
        },
    ),
    (
        "KPU menetapkan daftar pemilih tetap (DPT) sebanyak 204 juta pemilih.",
        {
            "Otoritas Penyelenggara Pemilu": ["KPU"],
            "Hak Memilih": ["daftar pemilih tetap", "DPT"],
        },
    ),
    (
        "Bentrokan antarpendukung pecah di depan kantor KPU; polisi menyelidiki intimidasi "
        "terhadap pemilih.",
        {
            "Keamanan": ["bentrokan antarpendukung", "intimidasi terhadap pemilih"],
            "Otoritas Penyelenggara Pemilu": ["KPU"],
        },
    ),
    (
        "Bawaslu meminta netralitas ASN dijaga selama masa kampanye.",
        {
            "Pengawasan Pemilu": ["Bawaslu"],
            "Otoritas Penyelenggara Negara": ["netralitas ASN"],
            "Pelaksanaan Kampanye": ["masa kampanye"],
        },
    ),
    (
        "Sengketa hasil pilkada disidangkan di Mahkamah Konstitusi.",
        {"Ajudikasi dan Keberatan Pemilu": ["sengketa hasil pilkada", "Mahkamah Konstitusi"]},
    ),
    (
        "Pendaftaran bakal pasangan calon perseorangan ditutup; syarat dukungan kurang.",
        {"Hak Dipilih": ["pendaftaran bakal pasangan calon", "syarat dukungan"]},
    ),
    (
        "Tingkat partisipasi pemilih naik dan angka golput turun, kata Perludem.",
        {
            "Partisipasi Pemilih": ["tingkat partisipasi pemilih", "angka golput"],
            "Partisipasi Kelompok Masyarakat": ["Perludem"],
        },
    ),
]


@pytest.mark.parametrize(("body", "expected"), DIMENSION_CASES)
def test_ikp_dimensions(body: str, expected: dict[str, list[str]]) -> None:
    assert subdims(enrich(None, body)) == expected


ISSUE_CASES = [
    (
        "Polisi menyita amplop serangan fajar dan mengusut politik uang.",
        # "amplop" is a context term: it counts because "serangan fajar" made it an election
        # story; matched words keep their order of appearance
        {"politik uang": ["amplop", "serangan fajar", "politik uang"]},
    ),
    (
        "Bawaslu menerima laporan hoaks dan kampanye hitam di media sosial.",
        {"hoaks/disinformasi": ["hoaks", "kampanye hitam"]},
    ),
    (
        "Surat suara tertukar ditemukan di Yahukimo.",
        {"logistik": ["surat suara tertukar"]},
    ),
    (
        "Sirekap sempat error dan dugaan penggelembungan suara dilaporkan.",
        {"pemungutan dan penghitungan suara": ["Sirekap", "penggelembungan suara"]},
    ),
    (
        "Sentra Gakkumdu memproses dugaan tindak pidana pemilu.",
        {"sengketa dan penegakan hukum": ["Sentra Gakkumdu", "tindak pidana pemilu"]},
    ),
    (
        "Pantarlih menemukan pemilih ganda saat coklit.",
        {"DPT/data pemilih": ["Pantarlih", "pemilih ganda", "coklit"]},
    ),
    (
        "Kepala desa tidak netral dan ada mobilisasi ASN.",
        {"netralitas ASN/TNI/Polri": ["kepala desa tidak netral", "mobilisasi ASN"]},
    ),
    (
        "Politisasi SARA dan politik identitas menguat jelang pilpres.",
        {"SARA/politik identitas": ["politisasi SARA", "politik identitas"]},
    ),
    (
        "Banjir merendam desa sehingga KPU memindahkan tempat pemungutan suara.",
        {
            "bencana/geografis": ["banjir"],
            "pemungutan dan penghitungan suara": ["tempat pemungutan suara"],
        },
    ),
    (
        "Partai dilarang memakai fasilitas negara; alat peraga kampanye ditertibkan.",
        {"kampanye": ["fasilitas negara", "alat peraga kampanye"]},
    ),
    (
        "Kampanye pilkada diwarnai bentrok.",
        {"kampanye": ["kampanye pilkada"], "kekerasan/intimidasi": ["bentrok"]},
    ),
]


@pytest.mark.parametrize(("body", "expected"), ISSUE_CASES)
def test_issues(body: str, expected: dict[str, list[str]]) -> None:
    assert issues(enrich(None, body)) == expected


CONTEST_CASES = [
    (
        "Capres dan cawapres bersiap untuk debat capres.",
        {"pilpres": ["capres", "cawapres", "debat capres"]},
    ),
    (
        "Caleg DPRD dan calon anggota DPR bersaing dalam pileg.",
        {
            "pileg": ["caleg DPRD", "calon anggota DPR", "pileg"],
            "pileg DPRD": ["caleg DPRD"],
            "pileg DPR": ["calon anggota DPR"],
        },
    ),
    (
        "Pilgub Kalteng: KPU menetapkan calon gubernur.",
        {"pilkada": ["pilgub", "calon gubernur"], "pilgub": ["pilgub", "calon gubernur"]},
    ),
    (
        "Pilkada: calon bupati dan calon wali kota mendaftar.",
        {
            "pilkada": ["pilkada", "calon bupati", "calon wali kota"],
            "pilbup": ["calon bupati"],
            "pilwalkot": ["calon wali kota"],
        },
    ),
    ("Pilkades serentak digelar di 200 desa.", {"pilkades": ["pilkades serentak"]}),
    (
        "Mahkamah Konstitusi memerintahkan pemungutan suara ulang.",
        {"PSU": ["pemungutan suara ulang"]},
    ),
    ("Pemilu 2024 digelar pada 14 Februari.", {"pemilu": ["pemilu"]}),
    # an institution's name says no contest: "Komisi Pemilihan Umum" is consumed by 'ignore'
    ("Komisi Pemilihan Umum menggelar rapat pleno.", {}),
]


@pytest.mark.parametrize(("body", "expected"), CONTEST_CASES)
def test_contest(body: str, expected: dict[str, list[str]]) -> None:
    assert contests(enrich(None, body)) == expected


NOT_ELECTION = [
    # sport: violence words are context terms, not enough on their own
    "Persib menang 2-1; suporter bentrok usai laga dan polisi meredam kerusuhan.",
    # health: DPT is also a vaccine, "kampanye" a health campaign
    "Imunisasi DPT digelar dan kampanye cuci tangan diperluas; warga diminta waspada hoaks.",
    # waste: TPS is also a rubbish dump
    "Sampah menumpuk di TPS liar setelah banjir.",
    # gadget: APK and PSU
    "Unduh APK terbaru dan pastikan PSU komputer cukup daya.",
    # celebrity named Sara; court ruling on another law
    "Sara tampil memukau; MK memutus uji materi UU Cipta Kerja.",
    "Rapat umum pemegang saham menyetujui dividen.",
]


@pytest.mark.parametrize("body", NOT_ELECTION)
def test_no_labels_outside_election_news(body: str) -> None:
    result = enrich("Berita hari ini", body)
    assert result["ikp_dimensions"] == []
    assert result["issues"] == []
    assert result["contest"] == []


def test_acronyms_are_case_sensitive() -> None:
    # "SARA" the acronym counts; "Sara" the name and "psu"/"sara" in lower case do not
    assert "SARA/politik identitas" in issues(enrich(None, "Pilkada rawan isu berbau SARA."))
    named = enrich(None, "Calon gubernur Sara berkampanye di pasar.")
    assert "SARA/politik identitas" not in issues(named)
    assert contests(named) == {"pilkada": ["calon gubernur"], "pilgub": ["calon gubernur"]}
    assert "PSU" in contests(enrich(None, "KPU menggelar PSU di 12 TPS."))
    assert "PSU" not in contests(enrich(None, "KPU menggelar psu di 12 TPS."))
    # an acronym in an all-capitals headline still matches
    assert "Hak Memilih" in subdims(enrich("KPU TETAPKAN DPT PILKADA", None))


def test_whitespace_and_case_variants() -> None:
    result = enrich("POLITIK UANG", "Kota\xa0Bandung\ndan politik\nuang")
    assert issues(result) == {"politik uang": ["politik uang"]}
    assert regions(result)["3273"]["matched"] == ["Kota Bandung"]


def test_title_before_body_and_deterministic() -> None:
    result = enrich("Pilkada di depan mata", "Pilpres sudah lewat; pilkada menyusul.")
    assert [c["contest"] for c in result["contest"]] == ["pilkada", "pilpres"]
    assert result == enrich("Pilkada di depan mata", "Pilpres sudah lewat; pilkada menyusul.")
    assert enrich(None, None) == {"ikp_dimensions": [], "issues": [], "regions": [], "contest": []}


# ------------------------------------------------------------------------------------------
# Regions
# ------------------------------------------------------------------------------------------


def test_region_shape_and_province_implied() -> None:
    result = enrich("Bawaslu Jabar awasi Kota Bandung", None)
    assert result["regions"] == [
        {
            "name": "Jawa Barat",
            "level": "province",
            "code": "32",
            "matched": ["Jabar"],
            "implied_by": ["3273"],
        },
        {
            "name": "Kota Bandung",
            "level": "kabupaten_kota",
            "code": "3273",
            "province_code": "32",
            "matched": ["Kota Bandung"],
            "ambiguous": False,
            "alternatives": [],
        },
    ]
    implied = regions(enrich(None, "Kabupaten Intan Jaya"))
    assert implied["94"]["matched"] == []
    assert implied["94"]["implied_by"] == ["9407"]


BANDUNG_CASES = [
    # bare "Bandung": the city by default, flagged ambiguous with the regency as alternative
    ("Hujan deras mengguyur Bandung.", {"3273": (["Bandung"], True)}),
    # the text names the regency explicitly: bare mentions are the regency
    (
        "Kabupaten Bandung menggelar rapat. Di Bandung, KPU siap.",
        {"3204": (["Kabupaten Bandung", "Bandung"], False)},
    ),
    ("Kab. Bandung dan Bupati Bandung.", {"3204": (["Kab. Bandung", "Bupati Bandung"], False)}),
    ("Bandung, Kota Bandung.", {"3273": (["Bandung", "Kota Bandung"], False)}),
    # both named explicitly: bare mentions go to the default (the city), nothing is ambiguous
    (
        "Kota Bandung dan Kabupaten Bandung; Bandung macet.",
        {"3273": (["Kota Bandung", "Bandung"], False), "3204": (["Kabupaten Bandung"], False)},
    ),
    ("Kabupaten Bandung Barat", {"3217": (["Kabupaten Bandung Barat"], False)}),
    ("Bandung Barat", {"3217": (["Bandung Barat"], False)}),
]


@pytest.mark.parametrize(("body", "expected"), BANDUNG_CASES)
def test_bandung_ambiguity_rule(body: str, expected: dict[str, tuple[list[str], bool]]) -> None:
    got = {
        r["code"]: (r["matched"], r["ambiguous"])
        for r in enrich(None, body)["regions"]
        if r["level"] == "kabupaten_kota"
    }
    assert got == expected
    if expected == {"3273": (["Bandung"], True)}:
        assert regions(enrich(None, body))["3273"]["alternatives"] == ["3204"]


REGION_CASES = [
    ("Angin kencang dari arah Barat dan Timur.", {}),
    ("Pulau Jawa dan Sumatera diguyur hujan.", {}),
    (
        "Kaltim, Sulsel, NTT, Babel dan Kepri siaga.",
        {"64": ["Kaltim"], "73": ["Sulsel"], "53": ["NTT"], "19": ["Babel"], "21": ["Kepri"]},
    ),
    ("DKI Jakarta dan Jakarta", {"31": ["DKI Jakarta", "Jakarta"]}),
    ("DIY atau Jogja", {"34": ["DIY", "Jogja"]}),
    # the longest name wins; "Papua Nugini" is a country
    ("Papua Barat Daya, bukan Papua Nugini", {"96": ["Papua Barat Daya"]}),
    ("ntt dan diy dalam huruf kecil", {}),
    # common words and phrases that are not places
    ("Dari Sabang sampai Merauke; makan nasi Padang di Medan Merdeka.", {}),
    ("Melewati medan sulit dan medan berat; ketok palu; nasib malang.", {}),
]


@pytest.mark.parametrize(("body", "expected"), REGION_CASES)
def test_provinces(body: str, expected: dict[str, list[str]]) -> None:
    got = {
        r["code"]: r["matched"] for r in enrich(None, body)["regions"] if r["level"] == "province"
    }
    assert got == expected


KABKOTA_CASES = [
    ("Intan Jaya dan Jayawijaya", ["9407", "9501"]),
    ("Yalimo, Mappi, Kota Banjarbaru dan Kab. Jayapura", ["9506", "9303", "6372", "9103"]),
    ("Pandeglang, Labuhanbatu Utara dan Kabupaten Malaka", ["3601", "1223", "5321"]),
    ("Kab. Malang, Bangkalan, Bulukumba, Baubau, Berau", ["3507", "3526", "7302", "7472", "6403"]),
    (
        "Yahukimo, Kabupaten Puncak, Maybrat, Kota Palu, Makassar",
        ["9503", "9405", "9605", "7271", "7371"],
    ),
    ("MEDAN, KOMPAS.com - Wali Kota Medan", ["1271"]),
    ("PALU, KOMPAS.com - Palu diguncang gempa", ["7271"]),
    ("Kota Batu, bukan batu atau Batu", ["3579"]),
    ("Puncak arus mudik terjadi di Malaka", []),
    ("Timika dan Wamena", ["9404", "9501"]),
    ("Mutasi Pati TNI; unjuk rasa di Pati", ["3318"]),
]


@pytest.mark.parametrize(("body", "codes"), KABKOTA_CASES)
def test_kabupaten_kota(body: str, codes: list[str]) -> None:
    found = [r["code"] for r in enrich(None, body)["regions"] if r["level"] == "kabupaten_kota"]
    assert sorted(found) == sorted(codes)


# ------------------------------------------------------------------------------------------
# Real text from the corpus
# ------------------------------------------------------------------------------------------


def corpus_rows(corpus: Path) -> dict[str, dict[str, Any]]:
    rows = [
        json.loads(line) for line in (corpus / "articles.jsonl").read_text("utf-8").splitlines()
    ]
    return {Path(r["file"]).name: r for r in rows}


def seed_article(corpus: Path) -> tuple[str, str]:
    """The Optika seed's headline and its body paragraphs, without the scraper's inserts."""
    lines = [ln.strip() for ln in (corpus / SEED).read_text("utf-8").splitlines() if ln.strip()]
    title = lines[0]
    body: list[str] = []
    for line in lines[5:]:
        if line.startswith("Editor :") or line == "BERITA TERBARU":
            break
        if line.startswith("Baca Juga:") or line in ("ADVERTISEMENT", "SCROLL TO RESUME CONTENT"):
            continue
        body.append(line.removeprefix("Optika.id - "))
    return title, "\n\n".join(body)


@pytest.mark.corpus
def test_optika_seed_ikp_article(corpus: Path) -> None:
    title, body = seed_article(corpus)
    result = enrich(title, body)
    dims = subdims(result)
    assert {"Indeks Kerawanan Pemilu", "IKP", "Badan Pengawas Pemilu", "Bawaslu"} <= set(
        dims["Pengawasan Pemilu"]
    )
    assert dims["Otoritas Penyelenggara Pemilu"] == ["penyelenggara pemilu", "KPU", "DKPP"]
    assert "Kemendagri" in dims["Otoritas Penyelenggara Negara"]
    assert not {"Kampanye Calon", "Hak Memilih", "Keamanan"} & set(dims)
    assert result["issues"] == []  # a webinar: no money politics, violence, hoaxes...
    assert contests(result) == {"pemilu": ["pemilu", "pemilu serentak"]}
    assert [(r["code"], r["matched"]) for r in result["regions"]] == [("31", ["Jakarta"])]


@pytest.mark.corpus
def test_optika_seed_baca_juga_links_name_other_contests(corpus: Path) -> None:
    # the raw capture still carries "Baca Juga: ... Pilgub ... Cagub Jatim" links
    raw = (corpus / SEED).read_text("utf-8")
    result = enrich(None, raw)
    assert {"pemilu", "pilkada", "pilgub"} <= set(contests(result))
    assert "35" in regions(result)


@pytest.mark.corpus
def test_din_minimi_article_regions_only(corpus: Path) -> None:
    row = corpus_rows(corpus)["kompas-singlepage.html"]
    result = enrich(row["title"], row["body"])
    # armed-group crime in Aceh: "kelompok bersenjata" is only a context term
    assert result["ikp_dimensions"] == result["issues"] == result["contest"] == []
    found = regions(result)
    assert found["11"]["matched"] == ["Aceh"]
    assert found["11"]["implied_by"] == ["1173", "1108"]
    assert found["1173"]["matched"] == ["Lhokseumawe"]
    assert found["1108"]["matched"] == ["Aceh Utara"]


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("antara-singlepage.html", {"52", "5271"}),  # Mataram, NTB
        ("antara-singlepage2.html", {"18", "1871"}),  # "Bandarlampung", Lampung
        ("MediaIndonesia_2025_10_22.html", {"96", "9603", "31"}),  # Raja Ampat, PBD; Jakarta
        ("kompas-singlepage2.html", {"31", "3174"}),  # Jakarta Selatan
    ],
)
def test_corpus_regions(corpus: Path, name: str, codes: set[str]) -> None:
    row = corpus_rows(corpus)[name]
    assert set(regions(enrich(row["title"], row["body"]))) == codes


@pytest.mark.corpus
def test_corpus_non_election_articles_get_no_election_labels(corpus: Path) -> None:
    rows = corpus_rows(corpus)
    # sport, celebrity, gadget, health, business, court, volcanic ash: none is election news
    for name in (
        "kompas-singlepage4.html",
        "kapanlagi-singlepage.html",
        "kapanlagi-singlepage3.html",
        "detik-singlepage.html",
        "liputan6-singlepage.html",
        "okezone-singlepage.html",
        "antara-singlepage.html",
        "antara-singlepage5.html",
    ):
        assert name in rows
    for name, row in rows.items():
        result = enrich(row["title"], row["body"])
        assert (name, result["ikp_dimensions"], result["contest"]) == (name, [], [])
        assert (name, result["issues"]) == (name, [])
