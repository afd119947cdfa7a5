"""URL canonicalisation and article identifiers."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that never change the article: trackers, AMP and "show all pages" switches.
_DROP_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref|ref_src|source|src|"
    r"amp|outputType|page|single|showpage|share|from|cx_\w+|_gl)$",
    re.IGNORECASE,
)
_AMP_PATH = re.compile(r"/amp/?$|^/amp(?=/)")


def canonicalize_url(url: str) -> str:
    try:
        return _canonicalize_url(url)
    except ValueError:  # unparsable ("http://[::1/x"): compare it as written
        return url.strip()


def _canonicalize_url(url: str) -> str:
    """Return the canonical form of an article URL.

    https, lower-case host without ``www.``/``m.``/``amp.`` prefixes, no fragment, no tracking or
    paging parameters, no trailing ``/amp`` and no trailing slash. Two URL variants of one article
    canonicalise to the same string, so ``article_id`` is stable across discovery paths.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _DROP_PARAMS.match(k)
        )
    )
    return urlunsplit(("https", host, path, query, ""))


def article_id(canonical_url: str) -> str:
    """A stable 16-hex-digit id of an article, from its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def host_of(url: str) -> str:
    """The lower-case host; empty for a URL that cannot be parsed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def same_site(url: str, domains: tuple[str, ...] | list[str]) -> bool:
    """True when the URL's host is one of ``domains`` or a subdomain of one."""
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in domains)


# Second-level suffixes under which organisations register (Indonesia's first; a few common
# others). Enough for a generic outlet; known outlets list their domains explicitly.
_SECOND_LEVEL = frozenset(
    {
        "co.id",
        "go.id",
        "or.id",
        "ac.id",
        "web.id",
        "my.id",
        "sch.id",
        "net.id",
        "biz.id",
        "mil.id",
        "desa.id",
        "co.uk",
        "org.uk",
        "com.au",
        "com.sg",
        "com.my",
    }
)


def registrable_domain(host: str) -> str:
    """``nasional.kompas.com`` -> ``kompas.com``; ``news.republika.co.id`` -> ``republika.co.id``."""
    labels = host.lower().strip(".").split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def safe_urljoin(base: Any, href: str | None) -> str | None:
    """``base.urljoin(href)`` (a Response or a URL string), or None when it cannot be parsed."""
    if not href or not href.strip():
        return None
    try:
        if isinstance(base, str):
            from urllib.parse import urljoin

            return urljoin(base, href.strip())
        return str(base.urljoin(href.strip()))
    except ValueError:
        return None


def to_mirror(url: str, mirror: str) -> str:
    """``https://host/p?q`` -> ``<mirror>/host/p?q``."""
    parts = urlsplit(url)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror.rstrip('/')}/{parts.hostname}{path}{query}"


def from_mirror(url: str, mirror: str) -> str:
    """Undo :func:`to_mirror` (also for root-relative ``/host/p`` redirects)."""
    base = mirror.rstrip("/")
    if url.startswith(base + "/"):
        rest = url[len(base) + 1 :]
    elif url.startswith("/") and not url.startswith("//"):
        rest = url[1:]
    else:
        return url
    host, _, tail = rest.partition("/")
    return f"https://{host}/{tail}"


# Query parameters stripped from article links before they are requested.
TRACKING_PARAMS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
    "ref",
    "ref_src",
    "_ga",
    "_gl",
)
