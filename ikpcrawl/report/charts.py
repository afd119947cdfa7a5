"""Chart geometry for the HTML page: time buckets, axis scales and where every bar, line and
label goes. The SVG markup itself is in ``templates/charts.html.j2``.

Coordinates are rounded to one decimal here, so the templates print them as they are.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import ClassVar

logger = logging.getLogger(__name__)

#: Time buckets in a chart: the finest of day / week / month / year that fits.
MAX_BUCKETS = 200

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
PLOT_W, PLOT_H = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
#: Horizontal bars: row height, room for the labels on the left, top margin.
HBAR_ROW, HBAR_LABEL_W, HBAR_TOP = 24, 220, 8
HBAR_PLOT_W = CHART_W - HBAR_LABEL_W - 70
#: Markers on a longer line series are clutter; the table has the numbers.
MAX_MARKED_POINTS = 31
#: About this many x labels fit under a chart without overlapping.
MAX_X_LABELS = 12


def _at(value: float) -> float:
    """A coordinate to one decimal, printed as the page always printed them (``12.0``)."""
    return round(float(value), 1)


@dataclass
class Series:
    """One outlet's or issue's counts per time bucket, and how it is drawn."""

    name: str
    values: list[int]
    color: str
    dash: str = ""


@dataclass(frozen=True)
class Tick:
    """A grid line or slot on an axis, what is written there and where along that axis."""

    at: float
    text: str
    text_at: float


@dataclass(frozen=True)
class Mark:
    """A bar (or a line's point marker, where width and height are unused) and its tooltip."""

    x: float
    y: float
    color: str
    tip: str
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True)
class Polyline:
    points: str
    color: str
    dash: str
    markers: list[Mark]


@dataclass(frozen=True)
class TimeChart:
    """Stacked bars or lines over time buckets, with both axes."""

    width: ClassVar[int] = CHART_W
    height: ClassVar[int] = CHART_H
    left: ClassVar[int] = PAD_L
    y_tick_x: ClassVar[int] = PAD_L - 6
    right: ClassVar[int] = CHART_W - PAD_R
    baseline: ClassVar[int] = PAD_T + PLOT_H
    x_tick_y: ClassVar[int] = PAD_T + PLOT_H + 18
    x_title_x: ClassVar[float] = _at(PAD_L + PLOT_W / 2)
    x_title_y: ClassVar[int] = CHART_H - 16
    y_title_y: ClassVar[float] = _at(PAD_T + PLOT_H / 2)

    chart_id: str
    title: str
    desc: str
    x_title: str
    y_title: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    bars: list[Mark] = field(default_factory=list)
    lines: list[Polyline] = field(default_factory=list)


@dataclass(frozen=True)
class HBar:
    label: str
    value: int
    text_y: float
    bar_y: int
    width: float
    value_x: float


@dataclass(frozen=True)
class HBarChart:
    """Horizontal bars, one per label, with a value axis along the bottom."""

    width: ClassVar[int] = CHART_W
    top: ClassVar[int] = HBAR_TOP
    label_x: ClassVar[int] = HBAR_LABEL_W - 8
    bar_x: ClassVar[int] = HBAR_LABEL_W
    bar_height: ClassVar[int] = HBAR_ROW - 6
    color: ClassVar[str] = PALETTE[0]
    x_title_x: ClassVar[float] = _at(HBAR_LABEL_W + HBAR_PLOT_W / 2)

    chart_id: str
    title: str
    desc: str
    x_title: str
    height: int
    bottom: int
    x_tick_y: int
    x_title_y: int
    x_ticks: list[Tick]
    bars: list[HBar]


# --------------------------------------------------------------------------- scales


def buckets(days: Sequence[date]) -> tuple[str, list[date], list[str]]:
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


def bucket_of(granularity: str, day: date) -> date:
    if granularity == "week":
        return day - timedelta(day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "year":
        return day.replace(month=1, day=1)
    return day


def nice_max(value: int) -> tuple[int, int]:
    """(axis maximum, tick step) with 1/2/5 x 10^k steps and at most about 5 ticks."""
    if value <= 0:
        return 1, 1
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _y_ticks(y_max: int, step: int) -> list[Tick]:
    ticks = []
    for tick in range(0, y_max + 1, step):
        y = PAD_T + PLOT_H - PLOT_H * tick / y_max
        ticks.append(Tick(_at(y), f"{tick:,}", _at(y + 4)))  # text baseline below the line
    return ticks


def _x_ticks(labels: list[str]) -> list[Tick]:
    """Bucket labels centred under their slots, thinned to about MAX_X_LABELS."""
    slot = PLOT_W / max(1, len(labels))
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    ticks = []
    for i in range(0, len(labels), every):
        x = _at(PAD_L + slot * (i + 0.5))
        ticks.append(Tick(x, labels[i], x))
    return ticks


# --------------------------------------------------------------------------- charts


def stacked_bars(
    chart_id: str, title: str, labels: list[str], series: list[Series], x_title: str, y_title: str
) -> TimeChart:
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    y_max, step = nice_max(max(totals, default=0))
    slot = PLOT_W / max(1, len(labels))
    bar_w = max(1.0, slot * 0.8)
    bars = []
    for i, label in enumerate(labels):
        base = 0
        x = PAD_L + slot * i + (slot - bar_w) / 2
        for s in series:
            value = s.values[i]
            if not value:
                continue
            top = PAD_T + PLOT_H - PLOT_H * (base + value) / y_max
            bars.append(
                Mark(
                    x=_at(x),
                    y=_at(top),
                    color=s.color,
                    tip=f"{s.name}, {label}: {value}",
                    width=_at(bar_w),
                    height=_at(PLOT_H * value / y_max),
                )
            )
            base += value
    return TimeChart(
        chart_id=chart_id,
        title=title,
        desc=f"Stacked bars, {len(labels)} {x_title.lower()} buckets.",
        x_title=x_title,
        y_title=y_title,
        y_ticks=_y_ticks(y_max, step),
        x_ticks=_x_ticks(labels),
        bars=bars,
    )


def lines(
    chart_id: str, title: str, labels: list[str], series: list[Series], x_title: str, y_title: str
) -> TimeChart:
    y_max, step = nice_max(max((max(s.values, default=0) for s in series), default=0))
    slot = PLOT_W / max(1, len(labels))
    polylines = []
    for s in series:
        points = [
            (_at(PAD_L + slot * (i + 0.5)), _at(PAD_T + PLOT_H - PLOT_H * v / y_max))
            for i, v in enumerate(s.values)
        ]
        markers = []
        if len(labels) <= MAX_MARKED_POINTS:
            markers = [
                Mark(x=x, y=y, color=s.color, tip=f"{s.name}, {label}: {value}")
                for (x, y), value, label in zip(points, s.values, labels, strict=True)
                if value  # markers only where something happened, so zeros stay quiet
            ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        polylines.append(Polyline(path, s.color, s.dash, markers))
    return TimeChart(
        chart_id=chart_id,
        title=title,
        desc=f"One line per issue over {len(labels)} buckets.",
        x_title=x_title,
        y_title=y_title,
        y_ticks=_y_ticks(y_max, step),
        x_ticks=_x_ticks(labels),
        lines=polylines,
    )


def hbars(chart_id: str, title: str, items: list[tuple[str, int]], x_title: str) -> HBarChart:
    """Horizontal bars, one per (label, value), in the order given (largest first)."""
    bottom = HBAR_TOP + HBAR_ROW * len(items)
    height = bottom + 44  # room for the tick labels and the axis title
    x_max, step = nice_max(max((v for _, v in items), default=0))
    bars = []
    for i, (label, value) in enumerate(items):
        y = HBAR_TOP + HBAR_ROW * i
        width = HBAR_PLOT_W * value / x_max
        bars.append(
            HBar(
                label=label,
                value=value,
                text_y=_at(y + HBAR_ROW / 2 + 4),
                bar_y=y + 3,
                width=_at(width),
                value_x=_at(HBAR_LABEL_W + width + 6),
            )
        )
    ticks = []
    for tick in range(0, x_max + 1, step):
        x = _at(HBAR_LABEL_W + HBAR_PLOT_W * tick / x_max)
        ticks.append(Tick(x, f"{tick:,}", x))
    return HBarChart(
        chart_id=chart_id,
        title=title,
        desc=f"Horizontal bars, {len(items)} provinces.",
        x_title=x_title,
        height=height,
        bottom=bottom,
        x_tick_y=bottom + 16,
        x_title_y=height - 8,
        x_ticks=ticks,
        bars=bars,
    )
