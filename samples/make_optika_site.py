"""Generate a deterministic Optika.id-style sample site in mirror layout, plus its ground truth.

    python samples/make_optika_site.py [DEST]      # default: samples/sites/optika.id

The layout is our *hypothesis* of Optika.id (WordPress with a custom theme; flat slug URLs,
uploads under ``/wp-content/uploads/YYYYMM/``), built from the shape of one scraped article. All
articles, names and quotes below are fictional and written for this fixture; nothing is copied
from the corpus. Serve the result with ``python -m ikpcrawl.ops.devserver samples/sites``.

``render_article`` and ``render_listing`` are pure functions, importable by tests that wrap other
text (e.g. the corpus seed) in the same page layout. ``MANIFEST.json`` is written from the same
data as the pages and states what a correct crawl must produce for every article URL.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import re
import shutil
import sys
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

logger = logging.getLogger("make_optika_site")

SITE = "https://optika.id"
SITE_NAME = "Optika.id"
DEFAULT_DEST = Path(__file__).resolve().parent / "sites" / "optika.id"
DATELINE = "Optika.id - "
WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
ZONES = {"WIB": WIB, "WITA": WITA}
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
NAV = ("Politik", "Pemilu", "Nasional", "Ekonomi", "Hukum", "Pendidikan", "Opini")
LISTING_SECTION = "Politik"
LISTING_PER_PAGE = 5
FEED_ITEMS = 10  # WordPress default "Syndication feeds show the most recent 10 items"
SITEMAP_SPLIT = datetime(2023, 7, 1, tzinfo=WIB)  # older posts in sitemap 1, newer in 2
SEARCH_TRAP = f"{SITE}/search/?q=pemilu"  # disallowed by robots.txt; must never be fetched
# Discovery paths named in MANIFEST "discovered_via".
SOURCES = {
    "post-sitemap1": f"{SITE}/post-sitemap1.xml",
    "post-sitemap2": f"{SITE}/post-sitemap2.xml",
    "feed": f"{SITE}/feed/",
    "listing-p1": f"{SITE}/category/politik/",
    "listing-p2": f"{SITE}/category/politik/page/2/",
}
UTM = "utm_source=feed&utm_medium=rss"


# --- small helpers -----------------------------------------------------------------------


def slugify(text: str) -> str:
    """WordPress-like slug: lowercase ASCII words joined by '-'."""
    text = text.lower().replace("&", " dan ")
    text = re.sub(r"[^a-z0-9\s-]", "", text)
    return re.sub(r"[\s-]+", "-", text).strip("-")


def date_line(moment: datetime, zone: str = "WIB") -> str:
    """The visible date line, e.g. ``Selasa, 27 Des 2022 14:08 WIB`` (in the named zone)."""
    local = moment.astimezone(ZONES[zone])
    month = MONTHS[local.month - 1]
    return f"{DAYS[local.weekday()]}, {local:%d} {month} {local.year} {local:%H:%M} {zone}"


def _esc(text: str) -> str:
    """Escape for a text node (quotes stay as typed, as WordPress leaves them)."""
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    """Escape for a double-quoted attribute value."""
    return html.escape(text, quote=True)


def _json_script(data: Any) -> str:
    # "</" inside a JSON string would close the <script> element early.
    return json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")


def _image_month(article: Mapping[str, Any]) -> str:
    """``YYYYMM`` upload folder: explicit, else from published_at, else from the date line."""
    if article.get("image_month"):
        return str(article["image_month"])
    if article.get("published_at"):
        return str(article["published_at"])[:7].replace("-", "")
    m = re.search(r"(\d{1,2})\s+([A-Za-z]{3})\w*\s+(\d{4})", str(article.get("date_line", "")))
    if m and m.group(2).title() in MONTHS:
        return f"{m.group(3)}{MONTHS.index(m.group(2).title()) + 1:02d}"
    return "202401"


def image_url(article: Mapping[str, Any]) -> str:
    if article.get("image"):
        return str(article["image"])
    return f"{SITE}/wp-content/uploads/{_image_month(article)}/{article['slug']}.jpeg"


def _post_id(slug: str) -> int:
    # Stable fake WordPress post ID (used in body classes and feed GUIDs).
    return 10_000 + zlib.crc32(slug.encode("utf-8")) % 90_000


def _strip_dateline(text: str) -> str:
    return text.removeprefix(DATELINE)


def _excerpt(text: str, limit: int = 155, more: str = "...") -> str:
    text = _strip_dateline(text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + more


def _pairs(items: Sequence[Any]) -> list[tuple[str, str]]:
    """Accept ``(a, b)`` tuples/lists or ``{"title", "slug"}`` mappings."""
    out = []
    for item in items:
        if isinstance(item, Mapping):
            out.append((str(item["title"]), str(item["slug"])))
        else:
            out.append((str(item[0]), str(item[1])))
    return out


# --- page chrome (shared by articles and listings) -----------------------------------------

_ADSENSE = "ca-pub-0000000000000000"  # placeholder IDs: this is a fixture
_GA = "G-SAMPLE0000"


_ORGANIZATION = {
    "@context": "https://schema.org",
    "@type": "Organization",
    "name": SITE_NAME,
    "url": f"{SITE}/",
    "logo": f"{SITE}/wp-content/themes/optika/assets/img/logo-optika.png",
    "sameAs": ["https://www.facebook.com/optikaid", "https://twitter.com/optikaid"],
}


def _head_common() -> str:
    # Every page carries an Organization JSON-LD (no dates); only some add a NewsArticle.
    return f"""<link rel="preconnect" href="https://fonts.googleapis.com">
<link rel="stylesheet" id="optika-fonts-css" href="https://fonts.googleapis.com/css2?family=Poppins:wght@400;600;700&amp;display=swap" media="all">
<link rel="stylesheet" id="wp-block-library-css" href="{SITE}/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3" media="all">
<link rel="stylesheet" id="optika-style-css" href="{SITE}/wp-content/themes/optika/style.css?ver=1.4.2" media="all">
<link rel="icon" href="{SITE}/wp-content/uploads/202201/favicon-32x32.png" sizes="32x32">
<link rel="alternate" type="application/rss+xml" title="Optika.id &raquo; Feed" href="{SITE}/feed/">
<meta name="generator" content="WordPress 6.4.3">
<script src="{SITE}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id={_GA}"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}}
  gtag('js', new Date());
  gtag('config', '{_GA}');
</script>
<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client={_ADSENSE}" crossorigin="anonymous"></script>
<script type="application/ld+json">
{_json_script(_ORGANIZATION)}
</script>"""


def _ad_slot(name: str, slot: str) -> str:
    return f"""<div class="ads-slot ads-{name}">
  <ins class="adsbygoogle" style="display:block" data-ad-client="{_ADSENSE}" data-ad-slot="{slot}" data-ad-format="auto" data-full-width-responsive="true"></ins>
  <script>(adsbygoogle = window.adsbygoogle || []).push({{}});</script>
</div>"""


def _header(active: str | None) -> str:
    items = [f'<li class="menu-item menu-item-home"><a href="{SITE}/">Home</a></li>']
    for name in NAV:
        cls = "menu-item current-menu-item" if name == active else "menu-item"
        href = f"{SITE}/category/{slugify(name)}/"
        items.append(f'<li class="{cls}"><a href="{href}">{name}</a></li>')
    menu = "\n      ".join(items)
    return f"""<header id="masthead" class="site-header">
  <div class="container header-inner">
    <a class="site-logo" href="{SITE}/" rel="home"><img src="{SITE}/wp-content/themes/optika/assets/img/logo-optika.png" alt="Optika.id" width="180" height="42"></a>
    <form class="header-search" role="search" method="get" action="{SITE}/search/">
      <input type="search" name="q" placeholder="Cari berita..." aria-label="Cari">
      <button type="submit">Cari</button>
    </form>
  </div>
  <nav class="main-nav" aria-label="Menu utama">
    <ul id="primary-menu" class="menu">
      {menu}
    </ul>
  </nav>
</header>
{_ad_slot("header", "1000000001")}"""


def _footer() -> str:
    return f"""<footer id="colophon" class="site-footer">
  <div class="container footer-inner">
    <div class="footer-brand">
      <img src="{SITE}/wp-content/themes/optika/assets/img/logo-optika-white.png" alt="Optika.id" width="150" height="35">
      <p>Media informasi dan analisis politik, pemilu, dan kebijakan publik.</p>
    </div>
    <div class="footer-social">
      <a href="https://www.facebook.com/optikaid" target="_blank" rel="noopener">Facebook</a>
      <a href="https://twitter.com/optikaid" target="_blank" rel="noopener">Twitter</a>
      <a href="https://www.instagram.com/optika.id/" target="_blank" rel="noopener">Instagram</a>
      <a href="https://www.youtube.com/@optikaid" target="_blank" rel="noopener">YouTube</a>
    </div>
    <div class="footer-contact">
      Redaksi: <a href="mailto:redaksi@optika.id">redaksi@optika.id</a> &middot;
      Iklan: <a href="mailto:iklan@optika.id">iklan@optika.id</a>
    </div>
    <p class="copyright">&copy; Optika.id. Hak cipta dilindungi undang-undang.</p>
  </div>
</footer>
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-live="polite">
  <p>Kami menggunakan cookie untuk meningkatkan pengalaman membaca dan menayangkan iklan yang relevan. Dengan melanjutkan, Anda menyetujui penggunaan cookie.</p>
  <button type="button" class="cookie-accept">Setuju</button>
</div>
<script src="{SITE}/wp-content/themes/optika/assets/js/main.js?ver=1.4.2" id="optika-main-js"></script>
<script>document.querySelector('.cookie-accept').addEventListener('click', function () {{ document.getElementById('cookie-consent').remove(); }});</script>
<!-- ikpcrawl sample fixture, rendered by samples/make_optika_site.py -->"""


# --- article page --------------------------------------------------------------------------


def _render_block(kind: str, text: str) -> str:
    if kind == "p":
        return f"<p>{_esc(text)}</p>"
    if kind == "baca_juga":
        href = f"{SITE}/{slugify(text)}"
        return f'<p><strong>Baca Juga: <a href="{href}">{_esc(text)}</a></strong></p>'
    if kind == "ad":
        return (
            '<div class="ads-inline"><span class="ads-label">ADVERTISEMENT</span>'
            '<span class="ads-scroll">SCROLL TO RESUME CONTENT</span></div>'
        )
    if kind == "editor":
        return f"<p><strong>Editor : {_esc(text)}</strong></p>"
    raise ValueError(f"unknown block kind {kind!r}")


def render_article(article: Mapping[str, Any]) -> str:
    """Render one article page. Pure: the same mapping always gives the same HTML.

    Required keys: ``slug``, ``title``, ``date_line``, ``blocks`` (a list of ``(kind, text)``
    with kind ``p`` | ``baca_juga`` | ``ad`` | ``editor``). Optional: ``authors`` (list),
    ``section`` ("Politik"), ``tags`` (display names), ``published_at`` / ``modified_at`` (ISO;
    required by ``jsonld`` / ``meta_published``), ``jsonld`` and ``meta_published`` (bools),
    ``description``, ``image`` or ``image_month`` (YYYYMM), ``caption``, ``latest`` (up to 5
    ``(title, slug)`` pairs for the sidebar), ``post_id``.
    """
    slug = str(article["slug"])
    title = str(article["title"])
    url = f"{SITE}/{slug}"
    authors = [str(a) for a in article.get("authors") or []]
    section = str(article.get("section") or "Politik")
    tags = [str(t) for t in article.get("tags") or []]
    blocks = [(str(kind), str(text)) for kind, text in article.get("blocks") or []]
    paragraphs = [text for kind, text in blocks if kind == "p"]
    description = str(
        article.get("description") or (_excerpt(paragraphs[0]) if paragraphs else title)
    )
    image = _attr(image_url(article))  # only ever used inside attributes
    published = article.get("published_at")
    modified = article.get("modified_at") or published
    post_id = int(article.get("post_id") or _post_id(slug))
    if (article.get("jsonld") or article.get("meta_published")) and not published:
        raise ValueError(f"{slug}: jsonld/meta_published need published_at")

    head = [
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{_attr(title)}">',
        f'<meta property="og:description" content="{_attr(description)}">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="og:image" content="{image}">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="675">',
        '<meta property="article:publisher" content="https://www.facebook.com/optikaid">',
    ]
    if article.get("meta_published"):
        head += [
            f'<meta property="article:published_time" content="{published}">',
            f'<meta property="article:modified_time" content="{modified}">',
            f'<meta property="article:section" content="{_attr(section)}">',
        ]
        head += [f'<meta property="article:tag" content="{_attr(t)}">' for t in tags]
    if authors:
        head.append(f'<meta name="author" content="{_attr(", ".join(authors))}">')
    head += [
        '<meta name="twitter:card" content="summary_large_image">',
        '<meta name="twitter:site" content="@optikaid">',
        f'<meta name="twitter:title" content="{_attr(title)}">',
        f'<meta name="twitter:image" content="{image}">',
    ]
    if article.get("jsonld"):
        news = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": title,
            "description": description,
            "image": {"@type": "ImageObject", "url": image, "width": 1200, "height": 675},
            "datePublished": published,
            "dateModified": modified,
            "author": [
                {"@type": "Person", "name": a, "url": f"{SITE}/author/{slugify(a)}/"}
                for a in authors
            ],
            "publisher": {
                "@type": "Organization",
                "name": SITE_NAME,
                "logo": {
                    "@type": "ImageObject",
                    "url": f"{SITE}/wp-content/themes/optika/assets/img/logo-optika.png",
                },
            },
            "articleSection": section,
            "keywords": tags,
            "inLanguage": "id-ID",
        }
        head.append(f'<script type="application/ld+json">\n{_json_script(news)}\n</script>')

    section_href = f"{SITE}/category/{slugify(section)}/"
    author_html = "\n      ".join(
        '<div class="post-author"><span class="author-label">author</span> '
        f'<a class="author-name" href="{SITE}/author/{slugify(a)}/">{_esc(a)}</a> '
        '<span class="author-role">- Pewarta</span></div>'
        for a in authors
    )
    content = "".join(f"\n        {_render_block(kind, text)}" for kind, text in blocks)
    tag_links = " ".join(
        f'<a rel="tag" href="{SITE}/tag/{slugify(t)}/">{_esc(t)}</a>' for t in tags
    )
    latest = "\n        ".join(
        f'<li><a href="{SITE}/{s}">{_esc(t)}</a></li>'
        for t, s in _pairs(article.get("latest") or [])
    )
    caption = str(article.get("caption") or title)
    head_html = "\n".join(head)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)} - {SITE_NAME}</title>
<meta name="description" content="{_attr(description)}">
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">
<link rel="canonical" href="{url}">
<meta property="og:locale" content="id_ID">
{head_html}
{_head_common()}
</head>
<body class="post-template-default single single-post postid-{post_id} single-format-standard">
<div id="page" class="site">
{_header(section if section in NAV else None)}
<div class="container site-body">
  <main id="main" class="site-main">
    <article id="post-{post_id}" class="post-single">
      <div class="breadcrumb"><a href="/">Home</a> <a href="{section_href}">{_esc(section)}</a></div>
      <h1 class="post-title">{_esc(title)}</h1>
      {author_html}
      <div class="post-date">{_esc(str(article.get("date_line") or ""))}</div>
      <figure class="post-image">
        <img src="{image}" alt="{_attr(title)}" width="1200" height="675" decoding="async" fetchpriority="high">
        <figcaption>{_esc(caption)}</figcaption>
      </figure>
      {_ad_slot("top", "1000000002")}
      <div class="post-content">{content}
      </div>
      <div class="post-tags"><span class="tags-label">Tag:</span> {tag_links}</div>
      <div class="share-buttons">Bagikan: <a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={url}" target="_blank" rel="nofollow noopener">Facebook</a> <a class="share-twitter" href="https://twitter.com/intent/tweet?url={url}" target="_blank" rel="nofollow noopener">Twitter</a> <a class="share-whatsapp" href="https://api.whatsapp.com/send?text={url}" target="_blank" rel="nofollow noopener">WhatsApp</a></div>
    </article>
    <aside class="sidebar">
      <h3>BERITA TERBARU</h3>
      <ul>
        {latest}
      </ul>
      {_ad_slot("sidebar", "1000000003")}
    </aside>
  </main>
</div>
{_footer()}
</div>
</body>
</html>
"""


# --- listing page --------------------------------------------------------------------------


def listing_url(section: str, page: int) -> str:
    base = f"{SITE}/category/{slugify(section)}/"
    return base if page == 1 else f"{base}page/{page}/"


def render_listing(
    items: Sequence[Mapping[str, Any]],
    *,
    section: str = LISTING_SECTION,
    page: int = 1,
    total_pages: int = 1,
    search_link: str | None = None,
) -> str:
    """Render a WordPress-style category page. ``items`` (newest first) need ``slug``,
    ``title`` and ``date_line``; ``excerpt`` and ``image_month`` are optional."""
    url = listing_url(section, page)
    page_title = section if page == 1 else f"{section} - Halaman {page} dari {total_pages}"
    rel = []
    nav = []
    if page > 1:
        prev = listing_url(section, page - 1)
        rel.append(f'<link rel="prev" href="{prev}">')
        nav.append(f'<a class="prev page-numbers" rel="prev" href="{prev}">Sebelumnya</a>')
    for n in range(1, total_pages + 1):
        if n == page:
            nav.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        else:
            nav.append(f'<a class="page-numbers" href="{listing_url(section, n)}">{n}</a>')
    if page < total_pages:
        nxt = listing_url(section, page + 1)
        rel.append(f'<link rel="next" href="{nxt}">')
        nav.append(f'<a class="next page-numbers" rel="next" href="{nxt}">Berikutnya</a>')
    cards = []
    for item in items:
        href = f"{SITE}/{item['slug']}"
        excerpt = item.get("excerpt") or ""
        cards.append(f"""<article class="post-item">
        <a class="post-item-thumb" href="{href}"><img src="{image_url(item)}" alt="{_attr(str(item["title"]))}" width="300" height="169" loading="lazy"></a>
        <h2 class="post-item-title"><a href="{href}">{_esc(str(item["title"]))}</a></h2>
        <span class="post-item-date">{_esc(str(item["date_line"]))}</span>
        <p class="post-item-excerpt">{_esc(str(excerpt))}</p>
      </article>""")
    search = ""
    if search_link:
        search = (
            f'<p class="listing-search">Cari arsip berita: <a href="{_attr(search_link)}">'
            "pemilu</a></p>"
        )
    cards_html = "\n      ".join(cards)
    rel_html = "\n".join(rel)
    nav_html = "\n      ".join(nav)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(page_title)} - {SITE_NAME}</title>
<meta name="description" content="Berita {_attr(section.lower())} terbaru hari ini dari {SITE_NAME}.">
<link rel="canonical" href="{url}">
{rel_html}
<meta property="og:locale" content="id_ID">
<meta property="og:type" content="website">
<meta property="og:title" content="{_attr(page_title)} - {SITE_NAME}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{SITE_NAME}">
{_head_common()}
</head>
<body class="archive category category-{slugify(section)}">
<div id="page" class="site">
{_header(section)}
<div class="container site-body">
  <main id="main" class="site-main">
    <h1 class="archive-title">{_esc(section)}</h1>
    {search}
    <div class="post-list">
      {cards_html}
    </div>
    <nav class="pagination" aria-label="Navigasi halaman">
      {nav_html}
    </nav>
  </main>
</div>
{_footer()}
</div>
</body>
</html>
"""


# --- the articles (fictional; written for this fixture) ----------------------------------
# role: plain | utm (feed links it with tracking params) | error500 | empty | listing_only |
# feed_only. meta: jsonld | meta | visible (which metadata the page carries besides the
# visible date line).

AUTHORS = ("Dimas Prasetyo", "Rina Kurniawati", "Fajar Nugroho", "Aulia Rahmawati")
EDITORS = ("Hendra Wijaya", "Sari Puspitasari", "Bayu Anggara")

ARTICLES: list[dict[str, Any]] = [
    {
        "title": "KPU Mulai Verifikasi Faktual Partai Politik Calon Peserta Pemilu 2024",
        "when": "2022-11-08 10:15",
        "section": "Pemilu",
        "authors": ["Dimas Prasetyo"],
        "editor": "Hendra Wijaya",
        "tags": ["KPU", "Verifikasi Parpol", "Pemilu 2024"],
        "meta": "jsonld",
        "paras": [
            "Komisi Pemilihan Umum (KPU) mulai menurunkan petugas ke lapangan untuk memverifikasi secara faktual kepengurusan dan keanggotaan partai politik calon peserta Pemilu 2024. Tahapan ini menjadi penentu apakah sebuah partai layak ditetapkan sebagai peserta pemilu atau tidak.",
            "Petugas verifikasi mendatangi kantor-kantor partai di tingkat provinsi dan kabupaten/kota untuk memastikan alamat sekretariat benar-benar ada dan digunakan. Selain itu, mereka mengambil sampel anggota secara acak untuk dicocokkan dengan data yang sebelumnya diunggah partai ke Sistem Informasi Partai Politik (Sipol).",
            "Anggota KPU Provinsi Jawa Timur, Rahmat Hidayat, mengatakan petugas akan menemui langsung anggota partai yang menjadi sampel. Jika anggota tersebut tidak bisa ditemui, partai diberi kesempatan menghadirkannya di kantor KPU setempat sebelum batas waktu berakhir.",
            '"Kami ingin memastikan setiap nama yang tercantum memang warga yang sadar dirinya terdaftar sebagai anggota partai, bukan sekadar nama yang dicatut," ujar Rahmat di Surabaya, Selasa (8/11/2022).',
            "Bawaslu turut mengawasi jalannya verifikasi faktual. Pengawas pemilu diminta mencatat setiap kejanggalan, termasuk dugaan pencatutan identitas warga maupun aparatur sipil negara yang dimasukkan sebagai anggota partai tanpa sepengetahuan yang bersangkutan.",
        ],
    },
    {
        "title": "Bawaslu Ingatkan Parpol Tak Curi Start Kampanye Jelang Pemilu 2024",
        "when": "2022-11-22 13:40",
        "section": "Politik",
        "authors": ["Rina Kurniawati"],
        "editor": "Sari Puspitasari",
        "tags": ["Bawaslu", "Kampanye", "Partai Politik"],
        "meta": "meta",
        "paras": [
            "Badan Pengawas Pemilu (Bawaslu) mengingatkan partai politik agar tidak melakukan kampanye sebelum jadwal resmi dimulai. Meski tahapan pemilu sudah berjalan, masa kampanye baru akan dibuka setelah penetapan peserta dan daftar calon.",
            "Menurut Bawaslu, sejumlah partai mulai memasang baliho dan spanduk berisi ajakan memilih di ruas-ruas jalan utama. Materi semacam itu berpotensi dikategorikan sebagai kampanye di luar jadwal apabila memuat visi, misi, atau citra diri peserta pemilu.",
            "Koordinator Divisi Pencegahan Bawaslu Provinsi Jawa Tengah, Lestari Handayani, menyebut pihaknya lebih mengedepankan langkah pencegahan. Pengawas di daerah diminta menyurati pengurus partai terlebih dahulu sebelum menindaklanjuti temuan di lapangan.",
            '"Sosialisasi internal partai tentu boleh. Yang kami ingatkan adalah ajakan terbuka untuk memilih nomor atau lambang tertentu, karena itu sudah masuk unsur kampanye," kata Lestari.',
            "Ia menambahkan, aturan soal sosialisasi dan kampanye masih kerap dipahami berbeda oleh peserta pemilu. Karena itu, Bawaslu berencana menggelar pertemuan dengan seluruh partai di tingkat provinsi untuk menyamakan persepsi.",
        ],
    },
    {
        "title": "Pemerintah Siapkan Tambahan Anggaran untuk Tahapan Pemilu 2024",
        "when": "2022-12-05 09:05",
        "section": "Nasional",
        "authors": ["Fajar Nugroho"],
        "editor": "Hendra Wijaya",
        "tags": ["Anggaran Pemilu", "Pemilu 2024"],
        "meta": "visible",
        "paras": [
            "Pemerintah menyiapkan tambahan anggaran untuk mendukung tahapan Pemilu 2024 yang dinilai lebih padat dibanding pemilu sebelumnya. Dana tersebut antara lain dialokasikan untuk honorarium badan ad hoc, pengadaan logistik, dan pengamanan.",
            "Kenaikan honor petugas ad hoc menjadi salah satu pos yang paling disorot. Beban kerja panitia pemungutan suara pada pemilu sebelumnya dinilai terlalu berat, sehingga penyelenggara meminta adanya penyesuaian honor sekaligus jaminan kesehatan bagi petugas.",
            "Pengamat kebijakan publik Wahyu Setiawan menilai tambahan anggaran perlu diikuti dengan keterbukaan dalam penggunaannya. Ia meminta penyelenggara membuka rincian belanja agar publik bisa ikut mengawasi.",
            '"Anggaran pemilu itu uang rakyat. Semakin terbuka rinciannya, semakin kecil ruang penyimpangan dan semakin tinggi kepercayaan publik terhadap hasil pemilu," ujar Wahyu.',
            "Di sisi lain, pemerintah daerah juga diminta menyiapkan dukungan, mulai dari sarana kantor sekretariat hingga personel untuk membantu kelancaran tahapan di wilayah masing-masing.",
        ],
    },
    {
        "title": "Indeks Kerawanan Pemilu Jadi Acuan Pengawasan di Daerah",
        "when": "2022-12-19 15:30",
        "section": "Pemilu",
        "authors": ["Aulia Rahmawati", "Dimas Prasetyo"],
        "editor": "Sari Puspitasari",
        "tags": ["IKP", "Bawaslu", "Kerawanan Pemilu"],
        "meta": "jsonld",
        "paras": [
            "Bawaslu di sejumlah daerah mulai menjadikan Indeks Kerawanan Pemilu (IKP) sebagai acuan menyusun strategi pengawasan. Indeks tersebut memetakan potensi gangguan, mulai dari persoalan daftar pemilih hingga kerawanan konflik di masa kampanye.",
            "IKP disusun dari sejumlah dimensi, antara lain konteks sosial politik, penyelenggaraan pemilu, kontestasi, dan partisipasi. Setiap daerah kemudian dikelompokkan ke dalam kategori rawan tinggi, sedang, atau rendah sesuai skor yang diperolehnya.",
            "Ketua Bawaslu Kabupaten Bantul, Nur Aini, mengatakan hasil pemetaan akan dipakai untuk menentukan prioritas penempatan pengawas. Wilayah dengan catatan kerawanan tinggi akan mendapat pendampingan lebih intensif sejak awal tahapan.",
            '"Indeks ini bukan untuk menakut-nakuti masyarakat. Justru dengan mengetahui titik rawan lebih awal, kita bisa mencegah masalah sebelum terjadi," kata Nur.',
            "Selain dipakai Bawaslu, IKP juga diharapkan menjadi bahan bagi pemerintah daerah, kepolisian, dan organisasi masyarakat sipil dalam menyiapkan langkah antisipasi menjelang hari pemungutan suara.",
        ],
    },
    {
        "title": "Coklit Data Pemilih Dimulai, Petugas Pantarlih Datangi Rumah Warga",
        "when": "2023-02-13 08:45",
        "section": "Pemilu",
        "authors": ["Rina Kurniawati"],
        "editor": "Bayu Anggara",
        "tags": ["Coklit", "Daftar Pemilih", "KPU"],
        "meta": "meta",
        "paras": [
            "Petugas pemutakhiran data pemilih (Pantarlih) mulai mendatangi rumah warga untuk melakukan pencocokan dan penelitian atau coklit data pemilih Pemilu 2024. Kegiatan ini menjadi dasar penyusunan daftar pemilih sementara sebelum ditetapkan menjadi daftar pemilih tetap.",
            "Dalam coklit, petugas mencocokkan data kependudukan dengan kondisi di lapangan. Warga yang sudah meninggal, pindah domisili, atau beralih status menjadi anggota TNI dan Polri akan dicoret, sementara pemilih pemula yang belum terdata dapat langsung ditambahkan.",
            "Ketua KPU Kota Bandung, Agus Firmansyah, meminta warga proaktif memastikan dirinya tercatat. Setelah didata, setiap rumah akan ditempeli stiker sebagai tanda bahwa penghuninya sudah melalui proses coklit.",
            '"Kalau sampai akhir bulan rumahnya belum ditempeli stiker, silakan lapor ke PPS di kelurahan masing-masing. Jangan sampai ada warga yang kehilangan hak pilih hanya karena tidak terdata," kata Agus.',
            "Bawaslu juga melakukan uji petik untuk memastikan petugas benar-benar datang ke rumah pemilih dan tidak sekadar menyalin data. Temuan di lapangan akan disampaikan sebagai saran perbaikan kepada KPU di setiap tingkatan.",
        ],
    },
    {
        "title": "Partai Politik Diminta Transparan Soal Sumber Dana Kampanye",
        "when": "2023-02-27 14:20",
        "section": "Politik",
        "authors": ["Fajar Nugroho"],
        "editor": "Hendra Wijaya",
        "tags": ["Dana Kampanye", "Partai Politik", "Transparansi"],
        "meta": "visible",
        "paras": [
            "Kalangan pegiat pemilu meminta partai politik lebih terbuka mengenai sumber dana kampanye yang akan digunakan pada Pemilu 2024. Laporan dana kampanye selama ini dinilai masih sebatas formalitas administrasi.",
            "Peneliti lembaga pemantau pemilu, Dewi Anggraini, mengatakan banyak pengeluaran kampanye yang tidak tercatat dalam laporan resmi. Kegiatan seperti pertemuan tatap muka, pembagian kaus, hingga biaya saksi kerap dibiayai di luar rekening khusus dana kampanye.",
            '"Kalau yang dilaporkan hanya sebagian kecil dari pengeluaran sebenarnya, publik tidak pernah tahu siapa penyandang dana di balik seorang calon. Di situlah ruang bagi kepentingan tertentu untuk masuk," ujar Dewi.',
            "Ia mendorong penyelenggara pemilu mewajibkan pelaporan berkala yang dapat diakses publik secara daring, bukan hanya di awal dan akhir masa kampanye. Dengan begitu, masyarakat dapat membandingkan laporan dengan aktivitas kampanye yang terlihat di lapangan.",
            "Sejumlah pengurus partai menyatakan siap mematuhi aturan pelaporan. Namun mereka juga meminta agar format laporan dibuat lebih sederhana supaya pengurus di tingkat kabupaten tidak kesulitan menyusunnya.",
        ],
    },
    {
        # Listed in the sitemap, but the page always answers 500 (see _routes.json).
        "title": "Sosialisasi Pemilu di Sekolah Sasar Pemilih Pemula",
        "when": "2023-03-20 10:00",
        "section": "Nasional",
        "authors": ["Aulia Rahmawati"],
        "editor": "Bayu Anggara",
        "tags": ["Pemilih Pemula", "Sosialisasi"],
        "meta": "jsonld",
        "role": "error500",
        "paras": [],
    },
    {
        # The page exists but its post-content is empty: must be dropped for missing body.
        "title": "Rekrutmen Panitia Pemungutan Suara Dibuka Serentak",
        "when": "2023-04-11 16:05",
        "section": "Pemilu",
        "authors": ["Dimas Prasetyo"],
        "editor": "Sari Puspitasari",
        "tags": ["PPS", "Badan Ad Hoc"],
        "meta": "meta",
        "role": "empty",
        "paras": [],
    },
    {
        # Only reachable from page 2 of the Politik listing.
        "title": "Peta Koalisi Mulai Mengerucut Jelang Pendaftaran Capres",
        "when": "2023-05-15 19:30",
        "section": "Politik",
        "authors": ["Rina Kurniawati", "Fajar Nugroho"],
        "editor": "Hendra Wijaya",
        "tags": ["Koalisi", "Pilpres 2024"],
        "meta": "visible",
        "role": "listing_only",
        "paras": [
            "Peta koalisi partai politik menjelang pendaftaran calon presiden dan wakil presiden mulai mengerucut. Sejumlah partai intensif menggelar pertemuan tertutup untuk menyamakan sikap sebelum tahapan pendaftaran dibuka KPU.",
            "Ambang batas pencalonan presiden membuat partai-partai tidak bisa mengusung pasangan calon sendirian. Mereka harus berkoalisi agar perolehan kursi atau suara gabungan memenuhi syarat yang ditentukan undang-undang.",
            "Pengamat politik Andi Syamsuddin menilai dinamika koalisi masih sangat cair. Menurut dia, keputusan akhir biasanya baru diambil pada hari-hari terakhir menjelang penutupan pendaftaran.",
            '"Yang terlihat di permukaan belum tentu final. Tawar-menawar soal posisi calon wakil presiden masih menjadi ganjalan utama di hampir semua poros," kata Andi.',
            "Ia juga mengingatkan partai agar tidak mengabaikan aspirasi pemilih di daerah. Koalisi yang dibangun semata-mata atas hitungan elektoral, menurutnya, rawan pecah ketika memasuki masa kampanye.",
        ],
    },
    {
        "title": "Bawaslu Petakan Titik Rawan Politik Uang di Pedesaan",
        "when": "2023-06-19 11:25",
        "section": "Politik",
        "authors": ["Aulia Rahmawati"],
        "editor": "Bayu Anggara",
        "tags": ["Politik Uang", "Bawaslu", "Pengawasan Partisipatif"],
        "meta": "jsonld",
        "paras": [
            "Bawaslu memetakan desa-desa yang dinilai rawan praktik politik uang menjelang Pemilu 2024. Pemetaan dilakukan berdasarkan catatan pelanggaran pada pemilu dan pilkada sebelumnya serta laporan masyarakat.",
            "Praktik yang paling sering ditemukan antara lain pembagian amplop menjelang hari pemungutan suara atau yang dikenal dengan istilah serangan fajar, serta pembagian sembako dengan dalih kegiatan sosial.",
            "Anggota Bawaslu Kabupaten Garut, Yusuf Maulana, mengatakan pihaknya akan membentuk kampung pengawasan partisipatif di desa-desa tersebut. Warga dilatih mengenali modus politik uang dan cara melaporkannya tanpa harus takut terhadap tekanan.",
            '"Politik uang sering dianggap wajar karena sudah terjadi berulang kali. Padahal pemberi dan penerima sama-sama bisa dijerat pidana pemilu," ujar Yusuf.',
            "Bawaslu juga menggandeng tokoh agama dan tokoh adat untuk menyampaikan pesan antipolitik uang dalam pengajian maupun pertemuan warga. Pendekatan ini dinilai lebih efektif dibanding sosialisasi formal di balai desa.",
            "Selain pencegahan, Bawaslu menyiapkan patroli pengawasan pada masa tenang. Pengawas desa diminta mencatat setiap pergerakan yang mencurigakan dan segera berkoordinasi dengan Sentra Gakkumdu.",
        ],
    },
    {
        "title": "Netralitas ASN Kembali Disorot Menjelang Masa Kampanye",
        "when": "2023-07-24 09:50",
        "section": "Nasional",
        "authors": ["Dimas Prasetyo"],
        "editor": "Hendra Wijaya",
        "tags": ["Netralitas ASN", "ASN"],
        "meta": "meta",
        "paras": [
            "Netralitas aparatur sipil negara (ASN) kembali menjadi sorotan menjelang masa kampanye Pemilu 2024. Sejumlah laporan dugaan ASN yang ikut mempromosikan bakal calon di media sosial mulai masuk ke meja pengawas.",
            "Aturan kepegawaian melarang ASN terlibat dalam kegiatan politik praktis, termasuk memberikan dukungan melalui unggahan, komentar, atau tanda suka pada konten kampanye. Pelanggaran dapat berujung pada sanksi disiplin hingga pemberhentian.",
            "Kepala Badan Kepegawaian di salah satu pemerintah kabupaten di Jawa Barat, Endang Kusumawati, mengatakan pihaknya sudah mengedarkan surat imbauan kepada seluruh pegawai. Setiap kepala dinas diminta mengawasi bawahannya secara langsung.",
            '"Kami tidak melarang ASN punya pilihan politik. Hak pilihnya tetap dijamin, tetapi ekspresinya cukup di bilik suara," ujar Endang.',
            "Bawaslu menilai kerawanan netralitas ASN cenderung meningkat di daerah yang sekaligus akan menggelar pilkada. Pegawai kerap berada dalam posisi sulit karena atasan mereka memiliki kepentingan politik langsung.",
        ],
    },
    {
        "title": "KPU Tetapkan Daftar Pemilih Tetap, Warga Diminta Cek Nama Secara Daring",
        "when": "2023-08-28 15:10",
        "section": "Pemilu",
        "authors": ["Rina Kurniawati"],
        "editor": "Sari Puspitasari",
        "tags": ["DPT", "KPU", "Daftar Pemilih"],
        "meta": "visible",
        "paras": [
            "KPU menetapkan daftar pemilih tetap (DPT) untuk Pemilu 2024 setelah melalui rangkaian pemutakhiran dan rapat pleno berjenjang. Warga diminta memeriksa kembali namanya melalui layanan cek DPT daring.",
            "Dalam proses penyusunan, penyelenggara menemukan ribuan data ganda dan pemilih yang tidak memenuhi syarat. Data tersebut telah dicoret setelah diverifikasi bersama dinas kependudukan dan catatan sipil.",
            "Bawaslu meminta KPU tetap membuka ruang perbaikan. Menurut pengawas, masih ada laporan pemilih di panti sosial, lembaga pemasyarakatan, dan kawasan perkebunan yang belum sepenuhnya terdata.",
            '"Penetapan DPT bukan akhir dari segalanya. Pemilih yang belum terdaftar masih bisa masuk daftar pemilih tambahan atau menggunakan KTP elektronik di TPS sesuai ketentuan," kata anggota KPU provinsi, Bambang Sutrisno.',
            "Masyarakat yang akan memilih di luar domisilinya, misalnya mahasiswa perantau dan pekerja, diimbau segera mengurus pindah memilih agar tercatat di TPS tujuan.",
        ],
    },
    {
        "title": "Caleg Muda Andalkan Media Sosial untuk Menjangkau Pemilih",
        "when": "2023-10-09 13:00",
        "section": "Politik",
        "authors": ["Aulia Rahmawati"],
        "editor": "Bayu Anggara",
        "tags": ["Caleg", "Media Sosial", "Pemilih Muda"],
        "meta": "jsonld",
        "paras": [
            "Calon anggota legislatif dari kalangan muda mengandalkan media sosial untuk menjangkau pemilih pada Pemilu 2024. Video pendek, siaran langsung, dan konten keseharian menjadi cara mereka memperkenalkan diri di tengah terbatasnya modal kampanye.",
            "Salah satu caleg DPRD kota di Semarang, Galih Pratama, mengaku lebih banyak menghabiskan waktu menyiapkan konten daripada memasang baliho. Menurutnya, biaya produksi konten jauh lebih murah dan pesannya bisa menjangkau pemilih pemula secara langsung.",
            '"Anak muda jarang melihat baliho di pinggir jalan, tapi setiap hari membuka ponsel. Di situ kami harus hadir," ujar Galih.',
            "Meski demikian, pengamat komunikasi politik mengingatkan agar kampanye di media sosial tidak terjebak pada sensasi. Konten yang viral belum tentu menyampaikan gagasan, dan sebagian justru memicu polarisasi.",
            "Bawaslu juga mengingatkan bahwa akun media sosial yang digunakan untuk kampanye wajib didaftarkan ke KPU. Konten kampanye di luar jadwal maupun yang memuat hoaks dan ujaran kebencian tetap dapat ditindak.",
        ],
    },
    {
        "title": "Hari Pertama Kampanye, Bawaslu Temukan Alat Peraga Dipasang Sembarangan",
        "when": "2023-11-28 17:45",
        "section": "Politik",
        "authors": ["Fajar Nugroho"],
        "editor": "Hendra Wijaya",
        "tags": ["Kampanye", "APK", "Bawaslu"],
        "meta": "meta",
        "paras": [
            "Hari pertama masa kampanye Pemilu 2024 diwarnai temuan alat peraga kampanye (APK) yang dipasang di lokasi terlarang. Pengawas menemukan spanduk dan baliho terpasang di pohon, tiang listrik, hingga di dekat fasilitas pendidikan.",
            "Ketua Bawaslu Kota Depok, Irwan Santoso, mengatakan pihaknya langsung berkoordinasi dengan satuan polisi pamong praja untuk menertibkan APK yang melanggar. Sebelum penertiban, tim kampanye lebih dulu diberi surat peringatan.",
            '"Kami beri waktu satu kali dua puluh empat jam untuk menurunkan sendiri. Kalau tidak diindahkan, petugas gabungan yang akan menertibkan," ujar Irwan.',
            "Selain soal lokasi, pengawas juga menyoroti ukuran dan jumlah APK yang melebihi ketentuan. Pemerintah daerah bersama KPU sebelumnya telah menetapkan zona-zona yang boleh dan tidak boleh dipasangi alat peraga.",
            "Warga diimbau melapor apabila menemukan APK yang mengganggu keselamatan pengguna jalan. Laporan dapat disampaikan melalui posko pengaduan di kantor Bawaslu maupun kanal pengaduan daring.",
        ],
    },
    {
        "title": "Mahasiswa Bentuk Posko Pemantau Hoaks Pemilu",
        "when": "2023-12-18 10:20",
        "section": "Nasional",
        "authors": ["Dimas Prasetyo", "Rina Kurniawati"],
        "editor": "Sari Puspitasari",
        "tags": ["Hoaks", "Cek Fakta", "Mahasiswa"],
        "meta": "visible",
        "paras": [
            "Sekelompok mahasiswa di Surabaya membentuk posko pemantau hoaks pemilu untuk membantu warga memeriksa kebenaran informasi politik yang beredar di grup percakapan. Posko tersebut melayani pertanyaan secara daring maupun tatap muka.",
            "Koordinator posko, Nadia Putri, mengatakan sebagian besar aduan yang masuk berupa potongan video dan tangkapan layar yang dipelintir dari konteks aslinya. Ada pula pesan berantai yang mengatasnamakan penyelenggara pemilu.",
            '"Banyak orang tua yang menerima pesan soal perubahan jadwal pencoblosan atau syarat memilih yang sebenarnya tidak pernah ada. Kami bantu cek ke sumber resmi lalu kirim penjelasan balik," kata Nadia.',
            "Para relawan dibekali pelatihan dasar cek fakta, mulai dari penelusuran gambar terbalik hingga pengecekan akun penyebar. Hasil pemeriksaan dipublikasikan secara berkala melalui akun media sosial posko.",
            "Inisiatif itu mendapat sambutan dari pengawas pemilu setempat. Bawaslu menilai gerakan masyarakat sipil sangat dibutuhkan karena kecepatan penyebaran disinformasi sering kali melampaui kemampuan lembaga resmi untuk meluruskannya.",
            "Posko direncanakan tetap beroperasi hingga tahapan rekapitulasi suara selesai. Mahasiswa juga berencana menyusun catatan akhir tentang pola hoaks selama pemilu sebagai bahan evaluasi.",
        ],
    },
    {
        # The feed links this one with tracking parameters; the sitemap lists it plainly.
        "title": "Debat Kandidat Dinilai Belum Menyentuh Persoalan Daerah",
        "when": "2024-01-15 20:15",
        "section": "Politik",
        "authors": ["Aulia Rahmawati"],
        "editor": "Bayu Anggara",
        "tags": ["Debat Capres", "Pilpres 2024"],
        "meta": "jsonld",
        "role": "utm",
        "paras": [
            "Rangkaian debat kandidat pada Pemilu 2024 dinilai belum banyak menyentuh persoalan yang dihadapi masyarakat di daerah. Isu seperti ketimpangan infrastruktur, harga kebutuhan pokok, dan akses layanan kesehatan dianggap hanya dibahas sekilas.",
            "Pengamat politik lokal Maria Lestari menilai format debat yang singkat membuat kandidat cenderung menyampaikan jargon. Waktu bicara yang terbatas juga menyulitkan penonton menilai seberapa matang program yang ditawarkan.",
            '"Pemilih di luar Jawa ingin mendengar rencana konkret untuk wilayah mereka, bukan hanya angka pertumbuhan nasional. Sayangnya, pertanyaan seperti itu jarang muncul," kata Maria.',
            "Ia mengusulkan agar penyelenggara melibatkan lebih banyak panelis dari berbagai daerah dalam merumuskan pertanyaan debat. Menurutnya, cara itu bisa membuat debat lebih dekat dengan kebutuhan pemilih.",
            "Meski mendapat kritik, siaran debat tetap menarik perhatian publik. Percakapan di media sosial meningkat tajam setiap kali debat berlangsung, meski sebagian didominasi potongan momen lucu dan saling sindir antarpendukung.",
        ],
    },
    {
        "title": "Logistik Pemilu Mulai Didistribusikan ke Pulau-Pulau Terluar",
        "when": "2024-02-05 07:30",
        "section": "Pemilu",
        "authors": ["Fajar Nugroho"],
        "editor": "Hendra Wijaya",
        "tags": ["Logistik Pemilu", "Distribusi", "Surat Suara"],
        "meta": "meta",
        "paras": [
            "Distribusi logistik Pemilu 2024 ke pulau-pulau terluar mulai dilakukan lebih awal untuk mengantisipasi cuaca buruk. Kotak suara, surat suara, dan perlengkapan TPS diangkut menggunakan kapal dengan pengawalan aparat keamanan.",
            "Sekretaris KPU di salah satu kabupaten kepulauan di Maluku, Johanis Latuheru, mengatakan gelombang tinggi menjadi tantangan terbesar tahun ini. Beberapa pengiriman terpaksa ditunda hingga laut kembali tenang.",
            '"Kami tidak mau mengambil risiko. Logistik dikemas dengan plastik berlapis agar tidak rusak terkena air laut, dan setiap pengiriman didampingi petugas yang mencatat jumlah barang," ujar Johanis.',
            "Bawaslu turut mengawasi proses pengepakan dan pengiriman. Pengawas memastikan jumlah surat suara sesuai dengan daftar pemilih ditambah cadangan dua persen di setiap TPS, serta tidak ada surat suara yang rusak.",
            "Untuk wilayah yang sulit dijangkau kapal besar, logistik akan dipindahkan ke perahu motor milik nelayan setempat. Pemerintah daerah menyiapkan dukungan bahan bakar agar distribusi tidak terhambat.",
        ],
    },
    {
        "title": "Warga Antusias Datangi TPS pada Hari Pemungutan Suara",
        "when": "2024-02-14 16:40",
        "section": "Pemilu",
        "authors": ["Dimas Prasetyo"],
        "editor": "Sari Puspitasari",
        "tags": ["TPS", "Pemungutan Suara", "Partisipasi Pemilih"],
        "meta": "jsonld",
        "paras": [
            "Warga di berbagai daerah tampak antusias mendatangi tempat pemungutan suara (TPS) pada hari pemungutan suara Pemilu 2024, Rabu (14/2/2024). Antrean sudah terlihat sejak pagi, bahkan sebelum TPS resmi dibuka.",
            "Di sebuah TPS di kawasan Jakarta Timur, petugas KPPS menyiapkan kursi tambahan bagi pemilih lanjut usia dan penyandang disabilitas. Sebagian TPS juga dihias dengan tema tertentu untuk menarik minat pemilih.",
            "Ketua KPPS setempat, Hasan Basri, mengatakan proses pencoblosan berjalan lancar meski sempat ada pemilih yang kebingungan dengan lima jenis surat suara. Petugas kemudian menjelaskan kembali tata cara mencoblos sebelum pemilih masuk bilik.",
            '"Yang paling lama itu membuka dan melipat surat suara DPRD karena ukurannya besar. Tapi secara umum warga sabar dan tertib," ujar Hasan.',
            "Pengawas TPS mencatat sejumlah kendala kecil, seperti pemilih yang datang tanpa membawa formulir pemberitahuan dan pemilih pindahan yang tidak tercantum dalam daftar. Kendala tersebut diselesaikan sesuai prosedur yang berlaku.",
            "Penghitungan suara dimulai setelah TPS ditutup pukul 13.00 waktu setempat. Warga dipersilakan menyaksikan proses penghitungan untuk memastikan hasilnya tercatat dengan benar.",
        ],
    },
    {
        # A Makassar story: the visible date line is in WITA (+08:00).
        "title": "Rekapitulasi Suara di Makassar Berjalan Lambat, Saksi Minta Transparansi",
        "when": "2024-02-15 10:30",
        "zone": "WITA",
        "section": "Pemilu",
        "authors": ["Rina Kurniawati"],
        "editor": "Bayu Anggara",
        "tags": ["Rekapitulasi", "Makassar", "Saksi"],
        "meta": "visible",
        "paras": [
            "Proses rekapitulasi suara tingkat kecamatan di Kota Makassar berjalan lambat sehari setelah pemungutan suara. Sejumlah saksi partai meminta penyelenggara membuka seluruh formulir hasil penghitungan untuk dicocokkan bersama.",
            "Keterlambatan terjadi karena sebagian kotak suara dari kelurahan baru tiba menjelang pagi. Petugas panitia pemilihan kecamatan juga harus menunggu kelengkapan dokumen dari beberapa TPS sebelum rapat pleno dapat dimulai.",
            "Salah satu saksi partai, Muhammad Arif, mengatakan pihaknya menemukan selisih angka antara salinan formulir yang dipegang saksi dan data yang ditampilkan di aplikasi Sirekap. Ia meminta rekapitulasi dilakukan berdasarkan dokumen fisik.",
            '"Kami tidak menuduh ada kecurangan. Kami hanya ingin angka yang dibacakan sama dengan yang kami pegang dari TPS," kata Arif.',
            "Panwaslu kecamatan menyatakan akan mencermati setiap keberatan saksi dan mencatatnya dalam berita acara. Jika ditemukan kesalahan penulisan, perbaikan dilakukan secara terbuka di hadapan saksi dan pengawas.",
        ],
    },
    {
        "title": "Sengketa Hasil Pemilu Bergulir, Partai Siapkan Bukti ke MK",
        "when": "2024-02-26 12:05",
        "section": "Politik",
        "authors": ["Fajar Nugroho", "Aulia Rahmawati"],
        "editor": "Hendra Wijaya",
        "tags": ["Sengketa Pemilu", "Mahkamah Konstitusi"],
        "meta": "meta",
        "paras": [
            "Sejumlah partai politik mulai menyiapkan bukti untuk mengajukan perselisihan hasil pemilu ke Mahkamah Konstitusi (MK). Persiapan dilakukan sambil menunggu penetapan hasil rekapitulasi nasional oleh KPU.",
            "Tim hukum partai mengumpulkan salinan formulir hasil penghitungan dari saksi di TPS untuk dibandingkan dengan hasil rekapitulasi berjenjang. Selisih suara di sejumlah daerah pemilihan menjadi fokus utama penelusuran.",
            "Pakar hukum tata negara Sutrisno Wibowo mengingatkan bahwa tenggat pengajuan permohonan ke MK sangat singkat. Karena itu, partai perlu menyiapkan dalil dan alat bukti sejak awal, bukan setelah hasil diumumkan.",
            '"Permohonan yang hanya berisi dugaan tanpa bukti berjenjang biasanya sulit dikabulkan. Hakim butuh bukti bahwa selisih itu memengaruhi perolehan kursi," ujar Sutrisno.',
            "Di sisi lain, Bawaslu menyatakan siap memberikan keterangan dalam persidangan. Hasil pengawasan dan penanganan pelanggaran selama tahapan rekapitulasi akan menjadi bahan keterangan tertulis.",
        ],
    },
    {
        "title": "Pemungutan Suara Ulang Digelar di Sejumlah TPS",
        "when": "2024-03-06 14:50",
        "section": "Nasional",
        "authors": ["Dimas Prasetyo"],
        "editor": "Sari Puspitasari",
        "tags": ["PSU", "Pemungutan Suara Ulang"],
        "meta": "jsonld",
        "paras": [
            "Pemungutan suara ulang (PSU) digelar di sejumlah TPS setelah pengawas menemukan pelanggaran prosedur pada hari pencoblosan. Pelanggaran itu antara lain adanya pemilih yang tidak berhak namun ikut memberikan suara.",
            "Rekomendasi PSU dikeluarkan Bawaslu setelah melakukan klarifikasi kepada petugas KPPS, saksi, dan pemilih. KPU kemudian menindaklanjuti rekomendasi tersebut dengan menyiapkan logistik dan mengundang kembali pemilih yang terdaftar.",
            "Anggota KPU di salah satu kabupaten di Jawa Tengah, Yohanes Kristanto, mengakui tingkat kehadiran pada PSU biasanya lebih rendah. Petugas pun mendatangi rumah pemilih untuk mengantarkan undangan sekaligus mengingatkan jadwal pencoblosan.",
            '"Kami paham warga sudah memilih sebelumnya. Tapi PSU ini penting untuk menjaga hasil yang sah, jadi kami mohon warga kembali datang," kata Yohanes.',
            "Petugas KPPS yang terbukti lalai akan dievaluasi dan tidak dilibatkan kembali pada pemilihan berikutnya, termasuk Pilkada Serentak 2024 yang tahapannya segera dimulai.",
        ],
    },
    {
        # Newest post: in the feed only (not yet in any sitemap, not in the Politik listing).
        "title": "Bawaslu Evaluasi Pengawasan Pemilu, Siapkan Strategi untuk Pilkada 2024",
        "when": "2024-03-20 18:10",
        "section": "Pemilu",
        "authors": ["Aulia Rahmawati"],
        "editor": "Bayu Anggara",
        "tags": ["Pilkada 2024", "Evaluasi Pengawasan", "Bawaslu"],
        "meta": "visible",
        "role": "feed_only",
        "paras": [
            "Bawaslu mulai mengevaluasi pengawasan seluruh tahapan Pemilu 2024 sebagai bekal menghadapi Pilkada Serentak 2024. Evaluasi mencakup penanganan pelanggaran, pengawasan politik uang, hingga netralitas aparatur.",
            "Dalam rapat evaluasi di tingkat provinsi, pengawas dari kabupaten dan kota memaparkan kendala yang mereka hadapi. Keterbatasan jumlah personel dan luasnya wilayah pengawasan menjadi keluhan yang paling sering muncul.",
            "Anggota Bawaslu provinsi, Rudi Haryanto, mengatakan pola pelanggaran pada pilkada diperkirakan berbeda dengan pemilu nasional. Kedekatan calon kepala daerah dengan birokrasi membuat isu netralitas ASN dan kepala desa berpotensi lebih menonjol.",
            '"Kami akan memperkuat pengawasan partisipatif sejak awal, terutama di daerah yang pada pemilu lalu banyak mencatat laporan politik uang," ujar Rudi.',
            "Hasil evaluasi akan dirangkum menjadi rekomendasi untuk penyusunan pemetaan kerawanan pilkada. Bawaslu juga membuka masukan dari pemantau pemilu dan organisasi masyarakat sipil.",
        ],
    },
]


# --- building the site ---------------------------------------------------------------------


def _require(condition: bool, *context: object) -> None:
    # Self-checks of the fixture's design; not asserts, so "python -O" keeps them.
    if not condition:
        raise RuntimeError(f"sample site is inconsistent: {context!r}")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def build_articles() -> list[dict[str, Any]]:
    """Expand ARTICLES into full records (dates, URLs, roles), oldest first."""
    records = []
    for spec in ARTICLES:
        zone = spec.get("zone", "WIB")
        published = datetime.strptime(spec["when"], "%Y-%m-%d %H:%M").replace(tzinfo=ZONES[zone])
        slug = slugify(spec["title"])
        # Deterministic "last edited" 20-200 minutes after publishing.
        modified = published + timedelta(minutes=20 + zlib.crc32(slug.encode()) % 180)
        records.append(
            {
                **spec,
                "slug": slug,
                "url": f"{SITE}/{slug}",
                "zone": zone,
                "role": spec.get("role", "plain"),
                "published": published,
                "modified": modified,
                "date_line": date_line(published, zone),
            }
        )
    records.sort(key=lambda r: r["published"])
    _require(len({r["slug"] for r in records}) == len(records), "duplicate slugs")
    return records


def plan_discovery(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Which article goes into which discovery source (sitemaps, feed, listing pages)."""
    in_sitemap = [r for r in records if r["role"] not in ("listing_only", "feed_only")]
    newest_first = sorted(records, key=lambda r: r["published"], reverse=True)
    feed = [r for r in newest_first if r["role"] not in ("listing_only", "error500", "empty")]
    listing = [
        r
        for r in newest_first
        if r["section"] == LISTING_SECTION and r["role"] not in ("feed_only", "error500", "empty")
    ]
    plan = {
        "post-sitemap1": [r for r in in_sitemap if r["published"] < SITEMAP_SPLIT],
        "post-sitemap2": [r for r in in_sitemap if r["published"] >= SITEMAP_SPLIT],
        "feed": feed[:FEED_ITEMS],
        "listing-p1": listing[:LISTING_PER_PAGE],
        "listing-p2": listing[LISTING_PER_PAGE : 2 * LISTING_PER_PAGE],
    }
    # The traps only work if the data put them where intended.
    for r in records:
        where = [name for name, rs in plan.items() if r in rs]
        if r["role"] == "listing_only":
            _require(where == ["listing-p2"], r["slug"], where)
        if r["role"] == "feed_only":
            _require(where == ["feed"], r["slug"], where)
        if r["role"] == "utm":
            _require("feed" in where, r["slug"], where)
            _require(any(w.startswith("post-sitemap") for w in where), r["slug"], where)
    _require(len(listing) <= 2 * LISTING_PER_PAGE, "listing would need a page 3")
    return plan


def _blocks(record: dict[str, Any], related: list[str]) -> list[tuple[str, str]]:
    """p1, Baca Juga, p2, p3, ad, p4, Baca Juga, p5..., editor (as on the live page)."""
    paras = list(record["paras"])
    if not paras:
        return []
    paras[0] = DATELINE + paras[0]
    blocks: list[tuple[str, str]] = []
    for i, text in enumerate(paras):
        blocks.append(("p", text))
        if i == 0:
            blocks.append(("baca_juga", related[0]))
        elif i == 2:
            blocks.append(("ad", ""))
        elif i == 3:
            blocks.append(("baca_juga", related[1]))
    blocks.append(("editor", record["editor"]))
    return blocks


def _article_dict(record: dict[str, Any], pool: list[dict[str, Any]]) -> dict[str, Any]:
    others = [r for r in pool if r is not record]
    # "Baca Juga": the two closest older posts (newer ones for the oldest posts).
    older = [r for r in others if r["published"] < record["published"]][::-1]
    newer = [r for r in others if r["published"] > record["published"]]
    related = [r["title"] for r in (older + newer)[:2]]
    # Sidebar "BERITA TERBARU": the five newest posts, as a static snapshot of the site.
    latest = sorted(others, key=lambda r: r["published"], reverse=True)[:5]
    blocks = [] if record["role"] == "empty" else _blocks(record, related)
    return {
        "slug": record["slug"],
        "title": record["title"],
        "authors": record["authors"],
        "date_line": record["date_line"],
        "section": record["section"],
        "tags": record["tags"],
        "blocks": blocks,
        "published_at": _iso(record["published"].astimezone(WIB)),
        "modified_at": _iso(record["modified"].astimezone(WIB)),
        "jsonld": record["meta"] == "jsonld",
        "meta_published": record["meta"] == "meta",
        "latest": [(r["title"], r["slug"]) for r in latest],
        "description": _excerpt(record["paras"][0]) if record["paras"] else record["title"],
    }


def _xml(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


def _robots() -> str:
    return f"""User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /search/

Sitemap: {SITE}/sitemap_index.xml
"""


def _lastmod(rs: list[dict[str, Any]]) -> str:
    return _iso(max(r["modified"] for r in rs).astimezone(WIB))


def _sitemap_index(plan: dict[str, list[dict[str, Any]]]) -> str:
    entries = "".join(
        f"""  <sitemap>
    <loc>{SOURCES[name]}</loc>
    <lastmod>{_lastmod(plan[name])}</lastmod>
  </sitemap>
"""
        for name in ("post-sitemap1", "post-sitemap2")
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="//optika.id/main-sitemap.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{entries}</sitemapindex>
"""


def _post_sitemap(rs: list[dict[str, Any]], *, news: bool) -> str:
    ns = ['xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"']
    if news:
        ns.append('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"')
    ns.append('xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"')
    urls = []
    for r in rs:
        extra = ""
        if news:
            extra = f"""
    <news:news>
      <news:publication>
        <news:name>{SITE_NAME}</news:name>
        <news:language>id</news:language>
      </news:publication>
      <news:publication_date>{_iso(r["published"].astimezone(WIB))}</news:publication_date>
      <news:title>{_xml(r["title"])}</news:title>
    </news:news>"""
        urls.append(f"""  <url>
    <loc>{r["url"]}</loc>
    <lastmod>{_iso(r["modified"].astimezone(WIB))}</lastmod>
    <image:image>
      <image:loc>{image_url({"slug": r["slug"], "published_at": _iso(r["published"])})}</image:loc>
    </image:image>{extra}
  </url>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="//optika.id/main-sitemap.xsl"?>
<urlset {" ".join(ns)}>
{"".join(urls)}</urlset>
"""


def _feed(rs: list[dict[str, Any]]) -> str:
    items = []
    for r in rs:
        link = f"{r['url']}?{UTM}" if r["role"] == "utm" else r["url"]
        cats = "".join(
            f"\n      <category><![CDATA[{c}]]></category>" for c in [r["section"], *r["tags"]]
        )
        creators = "".join(
            f"\n      <dc:creator><![CDATA[{a}]]></dc:creator>" for a in r["authors"]
        )
        items.append(f"""    <item>
      <title>{_xml(r["title"])}</title>
      <link>{_xml(link)}</link>{creators}
      <pubDate>{format_datetime(r["published"].astimezone(WIB))}</pubDate>{cats}
      <guid isPermaLink="false">{SITE}/?p={_post_id(r["slug"])}</guid>
      <description><![CDATA[{_excerpt(r["paras"][0], 200, more=" [&#8230;]")}]]></description>
    </item>
""")
    build = format_datetime(max(r["modified"] for r in rs).astimezone(WIB))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
  <channel>
    <title>{SITE_NAME}</title>
    <atom:link href="{SITE}/feed/" rel="self" type="application/rss+xml" />
    <link>{SITE}/</link>
    <description>Media informasi dan analisis politik, pemilu, dan kebijakan publik</description>
    <lastBuildDate>{build}</lastBuildDate>
    <language>id</language>
    <sy:updatePeriod>hourly</sy:updatePeriod>
    <sy:updateFrequency>1</sy:updateFrequency>
    <generator>https://wordpress.org/?v=6.4.3</generator>
{"".join(items)}  </channel>
</rss>
"""


def _listing_items(rs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "slug": r["slug"],
            "title": r["title"],
            "date_line": r["date_line"],
            "excerpt": _excerpt(r["paras"][0]) if r["paras"] else "",
            "image_month": f"{r['published']:%Y%m}",
        }
        for r in rs
    ]


def _expected(record: dict[str, Any]) -> str:
    return {"error500": "error:500", "empty": "dropped:no_body"}.get(record["role"], "exported")


def build_site() -> dict[str, str]:
    """Every file of the site as ``{relative path: text}``."""
    records = build_articles()
    plan = plan_discovery(records)
    # Only ordinary sitemap articles are linked from other pages, so the discovery traps
    # (feed-only, listing-only, 500, empty) stay reachable through their one intended path.
    pool = [r for r in records if r["role"] in ("plain", "utm")]
    files: dict[str, str] = {
        "robots.txt": _robots(),
        "sitemap_index.xml": _sitemap_index(plan),
        "post-sitemap1.xml": _post_sitemap(plan["post-sitemap1"], news=False),
        "post-sitemap2.xml": _post_sitemap(plan["post-sitemap2"], news=True),
        "feed/index.xml": _feed(plan["feed"]),
        "category/politik/index.html": render_listing(
            _listing_items(plan["listing-p1"]), page=1, total_pages=2, search_link=SEARCH_TRAP
        ),
        "category/politik/page/2/index.html": render_listing(
            _listing_items(plan["listing-p2"]), page=2, total_pages=2
        ),
    }
    routes: dict[str, Any] = {
        # Yoast answers /sitemap.xml with a redirect to the index.
        "/sitemap.xml": {"status": 301, "location": f"{SITE}/sitemap_index.xml"},
    }
    manifest = []
    for r in records:
        if r["role"] == "error500":
            routes[f"/{r['slug']}"] = {"status": 500}
        else:
            files[f"{r['slug']}.html"] = render_article(_article_dict(r, pool))
        entry: dict[str, Any] = {
            "url": r["url"],
            "slug": r["slug"],
            "title": r["title"],
            "authors": r["authors"],
            "editor": r["editor"],
            "published_at": _iso(r["published"]),
            "date_line": r["date_line"],
            "metadata": r["meta"],
            "section": r["section"],
            "tags": r["tags"],
            "paragraphs": [] if r["role"] == "empty" else list(r["paras"]),
            "discovered_via": [name for name, rs in plan.items() if r in rs],
            "expected": _expected(r),
        }
        if r["role"] == "utm":
            entry["variant_urls"] = [f"{r['url']}?{UTM}"]
        manifest.append(entry)
    files["_routes.json"] = json.dumps(routes, indent=2) + "\n"
    files["MANIFEST.json"] = (
        json.dumps(
            {
                "site": SITE,
                "note": "Synthetic Optika.id-style site; all articles and names are fictional. "
                "Generated by samples/make_optika_site.py; do not edit by hand.",
                "sources": SOURCES,
                "never_fetch": [SEARCH_TRAP],
                "articles": manifest,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    _check_links(files, manifest)
    return files


def _check_links(files: dict[str, str], manifest: list[dict[str, Any]]) -> None:
    """Each trap article must be linked from exactly the files its discovered_via names."""
    source_files = {
        "post-sitemap1": "post-sitemap1.xml",
        "post-sitemap2": "post-sitemap2.xml",
        "feed": "feed/index.xml",
        "listing-p1": "category/politik/index.html",
        "listing-p2": "category/politik/page/2/index.html",
    }
    for entry in manifest:
        link = re.compile(re.escape(entry["url"]) + r"(?=[\"'<?\s])")
        linked_from = {
            path
            for path, text in files.items()
            if path not in (f"{entry['slug']}.html", "MANIFEST.json") and link.search(text)
        }
        want = {source_files[name] for name in entry["discovered_via"]}
        in_sitemap = any(v.startswith("post-sitemap") for v in entry["discovered_via"])
        if entry["expected"] != "exported" or not in_sitemap:
            # Traps: reachable through their intended source(s) and nothing else.
            _require(linked_from == want, entry["slug"], sorted(linked_from), sorted(want))
        else:
            # Ordinary posts may also be linked from other articles (Baca Juga, sidebar),
            # but never from a discovery source that discovered_via does not name.
            extra = linked_from - want
            _require(want <= linked_from, entry["slug"], sorted(want - linked_from))
            _require(all("/" not in p and p.endswith(".html") for p in extra), entry["slug"], extra)


def write_site(dest: Path, files: dict[str, str]) -> None:
    for rel, text in sorted(files.items()):
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the Optika.id-style sample site.")
    parser.add_argument("dest", nargs="?", type=Path, default=DEFAULT_DEST)
    parser.add_argument(
        "--clean", action="store_true", help="delete DEST first (only if it holds a MANIFEST.json)"
    )
    args = parser.parse_args(argv)
    dest: Path = args.dest
    if args.clean and dest.exists():
        if not (dest / "MANIFEST.json").is_file():
            print(f"refusing to --clean {dest}: no MANIFEST.json there", file=sys.stderr)
            return 2
        shutil.rmtree(dest)
    files = build_site()
    write_site(dest, files)
    print(f"wrote {len(files)} files to {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
