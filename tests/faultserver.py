"""A hostile web site on 127.0.0.1, for the "hostile web" test tier (tests/test_hostile.py).

A threaded raw HTTP/1.1 server (``socketserver`` and hand-written responses, so it can reset a
connection, stall, truncate a body or lie about ``Content-Length``) in the mirror layout of
:mod:`ikpcrawl.crawl.mirror`: requests for ``https://hostile.ikpcrawl.test/<path>`` arrive as
``/hostile.ikpcrawl.test/<path>``. Every request is answered from a *route*, a function of the
attempt number (0 for the first request of a path), so a fault can be "the first N attempts
fail, then the page is served".

The server records, for the tests: hits per path, request start times, the answers sent (time,
path, status) and the largest number of requests open at once, per host and overall. A request
is "open" from the moment its head has been read until its answer starts to be sent (or the
client hangs up on a stalled answer): a sub-interval of the client's own view, so the maximum is
never over-counted.

Everything is bounded: request heads are read with a size limit and a timeout, a stalled answer
ends when the client hangs up, after ``MAX_STALL_S`` or when the server shuts down, and handler
threads are daemons.

:func:`hostile_site` builds the site (articles, faults, discovery documents) and
:data:`EXPORTED` lists what a crawl must export from it, with the exact expected text.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import itertools
import select
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

HOST = "hostile.ikpcrawl.test"
SITE = f"https://{HOST}"
MAX_HEAD_BYTES = 64 * 1024
HEAD_TIMEOUT_S = 10.0
MAX_STALL_S = 20.0
REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
HTML_UTF8 = "text/html; charset=utf-8"


# ---------------------------------------------------------------------------------- answers
@dataclass
class Reply:
    """One answer. ``kind``: ``respond`` (a normal response), ``reset`` (TCP RST before any
    byte), ``stall`` (read the request, never answer), ``truncate`` (headers announce
    ``declared_length`` bytes, fewer are sent, then the connection is closed) or ``unannounced``
    (no Content-Length: the body ends when the connection closes). ``delay_s`` is server think
    time before a ``respond``: the request stays open meanwhile."""

    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "respond"
    declared_length: int | None = None
    delay_s: float = 0.0  # think time before answering (the request stays open meanwhile)


Route = Callable[[int], Reply]


def page(body: bytes | str, content_type: str = HTML_UTF8, status: int = 200) -> Reply:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Reply(status, data, [("Content-Type", content_type)])


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", [("Location", location)])


def always(reply: Reply) -> Route:
    return lambda attempt: reply


def first_then(failures: list[Reply], then: Reply) -> Route:
    """``failures[i]`` for attempt ``i``, then ``then`` for every later attempt."""
    return lambda attempt: failures[attempt] if attempt < len(failures) else then


# ----------------------------------------------------------------------------------- server
class FaultServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._hits: dict[str, int] = {}
        self.starts: list[tuple[float, str]] = []
        self.answers: list[tuple[float, str, int]] = []
        self._open: dict[str, int] = {}
        self._max_open: dict[str, int] = {}
        self._open_total = 0
        self.max_open_total = 0
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    # --- bookkeeping (handler threads write, tests read)
    def _begin(self, path: str) -> int:
        host = path.lstrip("/").split("/", 1)[0]
        with self._lock:
            attempt = self._hits.get(path, 0)
            self._hits[path] = attempt + 1
            self.starts.append((time.monotonic(), path))
            self._open[host] = self._open.get(host, 0) + 1
            self._max_open[host] = max(self._max_open.get(host, 0), self._open[host])
            self._open_total += 1
            self.max_open_total = max(self.max_open_total, self._open_total)
        return attempt

    def _end(self, path: str, status: int) -> None:
        host = path.lstrip("/").split("/", 1)[0]
        with self._lock:
            self._open[host] -= 1
            self._open_total -= 1
            self.answers.append((time.monotonic(), path, status))

    def hits(self, path: str) -> int:
        with self._lock:
            return self._hits.get(path, 0)

    def hit_paths(self) -> dict[str, int]:
        with self._lock:
            return dict(self._hits)

    def max_open(self, host: str = HOST) -> int:
        with self._lock:
            return self._max_open.get(host, 0)

    def route_for(self, path: str) -> Route | None:
        """The route of ``path`` with its query, else of the path alone."""
        prefix = f"/{HOST}"
        if not path.startswith(prefix + "/"):
            return None
        rest = path[len(prefix) :]
        return self.routes.get(rest) or self.routes.get(rest.split("?", 1)[0])

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hang up on purpose here (timeouts, size limits): not worth a traceback

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


class _Handler(socketserver.BaseRequestHandler):
    server: FaultServer
    request: socket.socket

    def handle(self) -> None:
        sock = self.request
        head = self._read_head(sock)
        if head is None:
            return
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3:
            return
        path = parts[1]
        attempt = self.server._begin(path)
        route = self.server.route_for(path)
        reply = route(attempt) if route else page("<h1>Not found</h1>", status=404)
        if reply.kind == "reset":
            self.server._end(path, 0)
            # SO_LINGER 0: close() sends a TCP RST instead of a FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            return
        if reply.kind == "stall":
            self._stall(sock)
            self.server._end(path, 0)
            return
        if reply.delay_s:
            self.server.stopping.wait(min(reply.delay_s, MAX_STALL_S))
        self.server._end(path, reply.status)
        self._send(sock, reply)

    @staticmethod
    def _read_head(sock: socket.socket) -> bytes | None:
        sock.settimeout(HEAD_TIMEOUT_S)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    return None
                data += chunk
                if len(data) > MAX_HEAD_BYTES:
                    return None
        except OSError:
            return None
        return data

    def _stall(self, sock: socket.socket) -> None:
        """Say nothing until the client hangs up (its timeout), ``MAX_STALL_S`` or shutdown."""
        deadline = time.monotonic() + MAX_STALL_S
        sock.setblocking(False)
        while time.monotonic() < deadline and not self.server.stopping.is_set():
            readable, _, _ = select.select([sock], [], [], 0.02)
            if readable:
                try:
                    if not sock.recv(4096):
                        return  # the client closed the connection
                except BlockingIOError:
                    continue
                except OSError:
                    return

    @staticmethod
    def _send(sock: socket.socket, reply: Reply) -> None:
        status_line = f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'Status')}\r\n"
        headers = [*reply.headers, ("Connection", "close")]
        if reply.kind == "truncate":
            headers.append(("Content-Length", str(reply.declared_length)))
        elif reply.kind != "unannounced":
            headers.append(("Content-Length", str(len(reply.body))))
        head = status_line + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        try:
            sock.sendall(head.encode("latin-1"))
            view = memoryview(reply.body)
            for offset in range(0, len(view), 256 * 1024):
                if _hung_up(sock):
                    return
                sock.sendall(view[offset : offset + 256 * 1024])
        except OSError:
            return  # the client went away (a size limit, a timeout): fine
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)


def _hung_up(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def serve(routes: dict[str, Route]) -> FaultServer:
    server = FaultServer()
    server.routes.update(routes)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    ).start()
    return server


# ------------------------------------------------------------------------------------ pages
@dataclass(frozen=True)
class Article:
    """An article page and what its export must be."""

    slug: str
    title: str
    paragraphs: tuple[str, ...]
    published_at: str = "2024-02-10T10:00:00+07:00"

    @property
    def url(self) -> str:
        return f"{SITE}/{self.slug}"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


UNSAFE_LINKS = (
    "http://10.0.0.1/x",
    "http://127.0.0.1:9/x",
    "http://[::1]/x",
    "http://169.254.169.254/latest/meta-data",
    f"ftp://{HOST}/x",
    "javascript:alert(1)",
    "mailto:redaksi@hostile.ikpcrawl.test",
    "https://other-site.example/x",
    "http://internal.ikpcrawl.test/x",
    "http://localhost/x",
    "http://2130706433/x",
    "http://0x7f.0.0.1/x",
)


def paragraphs_for(n: int, topic: str) -> tuple[str, ...]:
    return (
        f"Badan Pengawas Pemilu mencatat {topic} sebagai bagian dari pemetaan kerawanan pemilu "
        f"di daerah nomor {n}, menurut laporan yang dirilis pekan ini.",
        f"Petugas pengawas di lapangan diminta memeriksa ulang daftar pemilih tetap dan "
        f"melaporkan setiap temuan kepada koordinator wilayah sebelum tanggal {n + 10} Februari.",
        "Masyarakat dapat menyampaikan laporan dugaan pelanggaran melalui posko pengaduan yang "
        "dibuka setiap hari kerja di kantor pengawas kabupaten dan kota.",
    )


def article_html(
    a: Article,
    *,
    head_charset: str | None = "utf-8",
    canonical: bool = True,
    extra_head: str = "",
    after_article: str = "",
) -> str:
    charset = f'<meta charset="{head_charset}">' if head_charset else ""
    title = html.escape(a.title)
    link = f'<link rel="canonical" href="{a.url}">' if canonical else ""
    paras = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in a.paragraphs)
    unsafe = "\n".join(f'<a href="{html.escape(u)}">tautan</a>' for u in UNSAFE_LINKS)
    return f"""<!DOCTYPE html>
<html lang="id"><head>{charset}
<title>{title} - Hostile News</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Hostile News">
<meta property="article:published_time" content="{a.published_at}">
{link}{extra_head}
</head><body>
<nav><a href="{SITE}/">Beranda</a> <a href="{SITE}/indeks/">Indeks</a></nav>
<article>
<h1 class="headline">{title}</h1>
<time class="published" datetime="{a.published_at}">10 Februari 2024 10:00 WIB</time>
<div class="article-body">
{paras}
</div>
</article>
{after_article}
<aside class="unsafe">{unsafe}</aside>
</body></html>
"""


def _ok(n: int, slug: str | None = None, topic: str = "laporan harian") -> Article:
    return Article(
        slug or f"ok-{n}",
        f"Laporan Pengawasan Pemilu Nomor {n} dari Daerah",
        paragraphs_for(n, topic),
        f"2024-02-{n % 28 + 1:02d}T10:{n % 60:02d}:00+07:00",
    )


# --- text in legacy encodings: every character must survive byte-exactly.
CP1252_TEXT = (
    "Café “Demokrasi” – Bawaslu… Rp 5€",
    (
        "Komisioner menyebut “kerawanan” di café-café sekitar TPS – termasuk politik uang "
        "senilai 5€ per suara… menurut temuan pengawas.",
        "Ketua panitia berkata: ‘Kami siap’ — sementara naïve voter tetap menjadi sasaran "
        "kampanye hitam™ di media sosial.",
    ),
)
LATIN1_TEXT = (
    "Pemilu «Bersih» di São Tomé: Ñ, ü, ° dan ©",
    (
        "Pengamat dari Universität Köln menilai pemilu «bersih» di São Tomé sebagai contoh "
        "yang baik; suhu politik naik 3° menurut indeks ±5.",
        "Laporan © 2024 mencatat ½ pemilih di Curaçao belum menerima undangan, kata señor "
        "Peña kepada wartawan.",
    ),
)


def _encoded_articles() -> dict[str, tuple[Article, Reply]]:
    out: dict[str, tuple[Article, Reply]] = {}
    for slug, (title, paras), encoding, declared in (
        ("cp1252-declared", CP1252_TEXT, "cp1252", "header"),
        ("cp1252-undeclared", CP1252_TEXT, "cp1252", None),
        ("latin1-declared", LATIN1_TEXT, "iso-8859-1", "meta"),
        ("latin1-undeclared", LATIN1_TEXT, "iso-8859-1", None),
    ):
        a = Article(slug, title, paras, "2024-02-12T08:30:00+07:00")
        head_charset = encoding if declared == "meta" else None
        body = article_html(a, head_charset=head_charset).encode(encoding)
        content_type = f"text/html; charset={encoding}" if declared == "header" else "text/html"
        out[slug] = (a, page(body, content_type))
    return out


MALFORMED = Article(
    "malformed",
    "Berita Rusak Tetap Terbaca oleh Pengawas Pemilu",
    (
        "Paragraf pertama tanpa tag penutup tetap harus terbaca lengkap oleh ekstraktor "
        "meskipun markup halaman ini rusak parah.",
        "Paragraf kedua memuat huruf tebal yang tidak ditutup dan tag span liar yang menutup "
        "sesuatu yang tidak pernah dibuka.",
        "Paragraf ketiga berada setelah komentar yang tidak ditutup dengan benar oleh sistem "
        "manajemen konten situs.",
    ),
    "2024-02-13T09:15:00+07:00",
)


def malformed_html() -> str:
    a = MALFORMED
    p1, p2, p3 = a.paragraphs
    half = len("Paragraf kedua memuat huruf tebal")
    return f"""<html><head><meta charset="utf-8">
<title>{a.title} - Hostile News</title>
<meta property="og:title" content="{a.title}">
<meta property="article:published_time" content="{a.published_at}">
<link rel="canonical" href="{a.url}">
</head><body></div></div></span></td>
<table><tr><td>menu<td>lain
<article>
<h1 class="headline">{a.title}</h2>
<div class="article-body">
<p>{p1}
<p>{p2[:half]}<b>{p2[half:]}</span></i>
<p>{p3}
</div>
<div class="footer"><!-- unclosed
"""


DEEP = Article(
    "deep",
    "Halaman dengan Sepuluh Ribu Div Bersarang",
    paragraphs_for(77, "halaman bersarang dalam"),
    "2024-02-14T11:00:00+07:00",
)
DEEP_NESTING = 10_000


def deep_html() -> str:
    nest = "<div>" * DEEP_NESTING + "komentar terdalam" + "</div>" * DEEP_NESTING
    return article_html(DEEP, after_article=f'<section class="comments">{nest}</section>')


HUGE_BYTES = 20 * 1024 * 1024
BOMB_BYTES = 40 * 1024 * 1024


@cache
def huge_body() -> bytes:
    head = b"<html><head><title>Huge</title></head><body><div class='article-body'>"
    filler = b"<p>" + b"isi berita yang sangat panjang " * 30 + b"</p>\n"
    count = (HUGE_BYTES - len(head)) // len(filler) + 1
    return head + filler * count + b"</div></body></html>"


@cache
def gzip_bomb() -> bytes:
    head = b"<html><head><title>Bomb</title></head><body><p>"
    return gzip.compress(head + b" " * BOMB_BYTES + b"</p></body></html>", compresslevel=9)


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Hostile News</title><link>https://hostile.ikpcrawl.test/</link>"
        + "".join(items)
        + "</channel></rss>\n"
    )


def urlset(locs: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in locs)
        + "<url><lastmod>2024-02-01</lastmod></url>"  # an entry without <loc>
        + "</urlset>\n"
    )


# ------------------------------------------------------------------------------ the site
OK = [_ok(n) for n in range(1, 6)]
FLAKY = Article("flaky-503", "Server Sibuk Dua Kali Lalu Pulih Kembali", paragraphs_for(6, "503"))
SLOW = Article("slow-429", "Terlalu Banyak Permintaan Lalu Dilayani", paragraphs_for(7, "429"))
RESET = Article("reset-once", "Koneksi Diputus Sekali Lalu Tersambung", paragraphs_for(8, "reset"))
CHAIN_TARGET = Article(
    "chain-target", "Artikel di Ujung Rantai Pengalihan Tiga Langkah", paragraphs_for(9, "rantai")
)
ENCODED = _encoded_articles()
# A canonical link that is not a URL (an unclosed IPv6 bracket).
BAD_CANONICAL = Article(
    "bad-canonical",
    "Tautan Kanonis Rusak Tidak Menggugurkan Berita",
    paragraphs_for(12, "tautan kanonis rusak"),
    "2024-02-15T08:00:00+07:00",
)
#: A URL that urllib cannot parse ("Invalid IPv6 URL"), as links on the discovery documents.
UNPARSABLE = "http://[::1/x"
# Articles each linked from one discovery document only, after an unparsable link there
# (see unparsable_site).
ONLY_IN = {
    source: Article(
        f"{source}-only",
        f"Artikel yang Hanya Ada di {title}",
        paragraphs_for(n, f"hanya di {source}"),
        f"2024-02-16T0{n - 20}:00:00+07:00",
    )
    for n, source, title in (
        (21, "listing", "Halaman Indeks"),
        (22, "sitemap", "Peta Situs"),
        (23, "feed", "Umpan RSS"),
    )
}
# A CMS template left unrendered in the head: an attribute name starting with "{".
TEMPLATE_LEAK = Article(
    "template-leak",
    "Templat Situs Bocor ke Kepala Halaman Berita",
    paragraphs_for(11, "templat bocor"),
    "2024-02-15T07:45:00+07:00",
)

#: What a crawl of the site must export, by canonical URL: each exactly once, with this text.
EXPORTED: dict[str, Article] = {
    a.url: a
    for a in (
        *OK,
        FLAKY,
        SLOW,
        RESET,
        CHAIN_TARGET,
        MALFORMED,
        DEEP,
        TEMPLATE_LEAK,
        BAD_CANONICAL,
        *(a for a, _ in ENCODED.values()),
    )
}

#: Article links that can never be served, and why (the cause, not a stats key).
REFUSED_REDIRECTS = frozenset({"ip_redirect", "scheme_redirect", "offsite_redirect"})
NEVER_SERVED = {
    "stall": "timeout",
    "truncated": "data_loss",
    "huge": "too_large",
    "huge-unannounced": "too_large",
    "gzip-bomb": "too_large",
    "redirect-loop": "redirect_loop",
    "always-500": "http_500",
    "missing-404": "http_404",
    "empty": "empty",
    "private/secret-1": "robots",
    "private/secret-2": "robots",
    "redirect-private": "robots",
    "redirect-metadata": "ip_redirect",
    "redirect-loopback": "ip_redirect",
    "redirect-ipv6": "ip_redirect",
    "redirect-ftp": "scheme_redirect",
    "redirect-offsite": "offsite_redirect",
}

# Redirects to targets a crawler must never reach.
UNSAFE_REDIRECTS = {
    "redirect-metadata": "http://169.254.169.254/latest/meta-data",
    "redirect-loopback": "http://127.0.0.1:9/x",
    "redirect-ipv6": "http://[::1]/x",
    "redirect-ftp": f"ftp://{HOST}/x",
    "redirect-offsite": "https://other-site.example/x",
    "redirect-private": f"{SITE}/private/secret-3",
}

# Sitemaps named in robots.txt that redirect off the site.
DISCOVERY_REDIRECTS = {
    "sitemap-moved.xml": "https://other-site.example/sitemap.xml",
    "sitemap-metadata.xml": "http://169.254.169.254/latest/meta-data",
}

LINKED_ARTICLES = [
    *(a.slug for a in EXPORTED.values() if a is not CHAIN_TARGET),
    "redirect-chain",
    *NEVER_SERVED,
]


def _feed() -> str:
    return rss(
        [
            f"<item><title>OK 3</title><link>{SITE}/ok-3</link>"
            "<pubDate>Sat, 03 Feb 2024 10:03:00 +0700</pubDate></item>",
            "<item><title>Tanpa tautan</title><pubDate>Sat, 03 Feb 2024 10:03:00 +0700</pubDate>"
            "</item>",
            f"<item><title>Tanggal rusak</title><link>{SITE}/ok-4</link>"
            "<pubDate>kemarin sore, entah kapan</pubDate></item>",
            "<item><title>Luar situs</title><link>https://other-site.example/x</link></item>",
            "<item><title>IP</title><link>http://169.254.169.254/latest/meta-data</link></item>",
            "<item><title>Skrip</title><link>javascript:alert(1)</link></item>",
            f"<item><title>Entitas &nbsp; rusak</title><link>{SITE}/private/secret-2</link></item>",
            f"<item><title>Tanggal mustahil</title><link>{SITE}/flaky-503</link>"
            "<pubDate>Mon, 99 Foo 20245 99:99:99 +9999</pubDate></item>",
            "<item><title>Terpotong",
        ]
    )


def _listing(page: int) -> str:
    links = "\n".join(f'<li><a href="{SITE}/{slug}">{slug}</a></li>' for slug in LINKED_ARTICLES)
    unsafe = "\n".join(f'<li><a href="{html.escape(u)}">x</a></li>' for u in UNSAFE_LINKS)
    # Page 2 points back to page 1: a pagination loop that max_pages must bound.
    nxt = f"{SITE}/indeks/?page={page + 1}" if page == 1 else f"{SITE}/indeks/"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Indeks</title></head>
<body><ul class="article-list">{links}
{unsafe}
<li><a href="/private/secret-1">relatif</a></li>
<li><a href="//other-site.example/x">protokol-relatif</a></li>
</ul><a rel="next" href="{nxt}">Berikutnya</a></body></html>"""


def robots_txt() -> str:
    return "\n".join(
        [
            "User-agent: *",
            "Disallow: /private/",
            "",
            f"Sitemap: {SITE}/sitemap_index.xml",
            f"Sitemap: {SITE}/sitemap-broken.xml",
            f"Sitemap: {SITE}/sitemap-xxe.xml",
            f"Sitemap: {SITE}/sitemap-corrupt.xml.gz",
            f"Sitemap: {SITE}/sitemap-extra.xml.gz",
            f"Sitemap: {SITE}/sitemap-moved.xml",
            f"Sitemap: {SITE}/sitemap-metadata.xml",
            "Sitemap: https://other-site.example/sitemap.xml",
            "Sitemap: http://169.254.169.254/latest/sitemap.xml",
            "",
        ]
    )


def _sitemap_index() -> str:
    children = [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap_index.xml",  # itself: a loop
        "https://other-site.example/sitemap.xml",
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in children)
        + "</sitemapindex>\n"
    )


def _sitemap_xxe(probe: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE urlset [
  <!ENTITY xxe SYSTEM "{probe}">
  <!ENTITY lol "lollollollollollollollollollol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{SITE}/ok-1</loc></url>
<url><loc>{SITE}/&xxe;</loc></url>
<url><loc>{SITE}/&lol4;</loc></url>
</urlset>
"""


def hostile_site(base_url: str) -> dict[str, Route]:
    """Routes (path below the host -> answer per attempt) of the whole hostile site."""
    probe = f"{base_url}/{HOST}/xxe-probe"
    routes: dict[str, Route] = {}

    def add(article: Article, reply: Reply | None = None) -> None:
        routes[f"/{article.slug}"] = always(reply or page(article_html(article)))

    for a in OK:
        add(a)
    routes["/flaky-503"] = first_then(
        [page("sibuk", "text/plain", 503), page("sibuk", "text/plain", 503)],
        page(article_html(FLAKY)),
    )
    retry_after = page("pelan-pelan", "text/plain", 429)
    retry_after.headers.append(("Retry-After", "1"))
    routes["/slow-429"] = first_then([retry_after], page(article_html(SLOW)))
    routes["/reset-once"] = first_then([Reply(kind="reset")], page(article_html(RESET)))
    routes["/stall"] = always(Reply(kind="stall"))
    truncated = page(article_html(_ok(60, "truncated")))
    routes["/truncated"] = always(
        Reply(200, truncated.body[:400], truncated.headers, "truncate", len(truncated.body) + 5000)
    )
    for slug, (_, reply) in ENCODED.items():
        routes[f"/{slug}"] = always(reply)
    routes["/malformed"] = always(page(malformed_html()))
    routes["/deep"] = always(page(deep_html()))
    add(TEMPLATE_LEAK, page(article_html(TEMPLATE_LEAK, extra_head="\n<meta {{ seo_tags }}>")))
    bad_canonical = f'\n<link rel="canonical" href="{UNPARSABLE}">'
    add(BAD_CANONICAL, page(article_html(BAD_CANONICAL, canonical=False, extra_head=bad_canonical)))
    routes["/empty"] = always(page(b""))
    routes["/huge"] = always(page(huge_body()))
    routes["/huge-unannounced"] = always(
        Reply(200, huge_body(), [("Content-Type", HTML_UTF8)], "unannounced")
    )
    routes["/gzip-bomb"] = always(
        Reply(200, gzip_bomb(), [("Content-Type", HTML_UTF8), ("Content-Encoding", "gzip")])
    )
    routes["/redirect-loop"] = always(redirect(f"{SITE}/redirect-loop-b"))
    routes["/redirect-loop-b"] = always(redirect(f"{SITE}/redirect-loop"))
    # Three hops, in three spellings: absolute, mirror-root-relative, relative.
    routes["/redirect-chain"] = always(redirect(f"{SITE}/chain-1", 301))
    routes["/chain-1"] = always(redirect(f"/{HOST}/chain-2"))
    routes["/chain-2"] = always(redirect("chain-target"))
    add(CHAIN_TARGET, page(article_html(CHAIN_TARGET, canonical=False)))
    routes["/always-500"] = always(page("rusak", "text/plain", 500))
    for slug, target in UNSAFE_REDIRECTS.items():
        routes[f"/{slug}"] = always(redirect(target))
    for secret in ("secret-1", "secret-2", "secret-3"):
        routes[f"/private/{secret}"] = always(page(article_html(_ok(90, f"private/{secret}"))))

    # Discovery documents.
    routes["/robots.txt"] = always(page(robots_txt(), "text/plain"))
    routes["/sitemap_index.xml"] = always(page(_sitemap_index(), "application/xml"))
    routes["/sitemap-articles.xml"] = always(
        page(
            urlset(
                [
                    *(f"{SITE}/{slug}" for slug in LINKED_ARTICLES),
                    f"{SITE}/chain-target",
                    *UNSAFE_LINKS,
                    f"{SITE}/ok-1?utm_source=sitemap",
                ]
            ),
            "application/xml",
        )
    )
    routes["/sitemap-broken.xml"] = always(
        page(b"\x00\x01\xff<<<urlset <url><loc>" + SITE.encode() + b"/ok-2", "application/xml")
    )
    routes["/sitemap-xxe.xml"] = always(page(_sitemap_xxe(probe), "application/xml"))
    routes["/sitemap-corrupt.xml.gz"] = always(
        page(b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + b"not really gzip" * 10, "application/gzip")
    )
    routes["/sitemap-extra.xml.gz"] = always(
        page(gzip.compress(urlset([f"{SITE}/ok-5"]).encode()), "application/gzip")
    )
    # Discovery documents (requested with dont_filter) that redirect off the site.
    for slug, target in DISCOVERY_REDIRECTS.items():
        routes[f"/{slug}"] = always(redirect(target))
    routes["/feed.xml"] = always(page(_feed(), "application/rss+xml"))
    routes["/indeks/"] = always(page(_listing(1)))
    routes["/indeks/?page=2"] = always(page(_listing(2)))
    return routes


UNPARSABLE_OK = {
    source: _ok(n, f"{source}-first")
    for n, source in ((31, "listing"), (32, "sitemap"), (33, "feed"))
}
#: What a crawl of :func:`unparsable_site` must export.
UNPARSABLE_EXPORTED = {a.url: a for a in (*UNPARSABLE_OK.values(), *ONLY_IN.values())}


def unparsable_site() -> dict[str, Route]:
    """Each discovery document links a good article, then an unparsable URL, then an article
    found nowhere else: one bad link must not cost the rest of the document."""
    routes = {f"/{a.slug}": always(page(article_html(a))) for a in UNPARSABLE_EXPORTED.values()}

    def links(source: str) -> list[str]:
        return [UNPARSABLE_OK[source].url, UNPARSABLE, ONLY_IN[source].url]

    routes["/robots.txt"] = always(page("User-agent: *\nDisallow:\n", "text/plain"))
    routes["/sitemap_index.xml"] = always(page(urlset(links("sitemap")), "application/xml"))
    routes["/feed.xml"] = always(
        page(
            rss(
                [
                    f"<item><title>x</title><link>{html.escape(u)}</link></item>"
                    for u in links("feed")
                ]
            ),
            "application/rss+xml",
        )
    )
    routes["/indeks/"] = always(
        page(
            '<html><body><ul class="article-list">'
            + "".join(f'<li><a href="{html.escape(u)}">x</a></li>' for u in links("listing"))
            + "</ul></body></html>"
        )
    )
    return routes


def politeness_site(
    count: int, retry_after: dict[str, str], think_s: float = 0.0
) -> dict[str, Route]:
    """``count`` articles on one listing, each answered after ``think_s``; the slugs in
    ``retry_after`` answer 429 with that ``Retry-After`` once."""
    articles = [_ok(n, f"polite-{n}") for n in range(1, count + 1)]
    routes: dict[str, Route] = {
        "/robots.txt": always(page("User-agent: *\nDisallow:\n", "text/plain")),
        "/indeks/": always(
            page(
                '<html><body><ul class="article-list">'
                + "".join(f'<li><a href="{a.url}">{a.slug}</a></li>' for a in articles)
                + "</ul></body></html>"
            )
        ),
    }
    for a in articles:
        ok = page(article_html(a))
        ok.delay_s = think_s
        if a.slug in retry_after:
            busy = page("pelan-pelan", "text/plain", 429)
            busy.headers.append(("Retry-After", retry_after[a.slug]))
            routes[f"/{a.slug}"] = first_then([busy], ok)
        else:
            routes[f"/{a.slug}"] = always(ok)
    return routes


def iter_gaps(starts: list[tuple[float, str]]) -> Iterator[float]:
    times = sorted(t for t, _ in starts)
    for earlier, later in itertools.pairwise(times):
        yield later - earlier
