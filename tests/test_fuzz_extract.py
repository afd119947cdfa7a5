"""Property tests: extraction and cleaning survive any HTML, and dates stay plausible.

For (a) random text and bytes, (b) mutated copies of the fixture pages (bytes deleted, duplicated,
truncated, random tags injected, deep nesting) and (c) random strings in every date slot of an
article page, :func:`ikpcrawl.extract.extract_article` followed by
:func:`ikpcrawl.extract.cleaning.clean_article` never raises, every date it returns is aware, ISO 8601
and between 1990 and now + 2 days, and an article with a title and a body validates against the
shipped JSON Schema.

Deterministic (``derandomize=True``) so CI sees the same examples on every run.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from ikpcrawl.enrich.relevance import election_relevance
from ikpcrawl.extract import extract_article
from ikpcrawl.extract.cleaning import clean_article
from ikpcrawl.ops.devserver import resolve_file
from ikpcrawl.outlet import Outlet
from ikpcrawl.schema import article_validator
from ikpcrawl.spiders.registry import outlet_for_url, spiders
from tests.conftest import REPO, SAMPLE_SITES

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,  # no .hypothesis/ directory in the shared checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
OPTIKA_URL = "https://optika.id/fuzz-article"


@cache
def validator() -> Any:
    return article_validator()


@cache
def fixture_pages() -> list[tuple[str, bytes]]:
    """(url, bytes) of the Optika sample articles and every outlet's fixture articles."""
    pages = [
        (f"https://optika.id/{path.stem}", path.read_bytes())
        for path in sorted((SAMPLE_SITES / "optika.id").glob("*.html"))
    ]
    for spec in sorted((REPO / "tests" / "outlets").glob("*.json")):
        for article in json.loads(spec.read_text("utf-8"))["articles"]:
            url = article.get("fetch_url", article["url"])
            parts = urlsplit(url)
            found = resolve_file(
                SAMPLE_SITES.resolve(), parts.hostname or "", parts.path.lstrip("/"), parts.query
            )
            if found:
                pages.append((url, found[0].read_bytes()))
    assert len(pages) > 20, "fixture pages not found"
    return pages


def check(body: bytes, url: str = OPTIKA_URL, outlet: Outlet | None = None) -> None:
    """Extract and clean ``body``; assert the properties every article must have."""
    now = datetime.now(timezone.utc)
    outlet = outlet or outlet_for_url(url)
    response = HtmlResponse(url=url, body=body)
    article = clean_article(extract_article(response, outlet, now=now), outlet)
    for name in ("published_at", "modified_at"):
        value = getattr(article, name)
        if value is None:
            continue
        assert ISO.match(value), f"{name}={value!r}"
        moment = datetime.fromisoformat(value)
        assert moment.utcoffset() is not None, f"{name}={value!r}"
        assert EARLIEST <= moment <= now + timedelta(days=2), f"{name}={value!r}"
    if article.published_at is not None:
        assert article.date_raw is None or isinstance(article.date_raw, str)
    if article.title and article.body:
        article.election = election_relevance(article.title, article.body)
        errors = [
            f"{'/'.join(map(str, e.path))}: {e.message[:200]}"
            for e in validator().iter_errors(article.to_dict())
        ]
        assert not errors, errors


# ------------------------------------------------------------ (a) random text and bytes
TOKENS = [
    "<html>",
    "<head>",
    "</head>",
    "<body>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    '<div class="post-content">',
    '<h1 class="post-title">',
    "</h1>",
    "<script>",
    "</script>",
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":',
    '<meta property="article:published_time" content="',
    '<meta property="og:title" content="',
    '">',
    "<time datetime=",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?xml ",
    "<svg><foreignObject>",
    "<table><tr><td>",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&bogus;",
    "\x00",
    "\ufeff",
    "\u202e",
    "Selasa, 27 Des 2022 14:08 WIB",
    "Pemilu 2024 dan Bawaslu ",
    "Baca Juga: ",
    "Editor : ",
    "Optika.id - ",
    " ",
    "\n",
]


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(body: bytes) -> None:
    check(body)


@FUZZ
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=30), max_size=120))
def test_random_tag_soup(parts: list[str]) -> None:
    check("".join(parts).encode("utf-8", "surrogatepass"))


# --------------------------------------------------------------- (b) mutated real pages
NASTY = [
    b"<div>",
    b"</div>",
    b"</div></div></div>",
    b"<p>",
    b"<script>",
    b"<!--",
    b"<![CDATA[",
    b"<title>",
    b"<textarea>",
    b"<plaintext>",
    b"<h1>",
    b'<meta property="article:published_time" content="9999-12-31T23:59:59+14:00">',
    b'<meta property="article:published_time" content="0001-01-01T00:00:00-12:00">',
    b'<script type="application/ld+json">{"datePublished": "1969-12-31", "author": [',
    b'<time datetime="2999-01-01">',
    b"\x00\xff\xfe",
    b"\xc3\x28",
    b"&#x110000;",
    b"<meta charset=utf-16>",
    b"<base href='javascript:alert(1)'>",
    b'<link rel="canonical" href="http://[::1/x">',
    b'<link rel="canonical" href="https://other-site.example/x">',
]


@st.composite
def mutated_pages(draw: st.DrawFn) -> tuple[str, bytes]:
    url, body = draw(st.sampled_from(fixture_pages()))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        size = len(body)
        if not size:
            break
        i = draw(st.integers(min_value=0, max_value=size - 1))
        j = draw(st.integers(min_value=i, max_value=min(size, i + 4000)))
        op = draw(st.sampled_from(["delete", "duplicate", "truncate", "inject", "nest", "bytes"]))
        if op == "delete":
            body = body[:i] + body[j:]
        elif op == "duplicate":
            body = body[:j] + body[i:j] + body[j:]
        elif op == "truncate":
            body = body[:i]
        elif op == "inject":
            body = body[:i] + draw(st.sampled_from(NASTY)) + body[i:]
        elif op == "nest":
            depth = draw(st.integers(min_value=1, max_value=3000))
            closed = draw(st.booleans())
            body = body[:i] + b"<div>" * depth + body[i:j] + b"</div>" * depth * closed + body[j:]
        else:
            body = body[:i] + draw(st.binary(min_size=1, max_size=20)) + body[j:]
    return url, body


@FUZZ
@given(mutated_pages())
def test_mutated_fixture_pages(page: tuple[str, bytes]) -> None:
    url, body = page
    check(body, url)


# ---------------------------------------------------------- (c) random strings as dates
DATE_SAMPLES = [
    "Selasa, 27 Des 2022 14:08 WIB",
    "27/12/2022 14:08",
    "2022-12-27T14:08:00+07:00",
    "2022-12-27T07:08:00Z",
    "Tue, 27 Dec 2022 14:08:00 +0700",
    "Kamis, 1 Februari 2024 | 09:30 WITA",
    "2 jam yang lalu",
    "kemarin 21:15",
    "27 December 2022",
    "1669870080",
    "0000-00-00 00:00:00",
    "9999-12-31T23:59:59+14:00",
    "2022-02-30T10:00:00+07:00",
    "2022-12-27T25:61:61+07:00",
    "1989-12-31T23:59:59+00:00",
    "2999-01-01",
    "-0001-01-01",
    "1e309",
    "NaN",
    "２０２２年１２月２７日",
    "27 Des 2022 14:08 WIB" * 50,
]


@st.composite
def date_strings(draw: st.DrawFn) -> str:
    base = draw(
        st.sampled_from(DATE_SAMPLES)
        | st.text(max_size=60)
        | st.datetimes(timezones=st.timezones() | st.none()).map(str)
    )
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        if not base:
            break
        pos = draw(st.integers(min_value=0, max_value=len(base)))
        base = (
            base[:pos]
            + draw(st.characters() | st.sampled_from(list("0123456789:/-+ TZ")))
            + base[pos:]
        )
    return base


def dated_page(stamps: list[str]) -> bytes:
    """An Optika-style article with a date in every slot the cascade reads."""
    meta, ld_pub, ld_mod, time_attr, time_text, post_date, line = stamps

    def attr(value: str) -> str:
        return html.escape(value, quote=True)

    def text(value: str) -> str:
        return html.escape(value, quote=False)

    jsonld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Bawaslu Petakan Titik Rawan Politik Uang di Pedesaan",
            "datePublished": ld_pub,
            "dateModified": ld_mod,
        }
    ).replace("</", "<\\/")
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Bawaslu Petakan Titik Rawan Politik Uang di Pedesaan - Optika.id</title>
<meta property="og:title" content="Bawaslu Petakan Titik Rawan Politik Uang di Pedesaan">
<meta property="article:published_time" content="{attr(meta)}">
<meta property="article:modified_time" content="{attr(ld_mod)}">
<meta name="pubdate" content="{attr(meta)}">
<script type="application/ld+json">{jsonld}</script>
</head><body>
<h1 class="post-title">Bawaslu Petakan Titik Rawan Politik Uang di Pedesaan</h1>
<div class="post-meta"><span class="post-date">{text(post_date)}</span>
<time datetime="{attr(time_attr)}">{text(time_text)}</time></div>
<div class="post-content">
<p>Optika.id - {text(line)} Badan Pengawas Pemilu memetakan desa-desa yang dinilai rawan praktik
politik uang menjelang pemungutan suara.</p>
<p>Pemetaan dilakukan berdasarkan catatan pelanggaran pada pemilu sebelumnya dan laporan
masyarakat yang masuk ke posko pengaduan di setiap kabupaten.</p>
</div></body></html>""".encode("utf-8", "surrogatepass")


@FUZZ
@given(st.lists(date_strings(), min_size=7, max_size=7))
def test_random_strings_in_date_slots(stamps: list[str]) -> None:
    check(dated_page(stamps), OPTIKA_URL, spiders()["optika"].outlet)


@FUZZ
@given(date_strings())
def test_one_random_string_in_every_date_slot(stamp: str) -> None:
    check(dated_page([stamp] * 7), OPTIKA_URL, spiders()["optika"].outlet)


# --------------------------------------------- the properties are not checked in vain
def test_fixture_pages_give_full_articles() -> None:
    """Unmutated, most fixture pages give a title, a body and a date: the schema branch of
    :func:`check` is exercised."""
    now = datetime.now(timezone.utc)
    full = 0
    for url, body in fixture_pages():
        outlet = outlet_for_url(url)
        response = HtmlResponse(url=url, body=body)
        article = clean_article(extract_article(response, outlet, now=now), outlet)
        full += bool(article.title and article.body and article.published_at)
    assert full >= 0.9 * len(fixture_pages())


def test_date_slots_are_read() -> None:
    """The template's slots reach the date cascade: a valid stamp in them is the date."""
    outlet = spiders()["optika"].outlet
    response = HtmlResponse(
        url=OPTIKA_URL, body=dated_page(["2022-12-27T14:08:00+07:00"] * 3 + ["-"] * 4)
    )
    article = extract_article(response, outlet, now=datetime.now(timezone.utc))
    assert article.published_at == "2022-12-27T14:08:00+07:00"
    response = HtmlResponse(url=OPTIKA_URL, body=dated_page(["-"] * 5 + ["27/12/2022 14:08", "-"]))
    article = extract_article(response, outlet, now=datetime.now(timezone.utc))
    assert article.published_at == "2022-12-27T14:08:00+07:00"


# ------------------------------------------------------ what the fuzzing found, pinned
HEAD_DEFECTS = {
    "template-attribute": b"<meta {{ seo_tags }}>",
    "json-in-meta": b'<meta {"groups":"default"}>',
    "control-char-attribute": b'<meta \x01charset="utf-8">',
    "unclosed-meta-before-script": b"<meta\n{\n<script>var a = 1;</script>",
    "canonical-invalid-ipv6": b'<link rel="canonical" href="http://[::1/x">',
    "og-url-invalid-ipv6": b'<meta property="og:url" content="https://[x">',
    "og-image-invalid-ipv6": b'<meta property="og:image" content="http://[::1/x">',
}


def test_head_defects_do_not_take_the_article_down() -> None:
    """Each defect alone, in an otherwise good page: the article is still extracted whole."""
    outlet = spiders()["optika"].outlet
    good = dated_page(["2022-12-27T14:08:00+07:00"] * 7)
    failures = {}
    for name, defect in HEAD_DEFECTS.items():
        body = good.replace(b"<title>", defect + b"\n<title>", 1)
        try:
            response = HtmlResponse(url=OPTIKA_URL, body=body)
            article = clean_article(extract_article(response, outlet), outlet)
        except Exception as error:  # noqa: BLE001 - the point is to list every failure
            failures[name] = f"{type(error).__name__}: {error}"
            continue
        if not (article.title and article.body and article.published_at):
            failures[name] = f"incomplete: {article.title!r} {article.published_at!r}"
        elif article.canonical_url != OPTIKA_URL:
            failures[name] = f"canonical_url {article.canonical_url!r}"
    assert not failures, failures
