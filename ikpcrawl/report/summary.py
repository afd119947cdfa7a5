"""The plain-text summary ``ikpcrawl report`` prints, and the wording the HTML page shares."""

from __future__ import annotations

import logging
import re

from ikpcrawl.report.data import ReportData

logger = logging.getLogger(__name__)

# C0/C1 control characters (terminal escapes included) are dropped from printed text.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _term(text: str) -> str:
    """Untrusted text made safe for a terminal (no escape sequences)."""
    return _CONTROL_RE.sub("?", text)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def skipped_text(data: ReportData) -> str:
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


def bad_text(data: ReportData) -> str:
    """``3 lines (invalid JSON: 2, no outlet: 1)``."""
    reasons = ", ".join(f"{r}: {n}" for r, n in data.bad_reasons.most_common())
    return f"{plural(data.bad_lines, 'line')} ({reasons})"


def day_note(data: ReportData) -> str | None:
    notes = []
    if data.day_from_crawled_at:
        notes.append(
            f"{plural(data.day_from_crawled_at, 'article')} without a usable published_at"
            " are counted on their crawled_at day (UTC)"
        )
    if data.undated:
        notes.append(f"{plural(data.undated, 'article')} with neither date are in the totals only")
    return "; ".join(notes) + "." if notes else None


def window_text(data: ReportData) -> str | None:
    if data.since is None and data.until is None:
        return None
    span = f"{data.since or '…'} to {data.until or '…'}"
    return f"window {span} (by day): {plural(data.outside_window, 'article')} outside it"


def format_summary(data: ReportData) -> str:
    """The plain-text summary ``ikpcrawl report`` prints."""
    out: list[str] = []
    source = ", ".join(data.sources)
    out.append(
        f"Report on {_term(source)}: {plural(data.files, 'file')}, "
        f"{plural(data.lines, 'line')}, {plural(data.articles, 'article')}"
    )
    if data.skipped_files:
        out.append(f"Skipped {skipped_text(data)}.")
    if data.unreadable_files:
        out.append(f"Could not read {plural(data.unreadable_files, 'file')}.")
    if data.bad_lines:
        out.append(f"Bad {bad_text(data)}:")
        out.extend(f"  {_term(example)}" for example in data.bad_examples)
        if data.bad_lines > len(data.bad_examples):
            out.append(f"  … and {data.bad_lines - len(data.bad_examples)} more")
    if data.reexports:
        out.append(
            f"{plural(data.reexports, 're-export')} of changed articles (revision > 1)"
            " counted once, as their first revision."
        )
    window = window_text(data)
    if window:
        out.append(window[0].upper() + window[1:] + ".")
    if not data.articles:
        out.append(f"No articles found under {_term(source)}.")
        return "".join(line.rstrip() + "\n" for line in out)
    out.append(
        "Day = the published_at date in its own offset. "
        + (day_note(data) or "Every article has a published_at.")
    )

    outlets = data.outlets_by_size()
    width = max(6, *(len(_term(o.outlet)) for o in outlets))
    head = (
        f"{'outlet':<{width}}  {'articles':>8}  {'relevant':>13}  {'published_at':>12}"
        f"  {'authors':>7}  {'crawled_at day':>14}  {'first day':<10}  {'last day':<10}"
    )
    out += ["", "Per outlet:", head, "-" * len(head)]
    for o in outlets:
        relevant = f"{o.relevant} ({pct(o.relevant, o.articles)})"
        out.append(
            f"{_term(o.outlet):<{width}}  {o.articles:>8}  {relevant:>13}"
            f"  {pct(o.with_published_at, o.articles):>12}  {pct(o.with_authors, o.articles):>7}"
            f"  {o.day_from_crawled_at:>14}  {o.first_day or '-'!s:<10}  {o.last_day or '-'!s:<10}"
        )
    total = data.articles
    relevant_all = sum(o.relevant for o in outlets)
    published_all = sum(o.with_published_at for o in outlets)
    authors_all = sum(o.with_authors for o in outlets)
    days = data.days()
    out.append(
        f"{'all':<{width}}  {total:>8}  {f'{relevant_all} ({pct(relevant_all, total)})':>13}"
        f"  {pct(published_all, total):>12}  {pct(authors_all, total):>7}"
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
