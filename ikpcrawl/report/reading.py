"""Reading a crawl output directory into :class:`~ikpcrawl.report.data.ReportData`.

Reads every ``*.jsonl`` under the output directory (both layouts: ``ikpcrawl run``'s
``outlet=<outlet>/crawl_date=<day>/<run>.jsonl`` and ``scrapy crawl``'s ``<spider>/<file>.jsonl``),
one line at a time, into counters only: memory depends on outlets x days x labels, never on the
number of articles. Bad lines are counted and reported, never fatal.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ikpcrawl.report.data import (
    OTHER_LABEL,
    PROVINCE_CODES,
    PROVINCE_LEVELS,
    OutletSummary,
    ReportData,
    ReportError,
    parse_day,
)

logger = logging.getLogger(__name__)

#: A line longer than this is skipped as bad without being held in memory whole.
MAX_LINE_BYTES = 64 * 1024 * 1024
#: Distinct issue / province labels kept; beyond this, labels fold into OTHER_LABEL so that
#: junk labels in untrusted files cannot grow memory without bound.
MAX_LABELS = 1000
#: Examples of bad lines and skipped files kept for the summary.
MAX_EXAMPLES = 5
#: Labels longer than this are cut for display.
MAX_LABEL_CHARS = 80

_REGION_CODE_RE = re.compile(r"(\d{2})(?:[.\d]*)")


# --------------------------------------------------------------------------- dates and files


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
