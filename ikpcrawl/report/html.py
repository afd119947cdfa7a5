"""The HTML page: one self-contained file (inline CSS and SVG, no script, no network) with
articles per outlet per day, election issues over time, provinces mentioned and the per-outlet
summary; every chart has a ``<table>`` with its numbers.

The markup is in ``templates/`` (Jinja2, autoescaped); this module decides what each section
shows. Text from articles is untrusted: it reaches the page only through ``{{ … }}``, which
always escapes it.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ikpcrawl.report import charts
from ikpcrawl.report.charts import DASHES, OTHER_COLOR, PALETTE, HBarChart, Series, TimeChart
from ikpcrawl.report.data import ReportData, ReportError
from ikpcrawl.report.summary import bad_text, day_note, pct, plural, skipped_text, window_text

logger = logging.getLogger(__name__)

#: Outlets drawn as their own series (the rest are drawn together as "other outlets").
MAX_OUTLET_SERIES = 9
#: Issues drawn as lines; the rest are in the totals table.
MAX_ISSUE_SERIES = 8
#: Provinces in the bar chart (the table lists them all).
MAX_PROVINCE_BARS = 15

_X_TITLE = "{} (published_at; crawled_at when missing)"


@dataclass(frozen=True)
class Table:
    """A data table; columns from ``numeric_from`` on are right-aligned numbers."""

    caption: str
    head: list[str]
    rows: list[list[object]]
    numeric_from: int = 1


@dataclass(frozen=True)
class ArticlesSection:
    granularity: str
    span_days: int
    chart: TimeChart
    series: list[Series]
    table: Table


@dataclass(frozen=True)
class IssuesSection:
    #: the chart and its table, when there are dated articles to draw
    chart: TimeChart | None
    series: list[Series]
    table: Table | None
    totals: Table


@dataclass(frozen=True)
class ProvincesSection:
    chart: HBarChart
    table: Table


# --------------------------------------------------------------------------- templates


def _escaped(value: object) -> Markup:
    """What every ``{{ value }}`` prints: escaped with the entities the page has always used
    (``&#x27;``, ``&quot;``: html.escape's, where markupsafe writes ``&#39;``, ``&#34;``) and
    marked safe, so autoescape leaves it as it is. Macro output is markup and passes through."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ikpcrawl.report", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=StrictUndefined,  # a misspelt name fails loudly instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.globals.update(plural=plural, day_note=day_note, bad_text=bad_text)
    return env


def render_html(data: ReportData) -> str:
    """One self-contained page: inline CSS and SVG, no script, nothing loaded from anywhere."""
    source = ", ".join(data.sources)
    return (
        environment()
        .get_template("page.html.j2")
        .render(
            data=data,
            source=source,
            facts=_facts(data),
            outlets=_outlet_table(data),
            articles=_articles(data),
            issues=_issues(data),
            provinces=_provinces(data),
        )
    )


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


# --------------------------------------------------------------------------- sections


def _facts(data: ReportData) -> str:
    """The overview's one line: what was read, skipped and counted."""
    facts = [
        f"{plural(data.articles, 'article')} from {plural(len(data.outlets), 'outlet')}",
        f"{plural(data.files, 'file')}, {plural(data.lines, 'line')} read",
    ]
    if data.skipped_files:
        facts.append(f"skipped {skipped_text(data)}")
    if data.reexports:
        facts.append(f"{plural(data.reexports, 're-export')} (revision > 1) counted once")
    window = window_text(data)
    if window:
        facts.append(window)
    return "; ".join(facts)


def _outlet_table(data: ReportData) -> Table | None:
    if not data.outlets:
        return None
    rows: list[list[object]] = [
        [
            o.outlet,
            o.articles,
            o.relevant,
            pct(o.relevant, o.articles),
            pct(o.with_published_at, o.articles),
            pct(o.with_authors, o.articles),
            o.day_from_crawled_at,
            o.first_day or "-",
            o.last_day or "-",
        ]
        for o in data.outlets_by_size()
    ]
    total = data.articles
    outlets = data.outlets.values()
    relevant = sum(o.relevant for o in outlets)
    days = data.days()
    rows.append(
        [
            "all outlets",
            total,
            relevant,
            pct(relevant, total),
            pct(sum(o.with_published_at for o in outlets), total),
            pct(sum(o.with_authors for o in outlets), total),
            data.day_from_crawled_at,
            days[0] if days else "-",
            days[-1] if days else "-",
        ]
    )
    head = ["outlet", "articles", "election-relevant", "relevant %", "with published_at"]
    head += ["with authors", "day from crawled_at", "first day", "last day"]
    return Table("Articles, election relevance and field coverage per outlet", head, rows)


def _outlet_series(data: ReportData, granularity: str, starts: list[date]) -> list[Series]:
    """One series per outlet, largest first; beyond MAX_OUTLET_SERIES the rest share one."""
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
        s.values[index[charts.bucket_of(granularity, day)]] += n
    return series


def _articles(data: ReportData) -> ArticlesSection | None:
    days = data.days()
    if not days:
        return None
    granularity, starts, labels = charts.buckets(days)
    title = f"Articles per outlet per {granularity}"
    series = _outlet_series(data, granularity, starts)
    x_title = _X_TITLE.format(granularity.capitalize())
    if granularity == "week":
        x_title = _X_TITLE.format("Week starting")
    rows: list[list[object]] = [
        [label, *(s.values[i] for s in series), sum(s.values[i] for s in series)]
        for i, label in enumerate(labels)
        if any(s.values[i] for s in series)
    ]
    return ArticlesSection(
        granularity=granularity,
        span_days=(days[-1] - days[0]).days + 1,
        chart=charts.stacked_bars("articles", title, labels, series, x_title, "Articles"),
        series=series,
        table=Table(
            f"{title} (buckets with articles)", ["", *(s.name for s in series), "all"], rows
        ),
    )


def _issues(data: ReportData) -> IssuesSection | None:
    if not data.issue_totals:
        return None
    totals = Table(
        "Articles per election issue (all days)",
        ["issue", "articles"],
        [[label, n] for label, n in data.issue_totals.most_common()],
    )
    days = data.days()  # the articles chart's axis, so the two charts line up
    if not days:
        return IssuesSection(chart=None, series=[], table=None, totals=totals)
    granularity, starts, labels = charts.buckets(days)
    index = {d: i for i, d in enumerate(starts)}
    top = [label for label, _ in data.issue_totals.most_common(MAX_ISSUE_SERIES)]
    series = [
        Series(label, [0] * len(starts), PALETTE[i], DASHES[i]) for i, label in enumerate(top)
    ]
    by_name = {s.name: s for s in series}
    for (label, day), n in data.issues_per_day.items():
        if label in by_name:
            by_name[label].values[index[charts.bucket_of(granularity, day)]] += n
    title = f"Articles per election issue per {granularity} (top {len(series)})"
    x_title = _X_TITLE.format(granularity.capitalize())
    rows: list[list[object]] = [
        [label, *(s.values[i] for s in series)]
        for i, label in enumerate(labels)
        if any(s.values[i] for s in series)
    ]
    return IssuesSection(
        chart=charts.lines("issues", title, labels, series, x_title, "Articles"),
        series=series,
        table=Table(title, ["", *(s.name for s in series)], rows),
        totals=totals,
    )


def _provinces(data: ReportData) -> ProvincesSection | None:
    if not data.provinces:
        return None
    ranked = [(data.province_label(k), k, n) for k, n in data.provinces.most_common()]
    top = ranked[:MAX_PROVINCE_BARS]
    title = f"Articles mentioning each province (top {len(top)})"
    return ProvincesSection(
        chart=charts.hbars("provinces", title, [(label, n) for label, _, n in top], "Articles"),
        table=Table(
            "Articles mentioning each province",
            ["province", "code", "articles"],
            [[label, "" if k.startswith("name:") else k, n] for label, k, n in ranked],
            numeric_from=2,
        ),
    )
