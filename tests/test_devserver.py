"""The mirror-layout dev server, exercised through real HTTP (urllib), no mocks."""

from __future__ import annotations

import filecmp
import importlib.util
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ikpcrawl.ops.devserver import content_type_for, serve

if TYPE_CHECKING:
    from collections.abc import Iterator
    from http.server import ThreadingHTTPServer
    from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
SAMPLE_SITE = REPO / "samples" / "sites"
GENERATOR = REPO / "samples" / "make_optika_site.py"
HOST = "example.test"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # let 3xx surface as HTTPError so tests can inspect them


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers.items()), err.read()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    host = root / HOST
    _write(host / "index.html", "<h1>home</h1>")
    _write(host / "page.html", "<h1>page</h1>")
    _write(host / "dir" / "index.html", "<h1>dir</h1>")
    _write(host / "feed" / "index.xml", "<rss version='2.0'/>")
    _write(host / "sitemap.xml", "<urlset/>")
    _write(host / "robots.txt", "User-agent: *\n")
    _write(host / "data.json", "{}")
    _write(host / "noext", "<p>no extension</p>")
    _write(host / "list.html", "<p>list page 1</p>")
    _write(host / "list@page=2", "<p>list page 2</p>")
    _write(host / "search@q=pemilu 2024", "<p>decoded query</p>")
    _write(host / "ünï.html", "<p>ünïcode</p>")
    _write(
        host / "_routes.json",
        json.dumps(
            {
                "/broken": {"status": 500},
                "/old": {"status": 301, "location": "https://example.test/page"},
                "/canned": {"status": 200, "body": "plain words", "content_type": "text/plain"},
                "/list?page=9": {"status": 404},
            }
        ),
    )
    # Outside the served root: must never be reachable.
    _write(tmp_path / "secret.txt", "TOP SECRET")
    (host / "escape.html").symlink_to(tmp_path / "secret.txt")
    (host / "inside.html").symlink_to(host / "page.html")
    (root / "linked-host").symlink_to(tmp_path)
    return root


@pytest.fixture
def server(site: Path) -> Iterator[tuple[ThreadingHTTPServer, str]]:
    httpd, base = serve(site)
    try:
        yield httpd, base
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def base(server: tuple[ThreadingHTTPServer, str]) -> str:
    return server[1] + "/" + HOST


def test_serve_returns_base_url(server: tuple[ThreadingHTTPServer, str]) -> None:
    httpd, url = server
    assert url == f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.mark.parametrize(
    ("path", "body", "ctype"),
    [
        ("", b"<h1>home</h1>", "text/html; charset=utf-8"),
        ("/", b"<h1>home</h1>", "text/html; charset=utf-8"),
        ("/page", b"<h1>page</h1>", "text/html; charset=utf-8"),
        ("/page/", b"<h1>page</h1>", "text/html; charset=utf-8"),
        ("/page.html", b"<h1>page</h1>", "text/html; charset=utf-8"),
        ("/dir", b"<h1>dir</h1>", "text/html; charset=utf-8"),
        ("/dir/", b"<h1>dir</h1>", "text/html; charset=utf-8"),
        ("/feed/", b"<rss version='2.0'/>", "application/xml"),
        ("/sitemap.xml", b"<urlset/>", "application/xml"),
        ("/robots.txt", b"User-agent: *\n", "text/plain; charset=utf-8"),
        ("/data.json", b"{}", "application/json"),
        ("/noext", b"<p>no extension</p>", "text/html; charset=utf-8"),
        ("/%C3%BCn%C3%AF", "<p>ünïcode</p>".encode(), "text/html; charset=utf-8"),
        ("/inside", b"<h1>page</h1>", "text/html; charset=utf-8"),
    ],
)
def test_path_mapping(base: str, path: str, body: bytes, ctype: str) -> None:
    status, headers, got = fetch(base + path)
    assert (status, got) == (200, body)
    assert headers["Content-Type"] == ctype
    assert headers["Content-Length"] == str(len(body))


def test_head_has_headers_but_no_body(base: str) -> None:
    status, headers, got = fetch(base + "/page", method="HEAD")
    assert status == 200
    assert got == b""
    assert headers["Content-Length"] == str(len(b"<h1>page</h1>"))


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/list?page=2", b"<p>list page 2</p>"),  # exact "<rest>@<query>" file
        ("/list?page=3", b"<p>list page 1</p>"),  # no such file: the query is ignored
        ("/list?utm_source=feed&utm_medium=rss", b"<p>list page 1</p>"),
        ("/search?q=pemilu%202024", b"<p>decoded query</p>"),  # URL-decoded query
        ("/search?q=pemilu+2024", b"<p>decoded query</p>"),  # form-encoded query
        ("/canned?x=1", b"plain words"),  # a route key without '?' matches any query
    ],
)
def test_query_files(base: str, path: str, body: bytes) -> None:
    status, _, got = fetch(base + path)
    assert (status, got) == (200, body)


def test_route_500(base: str) -> None:
    status, headers, body = fetch(base + "/broken")
    assert status == 500
    assert headers["Content-Type"].startswith("text/html")
    assert body  # an error page, like a real server


def test_route_redirect(base: str) -> None:
    status, headers, _ = fetch(base + "/old")
    assert status == 301
    assert headers["Location"] == "https://example.test/page"
    assert headers["Content-Length"] == "0"


def test_route_body_and_query_key(base: str) -> None:
    status, headers, body = fetch(base + "/canned")
    assert (status, body, headers["Content-Type"]) == (200, b"plain words", "text/plain")
    # A key with '?' only matches that exact query; other queries fall through to files.
    assert fetch(base + "/list?page=9")[0] == 404
    assert fetch(base + "/list?page=2")[2] == b"<p>list page 2</p>"


@pytest.mark.parametrize(
    "path",
    ["/missing", "/missing/", "/page.txt", "/_routes.json", "/feed/index.rss"],
)
def test_not_found(base: str, path: str) -> None:
    assert fetch(base + path)[0] == 404


def test_unknown_host_and_bare_root(server: tuple[ThreadingHTTPServer, str]) -> None:
    _, url = server
    assert fetch(url + "/no-such-host.test/page")[0] == 404
    assert fetch(url + "/")[0] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/example.test/../secret.txt",
        "/example.test/%2e%2e/secret.txt",
        "/example.test/dir/..%2f..%2fsecret.txt",
        "/..%2fsecret.txt",
        "/example.test/%2F" + "etc/passwd",
        "/example.test//etc/passwd",
        "/example.test/escape",  # symlink pointing out of ROOT
        "/example.test/escape.html",
        "/linked-host/secret.txt",  # host directory that is a symlink out of ROOT
        "/example.test/list?x=/../../../secret.txt",
    ],
)
def test_path_traversal_refused(server: tuple[ThreadingHTTPServer, str], path: str) -> None:
    _, url = server
    status, _, body = fetch(url + path)
    assert b"TOP SECRET" not in body
    if "?" not in path:
        assert status == 404
    else:
        assert body == b"<p>list page 1</p>"  # the query is ignored, never followed


def test_hits_are_counted_per_path_and_query(
    server: tuple[ThreadingHTTPServer, str], base: str
) -> None:
    httpd, _ = server
    for path in ["/page", "/page", "/list?page=2", "/broken", "/missing"]:
        fetch(base + path)
    fetch(base + "/page", method="HEAD")
    hits = httpd.hits  # type: ignore[attr-defined]
    assert hits["/example.test/page"] == 3
    assert hits["/example.test/list?page=2"] == 1
    assert hits["/example.test/broken"] == 1
    assert hits["/example.test/missing"] == 1
    assert "/example.test/list" not in hits
    assert hits.total() == 6


def test_content_type_table() -> None:
    assert content_type_for("index.xml") == "application/xml"
    assert content_type_for("feed") == "application/rss+xml"
    assert content_type_for("news.rss") == "application/rss+xml"
    assert content_type_for("dump.jsonl.gz") == "application/gzip"
    assert content_type_for("photo.jpeg") == "image/jpeg"


def _run_cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "ikpcrawl.ops.devserver", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_cli_serves_and_stops_cleanly(site: Path, sig: signal.Signals) -> None:
    proc = _run_cli(str(site), "--port", "0")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith(f"serving {site} at http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        assert fetch(f"{url}/{HOST}/page")[2] == b"<h1>page</h1>"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert err == ""  # quiet: no per-request log lines, no traceback


def test_cli_bad_root(tmp_path: Path) -> None:
    proc = _run_cli(str(tmp_path / "nope"))
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 2
    assert out == ""
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "nope" in err


# --- the committed Optika.id sample site --------------------------------------------------


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_optika_site", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


needs_sample = pytest.mark.skipif(
    not (SAMPLE_SITE / "optika.id" / "MANIFEST.json").is_file(), reason="no sample site"
)


@needs_sample
def test_sample_site_answers_as_manifest_says() -> None:
    manifest = json.loads((SAMPLE_SITE / "optika.id" / "MANIFEST.json").read_text("utf-8"))
    httpd, url = serve(SAMPLE_SITE)
    try:
        for article in manifest["articles"]:
            mirrored = url + "/" + article["url"].removeprefix("https://")
            status, headers, body = fetch(mirrored)
            want = 500 if article["expected"] == "error:500" else 200
            assert status == want, article["url"]
            if want == 200:
                assert headers["Content-Type"] == "text/html; charset=utf-8"
                assert 5_000 <= len(body) <= 20_000, article["url"]
                assert f'rel="canonical" href="{article["url"]}"'.encode() in body
        assert fetch(url + "/optika.id/feed/")[1]["Content-Type"] == "application/xml"
        assert fetch(url + "/optika.id/category/politik/page/2/")[0] == 200
        assert fetch(url + "/optika.id/search/?q=pemilu")[0] == 404
    finally:
        httpd.shutdown()
        httpd.server_close()


@needs_sample
def test_sample_site_is_reproducible(tmp_path: Path) -> None:
    generator = _load_generator()
    generator.main([str(tmp_path / "optika.id")])
    committed = SAMPLE_SITE / "optika.id"
    cmp = filecmp.dircmp(committed, tmp_path / "optika.id")

    def differences(d: filecmp.dircmp[str]) -> list[str]:
        out = [*d.left_only, *d.right_only, *d.diff_files, *d.funny_files]
        for sub in d.subdirs.values():
            out += differences(sub)
        return out

    assert differences(cmp) == [], "run: python samples/make_optika_site.py"
