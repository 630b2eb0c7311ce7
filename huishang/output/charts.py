"""Charts as inline SVG: they need no script and no other host, so a page works offline.

This module computes where things go (numbers only); templates/charts.html draws them,
autoescaping every name and title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

PALETTE = {"open": "#2563eb", "done": "#16a34a", "overdue": "#dc2626"}


@dataclass(frozen=True)
class Series:
    key: str  # a PALETTE key
    label: str
    values: Sequence[int]


@dataclass(frozen=True)
class Mark:
    """A label, a point or a bar segment at a position."""

    x: float
    y: float
    text: str = ""
    width: float = 0
    colour: str = ""
    key: str = ""
    anchor: str = "middle"


@dataclass
class Chart:
    title: str
    width: int
    height: int
    title_x: int
    grid: list[Mark] = field(default_factory=list)  # horizontal lines with their values
    ticks: list[Mark] = field(default_factory=list)  # names along an axis
    lines: list[tuple[Series, str, str, list[Mark]]] = field(default_factory=list)
    bars: list[list[Mark]] = field(default_factory=list)  # a row of segments per name
    totals: list[Mark] = field(default_factory=list)
    legend: list[Mark] = field(default_factory=list)
    left: int = 0
    right: int = 0
    bar_height: int = 0


def _legend(names: Sequence[tuple[str, str]], left: int, height: int) -> list[Mark]:
    return [Mark(left + n * 120, height - 14, name, colour=colour)
            for n, (colour, name) in enumerate(names)]


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series],
               width: int = 720, height: int = 260) -> Chart:
    """Lines over time; `labels` name the points along the x axis."""
    left, right, top, bottom = 48, 16, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([1, *(v for s in series for v in s.values)])
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: int) -> float:
        return top + plot_h - plot_h * v / peak

    chart = Chart(title, width, height, left, left=left, right=width - right)
    # up to five gridlines; a small peak repeats rounded values, which are drawn once
    chart.grid = [Mark(left, y(value), str(value))
                  for value in sorted({round(peak * step / 4) for step in range(5)})]
    every = max(1, count // 8)
    for i, name in enumerate(labels):
        if i % every == 0 or i == count - 1:
            # the last label ends at its point, so that it is never cut at the edge
            anchor = "end" if i == count - 1 and count > 1 else "middle"
            chart.ticks.append(Mark(x(i), height - bottom + 16, name, anchor=anchor))
    for s in series:
        colour = PALETTE.get(s.key, "#6b7280")
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        dots = [Mark(x(i), y(v), f"{labels[i]}: {v}") for i, v in enumerate(s.values)]
        chart.lines.append((s, colour, points, dots))
    chart.legend = _legend([(PALETTE.get(s.key, "#6b7280"), s.label) for s in series], left,
                           height)
    return chart


def bar_chart(title: str, rows: Sequence[tuple[str, dict[str, int]]],
              legend: dict[str, str], width: int = 720) -> Chart:
    """Horizontal stacked bars, one row per unit; `legend` maps PALETTE keys to labels."""
    left, row_h, top = 220, 26, 30
    height = top + row_h * max(len(rows), 1) + 30
    peak = max([1, *(sum(values.values()) for _, values in rows)])
    scale = (width - left - 40) / peak
    chart = Chart(title, width, height, 8, left=left, bar_height=row_h - 8)
    for r, (name, values) in enumerate(rows):
        y = top + r * row_h
        chart.ticks.append(Mark(left - 8, y + 16, name, anchor="end"))
        x = float(left)
        segments = []
        for key in legend:
            value = values.get(key, 0)
            if value:
                segments.append(Mark(x, y + 4, f"{legend[key]}: {value}", value * scale,
                                     PALETTE[key], key))
                x += value * scale
        chart.bars.append(segments)
        chart.totals.append(Mark(x + 4, y + 16, str(sum(values.values())), anchor="start"))
    chart.legend = _legend([(PALETTE[key], name) for key, name in legend.items()], left,
                           height)
    return chart
