"""Tests for ikpcrawl.extract.dates: real date lines from Indonesian outlets, negatives and fuzzing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikpcrawl.extract.dates import WIB, WIT, WITA, is_plausible, parse_date, to_iso

# Absolute dates are checked against a "now" after every date in the table, so none is "future".
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=WIB)
# Relative forms use the fixed reference the brief asks for.
REL_NOW = datetime(2024, 3, 10, 12, 0, tzinfo=WIB)
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
REPO_ROOT = Path(__file__).resolve().parent.parent

# (text, expected to_iso). Comments name the outlet/corpus page a string was taken from.
ABSOLUTE_CASES: list[tuple[str, str]] = [
    # ISO 8601 (JSON-LD, <time datetime>, meta tags)
    ("2022-12-27T14:08:00+07:00", "2022-12-27T14:08:00+07:00"),
    ("2022-12-27T07:08:00Z", "2022-12-27T07:08:00+00:00"),
    ("2022-12-27 14:08:00", "2022-12-27T14:08:00+07:00"),
    ("2022-12-27", "2022-12-27T00:00:00+07:00"),
    ("2022-12-27T14:08:00.123+0800", "2022-12-27T14:08:00+08:00"),
    ("2016-02-16T13:01:52+0700", "2016-02-16T13:01:52+07:00"),  # viva article:published_time
    ("2016-02-16T02:10:56Z", "2016-02-16T02:10:56+00:00"),  # liputan6 JSON-LD
    ("2016-02-16 09:10:56", "2016-02-16T09:10:56+07:00"),  # liputan6 <time datetime>
    # detik meta pubdate: the "Z" is really WIB (page shows 10:08 WIB) but Z is kept as given.
    ("2015-11-05 T10:08:58Z", "2015-11-05T10:08:58+00:00"),
    # RFC 822 feed dates
    ("Tue, 27 Dec 2022 14:08:00 +0700", "2022-12-27T14:08:00+07:00"),
    ("Tue, 27 Dec 2022 07:08:00 GMT", "2022-12-27T07:08:00+00:00"),
    ("Thu, 05 Nov 15 12:58:01 +0700", "2015-11-05T12:58:01+07:00"),  # antara feed, 2-digit year
    ("Thu, 05 Nov 2015 02:32:16 GMT", "2015-11-05T02:32:16+00:00"),  # detik feed
    # Shapes from domain notes, one per outlet
    ("Selasa, 27 Des 2022 14:08 WIB", "2022-12-27T14:08:00+07:00"),  # detik / Optika seed
    ("Kompas.com - 16/12/2022, 14:08 WIB", "2022-12-16T14:08:00+07:00"),
    ("Diperbarui 16/12/2022, 15:10 WIB", "2022-12-16T15:10:00+07:00"),
    ("Jumat, 16 Desember 2022 - 12:32 WIB", "2022-12-16T12:32:00+07:00"),  # tvone
    ("SENIN, 26 AGUSTUS 2024 | 19:16 WIB", "2024-08-26T19:16:00+07:00"),  # rmol
    ("Senin, 26 Agustus 2024 – 23:21 WIB", "2024-08-26T23:21:00+07:00"),  # viva
    ("Selasa 11-07-2023,15:06 WIB", "2023-07-11T15:06:00+07:00"),  # disway
    ("Diterbitkan 20 Feb 2024, 18:10 WIB", "2024-02-20T18:10:00+07:00"),  # liputan6
    ("Jum'at, 16 Des 2022 10.15 WIB", "2022-12-16T10:15:00+07:00"),
    ("Rabu, 5 Agt 2015 pukul 19:17 WIB", "2015-08-05T19:17:00+07:00"),
    ("05/02/2024", "2024-02-05T00:00:00+07:00"),  # always day first
    ("27 Desember 2022", "2022-12-27T00:00:00+07:00"),
    ("Kamis (16/12/2022)", "2022-12-16T00:00:00+07:00"),
    # Labels before the date
    ("Dipublikasikan: Sabtu, 13 Januari 2024 08:00 WIB", "2024-01-13T08:00:00+07:00"),
    ("Update: Minggu, 3 Maret 2024 21:45 WIB", "2024-03-03T21:45:00+07:00"),
    ("Published: 2 Apr 2024 07:05 WIB", "2024-04-02T07:05:00+07:00"),
    ("Tanggal: 15 Mei 2023", "2023-05-15T00:00:00+07:00"),
    ("detikNews Kamis, 01 Jun 2023 09:30 WIB", "2023-06-01T09:30:00+07:00"),
    ("Oleh Uswatun Hasanah | Selasa, 27 Des 2022 14:08 WIB", "2022-12-27T14:08:00+07:00"),
    # WITA / WIT
    ("Sabtu, 17 Juni 2023 10:00 WITA", "2023-06-17T10:00:00+08:00"),
    ("Sabtu, 1 Jul 2023 16:20 WIT", "2023-07-01T16:20:00+09:00"),
    ("Jumat, 14 Juli 2023 | 08:15 wita", "2023-07-14T08:15:00+08:00"),
    ("Rabu, 9 Agu 2023 13:00 WIT.", "2023-08-09T13:00:00+09:00"),
    ("Kamis, 10/08/2023, 07:45 WITA", "2023-08-10T07:45:00+08:00"),
    # Remaining month names / abbreviations, case and whitespace
    ("Selasa, 12 september 2023 09:09 wib", "2023-09-12T09:09:00+07:00"),
    ("Rabu, 6 Sep 2023 pukul 10.30 WIB", "2023-09-06T10:30:00+07:00"),
    ("Minggu, 1 Oktober 2023", "2023-10-01T00:00:00+07:00"),
    ("Kamis, 5 Okt 2023 17:45 WIB", "2023-10-05T17:45:00+07:00"),
    ("Selasa, 7 Nop 2023 06:30 WIB", "2023-11-07T06:30:00+07:00"),
    ("Senin, 20 Nov 2023 20:00 WIB", "2023-11-20T20:00:00+07:00"),
    ("Senin, 8 Jan 2024 06:00 WIB", "2024-01-08T06:00:00+07:00"),
    ("Rabu, 13 Mar 2024 12:00 WIB", "2024-03-13T12:00:00+07:00"),
    ("Kamis, 11 April 2024 19:00 WIB", "2024-04-11T19:00:00+07:00"),
    ("Rabu, 22 Mei 2019 | 03:00 WIB", "2019-05-22T03:00:00+07:00"),
    ("  Minggu,\u00a014\u00a0April   2024 \t 11:11\u00a0WIB  ", "2024-04-14T11:11:00+07:00"),
    ("Jum’at, 12 Jan 2024 13:30:45 WIB", "2024-01-12T13:30:45+07:00"),
    ("December 27, 2022 2:08 PM", "2022-12-27T14:08:00+07:00"),
    ("12 Nopember 2023 GMT+8", "2023-11-12T00:00:00+08:00"),
    # Fallback (dateparser): two-digit year
    ("16/12/22 14:08", "2022-12-16T14:08:00+07:00"),
    # Visible date lines of corpus pages (../shared/corpus/articles/<outlet>/)
    ("Kamis, 5 November 2015 14:56 WIB | 1.229 Views", "2015-11-05T14:56:00+07:00"),  # antara 1
    ("Selasa, 23 Februari 2016 14:49 WIB | 1.999 Views", "2016-02-23T14:49:00+07:00"),  # antara 2
    ("Selasa, 23 Februari 2016 14:39 WIB | 1.093 Views", "2016-02-23T14:39:00+07:00"),  # antara 3
    ("Selasa, 23 Februari 2016 15:06 WIB | 998 Views", "2016-02-23T15:06:00+07:00"),  # antara 4
    ("Senin, 15 Mei 2017 18:43 WIB | 699 Views", "2017-05-15T18:43:00+07:00"),  # antara 5
    ("Kamis, 05/11/2015 10:08 WIB", "2015-11-05T10:08:00+07:00"),  # detik 1
    ("Selasa, 23/02/2016 16:00 WIB", "2016-02-23T16:00:00+07:00"),  # detik 2
    ("Kamis, 05 November 2015 11:52 | Brandon Nicholas Salim", "2015-11-05T11:52:00+07:00"),
    ("Minggu, 14 Februari 2016 09:15 | Dian Sastrowardoyo", "2016-02-14T09:15:00+07:00"),
    ("Selasa, 23 Februari 2016 11:22", "2016-02-23T11:22:00+07:00"),  # kapanlagi 3
    ("Rabu, 4 November 2015 | 21:04 WIB", "2015-11-04T21:04:00+07:00"),  # kompas 1
    ("Selasa, 16 Februari 2016 | 14:38 WIB", "2016-02-16T14:38:00+07:00"),  # kompas 2
    ("Selasa, 16 Februari 2016 | 14:11 WIB", "2016-02-16T14:11:00+07:00"),  # kompas 3
    ("Selasa, 23 Februari 2016 | 16:37 WIB", "2016-02-23T16:37:00+07:00"),  # kompas 4
    ("Selasa, 23 Februari 2016 | 16:52 WIB", "2016-02-23T16:52:00+07:00"),  # kompas 5
    ("on 16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),  # liputan6 1
    ("on 16 Feb 2016 at 09:20 WIB", "2016-02-16T09:20:00+07:00"),  # liputan6 2
    ("on 16 Feb 2016 at 09:09 WIB", "2016-02-16T09:09:00+07:00"),  # liputan6 3
    ("22/10/2025 06:59", "2025-10-22T06:59:00+07:00"),  # mediaindonesia 2025-10-22
    ("08/1/2026 20:19", "2026-01-08T20:19:00+07:00"),  # mediaindonesia 2026-01-08
    # mediaindonesia 2026-01-20 shows 18:30 (its dateModified); published_at is 18:33:13.
    ("20/1/2026 18:30", "2026-01-20T18:30:00+07:00"),
    ("Kamis, 5 November 2015 - 15:56 wib", "2015-11-05T15:56:00+07:00"),  # okezone 1
    (
        "Vania Ika Aldida | Jum'at, 17 Februari 2017 - 13:30 wib",  # okezone 2
        "2017-02-17T13:30:00+07:00",
    ),
    ("Senin, 15 Februari 2016, 16:15 WIB", "2016-02-15T16:15:00+07:00"),  # republika 1
    ("Selasa, 23 Februari 2016, 17:15 WIB", "2016-02-23T17:15:00+07:00"),  # republika 2
    ("Jumat , 17 February 2017, 13:16 WIB", "2017-02-17T13:16:00+07:00"),  # republika 3
    # republika 3 header: Hijri date first, Gregorian after the slash
    ("Jumat, 20 Jumadil Awwal 1438 / 17 February 2017", "2017-02-17T00:00:00+07:00"),
    ("Wednesday, 04 November, 2015 | 07:28 WIB", "2015-11-04T07:28:00+07:00"),  # en.tempo
    ("Wednesday, 04/11/2015 | 07:28 WIB", "2015-11-04T07:28:00+07:00"),  # en.tempo listing
    ("Kamis, 05 November 2015 | 11:13 WIB", "2015-11-05T11:13:00+07:00"),  # tempo
    ("Selasa, 16 Februari 2016 | 13:01 WIB", "2016-02-16T13:01:00+07:00"),  # viva
    ("Jumat, 04 Okt 2024 19:34 WIB", "2024-10-04T19:34:00+07:00"),  # detik indeks title=
]

# (text, expected) with now=REL_NOW (2024-03-10T12:00:00+07:00), default_tz=WIB.
RELATIVE_CASES: list[tuple[str, str]] = [
    ("17 menit yang lalu", "2024-03-10T11:43:00+07:00"),
    ("2 jam yang lalu", "2024-03-10T10:00:00+07:00"),
    ("kemarin", "2024-03-09T12:00:00+07:00"),  # documented: keeps now's time of day
    ("kemarin 14:00", "2024-03-09T14:00:00+07:00"),
    ("Kemarin, 14.00 WIB", "2024-03-09T14:00:00+07:00"),
    ("Hari ini, 08:15 WIB", "2024-03-10T08:15:00+07:00"),
    ("hari ini", "2024-03-10T12:00:00+07:00"),
    ("baru saja", "2024-03-10T12:00:00+07:00"),
    ("2 hours ago", "2024-03-10T10:00:00+07:00"),
    ("yesterday at 9:30 pm", "2024-03-09T21:30:00+07:00"),
    ("sejam yang lalu", "2024-03-10T11:00:00+07:00"),
    ("3 hari yang lalu", "2024-03-07T12:00:00+07:00"),
    ("tiga hari lalu", "2024-03-07T12:00:00+07:00"),
    ("2 minggu yang lalu", "2024-02-25T12:00:00+07:00"),
    ("1 bulan yang lalu", "2024-02-10T12:00:00+07:00"),
    ("detikNews | 7 menit yang lalu", "2024-03-10T11:53:00+07:00"),
    ("Diperbarui 30 detik yang lalu", "2024-03-10T11:59:30+07:00"),
    ("  17   MENIT YANG LALU ", "2024-03-10T11:43:00+07:00"),
]

NEGATIVE_CASES: list[str | None] = [
    None,
    "",
    "   \u00a0 ",
    "Optika.id",
    "BERITA TERBARU",
    "Baca juga",
    "Baca Juga: Bawaslu Petakan Kerawanan Pemilu",
    "ADVERTISEMENT SCROLL TO RESUME CONTENT",
    "Editor : Pahlevi",
    "Presiden datang kemarin dan berpidato",
    "Waktu baca 5 menit",  # a duration, not "5 minutes ago"
    "2 jam",
    "dalam 2 jam",
    "12345",
    "Pemilu 2024",
    "Senin",
    "12:00",
    "1 Januari 2999",
    "2999-01-01T00:00:00+07:00",
    "Selasa, 27 Des 2999 14:08 WIB",
    "3 Maret 1800",
    "1800-01-01",
    "Thu, 01 Jan 1970 07:00:00 +0700",  # kapanlagi feed lastBuildDate placeholder
    "31 Februari 2024",
    "99/99/9999 99:99",
    "\x00\x01\x02",
    "ÿ" * 10_000,
]


@pytest.mark.parametrize(("text", "expected"), ABSOLUTE_CASES)
def test_absolute_dates(text: str, expected: str) -> None:
    result = parse_date(text, now=NOW)
    assert result is not None, text
    assert to_iso(result) == expected


@pytest.mark.parametrize(("text", "expected"), RELATIVE_CASES)
def test_relative_dates(text: str, expected: str) -> None:
    result = parse_date(text, now=REL_NOW)
    assert result is not None, text
    assert to_iso(result) == expected


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_no_date(text: str | None) -> None:
    assert parse_date(text, now=NOW) is None


def test_table_size() -> None:
    assert len(ABSOLUTE_CASES) + len(RELATIVE_CASES) >= 45


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("27 Desember 2022 10:00", WITA, "2022-12-27T10:00:00+08:00"),
        ("27/12/2022 10:00", WIT, "2022-12-27T10:00:00+09:00"),
        ("27 Desember 2022 10:00", ZoneInfo("Asia/Jayapura"), "2022-12-27T10:00:00+09:00"),
        ("27 Desember 2022 10:00", ZoneInfo("Asia/Makassar"), "2022-12-27T10:00:00+08:00"),
        # An explicit zone wins over default_tz.
        ("27 Desember 2022 10:00 WIB", WITA, "2022-12-27T10:00:00+07:00"),
        ("2022-12-27T10:00:00+07:00", WIT, "2022-12-27T10:00:00+07:00"),
        ("2 jam yang lalu", WITA, "2024-03-10T11:00:00+08:00"),
    ],
)
def test_default_tz(text: str, tz: timezone | ZoneInfo, expected: str) -> None:
    result = parse_date(text, now=REL_NOW, default_tz=tz)
    assert result is not None
    assert to_iso(result) == expected


def test_relative_uses_now_in_default_tz() -> None:
    # 20:00 UTC on the 9th is already 03:00 on the 10th in WIB.
    now_utc = datetime(2024, 3, 9, 20, 0, tzinfo=timezone.utc)
    result = parse_date("2 jam yang lalu", now=now_utc)
    assert result is not None
    assert to_iso(result) == "2024-03-10T01:00:00+07:00"
    yesterday = parse_date("kemarin 14:00", now=now_utc)
    assert yesterday is not None
    assert to_iso(yesterday) == "2024-03-09T14:00:00+07:00"


def test_future_is_rejected_relative_to_now() -> None:
    assert parse_date("Senin, 11 Maret 2024 10:00 WIB", now=REL_NOW) is not None  # within 2 days
    assert parse_date("Kamis, 14 Maret 2024 10:00 WIB", now=REL_NOW) is None


def test_fast_path_does_not_import_dateparser() -> None:
    code = (
        "import sys\n"
        "from ikpcrawl.extract.dates import parse_date\n"
        "assert 'dateparser' not in sys.modules\n"
        "for s in ['Selasa, 27 Des 2022 14:08 WIB', 'Kompas.com - 16/12/2022, 14:08 WIB',\n"
        "          '2022-12-27T14:08:00+07:00', 'Tue, 27 Dec 2022 14:08:00 +0700',\n"
        "          'Selasa 11-07-2023,15:06 WIB', '17 menit yang lalu', 'kemarin',\n"
        "          'Optika.id', '']:\n"
        "    parse_date(s)\n"
        "assert 'dateparser' not in sys.modules, 'fast path fell back to dateparser'\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), *sys.path])}
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr


# --- corpus cross-check: the visible date line of each page vs articles.jsonl published_at ---

CORPUS_DATE_LINES: dict[str, str] = {
    "articles/antara/antara-singlepage.html": "Kamis, 5 November 2015 14:56 WIB | 1.229 Views",
    "articles/antara/antara-singlepage2.html": "Selasa, 23 Februari 2016 14:49 WIB | 1.999 Views",
    "articles/antara/antara-singlepage3.html": "Selasa, 23 Februari 2016 14:39 WIB | 1.093 Views",
    "articles/antara/antara-singlepage4.html": "Selasa, 23 Februari 2016 15:06 WIB | 998 Views",
    "articles/antara/antara-singlepage5.html": "Senin, 15 Mei 2017 18:43 WIB | 699 Views",
    "articles/detik/detik-singlepage.html": "Kamis, 05/11/2015 10:08 WIB",
    "articles/detik/detik-singlepage2.html": "Selasa, 23/02/2016 16:00 WIB",
    "articles/kapanlagi/kapanlagi-singlepage.html": "Kamis, 05 November 2015 11:52 | Brandon",
    "articles/kapanlagi/kapanlagi-singlepage2.html": "Minggu, 14 Februari 2016 09:15 | Dian",
    "articles/kapanlagi/kapanlagi-singlepage3.html": "Selasa, 23 Februari 2016 11:22",
    "articles/kompas/kompas-singlepage.html": "Rabu, 4 November 2015 | 21:04 WIB",
    "articles/kompas/kompas-singlepage2.html": "Selasa, 16 Februari 2016 | 14:38 WIB",
    "articles/kompas/kompas-singlepage3.html": "Selasa, 16 Februari 2016 | 14:11 WIB",
    "articles/kompas/kompas-singlepage4.html": "Selasa, 23 Februari 2016 | 16:37 WIB",
    "articles/kompas/kompas-singlepage5.html": "Selasa, 23 Februari 2016 | 16:52 WIB",
    "articles/liputan6/liputan6-singlepage.html": "on 16 Feb 2016 at 09:10 WIB",
    "articles/liputan6/liputan6-singlepage2.html": "on 16 Feb 2016 at 09:20 WIB",
    "articles/liputan6/liputan6-singlepage3.html": "on 16 Feb 2016 at 09:09 WIB",
    "articles/mediaindonesia/MediaIndonesia_2025_10_22.html": "22/10/2025 06:59",
    "articles/mediaindonesia/MediaIndonesia_2026_01_08.html": "08/1/2026 20:19",
    "articles/okezone/okezone-singlepage.html": "Kamis, 5 November 2015 - 15:56 wib",
    "articles/okezone/okezone-singlepage2.html": "Vania | Jum'at, 17 Februari 2017 - 13:30 wib",
    "articles/republika/republika-singlepage.html": "Senin, 15 Februari 2016, 16:15 WIB",
    "articles/republika/republika-singlepage2.html": "Selasa, 23 Februari 2016, 17:15 WIB",
    "articles/republika/republika-singlepage3.html": "Jumat , 17 February 2017, 13:16 WIB",
    "articles/tempo-english/tempoen-singlepage.html": "Wednesday, 04 November, 2015 | 07:28 WIB",
    "articles/tempo/tempo-singlepage.html": "Kamis, 05 November 2015 | 11:13 WIB",
    "articles/viva/viva-singlepage.html": "Selasa, 16 Februari 2016 | 13:01 WIB",
    # MediaIndonesia_2026_01_20 is left out: its visible line (18:30) is the modified time,
    # published_at (18:33:13) comes from JSON-LD.
}


@pytest.mark.corpus
def test_corpus_date_lines_match_ground_truth(corpus: Path) -> None:
    # `corpus` (tests/conftest.py) skips when ../shared/corpus is absent, and fails in CI.
    jsonl = corpus / "articles.jsonl"
    truth = {}
    with jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            truth[row["file"]] = datetime.fromisoformat(row["published_at"])
    checked = 0
    for file, line in CORPUS_DATE_LINES.items():
        if file not in truth:
            continue
        parsed = parse_date(line, now=NOW)
        assert parsed is not None, line
        # Visible lines have minutes only; seconds come from page metadata.
        assert parsed == truth[file].replace(second=0), (file, line)
        assert parsed.utcoffset() == truth[file].utcoffset()
        checked += 1
    assert checked >= 20


# --- to_iso / is_plausible ---


def test_to_iso_format() -> None:
    utc = datetime(2022, 12, 27, 7, 8, tzinfo=timezone.utc)
    assert to_iso(utc) == "2022-12-27T07:08:00+00:00"
    assert "Z" not in to_iso(utc)
    with_micro = datetime(2022, 12, 27, 14, 8, 5, 999_999, tzinfo=WIB)
    assert to_iso(with_micro) == "2022-12-27T14:08:05+07:00"
    assert to_iso(datetime(2022, 12, 27, tzinfo=ZoneInfo("Asia/Jakarta"))) == (
        "2022-12-27T00:00:00+07:00"
    )
    with pytest.raises(ValueError, match="aware"):
        to_iso(datetime(2022, 12, 27))  # naive on purpose


@settings(database=None)
@given(st.datetimes(timezones=st.sampled_from([timezone.utc, WIB, WITA, WIT])))
def test_to_iso_always_has_seconds_and_offset(dt: datetime) -> None:
    out = to_iso(dt)
    assert "Z" not in out
    assert ISO_RE.match(out), out


def test_is_plausible_bounds() -> None:
    assert is_plausible(datetime(1990, 1, 1, tzinfo=timezone.utc), now=NOW)
    assert not is_plausible(datetime(1989, 12, 31, 23, 59, tzinfo=timezone.utc), now=NOW)
    assert is_plausible(NOW + timedelta(days=2), now=NOW)
    assert not is_plausible(NOW + timedelta(days=2, seconds=1), now=NOW)
    assert not is_plausible(datetime(2999, 1, 1, tzinfo=WIB))
    assert is_plausible(datetime.max.replace(tzinfo=timezone.utc), now=datetime.max) is False


# --- property tests: never raise, anything returned is aware and plausible ---

# database=None: no .hypothesis/ directory written into the shared checkout.
FUZZ_SETTINGS: dict[str, Any] = {
    "max_examples": 300,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
VALID_STRINGS = [text for text, _ in ABSOLUTE_CASES + RELATIVE_CASES]


@st.composite
def mutated_date_strings(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(VALID_STRINGS))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not text:
            break
        pos = draw(st.integers(min_value=0, max_value=len(text) - 1))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "swapcase"]))
        char = draw(st.characters() | st.sampled_from(list("0123456789:/-|., WIBT+Z")))
        if op == "insert":
            text = text[:pos] + char + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + 1 :]
        elif op == "replace":
            text = text[:pos] + char + text[pos + 1 :]
        elif op == "duplicate":
            text = text[:pos] + text[pos:] * 2
        else:
            text = text.swapcase()
    return text


def _check_result(text: str) -> None:
    result = parse_date(text, now=NOW)
    if result is not None:
        assert result.tzinfo is not None
        assert result.utcoffset() is not None
        assert is_plausible(result, now=NOW)
        assert ISO_RE.match(to_iso(result))


@settings(**FUZZ_SETTINGS)
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    _check_result(text)


@settings(**FUZZ_SETTINGS)
@given(mutated_date_strings())
def test_mutated_dates_never_raise(text: str) -> None:
    _check_result(text)
