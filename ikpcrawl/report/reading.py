"""`ikpcrawl report`: what a crawl output directory holds, per outlet and day.

Reads every ``*.jsonl`` under the output directory (both layouts: ``ikpcrawl run``'s
``outlet=<outlet>/crawl_date=<day>/<run>.jsonl`` and ``scrapy crawl``'s ``<spider>/<file>.jsonl``),
one line at a time, into counters only: memory depends on outlets x days x labels, never on the
number of articles. Bad lines are counted and reported, never fatal.

``--html FILE`` writes one self-contained page (inline CSS and SVG, no script, no network) with
articles per outlet per day, election issues over time, provinces mentioned and the per-outlet
summary; every chart has a ``<table>`` with its numbers. Text from articles is untrusted and is
always escaped.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import math
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2

#: A line longer than this is skipped as bad without being held in memory whole.
MAX_LINE_BYTES = 64 * 1024 * 1024
#: Distinct issue / province labels kept; beyond this, labels fold into OTHER_LABEL so that
#: junk labels in untrusted files cannot grow memory without bound.
MAX_LABELS = 1000
OTHER_LABEL = "(other labels)"
#: Examples of bad lines and skipped files kept for the summary.
MAX_EXAMPLES = 5
#: Labels longer than this are cut for display.
MAX_LABEL_CHARS = 80
#: Time buckets in a chart: the finest of day / week / month / year that fits.
MAX_BUCKETS = 200
#: Outlets drawn as their own series (the rest are drawn together as "other outlets").
MAX_OUTLET_SERIES = 9
#: Issues drawn as lines; the rest are in the totals table.
MAX_ISSUE_SERIES = 8
#: Provinces in the bar chart (the table lists them all).
MAX_PROVINCE_BARS = 15

# Province codes 11-82 are the same in Kemendagri and BPS numbering; the Papua codes (9x) differ
# between the two since the 2022 split, so they are named only from the data itself.
PROVINCE_NAMES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
}
PROVINCE_CODES = {name.casefold(): code for code, name in PROVINCE_NAMES.items()}
PROVINCE_LEVELS = frozenset({"province", "provinsi"})

_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REGION_CODE_RE = re.compile(r"(\d{2})(?:[.\d]*)")
# C0/C1 control characters (terminal escapes included) are dropped from printed text.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ReportError(ValueError):
    """A user error (missing directory, bad date, unwritable file): one line, exit code 2."""


@dataclass
class OutletSummary:
    """Counters for one outlet, over the articles inside the date window."""

    outlet: str
    articles: int = 0
    relevant: int = 0
    with_published_at: int = 0
    with_authors: int = 0
    day_from_crawled_at: int = 0
    undated: int = 0
    first_day: date | None = None
    last_day: date | None = None

    def add_day(self, day: date) -> None:
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)


@dataclass
class ReportData:
    """Everything the summary and the page show: counters only, no articles."""

    sources: list[str]
    since: date | None = None
    until: date | None = None
    generated_at: str = ""
    files: int = 0
    unreadable_files: int = 0
    lines: int = 0
    bad_lines: int = 0
    bad_reasons: Counter[str] = field(default_factory=Counter)
    bad_examples: list[str] = field(default_factory=list)
    #: reason ("partial", "_runs", "hidden") -> files not read
    skipped_files: Counter[str] = field(default_factory=Counter)
    skipped_examples: list[str] = field(default_factory=list)
    #: lines with ``revision`` > 1: an article exported again by ``ikpcrawl run`` after its
    #: text changed; counted once, as its first revision
    reexports: int = 0
    outside_window: int = 0
    outlets: dict[str, OutletSummary] = field(default_factory=dict)
    per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    relevant_per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    #: articles that carry an ``election.issues`` list (even empty): the enrichment ran
    with_issues_field: int = 0
    with_issues: int = 0
    issue_totals: Counter[str] = field(default_factory=Counter)
    issues_per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    with_regions_field: int = 0
    with_provinces: int = 0
    #: province key (code, or "name:<casefolded name>") -> articles mentioning it
    provinces: Counter[str] = field(default_factory=Counter)
    province_names: dict[str, str] = field(default_factory=dict)
    #: casefolded name -> code, from region entries that state both
    province_codes: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def articles(self) -> int:
        return sum(o.articles for o in self.outlets.values())

    @property
    def day_from_crawled_at(self) -> int:
        return sum(o.day_from_crawled_at for o in self.outlets.values())

    @property
    def undated(self) -> int:
        return sum(o.undated for o in self.outlets.values())

    def outlets_by_size(self) -> list[OutletSummary]:
        return sorted(self.outlets.values(), key=lambda o: (-o.articles, o.outlet))

    def days(self) -> list[date]:
        return sorted({day for _, day in self.per_day})

    def province_label(self, key: str) -> str:
        if key in self.province_names:
            return self.province_names[key]
        if key == OTHER_LABEL:
            return key
        if key.startswith("name:"):
            return key[5:]
        return PROVINCE_NAMES.get(key, f"province {key}")


# --------------------------------------------------------------------------- dates


def parse_day(value: str | date | None, what: str) -> date | None:
    """``YYYY-MM-DD`` (or a date) -> date; anything else is a ReportError naming ``what``."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    try:
        if not _DAY_RE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ReportError(f"{what} must be a date YYYY-MM-DD, got {value!r}") from None


def _stamp_day(value: Any) -> date | None:
    """The calendar day of an ISO 8601 stamp in the stamp's own offset; None if unusable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):  # fromisoformat before 3.11 rejects "Z"
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


# --------------------------------------------------------------------------- files


def _hidden(name: str) -> bool:
    return name.startswith(".")


def iter_jsonl_files(root: Path, data: ReportData) -> Iterator[Path]:
    """``*.jsonl`` under ``root`` in a stable order, recording what was skipped and why.

    Skipped: hidden files (the feed writer's ``.<name>.jsonl.part`` while a crawl runs), hidden
    directories and ``_runs/`` (per-run stats of ``ikpcrawl run``, not articles).
    """
    for current, dirs, files in os.walk(root):
        here = Path(current)
        kept_dirs = []
        for name in sorted(dirs):
            if name == "_runs" or _hidden(name):
                reason = "_runs" if name == "_runs" else "hidden"
                for sub, _, sub_files in os.walk(here / name):
                    for sub_name in sorted(sub_files):
                        if sub_name.endswith((".jsonl", ".jsonl.part")):
                            _skip(data, reason, (Path(sub) / sub_name).relative_to(root))
            else:
                kept_dirs.append(name)
        dirs[:] = kept_dirs  # os.walk descends only into what is left here
        for name in sorted(files):
            if name.endswith(".part"):
                _skip(data, "partial", (here / name).relative_to(root))
            elif name.endswith(".jsonl"):
                if _hidden(name):
                    _skip(data, "hidden", (here / name).relative_to(root))
                else:
                    yield here / name


def _skip(data: ReportData, reason: str, path: Path) -> None:
    data.skipped_files[reason] += 1
    if len(data.skipped_examples) < MAX_EXAMPLES:
        data.skipped_examples.append(f"{path} ({reason})")


def _partition_outlet(path: Path) -> str | None:
    """The ``outlet=<name>`` Hive partition a file sits in, if any."""
    for part in reversed(path.parts[:-1]):
        if part.startswith("outlet=") and len(part) > 7:
            return part[7:]
    return None


def _iter_lines(handle: Any) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over MAX_LINE_BYTES (skipped unread)."""
    number = 0
    while True:
        line: bytes = handle.readline(MAX_LINE_BYTES)
        if not line:
            return
        number += 1
        if len(line) >= MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the giant line
                line = handle.readline(MAX_LINE_BYTES)
            yield number, None
        else:
            yield number, line


# --------------------------------------------------------------------------- aggregation


def _bad(data: ReportData, shown: str, number: int, reason: str) -> None:
    data.bad_lines += 1
    data.bad_reasons[reason] += 1
    if len(data.bad_examples) < MAX_EXAMPLES:
        data.bad_examples.append(f"{shown}:{number}: {reason}")


def _label(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _capped(counter: Counter[str], label: str) -> str:
    """``label``, or OTHER_LABEL once the counter already holds MAX_LABELS other labels."""
    if label in counter or len(counter) < MAX_LABELS:
        return label
    return OTHER_LABEL


def _code(value: Any) -> str | None:
    """The two-digit province prefix of a region code (``32``, ``"32.04"``, ``"3204"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    match = _REGION_CODE_RE.fullmatch(value.strip())
    return match.group(1) if match else None


def _article_provinces(regions: list[Any], data: ReportData) -> set[str]:
    """Province keys an article mentions: provinces themselves, and the province of each
    kab/kota (its ``province_code``, else its own code's two-digit prefix)."""
    keys: set[str] = set()
    for region in regions:
        if not isinstance(region, dict):
            continue
        level = region.get("level")
        is_province = isinstance(level, str) and level.strip().lower() in PROVINCE_LEVELS
        if is_province:
            code = _code(region.get("code"))
            name = _label(region.get("name"))
        else:
            code = _code(region.get("province_code")) or _code(region.get("code"))
            name = _label(region.get("province") or region.get("province_name"))
        if code is not None:
            key = code
        elif name is not None:
            key = _code_for_name(name, data) or f"name:{name.casefold()}"
        else:
            continue
        # The first spelling seen names the province (bounded like the counters).
        if name is not None and len(data.province_names) < MAX_LABELS:
            data.province_names.setdefault(key, name[:MAX_LABEL_CHARS])
            if code is not None:
                data.province_codes.setdefault(name.casefold(), code)
        keys.add(key)
    return keys


def _code_for_name(name: str, data: ReportData) -> str | None:
    """The code of a province known by this name (from the data, else the built-in table)."""
    wanted = name.casefold()
    return data.province_codes.get(wanted) or PROVINCE_CODES.get(wanted)


def _fold_province_names(data: ReportData) -> None:
    """Count a province first seen by name only under its code, once a code for it is known
    (the Papua provinces are not in the built-in table)."""
    for key in [k for k in data.provinces if k.startswith("name:")]:
        code = data.province_codes.get(key[5:])
        if code is not None:
            data.provinces[code] += data.provinces.pop(key)
            data.province_names.pop(key, None)


def _add_article(
    item: dict[str, Any], outlet: str, data: ReportData, since: date | None, until: date | None
) -> None:
    day = published = _stamp_day(item.get("published_at"))
    fallback = False
    if day is None:
        day = _stamp_day(item.get("crawled_at"))
        fallback = day is not None
    windowed = since is not None or until is not None
    if windowed and (
        day is None or (since is not None and day < since) or (until is not None and day > until)
    ):
        data.outside_window += 1
        return

    summary = data.outlets.get(outlet)
    if summary is None:
        summary = data.outlets[outlet] = OutletSummary(outlet)
    summary.articles += 1
    election = item.get("election")
    if not isinstance(election, dict):
        election = {}
    relevant = election.get("relevant") is True
    summary.relevant += relevant
    summary.with_published_at += published is not None
    authors = item.get("authors")
    summary.with_authors += isinstance(authors, list) and any(
        isinstance(a, str) and a.strip() for a in authors
    )
    if day is None:
        summary.undated += 1
    else:
        summary.day_from_crawled_at += fallback
        summary.add_day(day)
        data.per_day[outlet, day] += 1
        data.relevant_per_day[outlet, day] += relevant

    issues = election.get("issues")
    if isinstance(issues, list):
        data.with_issues_field += 1
        labels: set[str] = set()
        for entry in issues:
            label = _label(entry.get("issue") if isinstance(entry, dict) else entry)
            if label is not None:
                labels.add(_capped(data.issue_totals, label[:MAX_LABEL_CHARS]))
        data.with_issues += bool(labels)
        for label in labels:  # an article counts once per issue
            data.issue_totals[label] += 1
            if day is not None:
                data.issues_per_day[label, day] += 1

    regions = election.get("regions")
    if isinstance(regions, list):
        data.with_regions_field += 1
        provinces = {_capped(data.provinces, k) for k in _article_provinces(regions, data)}
        data.with_provinces += bool(provinces)
        for key in provinces:
            data.provinces[key] += 1


def _read_file(
    path: Path, shown: str, data: ReportData, since: date | None, until: date | None
) -> None:
    """Stream one file into ``data``; ``shown`` is its name in messages."""
    partition = _partition_outlet(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        data.unreadable_files += 1
        logger.warning("cannot read %s: %s", path, error.strerror or error)
        return
    data.files += 1
    with handle:
        for number, raw in _iter_lines(handle):
            if raw is None:
                data.lines += 1
                _bad(data, shown, number, "line too long")
                continue
            if not raw.strip():
                continue
            data.lines += 1
            try:
                item = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                _bad(data, shown, number, "invalid UTF-8")
                continue
            except ValueError:  # json.JSONDecodeError, and numbers too large to convert
                _bad(data, shown, number, "invalid JSON")
                continue
            if not isinstance(item, dict):
                _bad(data, shown, number, "not a JSON object")
                continue
            outlet = _label(item.get("outlet")) or partition
            if not outlet:
                _bad(data, shown, number, "no outlet")
                continue
            outlet = outlet[:MAX_LABEL_CHARS]
            if outlet not in data.outlets and len(data.outlets) >= MAX_LABELS:
                outlet = OTHER_LABEL
            revision = item.get("revision")
            if isinstance(revision, int) and not isinstance(revision, bool) and revision > 1:
                data.reexports += 1
                continue
            _add_article(item, outlet, data, since, until)


def build_report(
    paths_or_dir: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    since: str | date | None = None,
    until: str | date | None = None,
) -> ReportData:
    """Aggregate the JSONL files under a directory (or the given files/directories).

    Directories are walked recursively (hidden files, ``.part`` files and ``_runs/`` skipped);
    files named explicitly are read as they are. Raises ReportError for a missing path or a bad
    date window.
    """
    if isinstance(paths_or_dir, (str, os.PathLike)):
        roots = [Path(paths_or_dir)]
    else:
        roots = [Path(p) for p in paths_or_dir]
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if start is not None and end is not None and start > end:
        raise ReportError(f"--since {start} is after --until {end}")
    for root in roots:
        if not root.exists():
            raise ReportError(f"no such file or directory: {root}")
    data = ReportData(
        sources=[str(r) for r in roots],
        since=start,
        until=end,
        generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )
    for root in roots:
        files = iter_jsonl_files(root, data) if root.is_dir() else iter([root])
        for path in files:
            logger.debug("reading %s", path)
            # Messages name files relative to the directory the report is about.
            shown = str(path.relative_to(root)) if root.is_dir() else str(path)
            _read_file(path, shown, data, start, end)
    _fold_province_names(data)
    return data


# --------------------------------------------------------------------------- text summary


def _term(text: str) -> str:
    """Untrusted text made safe for a terminal (no escape sequences)."""
    return _CONTROL_RE.sub("?", text)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _skipped_text(data: ReportData) -> str:
    names = {
        "partial": ("partial file (.part)", "partial files (.part)"),
        "_runs": ("file under _runs/", "files under _runs/"),
        "hidden": ("hidden file", "hidden files"),
    }
    parts = []
    for reason, count in sorted(data.skipped_files.items()):
        one, many = names.get(reason, (reason, reason))
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


def _bad_text(data: ReportData) -> str:
    """``3 lines (invalid JSON: 2, no outlet: 1)``."""
    reasons = ", ".join(f"{r}: {n}" for r, n in data.bad_reasons.most_common())
    return f"{_plural(data.bad_lines, 'line')} ({reasons})"


def _day_note(data: ReportData) -> str | None:
    notes = []
    if data.day_from_crawled_at:
        notes.append(
            f"{_plural(data.day_from_crawled_at, 'article')} without a usable published_at"
            " are counted on their crawled_at day (UTC)"
        )
    if data.undated:
        notes.append(f"{_plural(data.undated, 'article')} with neither date are in the totals only")
    return "; ".join(notes) + "." if notes else None


def _window_text(data: ReportData) -> str | None:
    if data.since is None and data.until is None:
        return None
    span = f"{data.since or '…'} to {data.until or '…'}"
    return f"window {span} (by day): {_plural(data.outside_window, 'article')} outside it"


def format_summary(data: ReportData) -> str:
    """The plain-text summary ``ikpcrawl report`` prints."""
    out: list[str] = []
    source = ", ".join(data.sources)
    out.append(
        f"Report on {_term(source)}: {_plural(data.files, 'file')}, "
        f"{_plural(data.lines, 'line')}, {_plural(data.articles, 'article')}"
    )
    if data.skipped_files:
        out.append(f"Skipped {_skipped_text(data)}.")
    if data.unreadable_files:
        out.append(f"Could not read {_plural(data.unreadable_files, 'file')}.")
    if data.bad_lines:
        out.append(f"Bad {_bad_text(data)}:")
        out.extend(f"  {_term(example)}" for example in data.bad_examples)
        if data.bad_lines > len(data.bad_examples):
            out.append(f"  … and {data.bad_lines - len(data.bad_examples)} more")
    if data.reexports:
        out.append(
            f"{_plural(data.reexports, 're-export')} of changed articles (revision > 1)"
            " counted once, as their first revision."
        )
    window = _window_text(data)
    if window:
        out.append(window[0].upper() + window[1:] + ".")
    if not data.articles:
        out.append(f"No articles found under {_term(source)}.")
        return "".join(line.rstrip() + "\n" for line in out)
    out.append(
        "Day = the published_at date in its own offset. "
        + (_day_note(data) or "Every article has a published_at.")
    )

    outlets = data.outlets_by_size()
    width = max(6, *(len(_term(o.outlet)) for o in outlets))
    head = (
        f"{'outlet':<{width}}  {'articles':>8}  {'relevant':>13}  {'published_at':>12}"
        f"  {'authors':>7}  {'crawled_at day':>14}  {'first day':<10}  {'last day':<10}"
    )
    out += ["", "Per outlet:", head, "-" * len(head)]
    for o in outlets:
        relevant = f"{o.relevant} ({_pct(o.relevant, o.articles)})"
        out.append(
            f"{_term(o.outlet):<{width}}  {o.articles:>8}  {relevant:>13}"
            f"  {_pct(o.with_published_at, o.articles):>12}  {_pct(o.with_authors, o.articles):>7}"
            f"  {o.day_from_crawled_at:>14}  {o.first_day or '-'!s:<10}  {o.last_day or '-'!s:<10}"
        )
    total = data.articles
    relevant_all = sum(o.relevant for o in outlets)
    published_all = sum(o.with_published_at for o in outlets)
    authors_all = sum(o.with_authors for o in outlets)
    days = data.days()
    out.append(
        f"{'all':<{width}}  {total:>8}  {f'{relevant_all} ({_pct(relevant_all, total)})':>13}"
        f"  {_pct(published_all, total):>12}  {_pct(authors_all, total):>7}"
        f"  {data.day_from_crawled_at:>14}  {days[0] if days else '-'!s:<10}"
        f"  {days[-1] if days else '-'!s:<10}"
    )

    out += ["", "Per outlet and day:", f"{'outlet':<{width}}  {'day':<10}  articles  relevant"]
    for o in outlets:
        for day in days:
            n = data.per_day.get((o.outlet, day), 0)
            if n:
                r = data.relevant_per_day.get((o.outlet, day), 0)
                out.append(f"{_term(o.outlet):<{width}}  {day!s:<10}  {n:>8}  {r:>8}")
    return "".join(line.rstrip() + "\n" for line in out)


# --------------------------------------------------------------------------- charts (SVG)

# Tableau 10: distinguishable, and readable for the common colour-vision deficiencies.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
)
OTHER_COLOR = "#bab0ac"
# Lines differ by dash pattern as well as colour, so they stay apart without colour vision and
# where they overlap.
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2", "12 4", "6 2 2 2 2 2")

CHART_W, CHART_H = 1100, 340
PAD_L, PAD_R, PAD_T, PAD_B = 64, 16, 16, 64


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class Series:
    name: str
    values: list[int]
    color: str
    dash: str = ""


def _buckets(days: Sequence[date]) -> tuple[str, list[date], list[str]]:
    """(granularity, bucket start days, labels): the finest of day/week/month/year whose
    continuous range from the first to the last day fits in MAX_BUCKETS."""
    first, last = min(days), max(days)
    if (last - first).days + 1 <= MAX_BUCKETS:
        starts = [first + timedelta(n) for n in range((last - first).days + 1)]
        return "day", starts, [d.isoformat() for d in starts]
    monday = first - timedelta(first.weekday())
    if ((last - monday).days // 7) + 1 <= MAX_BUCKETS:
        starts = [monday + timedelta(7 * n) for n in range((last - monday).days // 7 + 1)]
        return "week", starts, [d.isoformat() for d in starts]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= MAX_BUCKETS:
        starts = [
            date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1)
            for n in range(months)
        ]
        return "month", starts, [d.strftime("%Y-%m") for d in starts]
    starts = [date(y, 1, 1) for y in range(first.year, last.year + 1)]
    return "year", starts, [str(d.year) for d in starts]


def _bucket_of(granularity: str, day: date) -> date:
    if granularity == "week":
        return day - timedelta(day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "year":
        return day.replace(month=1, day=1)
    return day


def _nice_max(value: int) -> tuple[int, int]:
    """(axis maximum, tick step) with 1/2/5 x 10^k steps and at most about 5 ticks."""
    if value <= 0:
        return 1, 1
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _svg_open(chart_id: str, title: str, desc: str, height: int = CHART_H) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {CHART_W} {height}" role="img"'
        f' aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{_esc(title)}</title><desc id="{chart_id}-d">{_esc(desc)}</desc>'
    )


def _axes(labels: list[str], y_max: int, step: int, x_label: str, y_label: str) -> list[str]:
    """Grid, y ticks, thinned x tick labels and both axis titles."""
    plot_w, plot_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    parts = []
    for tick in range(0, y_max + 1, step):
        y = PAD_T + plot_h - plot_h * tick / y_max
        parts.append(
            f'<line class="grid" x1="{PAD_L}" x2="{CHART_W - PAD_R}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:,}</text>'
        )
    slot = plot_w / max(1, len(labels))
    every = max(1, math.ceil(len(labels) / 12))  # about 12 labels fit without overlapping
    for i in range(0, len(labels), every):
        x = PAD_L + slot * (i + 0.5)
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{PAD_T + plot_h + 18}" text-anchor="middle">'
            f"{_esc(labels[i])}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{PAD_L}" x2="{CHART_W - PAD_R}" y1="{PAD_T + plot_h}"'
        f' y2="{PAD_T + plot_h}"/>'
        f'<text class="axis-label" x="{PAD_L + plot_w / 2:.1f}" y="{CHART_H - 16}"'
        f' text-anchor="middle">{_esc(x_label)}</text>'
        f'<text class="axis-label" transform="translate(16 {PAD_T + plot_h / 2:.1f}) rotate(-90)"'
        f' text-anchor="middle">{_esc(y_label)}</text>'
    )
    return parts


def stacked_bars_svg(
    chart_id: str, title: str, labels: list[str], series: list[Series], x_label: str, y_label: str
) -> str:
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    y_max, step = _nice_max(max(totals, default=0))
    plot_w, plot_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    slot = plot_w / max(1, len(labels))
    bar_w = max(1.0, slot * 0.8)
    parts = [
        _svg_open(chart_id, title, f"Stacked bars, {len(labels)} {x_label.lower()} buckets."),
        *_axes(labels, y_max, step, x_label, y_label),
    ]
    for i, label in enumerate(labels):
        base = 0
        x = PAD_L + slot * i + (slot - bar_w) / 2
        for s in series:
            value = s.values[i]
            if not value:
                continue
            top = PAD_T + plot_h - plot_h * (base + value) / y_max
            height = plot_h * value / y_max
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}"'
                f' height="{height:.1f}" fill="{s.color}">'
                f"<title>{_esc(s.name)}, {_esc(label)}: {value}</title></rect>"
            )
            base += value
    parts.append("</svg>")
    return "".join(parts)


def lines_svg(
    chart_id: str, title: str, labels: list[str], series: list[Series], x_label: str, y_label: str
) -> str:
    y_max, step = _nice_max(max((max(s.values, default=0) for s in series), default=0))
    plot_w, plot_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    slot = plot_w / max(1, len(labels))
    parts = [
        _svg_open(chart_id, title, f"One line per issue over {len(labels)} buckets."),
        *_axes(labels, y_max, step, x_label, y_label),
    ]
    for s in series:
        points = [
            (PAD_L + slot * (i + 0.5), PAD_T + plot_h - plot_h * v / y_max)
            for i, v in enumerate(s.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(f'<polyline class="line" points="{path}" stroke="{s.color}"{dash}/>')
        if len(labels) > 31:  # markers on a long series are clutter; the table has the numbers
            continue
        for (x, y), value, label in zip(points, s.values, labels, strict=True):
            if value:  # markers only where something happened, so zeros stay quiet
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{s.color}">'
                    f"<title>{_esc(s.name)}, {_esc(label)}: {value}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


def hbars_svg(chart_id: str, title: str, items: list[tuple[str, int]], x_label: str) -> str:
    """Horizontal bars, one per (label, value), largest first."""
    row, label_w, top = 24, 220, 8
    height = top + row * len(items) + 44
    plot_w = CHART_W - label_w - 70
    x_max, step = _nice_max(max((v for _, v in items), default=0))
    parts = [_svg_open(chart_id, title, f"Horizontal bars, {len(items)} provinces.", height)]
    for tick in range(0, x_max + 1, step):
        x = label_w + plot_w * tick / x_max
        parts.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + row * len(items)}"/>'
            f'<text class="tick" x="{x:.1f}" y="{top + row * len(items) + 16}"'
            f' text-anchor="middle">{tick:,}</text>'
        )
    for i, (label, value) in enumerate(items):
        y = top + row * i
        width = plot_w * value / x_max
        parts.append(
            f'<text class="tick" x="{label_w - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end">'
            f"{_esc(label)}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row - 6}"'
            f' fill="{PALETTE[0]}"><title>{_esc(label)}: {value}</title></rect>'
            f'<text class="value" x="{label_w + width + 6:.1f}" y="{y + row / 2 + 4:.1f}">'
            f"{value:,}</text>"
        )
    parts.append(
        f'<text class="axis-label" x="{label_w + plot_w / 2:.1f}" y="{height - 8}"'
        f' text-anchor="middle">{_esc(x_label)}</text></svg>'
    )
    return "".join(parts)


def _legend(series: list[Series], lines: bool = False) -> str:
    """Colour keys; for line charts a short stroke with the line's dash pattern."""
    items = []
    for s in series:
        if lines:
            dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
            key = (
                '<svg class="key" viewBox="0 0 28 12" aria-hidden="true">'
                f'<line x1="0" y1="6" x2="28" y2="6" stroke="{s.color}" stroke-width="3"{dash}/>'
                "</svg>"
            )
        else:
            key = f'<span class="swatch" style="background:{s.color}" aria-hidden="true"></span>'
        items.append(f"<li>{key}{_esc(s.name)}</li>")
    return f'<ul class="legend">{"".join(items)}</ul>'


def _cell(value: object) -> str:
    """Escaped cell text; counts get thousands separators."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return _esc(value)


def _table(caption: str, head: list[str], rows: list[list[object]], numeric_from: int = 1) -> str:
    """A data table; columns from ``numeric_from`` on are right-aligned numbers."""
    ths = "".join(
        f'<th scope="col"{" class=num" if i >= numeric_from else ""}>{_esc(h)}</th>'
        for i, h in enumerate(head)
    )
    body = []
    for row in rows:
        cells = [f'<th scope="row">{_esc(row[0])}</th>']
        cells += [
            f"<td{' class=num' if i >= numeric_from else ''}>{_cell(v)}</td>"
            for i, v in enumerate(row[1:], 1)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table><caption>{_esc(caption)}</caption><thead><tr>{ths}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _data_table(table: str, summary: str = "Data table") -> str:
    """The numbers behind a chart, folded away under a disclosure."""
    return f"<details><summary>{_esc(summary)}</summary>{table}</details>"


def _note(text: str) -> str:
    return f'<p class="note">{_esc(text)}</p>'


# --------------------------------------------------------------------------- page sections


def _outlet_series(
    data: ReportData, granularity: str, starts: list[date]
) -> tuple[list[Series], list[OutletSummary]]:
    index = {d: i for i, d in enumerate(starts)}
    outlets = data.outlets_by_size()
    named = outlets if len(outlets) <= MAX_OUTLET_SERIES + 1 else outlets[:MAX_OUTLET_SERIES]
    series = [Series(o.outlet, [0] * len(starts), PALETTE[i]) for i, o in enumerate(named)]
    position = {o.outlet: i for i, o in enumerate(named)}
    if len(named) < len(outlets):
        series.append(
            Series(f"other outlets ({len(outlets) - len(named)})", [0] * len(starts), OTHER_COLOR)
        )
    for (outlet, day), n in data.per_day.items():
        s = series[position.get(outlet, len(series) - 1)]
        s.values[index[_bucket_of(granularity, day)]] += n
    return series, outlets


def _section_articles(data: ReportData) -> str:
    title = "Articles per outlet per day"
    days = data.days()
    if not days:
        return f"<section><h2>{title}</h2>{_note('No dated articles to chart.')}</section>"
    granularity, starts, labels = _buckets(days)
    if granularity != "day":
        title = f"Articles per outlet per {granularity}"
    series, _ = _outlet_series(data, granularity, starts)
    x_label = f"{granularity.capitalize()} (published_at; crawled_at when missing)"
    if granularity == "week":
        x_label = "Week starting (published_at; crawled_at when missing)"
    chart = stacked_bars_svg("articles", title, labels, series, x_label, "Articles")
    rows: list[list[object]] = [
        [label, *(s.values[i] for s in series), sum(s.values[i] for s in series)]
        for i, label in enumerate(labels)
        if any(s.values[i] for s in series)
    ]
    table = _table(f"{title} (buckets with articles)", ["", *(s.name for s in series), "all"], rows)
    note = ""
    if granularity != "day":
        note = _note(
            f"The articles span {(days[-1] - days[0]).days + 1} days, so bars are per "
            f"{granularity}; the printed summary lists every day."
        )
    return (
        f'<section aria-labelledby="h-articles"><h2 id="h-articles">{_esc(title)}</h2>{note}'
        f"<figure>{chart}<figcaption>{_legend(series)}</figcaption></figure>"
        f"{_data_table(table)}</section>"
    )


def _section_issues(data: ReportData) -> str:
    head = '<section aria-labelledby="h-issues"><h2 id="h-issues">Election issues over time</h2>'
    if not data.issue_totals:
        if data.with_issues_field:
            text = (
                f"No election issues were found in the {data.with_issues_field} articles that"
                " carry issue labels (election.issues)."
            )
        else:
            text = (
                "No issue labels: these articles have no election.issues field (it is added by"
                " the issue enrichment; files crawled before it have only relevant/matched)."
            )
        return head + _note(text) + "</section>"
    days = data.days()  # the articles chart's axis, so the two charts line up
    top = [label for label, _ in data.issue_totals.most_common(MAX_ISSUE_SERIES)]
    parts = [
        head,
        _note(
            f"{data.with_issues} of {data.with_issues_field} articles with issue labels name at"
            " least one issue; an article counts once per issue."
        ),
    ]
    if days:
        granularity, starts, labels = _buckets(days)
        index = {d: i for i, d in enumerate(starts)}
        series = [
            Series(label, [0] * len(starts), PALETTE[i], DASHES[i]) for i, label in enumerate(top)
        ]
        by_name = {s.name: s for s in series}
        for (label, day), n in data.issues_per_day.items():
            if label in by_name:
                by_name[label].values[index[_bucket_of(granularity, day)]] += n
        title = f"Articles per election issue per {granularity} (top {len(series)})"
        x_label = f"{granularity.capitalize()} (published_at; crawled_at when missing)"
        chart = lines_svg("issues", title, labels, series, x_label, "Articles")
        rows: list[list[object]] = [
            [label, *(s.values[i] for s in series)]
            for i, label in enumerate(labels)
            if any(s.values[i] for s in series)
        ]
        table = _table(title, ["", *(s.name for s in series)], rows)
        parts.append(
            f"<figure>{chart}<figcaption>{_legend(series, lines=True)}</figcaption></figure>"
            f"{_data_table(table)}"
        )
    totals = _table(
        "Articles per election issue (all days)",
        ["issue", "articles"],
        [[label, n] for label, n in data.issue_totals.most_common()],
    )
    parts.append(_data_table(totals, "All issues"))
    parts.append("</section>")
    return "".join(parts)


def _section_provinces(data: ReportData) -> str:
    head = '<section aria-labelledby="h-provinces"><h2 id="h-provinces">Provinces mentioned</h2>'
    if not data.provinces:
        if data.with_regions_field:
            text = (
                f"No province was found in the {data.with_regions_field} articles that carry"
                " election.regions."
            )
        else:
            text = (
                "No region labels: these articles have no election.regions field (it is added by"
                " the region enrichment)."
            )
        return head + _note(text) + "</section>"
    ranked = [(data.province_label(k), k, n) for k, n in data.provinces.most_common()]
    top = ranked[:MAX_PROVINCE_BARS]
    title = f"Articles mentioning each province (top {len(top)})"
    chart = hbars_svg("provinces", title, [(label, n) for label, _, n in top], "Articles")
    table = _table(
        "Articles mentioning each province",
        ["province", "code", "articles"],
        [[label, "" if k.startswith("name:") else k, n] for label, k, n in ranked],
        numeric_from=2,
    )
    note = _note(
        f"{data.with_provinces} of {data.with_regions_field} articles with region labels mention"
        " a province; a kabupaten/kota counts for its province, and an article counts once per"
        " province."
    )
    return f"{head}{note}<figure>{chart}</figure>{_data_table(table)}</section>"


def _section_summary(data: ReportData) -> str:
    head = '<section aria-labelledby="h-summary"><h2 id="h-summary">Per outlet</h2>'
    if not data.outlets:
        return head + _note("No articles.") + "</section>"
    rows: list[list[object]] = []
    for o in data.outlets_by_size():
        rows.append(
            [
                o.outlet,
                o.articles,
                o.relevant,
                _pct(o.relevant, o.articles),
                _pct(o.with_published_at, o.articles),
                _pct(o.with_authors, o.articles),
                o.day_from_crawled_at,
                o.first_day or "-",
                o.last_day or "-",
            ]
        )
    total = data.articles
    outlets = data.outlets.values()
    relevant = sum(o.relevant for o in outlets)
    days = data.days()
    rows.append(
        [
            "all outlets",
            total,
            relevant,
            _pct(relevant, total),
            _pct(sum(o.with_published_at for o in outlets), total),
            _pct(sum(o.with_authors for o in outlets), total),
            data.day_from_crawled_at,
            days[0] if days else "-",
            days[-1] if days else "-",
        ]
    )
    table = _table(
        "Articles, election relevance and field coverage per outlet",
        [
            "outlet",
            "articles",
            "election-relevant",
            "relevant %",
            "with published_at",
            "with authors",
            "day from crawled_at",
            "first day",
            "last day",
        ],
        rows,
    )
    return head + table + "</section>"


CSS = """
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: #f6f8fa; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 0 0 8px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px;
  margin: 16px 0; }
.meta, .note { color: var(--muted); margin: 4px 0 8px; }
.warn { color: #9a3412; }
figure { margin: 0; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
svg .axis { stroke: #8c959f; stroke-width: 1; }
svg .tick, svg .value { font-size: 12px; fill: #424a53; }
svg .axis-label { font-size: 13px; fill: var(--fg); font-weight: 600; }
svg .line { fill: none; stroke-width: 2.5; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0;
  margin: 8px 0 0; font-size: 13px; }
svg.key { width: 28px; height: 12px; margin-right: 6px; vertical-align: -1px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  margin-right: 6px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin-top: 8px; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; }
td { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:last-child th, tbody tr:last-child td { border-bottom: 0; }
details { margin-top: 8px; }
summary { cursor: pointer; color: #0969da; }
ul.problems { margin: 4px 0; padding-left: 20px; font-family: ui-monospace, monospace;
  font-size: 12px; overflow-wrap: anywhere; }
"""


def _section_overview(data: ReportData) -> str:
    source = ", ".join(data.sources)
    facts = [
        f"{_plural(data.articles, 'article')} from {_plural(len(data.outlets), 'outlet')}",
        f"{_plural(data.files, 'file')}, {_plural(data.lines, 'line')} read",
    ]
    if data.skipped_files:
        facts.append(f"skipped {_skipped_text(data)}")
    if data.reexports:
        facts.append(f"{_plural(data.reexports, 're-export')} (revision > 1) counted once")
    window = _window_text(data)
    if window:
        facts.append(window)
    parts = [
        '<section aria-labelledby="h-overview"><h2 id="h-overview">Overview</h2>',
        f'<p class="meta">{_esc("; ".join(facts))}.</p>',
    ]
    if not data.articles:
        parts.append(_note(f"No articles found under {source}: the report is empty."))
    else:
        day_note = _day_note(data)
        parts.append(
            _note(
                "Day = the published_at date in its own offset (WIB/WITA/WIT)."
                + (f" {day_note}" if day_note else "")
            )
        )
    if data.unreadable_files:
        parts.append(
            f'<p class="warn">Could not read {_plural(data.unreadable_files, "file")}.</p>'
        )
    if data.bad_lines:
        examples = "".join(f"<li>{_esc(e)}</li>" for e in data.bad_examples)
        parts.append(
            f'<p class="warn">Bad {_esc(_bad_text(data))}; first ones:</p>'
            f'<ul class="problems">{examples}</ul>'
        )
    parts.append("</section>")
    return "".join(parts)


def render_html(data: ReportData) -> str:
    """One self-contained page: inline CSS and SVG, no script, nothing loaded from anywhere."""
    source = ", ".join(data.sources)
    title = f"ikpcrawl report: {source}"
    body = [
        _section_overview(data),
        _section_summary(data),
        _section_articles(data),
        _section_issues(data),
        _section_provinces(data),
    ]
    # The CSP forbids every fetch and script: even a missed escape could not load or run anything.
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>Election news crawl report</h1>\n"
        f'<p class="meta">{_esc(source)} · generated {_esc(data.generated_at)}</p>\n'
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- command line


def _check_html_target(path: Path) -> None:
    """Fail before reading millions of lines if the page could not be written anyway."""
    if path.is_dir():
        raise ReportError(f"--html {path} is a directory")
    parent = path.parent
    if not parent.exists():
        raise ReportError(f"--html {path}: directory {parent} does not exist")
    if not parent.is_dir():
        raise ReportError(f"--html {path}: {parent} is not a directory")
    if not os.access(parent, os.W_OK):
        raise ReportError(f"--html {path}: directory {parent} is not writable")


def write_html(path: Path, page: str) -> None:
    """Write atomically (temporary file + rename), so a reader never sees half a page."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(page)
            os.chmod(tmp, 0o644)  # mkstemp creates 0600; a report is meant to be shared
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ReportError(f"cannot write --html {path}: {error.strerror or error}") from None


def cmd_report(args: argparse.Namespace) -> int:
    output = Path(args.output)
    since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
    if not output.exists():
        raise ReportError(f"output directory {output} does not exist")
    if not output.is_dir():
        raise ReportError(f"--output {output} is not a directory")
    html_path = Path(args.html) if args.html else None
    if html_path is not None:
        _check_html_target(html_path)
    data = build_report(output, since=since, until=until)
    sys.stdout.write(format_summary(data))
    if html_path is not None:
        write_html(html_path, render_html(data))
        sys.stdout.write(f"HTML report: {html_path}\n")
    return EXIT_OK


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``report`` (its ``func`` returns an exit code; user errors raise ReportError)."""
    report = subparsers.add_parser(
        "report",
        help="summarise an output directory per outlet and day (text, optional HTML page)",
        description="Reads every *.jsonl under --output (skipping .part files and _runs/) and"
        " prints articles and election-relevant articles per outlet and day, with published_at"
        " and authors coverage. --html writes one self-contained page with charts.",
    )
    report.add_argument("--output", default="output", help="output directory (default: output)")
    report.add_argument("--html", metavar="FILE", help="also write an HTML report here")
    report.add_argument("--since", metavar="DATE", help="only days on or after YYYY-MM-DD")
    report.add_argument("--until", metavar="DATE", help="only days on or before YYYY-MM-DD")
    report.set_defaults(func=cmd_report)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ikpcrawl.report report …``: the command on its own, as ``ikpcrawl`` runs it."""
    logging.basicConfig(level=logging.WARNING, format="ikpcrawl: %(message)s")
    parser = argparse.ArgumentParser(prog="ikpcrawl")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ReportError as error:
        print(f"ikpcrawl: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
