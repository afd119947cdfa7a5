"""A static HTTP server for sites saved in a "mirror layout" (tests, benchmarks, replays).

A request for ``/<host>/<rest>?<query>`` is answered from files under ``ROOT/<host>/``, so
``https://optika.id/feed/`` is fetched as ``http://127.0.0.1:PORT/optika.id/feed/`` (see
:mod:`ikpcrawl.crawl.mirror`, which rewrites crawler requests that way). ``<rest>`` is resolved, first
match wins:

1. with a query: ``<rest>@<query>`` (the raw query, then URL-decoded), then the query is ignored;
2. ``<rest>``, ``<rest>.html``, ``<rest>/index.html``, ``<rest>/index.xml``
   (an empty ``<rest>`` is ``index.html``; a trailing slash is ignored).

``ROOT/<host>/_routes.json`` overrides paths with canned answers, checked before any file::

    {"/broken": {"status": 500},
     "/old": {"status": 301, "location": "https://optika.id/new"},
     "/x": {"status": 200, "body": "...", "content_type": "text/plain", "headers": {}},
     "/search/?q=a": {"status": 403}}

Keys are the path without the host; a key containing ``?`` matches only that exact query.

Nothing outside ROOT is ever served: ``..`` segments, absolute paths and symlinks that lead out
of ROOT get a 404. ``server.hits`` counts requests per raw path (path + query) for tests.

Run it: ``python -m ikpcrawl.ops.devserver ROOT [--port N] [--host H] [--verbose]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import mimetypes
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, unquote_plus, urlsplit

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType

logger = logging.getLogger(__name__)

ROUTES_FILE = "_routes.json"
HTML = "text/html; charset=utf-8"
# Extension -> Content-Type. Files without an extension are WordPress-style pages (HTML).
CONTENT_TYPES: dict[str, str] = {
    ".html": HTML,
    ".htm": HTML,
    "": HTML,
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",
}
# Files named like a feed endpoint but without an extension are RSS, not HTML.
FEED_NAMES = frozenset({"feed", "rss"})


def content_type_for(name: str) -> str:
    """Content-Type for a served file name (for ``rest@query`` files, pass ``rest``)."""
    base = name.rsplit("/", 1)[-1]
    if base.lower() in FEED_NAMES:
        return "application/rss+xml"
    suffix = Path(base).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(base)
    return guessed or "application/octet-stream"


class HitCounter:
    """A thread-safe ``{path+query: count}`` mapping (handler threads write, tests read)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def add(self, key: str) -> None:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1

    def __getitem__(self, key: str) -> int:
        with self._lock:
            return self._counts[key]

    def get(self, key: str, default: int = 0) -> int:
        with self._lock:
            return self._counts.get(key, default)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._counts

    def __len__(self) -> int:
        with self._lock:
            return len(self._counts)

    def snapshot(self) -> dict[str, int]:
        """A consistent copy, safe to iterate while requests keep arriving."""
        with self._lock:
            return dict(self._counts)

    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()

    def __repr__(self) -> str:
        return f"HitCounter({self.snapshot()!r})"


class MirrorServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its ROOT, counts hits and stays quiet."""

    daemon_threads = True
    # Do not wait for idle keep-alive connections on server_close().
    block_on_close = False

    def __init__(self, address: tuple[str, int], root: Path, *, verbose: bool = False) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.root = root
        self.verbose = verbose
        self.hits = HitCounter()
        super().__init__(address, MirrorHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        host = str(host)
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1" if self.address_family == socket.AF_INET else "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Crawlers hang up mid-response (timeouts, shutdown); that is not worth a traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            logger.debug("client %s went away: %s", client_address, exc)
            return
        logger.error("error while serving %s", client_address, exc_info=exc)


class _Answer:
    """What to send: status, headers and body (kept apart from the socket for clarity)."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status = status
        self.body = body
        self.headers = headers


def _text_answer(status: int, text: str) -> _Answer:
    return _Answer(status, text.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})


def _safe_parts(rest: str) -> list[str] | None:
    """Split a decoded path into segments, or None if it tries to leave its directory."""
    if rest.startswith("/") or "\\" in rest or "\x00" in rest:
        return None
    parts = [p for p in rest.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None
    return parts


def _inside(path: Path, root: Path) -> bool:
    """True if ``path`` (after following symlinks) is a regular file inside ``root``."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return False
    return real.is_relative_to(root) and real.is_file()


def _is_site_dir(host: str, site: Path, root: Path) -> bool:
    """``ROOT/<host>`` exists and (after symlinks) stays inside ROOT."""
    if host in (".", "..") or any(c in host for c in "/\\\x00"):
        return False
    try:
        real = site.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return False
    return real.is_relative_to(root) and real.is_dir()


def resolve_file(root: Path, host: str, rest: str, query: str) -> tuple[Path, str] | None:
    """Find the file answering ``/<host>/<rest>?<query>``; returns (path, name for the type).

    ``root`` must already be resolved; ``rest`` is the URL-decoded path after the host.
    """
    parts = _safe_parts(rest)
    if parts is None or not host or not _is_site_dir(host, root / host, root):
        return None
    site = root / host
    stem = "/".join(parts)
    candidates: list[tuple[str, str]] = []  # (relative file, name used for the Content-Type)
    if query and stem:
        for q in dict.fromkeys((query, unquote(query), unquote_plus(query))):
            candidates.append((f"{stem}@{q}", stem))
    if stem:
        candidates += [
            (stem, stem),
            (f"{stem}.html", f"{stem}.html"),
            (f"{stem}/index.html", "index.html"),
            (f"{stem}/index.xml", "index.xml"),
        ]
    else:
        # "https://indeks.kompas.com/?page=2": the site root with a query.
        if query:
            for q in dict.fromkeys((query, unquote(query), unquote_plus(query))):
                candidates.append((f"index.html@{q}", "index.html"))
        candidates.append(("index.html", "index.html"))
    for rel, type_name in candidates:
        # A query may contain "/" or "..": re-check every candidate, not only the path.
        rel_parts = _safe_parts(rel)
        if rel_parts is None or rel_parts[-1] == ROUTES_FILE:
            continue
        if _inside(site.joinpath(*rel_parts), root):
            return site.joinpath(*rel_parts), type_name
    return None


def _route_answer(spec: Any, key: str) -> _Answer:
    if not isinstance(spec, dict):
        return _text_answer(500, f"devserver: route {key!r} in {ROUTES_FILE} is not an object\n")
    status = int(spec.get("status", 200))
    headers: dict[str, str] = {str(k): str(v) for k, v in (spec.get("headers") or {}).items()}
    if "location" in spec:
        headers["Location"] = str(spec["location"])
    if "body" in spec:
        body = str(spec["body"]).encode("utf-8")
        headers.setdefault("Content-Type", str(spec.get("content_type", HTML)))
    elif status >= 400:
        # Real servers send an error page; an empty 500 would look like a different failure.
        body = f"<html><body><h1>{status}</h1></body></html>\n".encode()
        headers.setdefault("Content-Type", HTML)
    else:
        body = b""
    return _Answer(status, body, headers)


def find_route(site: Path, rest_raw: str, query: str) -> _Answer | None:
    """Look ``/<rest>[?query]`` up in ``site/_routes.json``; None when there is no override."""
    routes_path = site / ROUTES_FILE
    if not routes_path.is_file():
        return None
    try:
        routes = json.loads(routes_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        # A broken fixture should fail loudly, not silently serve files.
        logger.error("cannot read %s: %s", routes_path, exc)
        return _text_answer(500, f"devserver: bad {routes_path}: {exc}\n")
    if not isinstance(routes, dict):
        return _text_answer(500, f"devserver: {routes_path} is not a JSON object\n")
    path = "/" + rest_raw
    keys = [f"{path}?{query}"] if query else []
    keys.append(path)
    decoded = unquote(path)
    if decoded != path:
        keys += [f"{decoded}?{query}"] if query else []
        keys.append(decoded)
    for key in keys:
        if key in routes:
            return _route_answer(routes[key], key)
    return None


class MirrorHandler(BaseHTTPRequestHandler):
    server: MirrorServer
    # Keep-alive: every answer carries Content-Length, so HTTP/1.1 is safe and much faster.
    protocol_version = "HTTP/1.1"
    server_version = "ikpcrawl-devserver/1"

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        self.server.hits.add(self.path)
        answer = self._answer()
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if send_body and answer.body:
            self.wfile.write(answer.body)

    def _answer(self) -> _Answer:
        parts = urlsplit(self.path)
        # "/optika.id/a/b" -> host "optika.id", rest "a/b" (still percent-encoded).
        host_raw, _, rest_raw = parts.path.lstrip("/").partition("/")
        host = unquote(host_raw)
        if not host:
            return _text_answer(404, "devserver: request /<host>/<path>\n")
        root: Path = self.server.root
        site = root / host
        if not _is_site_dir(host, site, root):
            return _text_answer(404, f"devserver: no site {host!r} under {root}\n")
        route = find_route(site, rest_raw, parts.query)
        if route is not None:
            return route
        found = resolve_file(root, host, unquote(rest_raw), parts.query)
        if found is None:
            return _text_answer(404, f"devserver: not found: {self.path}\n")
        path, type_name = found
        try:
            body = path.read_bytes()
        except OSError as exc:
            return _text_answer(500, f"devserver: cannot read {path.name}: {exc}\n")
        return _Answer(200, body, {"Content-Type": content_type_for(type_name)})

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet by default: benchmarks make thousands of requests.
        if self.server.verbose:
            logger.info("%s %s", self.address_string(), format % args)


def _check_root(root: str | Path) -> Path:
    path = Path(root)
    if not path.is_dir():
        raise NotADirectoryError(f"ROOT is not a directory: {root}")
    return path.resolve()


def serve(
    root: str | Path, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False
) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``root`` from a daemon thread; returns the server and its base URL.

    Stop it with ``server.shutdown(); server.server_close()``. ``port=0`` picks a free port.
    """
    server = MirrorServer((host, port), _check_root(root), verbose=verbose)
    # A short poll interval makes shutdown() (called once per test) return quickly.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"devserver-{server.server_address[1]}",
        daemon=True,
    )
    thread.start()
    logger.debug("serving %s at %s", server.root, server.base_url)
    return server, server.base_url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ikpcrawl.ops.devserver",
        description="Serve a saved site in mirror layout: /<host>/<path> -> ROOT/<host>/<path>.",
    )
    parser.add_argument("root", metavar="ROOT", help="directory holding one folder per host")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free port)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    # One line, no traceback: these are user errors (bad path, port in use).
    try:
        root = _check_root(args.root)
    except OSError as exc:
        print(f"devserver: error: {exc}", file=sys.stderr)
        return 2
    try:
        server, url = serve(root, args.host, args.port, verbose=args.verbose)
    except (OSError, OverflowError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(
            f"devserver: error: cannot listen on {args.host}:{args.port}: {detail}", file=sys.stderr
        )
        return 2

    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    print(f"serving {args.root} at {url}", flush=True)
    try:
        # Wait in short slices so the signal handler runs promptly on every platform.
        while not stop.wait(0.2):
            pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
