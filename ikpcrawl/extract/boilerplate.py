"""Indonesian news boilerplate: which paragraphs to drop, and bylines/datelines to lift out.

Patterns match whole paragraphs, anchored at the start, so legitimate text such as
"Selasa (27/12/2022)" or "(DPT)" is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_I = re.IGNORECASE

# Paragraphs that are never article text (all case-insensitive).
_DROP_SOURCES: tuple[str, ...] = (
    r"^baca (juga|pula)\b",
    r"^(lihat|simak) juga\s*:",
    r"^berita terkait\b.{0,120}$",
    r"^(berita|artikel) (terbaru|terpopuler|lainnya|pilihan)\s*:?$",
    r"^advertisement$",
    r"^iklan$",
    r"^scroll to (continue with|resume) content$",
    r"^scroll ke bawah untuk melanjutkan membaca",
    r"^(simak|tonton|saksikan) (juga )?(video|live)\b",
    r"^(simak|ikuti|follow) .{0,160}(whatsapp channel|google news|telegram)",
    r"^(bagikan|share|sebarkan)\s*:?\s*(facebook|twitter|whatsapp|$)",
    r"^pilihan editor\s*:",
    r"^baca berita dengan sedikit iklan",
    r"^.{0,120}berkontribusi dalam penulisan artikel ini\.?$",
    r"^baca artikel \w+, \".*\" selengkapnya",
    r"^artikel ini telah (tayang|terbit|dimuat) di\b",
    r"^.{0,80}selengkapnya di sini\s*:?$",
    r"^download apps? .{0,60}$",
    r"^silakan baca konten menarik lainnya dari",
    r"^breaking news cnn indonesia",
    r"^detikflash\b",
    r"^load more$",
    r"^\(?adsbygoogle\b.*$",
    r"^dilarang mengambil dan/atau menayangkan ulang",
    r"^.{0,40}dilarang .{0,80}(crawling|perayapan|kecerdasan buatan|artificial intelligence)",
    r"^copyright ©",
    r"^tags?\s*:",
    r"\bcookies?\b.{0,200}\b(setuju|menyetujui|persetujuan|accept|agree|consent)",
    r"^(foto|fotografer|sumber foto|kredit foto|video)\s*:",
    r"^(redaksi|hubungi|informasi pemasangan iklan)\b\s*:?",
)
# One match at the start for the anchored patterns, one search for the others: a paragraph is
# tested in two passes instead of thirty.
_DROP_AT_START = re.compile(
    "|".join(f"(?:{p[1:]})" for p in _DROP_SOURCES if p.startswith("^")), _I
)
_DROP_ANYWHERE = re.compile(
    "|".join(f"(?:{p})" for p in _DROP_SOURCES if not p.startswith("^")), _I
)

# Inline inserts removed from inside paragraphs.
INLINE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\[Gambas:[^\]]*\]", _I),
    re.compile(r"\(adsbygoogle\s*=.*?\)\.push\(\{\}\);?", _I),
)

# "Editor : Pahlevi", "Pewarta: A, B", "Penulis: X | Editor: Y", ANTARA's run-together footer.
_ROLE = r"(editor|penyunting|redaktur|pewarta|penulis|reporter|kontributor|wartawan|rep|red)"
BYLINE_RE = re.compile(rf"^{_ROLE}\s*:\s*(.+)$", _I)
_ROLE_SPLIT = re.compile(rf"{_ROLE}\s*:", _I)
_COPYRIGHT_TAIL = re.compile(r"\s*(copyright|hak cipta)\s*©.*$", _I)
# Trailing initials at the very end of an article: "(mbr/mbr)", "(ant)", "(Z-8)".
TRAILING_INITIALS = re.compile(r"\s*\((?:[a-z]{2,5}/)*[a-z]{2,5}\)$|\s*\([A-Z]{1,3}-\d{1,3}\)$")

# Datelines of the outlets we know: "JAKARTA, KOMPAS.com -", "Jakarta (ANTARA) -", "Optika.id - ".
_OUTLET_TOKENS = (
    r"KOMPAS\.com|\(ANTARA\)|ANTARA|Liputan6\.com|REPUBLIKA\.CO\.ID|TEMPO\.CO|VIVA(?:\.co\.id)?|"
    r"CNN Indonesia|TRIBUNNEWS\.COM|Tribunnews\.com|Optika\.id|detik(?:News|com)?|Okezone|"
    r"Suara\.com|SUARA\.COM|kumparan|Medcom\.id|MI|Media Indonesia|JPNN\.com|RMOL(?:\.ID)?|"
    r"Sindonews\.com|merdeka\.com|Badan Pengawas Pemilihan Umum|Bawaslu|KPU|"
    r"[A-Z][\w-]*\.(?:com|co\.id|id|net)"
)
DATELINE_RE = re.compile(
    rf"^(?P<dateline>(?:[A-Z][\w.'’ ]{{1,40}}?,?\s*)?(?:{_OUTLET_TOKENS})(?:,\s*[A-Z][\w. ]{{1,30}})?)"
    r"\s*(?:--|[-–—])\s*"
)

# Byline shapes are only trusted near the end of the article.
BYLINE_TAIL = 4
_WS = re.compile(r"\s+")


@dataclass
class CleanedBody:
    paragraphs: list[str]
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    dateline: str | None = None
    dropped: int = 0


def normalize_space(text: str) -> str:
    """Collapse whitespace (including NBSP and zero-width spaces) to single spaces."""
    return _WS.sub(" ", text.replace("\u200b", "").replace("\ufeff", "")).strip()


def split_names(text: str) -> list[str]:
    """'A, B dan C' -> ['A', 'B', 'C']; strips trailing initials and punctuation."""
    text = re.sub(r"\s*\(.*?\)\s*", " ", text)
    parts = re.split(r"\s*(?:,|;|&|/|\bdan\b|\band\b)\s*", text)
    names = [p.strip(" .-–—|") for p in parts]
    return [n for n in names if n and len(n) <= 60]


def parse_byline(paragraph: str) -> dict[str, list[str]] | None:
    """Roles named in a byline paragraph, or None when it is not one.

    Handles ``Editor : Pahlevi`` and run-together footers such as
    ``Pewarta: Fulan SavitriEditor: Budi COPYRIGHT © ANTARA 2024``.
    """
    text = _COPYRIGHT_TAIL.sub("", paragraph).strip()
    if not BYLINE_RE.match(text) or len(text) > 200:
        return None
    roles: dict[str, list[str]] = {}
    matches = list(_ROLE_SPLIT.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip(" |-–—")
        roles.setdefault(m.group(1).lower(), []).extend(split_names(value))
    return roles


def is_boilerplate(paragraph: str, extra: Sequence[re.Pattern[str]] = ()) -> bool:
    return (
        _DROP_AT_START.match(paragraph) is not None
        or _DROP_ANYWHERE.search(paragraph) is not None
        or any(p.search(paragraph) for p in extra)
    )


def clean_paragraphs(
    paragraphs: Iterable[str],
    *,
    extra_patterns: Sequence[re.Pattern[str]] = (),
    dateline_re: re.Pattern[str] | None = None,
) -> CleanedBody:
    """Drop boilerplate paragraphs, lift bylines and the dateline out of the text."""
    kept: list[str] = []
    dropped = 0
    for raw in paragraphs:
        text = raw
        for pattern in INLINE_PATTERNS:
            text = pattern.sub(" ", text)
        text = normalize_space(text)
        if not text:
            continue
        if is_boilerplate(text, extra_patterns):
            dropped += 1
            continue
        kept.append(text)

    result = CleanedBody(paragraphs=[], dropped=dropped)
    # Bylines: only in the last few paragraphs, where outlets put them.
    tail_start = max(0, len(kept) - BYLINE_TAIL)
    body: list[str] = []
    for index, text in enumerate(kept):
        roles = parse_byline(text) if index >= tail_start else None
        if roles is None:
            body.append(text)
            continue
        result.dropped += 1
        for role, names in roles.items():
            if role in ("editor", "penyunting", "redaktur", "red"):
                result.editor = result.editor or (", ".join(names) if names else None)
            else:
                result.authors.extend(n for n in names if n not in result.authors)

    if body:
        first = body[0]
        match = (dateline_re.match(first) if dateline_re else None) or DATELINE_RE.match(first)
        if match:
            rest = first[match.end() :].strip()
            label = match.groupdict().get("dateline") or match.group(0)
            result.dateline = label.strip(" -–—") or None
            if rest:
                body[0] = rest
            else:
                body.pop(0)
    if body:
        body[-1] = TRAILING_INITIALS.sub("", body[-1]).strip()
        if not body[-1]:
            body.pop()
    result.paragraphs = body
    return result
