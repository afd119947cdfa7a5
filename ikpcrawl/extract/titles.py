"""Headlines without the site's decoration ("... - Kompas.com Regional", "KapanLagi.com: ...")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ikpcrawl.extract.boilerplate import normalize_space

_SEPARATOR_TAIL = re.compile(r"\s+(?:[-|–—:]{1,2})\s+([^|–—]{2,60})$")
_PREFIX = re.compile(r"^([\w.\- ]{3,30}?)\s*[:|]\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def _squash(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower())


def is_brand(text: str, brands: set[str]) -> bool:
    squashed = _squash(text)
    return bool(squashed) and any(
        b in squashed or (len(squashed) >= 4 and squashed in b) for b in brands
    )


def brand_names(*names: str | None) -> set[str]:
    """Squashed forms of the site's names: "Kompas.com" -> "kompascom", "kompas"."""
    out: set[str] = set()
    for name in names:
        if not name:
            continue
        out.add(_squash(name))
        label = name.lower().split(".")[0] if "." in name else None
        if label and len(label) >= 3:
            out.add(_squash(label))
    return {b for b in out if len(b) >= 3}


def clean_title(
    title: str | None, brands: set[str], headlines: Iterable[str] = (), suffixes: Iterable[str] = ()
) -> str | None:
    """Strip the outlet's own affixes from a headline candidate.

    A visible headline (h1/h2) that the candidate merely decorates wins: og:title
    "Kapanlagi.com: Musik - Bikin Gaduh Kota" with an h1 "Bikin Gaduh Kota" gives the h1.
    """
    if not title:
        return None
    title = normalize_space(title)
    for suffix in suffixes:
        if suffix and title.endswith(suffix) and len(title) > len(suffix):
            title = title[: -len(suffix)].rstrip()
    prefix = _PREFIX.match(title)
    if prefix and is_brand(prefix.group(1), brands):
        title = title[prefix.end() :]
    while True:
        tail = _SEPARATOR_TAIL.search(title)
        if not tail or not is_brand(tail.group(1), brands):
            break
        title = title[: tail.start()].rstrip()
    for headline in headlines:
        headline = normalize_space(headline)
        if len(headline) >= max(15, len(title) // 2) and headline != title and headline in title:
            return headline
    return title or None
